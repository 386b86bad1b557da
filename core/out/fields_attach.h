/* The detail lines of a program's attachments ("Attached to") and of what
 * keeps it loaded ("Kept alive by"), added to its field list (fields.c),
 * and the short form of its attachments for the browser's ATTACHED column
 * and filter. */
#ifndef BPFKNOBS_OUT_FIELDS_ATTACH_H
#define BPFKNOBS_OUT_FIELDS_ATTACH_H

#include <stddef.h>

#include "out/fields.h"
#include "refresh/prog_session.h"

void fields_attach_prog(const struct prog *p, struct fields *out);

/* "xdp eth0", "cg egress /system.slice/sshd.service +1"; "-" when not
 * attached, "?" when not known (gathering failed, or a hook the kernel does
 * not report may hold it). */
void attach_brief(const struct prog *p, char *buf, size_t size);

#endif
