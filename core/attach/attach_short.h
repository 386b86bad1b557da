/* The short form of an attachment, one per kind, for the browser's
 * ATTACHED column and the program table of --list: "xdp eth0 drv",
 * "tc in eth0", "cg /system.slice/sshd.service egress",
 * "tp sys_enter_unlinkat", "raw_tp sched_process_exec",
 * "up libc.so.6+0x2df0", "iter task", "nf ipv4 in". Made from the
 * attachment's kind and raw facts (the ones --json gives), so every source
 * of a kind reads the same; the full text is the attachment's target. */
#ifndef BPFKNOBS_ATTACH_ATTACH_SHORT_H
#define BPFKNOBS_ATTACH_ATTACH_SHORT_H

#include <stdbool.h>
#include <stddef.h>

#include "progs/prog.h"

/* A short form in parts, so that it can be made narrower without cutting
 * a word where a shorter form exists: head subject+suffix tail. */
struct attach_short {
	char head[64];     /* the kind and the words before the subject: "tc in", "cg" */
	char subject[512]; /* what it is attached to: "eth0", "/system.slice/sshd.service" */
	char suffix[32];   /* glued to the subject, the first to go: "+0x2df0" */
	char tail[32];     /* a word after the subject, kept: "drv", "egress" */
	bool path;         /* the subject is a path: cut from the left at a '/' */
};

/* The parts of a's short form; p is the program it belongs to (an
 * inferred socket or perf event is named by the process that holds it). */
void attach_short_parts(const struct prog *p, const struct attachment *a,
			struct attach_short *out);

/* The widest of a short form's shapes that fits in width display columns,
 * more (" +2", or "") kept at its end: whole; with a path's leaf only
 * ("cg …/sshd.service egress"); without the suffix; with the subject cut
 * (a path from the left, a name in the middle); and only where none of
 * those fits, cut at the end. width <= 0: whole. Returns the columns used. */
int attach_short_fit(const struct attach_short *s, const char *more, int width, bool utf8,
		     char *buf, size_t size);

/* The short form of p's attachments within width columns (<= 0: whole):
 * the first one's, " +N" for N more; "-" when it is attached nowhere, "?"
 * when that is not known (gathering failed, or a hook the kernel does not
 * report may hold it). *attached is false for those two. */
int attach_short_prog(const struct prog *p, int width, bool utf8, char *buf, size_t size,
		      bool *attached);

#endif
