/* Which processes hold which programs: through a program fd or a link fd
 * (an incremental scan of /proc/<pid>/fd and fdinfo). */
#ifndef BPFKNOBS_PROGS_OWNERS_H
#define BPFKNOBS_PROGS_OWNERS_H

#include <stddef.h>
#include <stdint.h>

#include "procroot.h"
#include "progs.h"

struct progs_owners;

struct progs_owners *progs_owners_new(void);
void progs_owners_free(struct progs_owners *owners);

/* Brings the table of open BPF program and link fds up to date below
 * root->proc (this process included: bpfknobs holds no program fd
 * between refreshes, and a caller that does is an owner). ids: the sorted ids of the programs
 * that exist now. Processes whose fd count and identity did not change are
 * not read again; budget bounds how many of their fds are re-checked in
 * this call (round robin), so a swap that kept the count is found within a
 * few calls. Returns 0 or -errno (-ENOMEM; an unreadable /proc). */
int progs_owners_update(struct progs_owners *owners, const struct procroot *root,
			const uint32_t *ids, size_t nr_ids, size_t budget);

/* Sets owners/nr_owners of each program (sorted by id) from the table. */
int progs_owners_fill(const struct progs_owners *owners, struct progs_prog *progs, size_t nr);

/* Parses the "prog_id:" line of a BPF prog or link fdinfo; 0 when none. */
uint32_t progs_owners_parse_fdinfo(const char *text);

#endif
