/* Which processes hold which programs (see prog_owners.h). */
#include "holders/prog_owners.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sorted.h"
#include "base/vec.h"

/* The records that name a program. */
#define PROG_OWNERS_KINDS (HOLDER_BIT(HOLDER_PROG) | HOLDER_BIT(HOLDER_LINK) | \
			   HOLDER_BIT(HOLDER_PERF_EVENT) | HOLDER_BIT(HOLDER_SOCKET))

static enum prog_owner_via prog_owners_via(enum holder_kind kind)
{
	switch (kind) {
	case HOLDER_LINK: return PROG_VIA_LINK_FD;
	case HOLDER_PERF_EVENT: return PROG_VIA_PERF_EVENT_FD;
	case HOLDER_SOCKET: return PROG_VIA_SOCKET;
	default: return PROG_VIA_PROG_FD;
	}
}

static int prog_owners_cmp(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;

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
static int prog_owners_set(struct prog *prog, const struct holder *recs, size_t nr)
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
			.via = prog_owners_via(recs[m].kind),
			.fd = recs[m].fd,
			.link_id = recs[m].kind == HOLDER_LINK ? recs[m].id : 0,
		};
		_Static_assert(sizeof(prog->owners[k].comm) == sizeof(recs[m].comm), "comm");
		memcpy(prog->owners[k].comm, recs[m].comm, sizeof(prog->owners[k].comm));
		prog->owners[k].comm[sizeof(prog->owners[k].comm) - 1] = '\0';
		k++;
	}
	for (size_t m = 0; m < nr && !prog->extable_known; m++) {
		if (recs[m].prog_extable) {
			prog->extable_entries = recs[m].prog_extable - 1;
			prog->extable_known = true;
		}
	}
	prog->nr_owners = k;
	return 0;
}

int prog_owners_fill(const struct holders *h, struct prog_list *list)
{
	struct holder *recs;
	size_t nr, n = 0;
	int err = holders_records(h, PROG_OWNERS_KINDS, &recs, &nr);

	if (err)
		return err;
	/* struct_ops links hold no program (prog_id 0), nor do perf events the
	 * /proc scan found (it cannot tell) */
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
