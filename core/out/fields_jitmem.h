/* JIT memory in use in the detail lists (fields.h) and the warning the
 * browser's header and --list give above JITMEM_WARN_PERCENT of the limit:
 * one text for every output (jitmem/jitmem.h holds the reading). */
#ifndef BPFKNOBS_OUT_FIELDS_JITMEM_H
#define BPFKNOBS_OUT_FIELDS_JITMEM_H

#include <stdbool.h>
#include <stddef.h>

#include "out/fields.h"

/* For the knob that limits JIT memory (knob_def.shows_jit_memory): how
 * much is in use and how it is known, a gauge, the parts (programs, other
 * images, classic filters), what no part explains (exact), what cannot be
 * seen, and how the kernel charges. Nothing for the other knobs. */
void fields_jitmem_knob(const struct snapshot *snap, const struct knob_def *def,
			struct fields *out);

/* How the use is known, one sentence: "exact: the kernel's counter ...",
 * "estimated: <reason>. ...", or "not known: <reason>". */
void fields_jitmem_how(const struct jitmem_reading *r, char *buf, size_t size);

/* What was counted of seccomp filters and of packet socket filters, or
 * why not: "no seccomp filters", "packet sockets not counted: ...". */
void fields_jitmem_seccomp_text(const struct jitmem_reading *r, char *buf, size_t size);
void fields_jitmem_packet_text(const struct jitmem_reading *r, char *buf, size_t size);

/* The warning when the use passes JITMEM_WARN_PERCENT of the limit, with
 * what happens past the limit on this kernel; false (and "") when none. */
bool fields_jitmem_warning(const struct snapshot *snap, char *buf, size_t size);

#endif
