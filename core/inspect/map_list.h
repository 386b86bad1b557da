/* Every map the kernel holds, as bpftool map show lists them (type, key
 * and value sizes, entries, memlock), with the programs that use each
 * (from a program list) and the processes holding an fd to it (as the
 * last refresh's search for holders found them, holders/). Read on
 * demand: when the maps view opens. */
#ifndef BPFKNOBS_INSPECT_MAP_LIST_H
#define BPFKNOBS_INSPECT_MAP_LIST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/procroot.h"
#include "holders/holders.h"
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
	/* 0 when every process was read; else why holders may be missing:
	 * -EAGAIN (not every process read yet), or why none were looked for */
	int holders_error;
};

/* Lists the maps; with only (not 0), only the maps of that program. progs
 * (may be NULL) names the programs that use each, holders (may be NULL:
 * none named) the processes holding each, as the refresh of progs found
 * them. Returns 0 (list->error says why there are none) or -ENOMEM. */
int map_list_read(const struct procroot *root, const struct prog_list *progs,
		  const struct holders *holders, uint32_t only, struct map_list *list);

/* The sentence for list->error. */
const char *map_list_error_text(int error);

void map_list_free(struct map_list *list);

#endif
