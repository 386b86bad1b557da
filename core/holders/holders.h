/* Which processes hold BPF objects open, found one of two ways, and what
 * each refresh may spend on it:
 *   - bpfknobs' task_file iterator (holders_iter.h), loaded into the kernel
 *     once per session and read at each refresh: every open file of every
 *     process, with the program behind a socket's filter or a perf event,
 *     and each process's seccomp filters (JIT memory counts them);
 *   - when it cannot be loaded (no BTF, no CAP_BPF/CAP_PERFMON, lockdown,
 *     a kernel before 5.8) or --no-iterator says not to, the scan of
 *     /proc/<pid>/fd (fdscan.h), which cannot see into sockets.
 * Neither borrows, copies or closes another process's file. Both work
 * within a budget, since how many files processes hold is up to their
 * users: a whole report reads up to about a third of a second's worth,
 * a refresh of the browser a few milliseconds' worth, going on where the
 * last one stopped; when the budget cuts a search short, the status says
 * so (prog.h's prog_holders) rather than stall or guess. */
#ifndef BPFKNOBS_HOLDERS_HOLDERS_H
#define BPFKNOBS_HOLDERS_HOLDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "holders/holder.h"
#include "base/procroot.h"
#include "progs/prog.h"

/* Open files the iterator may look at per update (~0.17 us each) */
#define HOLDERS_ITER_WHOLE (2u * 1024 * 1024)
#define HOLDERS_ITER_STEP (16u * 1024)
/* FDKIND_COST_* units the /proc scan may spend per update (~0.6 us each) */
#define HOLDERS_PROC_WHOLE (512u * 1024)
#define HOLDERS_PROC_STEP (8u * 1024)

/* How much one update may read. */
enum holders_pace {
	HOLDERS_WHOLE, /* a report, or the browser's first screen: everything, up to the large budget */
	HOLDERS_STEP,  /* a refresh of the browser: a small budget, going on where the last stopped */
};

struct holders;

/* The holders of the processes below root (looked for only when
 * root->live). NULL when out of memory. */
struct holders *holders_new(const struct procroot *root);
/* Unloads the iterator, if loaded. NULL is fine. */
void holders_free(struct holders *h);

/* Before an enumeration of programs: loads the iterator once, unless it
 * failed before or root says not to, so that the enumeration finds it
 * (and labels it as bpfknobs' own). A failure is remembered: the /proc
 * scan takes over, and the status says why. */
void holders_prepare(struct holders *h);

/* Brings the holders up to date for list (the programs that exist now,
 * sorted by id), within the pace's budget, and sets list->holders and
 * list->owners_error. Returns 0 or -ENOMEM. */
int holders_update(struct holders *h, enum holders_pace pace, struct prog_list *list);

/* The records of the kinds in the set (HOLDER_BIT()s) the last update
 * found, by pid then fd, into a malloc'd *out (NULL when none), but those
 * of this process's own forked children (its probes, which hold a copy of
 * its fds a moment: the same command). Returns 0 or -ENOMEM. */
int holders_records(const struct holders *h, unsigned kinds, struct holder **out, size_t *nr);

/* The processes running seccomp filters, as HOLDER_SECCOMP records (by
 * pid), into a malloc'd *out (NULL when none): what the iterator's walks
 * read of every process with a file open. -ENODATA when they do not tell
 * (the /proc scan, a kernel before 5.9, no whole walk yet); 0 or -ENOMEM. */
int holders_seccomp(const struct holders *h, struct holder **out, size_t *nr);

/* The source of the last update. */
enum prog_holders_source holders_source(const struct holders *h);

#endif
