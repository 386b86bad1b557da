/* The detail lines of a program's attachments ("Attached to") and of what
 * keeps it loaded ("Kept alive by"), added to its field list (fields.c).
 * The short form of the ATTACHED column is attach/attach_short.h's. */
#ifndef BPFKNOBS_OUT_FIELDS_ATTACH_H
#define BPFKNOBS_OUT_FIELDS_ATTACH_H

#include <stddef.h>

#include "out/fields.h"
#include "refresh/prog_session.h"

void fields_attach_prog(const struct prog *p, struct fields *out);

#endif
