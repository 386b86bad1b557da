/* The maps programs use, read by id through libbpf (BPF_MAP_GET_FD_BY_ID,
 * BPF_OBJ_GET_INFO_BY_FD, the fd's fdinfo for memlock) and kept per map id
 * across refreshes, so that a steady refresh costs a lookup per map, not
 * three system calls. */
#ifndef BPFKNOBS_PROGS_PROG_MAPS_H
#define BPFKNOBS_PROGS_PROG_MAPS_H

#include "base/procroot.h"
#include "progs/prog.h"

/* After how many refreshes a kept map is read again: its memlock grows
 * with a hash map's elements (map_mem_usage() is computed on each read of
 * fdinfo since Linux 6.4). */
#define PROG_MAPS_REREAD 30

struct prog_maps;

/* NULL when out of memory. */
struct prog_maps *prog_maps_new(const struct procroot *root);
void prog_maps_free(struct prog_maps *maps);

/* Gives every program of list its maps (p->maps, in map_ids order), from
 * the kept ones or read now; a map read for no program this time is
 * forgotten (ids are never reused: idr_alloc_cyclic() in bpf_map_alloc_id()).
 * A map the kernel refuses to show sets the program's maps_error (-EPERM
 * without CAP_SYS_ADMIN) and is left out; a map gone meanwhile (its program
 * was unloaded during the refresh) is left out silently. Returns 0 or
 * -ENOMEM. */
int prog_maps_fill(struct prog_maps *maps, struct prog_list *list);

/* Reads one map by id into out. Returns 0 or -errno (-ENOENT: no such map,
 * -EPERM: not allowed). */
int prog_maps_read(const struct procroot *root, uint32_t id, struct prog_map *out);

/* The sentence for a maps_error. */
const char *prog_maps_error_text(int error);

#endif
