/* Every map, with its users and holders (see map_list.h). */
#include "inspect/map_list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "fdscan/fdscan.h"
#include "progs/prog_maps.h"

const char *map_list_error_text(int error)
{
	switch (error) {
	case 0:
		return NULL;
	case -EPERM:
	case -EACCES:
		return "Listing maps needs CAP_SYS_ADMIN (BPF_MAP_GET_NEXT_ID): run bpfknobs as root.";
	case -ENOMEM:
		return "Out of memory while listing the maps.";
	default:
		return "The kernel refused to list the maps.";
	}
}

static int map_list_add(struct map_list *list, size_t *cap, const struct prog_map *m)
{
	if (list->nr == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct map_entry *v = realloc(list->v, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		list->v = v;
		*cap = n;
	}
	memset(&list->v[list->nr], 0, sizeof(list->v[0]));
	list->v[list->nr++].map = *m;
	return 0;
}

static struct map_entry *map_list_find(struct map_list *list, uint32_t id)
{
	size_t lo = 0, hi = list->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (list->v[mid].map.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < list->nr && list->v[lo].map.id == id ? &list->v[lo] : NULL;
}

static bool map_list_wanted(const struct prog_list *progs, uint32_t only, uint32_t id)
{
	if (!only)
		return true;
	for (size_t i = 0; progs && i < progs->nr_progs; i++)
		if (progs->progs[i].id == only)
			for (uint32_t k = 0; k < progs->progs[i].nr_map_ids; k++)
				if (progs->progs[i].map_ids[k] == id)
					return true;
	return false;
}

static int map_list_users(struct map_list *list, const struct prog_list *progs)
{
	for (size_t i = 0; progs && i < progs->nr_progs; i++) {
		const struct prog *p = &progs->progs[i];

		for (uint32_t k = 0; k < p->nr_map_ids; k++) {
			struct map_entry *e = map_list_find(list, p->map_ids[k]);
			uint32_t *v;

			if (!e)
				continue;
			v = realloc(e->progs, (e->nr_progs + 1) * sizeof(*v));
			if (!v)
				return -ENOMEM;
			e->progs = v;
			e->progs[e->nr_progs++] = p->id;
		}
	}
	return 0;
}

static void map_list_holders(const struct procroot *root, struct map_list *list)
{
	struct fdscan *scan = fdscan_new();
	struct fdscan_record *recs = NULL;
	size_t nr = 0;

	if (!scan) {
		list->holders_error = -ENOMEM;
		return;
	}
	list->holders_error = fdscan_update(scan, root, (size_t)-1, NULL, NULL);
	if (!list->holders_error)
		list->holders_error = fdscan_records(scan, FDKIND_BIT(FDKIND_MAP), &recs, &nr);
	for (size_t i = 0; !list->holders_error && i < nr; i++) {
		struct map_entry *e = map_list_find(list, recs[i].id);
		struct map_holder *v;

		if (!e)
			continue;
		/* one line per process: its first fd */
		if (e->nr_holders && e->holders[e->nr_holders - 1].pid == recs[i].pid)
			continue;
		v = realloc(e->holders, (e->nr_holders + 1) * sizeof(*v));
		if (!v) {
			list->holders_error = -ENOMEM;
			break;
		}
		e->holders = v;
		memset(&v[e->nr_holders], 0, sizeof(v[0]));
		v[e->nr_holders].pid = recs[i].pid;
		v[e->nr_holders].fd = recs[i].fd;
		strncpy(v[e->nr_holders].comm, recs[i].comm, sizeof(v[0].comm) - 1);
		e->nr_holders++;
	}
	free(recs);
	fdscan_free(scan);
}

int map_list_read(const struct procroot *root, const struct prog_list *progs, uint32_t only,
		  struct map_list *list)
{
	uint32_t id = 0;
	size_t cap = 0;
	int err;

	memset(list, 0, sizeof(*list));
	for (;;) {
		struct prog_map m;

		if (bpf_map_get_next_id(id, &id)) {
			if (errno != ENOENT)
				list->error = -errno;
			break;
		}
		if (!map_list_wanted(progs, only, id))
			continue;
		err = prog_maps_read(root, id, &m);
		if (err == -ENOENT)
			continue; /* freed meanwhile */
		if (err) {
			list->error = err;
			break;
		}
		err = map_list_add(list, &cap, &m);
		if (err) {
			map_list_free(list);
			return err;
		}
	}
	err = map_list_users(list, progs);
	if (err) {
		map_list_free(list);
		return err;
	}
	map_list_holders(root, list);
	return 0;
}

void map_list_free(struct map_list *list)
{
	for (size_t i = 0; i < list->nr; i++) {
		free(list->v[i].progs);
		free(list->v[i].holders);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}
