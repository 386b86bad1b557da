/* Which processes hold which programs, from the holders found
 * (holders.h): through a program fd, a link fd of the program, and, where
 * the iterator names the program, a perf event it runs on or a socket it
 * filters. (Without the iterator, attach/ adds the perf events that
 * BPF_TASK_FD_QUERY names.) */
#ifndef BPFKNOBS_HOLDERS_PROG_OWNERS_H
#define BPFKNOBS_HOLDERS_PROG_OWNERS_H

#include "holders/holders.h"
#include "progs/prog.h"

/* Sets owners/nr_owners of each program of list (sorted by id) from the
 * last update of h: each process holding it, once per way, by pid. This
 * process counts too: bpfknobs holds no program fd between refreshes but
 * its own iterator's, and a caller that does is an owner. Returns 0 or
 * -ENOMEM. */
int prog_owners_fill(const struct holders *h, struct prog_list *list);

#endif
