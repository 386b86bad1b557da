/* Every map the kernel holds, as bpftool map show lists them (type, key
 * and value sizes, entries, memlock), with the programs that use each
 * (from a program list) and the processes holding an fd to it (one scan
 * of /proc/<pid>/fd). Read on demand: when the maps view opens. */
#ifndef BPFKNOBS_INSPECT_MAP_LIST_H
#define BPFKNOBS_INSPECT_MAP_LIST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/procroot.h"
#include "progs/prog.h"

struct map_holder {
	pid_t pid;
	char comm[16];
	int fd;
};

struct map_entry {
	struct prog_map map;
	uint32_t *progs;            /* the programs using it, by id */
	size_t nr_progs, progs_cap;
	struct map_holder *holders; /* the processes holding it */
	size_t nr_holders, holders_cap;
};

struct map_list {
	struct map_entry *v; /* by id */
	size_t nr;
	int error;           /* -errno when maps cannot be listed (-EPERM: no CAP_SYS_ADMIN) */
	int holders_error;   /* -errno of the /proc scan, 0 when fine */
};

/* Lists the maps; with only (not 0), only the maps of that program. progs
 * (may be NULL) names the programs that use each. Returns 0 (list->error
 * says why there are none) or -ENOMEM. */
int map_list_read(const struct procroot *root, const struct prog_list *progs, uint32_t only,
		  struct map_list *list);

/* The sentence for list->error. */
const char *map_list_error_text(int error);

void map_list_free(struct map_list *list);

#endif
