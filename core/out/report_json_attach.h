/* --json's members of a program for its attachments, pins and what keeps
 * it alive (attach.h), written by report_json_prog(). */
#ifndef BPFKNOBS_OUT_REPORT_JSON_ATTACH_H
#define BPFKNOBS_OUT_REPORT_JSON_ATTACH_H

#include "out/jsonw.h"
#include "refresh/prog_session.h"

/* "via", "fd" and "link_id" of one owner (inside its object). */
void report_json_attach_owner(struct jsonw *w, const struct prog_owner *o);

/* "held_by_kernel_only" (true only when no process holds it and a hook or
 * pin that bpfknobs sees does; null when what holds it is not known),
 * "holder_unknown", "attachments" (or null and "attachments_error"),
 * "attachments_incomplete" and "pins". */
void report_json_attach_prog(struct jsonw *w, const struct prog *p);

#endif
