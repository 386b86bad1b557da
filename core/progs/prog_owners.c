/* Which processes hold which programs (see prog_owners.h). */
#include "progs/prog_owners.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sorted.h"
#include "base/vec.h"

/* How many readlinks' worth of fds an update re-checks: about 5% of what
 * the enumeration costs (an fd check is ~3 us, a program ~4.5 us). */
#define PROG_OWNERS_BUDGET(nr_progs) (32 + (nr_progs) / 16)

/* The fds that hold a program: prog fds, and link fds of a program. */
#define PROG_OWNERS_KINDS (FDKIND_BIT(FDKIND_PROG) | FDKIND_BIT(FDKIND_LINK))

static bool prog_owners_gone(const struct fdscan_record *rec, const void *arg)
{
	const struct prog_list *list = arg;

	return rec->prog_id && !SORTED_FIND(list->progs, list->nr_progs, id, rec->prog_id);
}

int prog_owners_scan(struct fdscan *scan, const struct procroot *root,
		      const struct prog_list *list)
{
	return fdscan_update(scan, root, PROG_OWNERS_BUDGET(list->nr_progs), prog_owners_gone,
			     list);
}

static int prog_owners_cmp(const void *a, const void *b)
{
	const struct fdscan_record *x = a, *y = b;

	if (x->prog_id != y->prog_id)
		return x->prog_id < y->prog_id ? -1 : 1;
	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	if (x->kind != y->kind)
		return (x->kind > y->kind) - (x->kind < y->kind);
	return (x->fd > y->fd) - (x->fd < y->fd);
}

/* Sets the owners of prog from recs, the records of its id (by pid, then
 * kind, then fd). */
static int prog_owners_set(struct prog *prog, const struct fdscan_record *recs, size_t nr)
{
	size_t k = 0;

	free(prog->owners);
	prog->owners = NULL;
	prog->nr_owners = prog->owners_cap = 0;
	if (VEC_RESERVE(prog->owners, prog->owners_cap, nr))
		return -ENOMEM;
	/* several fds of one kind in one process count once: the first */
	for (size_t m = 0; m < nr; m++) {
		if (m > 0 && recs[m].pid == recs[m - 1].pid && recs[m].kind == recs[m - 1].kind)
			continue;
		prog->owners[k] = (struct prog_owner){
			.pid = recs[m].pid,
			.via = recs[m].kind == FDKIND_LINK ? PROG_VIA_LINK_FD : PROG_VIA_PROG_FD,
			.fd = recs[m].fd,
			.link_id = recs[m].kind == FDKIND_LINK ? recs[m].id : 0,
		};
		snprintf(prog->owners[k].comm, sizeof(prog->owners[k].comm), "%s", recs[m].comm);
		k++;
	}
	prog->nr_owners = k;
	return 0;
}

int prog_owners_fill(const struct fdscan *scan, struct prog_list *list)
{
	struct fdscan_record *recs;
	size_t nr, n = 0;
	int err = fdscan_records(scan, PROG_OWNERS_KINDS, &recs, &nr);

	if (err)
		return err;
	/* struct_ops links hold no program (prog_id 0) */
	for (size_t i = 0; i < nr; i++)
		if (recs[i].prog_id)
			recs[n++] = recs[i];
	sorted_qsort(recs, n, sizeof(*recs), prog_owners_cmp);
	for (size_t i = 0, j; i < n && !err; i = j) {
		struct prog *prog = SORTED_FIND(list->progs, list->nr_progs, id,
						      recs[i].prog_id);

		for (j = i; j < n && recs[j].prog_id == recs[i].prog_id; j++)
			;
		if (prog)
			err = prog_owners_set(prog, &recs[i], j - i);
	}
	free(recs);
	return err;
}
