/* Which processes hold which programs: through a program fd
 * (anon_inode:bpf-prog) or a link fd, whose fdinfo has a "prog_id:" line
 * (bpf_prog_show_fdinfo(), bpf_link_show_fdinfo() in kernel/bpf/syscall.c).
 * A thin reader of fdscan.c's walk of /proc/<pid>/fd. */
#ifndef BPFKNOBS_PROGS_PROG_OWNERS_H
#define BPFKNOBS_PROGS_PROG_OWNERS_H

#include "fdscan/fdscan.h"
#include "base/procroot.h"
#include "progs/prog.h"

/* Brings scan up to date for list, the programs that exist now (sorted by
 * id): an fd seen holding a program that is no longer listed is read again
 * at once, and a share of the others, in proportion to the number of
 * programs, is re-checked. This process counts too: bpfknobs holds no
 * program fd between refreshes, and a caller that does is an owner.
 * Returns 0 or -errno (-ENOMEM; an unreadable /proc). */
int prog_owners_scan(struct fdscan *scan, const struct procroot *root,
		      const struct prog_list *list);

/* Sets owners/nr_owners of each program of list from scan: each process
 * holding a prog or link fd of it, once, by pid. Returns 0 or -ENOMEM. */
int prog_owners_fill(const struct fdscan *scan, struct prog_list *list);

#endif
