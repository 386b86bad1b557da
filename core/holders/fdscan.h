/* The fallback way of finding holders, when the kernel iterator cannot be
 * loaded (holders_iter.h): every BPF file descriptor the processes below a
 * proc root hold, read from /proc/<pid>/fd and fdinfo: programs, links,
 * maps, perf events and statistics fds, each with its ids (fdkind.c).
 * Nothing is borrowed or opened but /proc's own files.
 *
 * Each fd costs a readlink (~2.5 us), and processes hold as many fds as
 * their users like, so every update works within a budget (FDKIND_COST_*
 * units) and goes on where the last one stopped, round robin: a process
 * is read again only when it is new or its fd directory changed (its
 * inode, or its size, which is the number of open fds since Linux 6.2;
 * before, every process's fds are listed again, which costs a getdents
 * but no readlink), and a process too large for one budget is read over
 * several updates. An fd whose object the caller says is gone is read
 * again at once, and what is left of the budget re-checks other fds, so a
 * close-and-reopen that kept the count is found within a few updates. */
#ifndef BPFKNOBS_HOLDERS_FDSCAN_H
#define BPFKNOBS_HOLDERS_FDSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "holders/fdkind.h"
#include "holders/holder.h"
#include "base/procroot.h"

/* Whether the object an fd was seen holding is gone: the fd has been
 * closed, or reused, and is read again at once. */
typedef bool fdscan_gone_fn(const struct holder *rec, const void *arg);

/* How far an update got. */
struct fdscan_progress {
	size_t nr_procs;   /* processes below the proc root */
	size_t nr_read;    /* of them, read at least once */
	size_t nr_checked; /* of them, checked (and read if changed) by this update */
	bool complete;     /* every process checked by this update */
};

struct fdscan;

struct fdscan *fdscan_new(void);
void fdscan_free(struct fdscan *scan);

/* Brings the scan up to date below root->proc (this process included),
 * spending about budget FDKIND_COST_* units, and says how far it got.
 * gone (may be NULL) is asked about every fd with an id. Returns 0 or
 * -errno: an unreadable /proc leaves the scan as it was, -ENOMEM leaves
 * it empty. */
int fdscan_update(struct fdscan *scan, const struct procroot *root, size_t budget,
		  fdscan_gone_fn *gone, const void *arg, struct fdscan_progress *progress);

/* The fds of the kinds in the set (HOLDER_BIT()s), by pid then fd, into a
 * malloc'd *out. comm is read for processes holding a BPF kind. Returns 0
 * or -ENOMEM. */
int fdscan_records(const struct fdscan *scan, unsigned kinds, struct holder **out, size_t *nr);

#endif
