/* The maps of the programs (see prog_maps.h): bpftool map show's facts,
 * read once per map id and kept. */
#include "progs/prog_maps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "base/vec.h"
#include "base/errno_text.h"
#include "base/fdinfo.h"
#include "progs/bpf_names.h"
#include "base/sorted.h"

struct prog_maps_entry {
	struct prog_map map;
	unsigned long used; /* the refresh that last wanted it */
	unsigned long read; /* the refresh that last read it */
};

struct prog_maps {
	struct procroot root;
	struct prog_maps_entry *v; /* by id */
	size_t nr, cap;
	unsigned long refresh;
};

struct prog_maps *prog_maps_new(const struct procroot *root)
{
	struct prog_maps *maps = calloc(1, sizeof(*maps));

	if (maps)
		maps->root = *root;
	return maps;
}

void prog_maps_free(struct prog_maps *maps)
{
	if (!maps)
		return;
	free(maps->v);
	free(maps);
}

#define PROG_MAPS_NEED_ADMIN                                                       \
	"The kernel shows a map's details only to CAP_SYS_ADMIN "                  \
	"(BPF_MAP_GET_FD_BY_ID): run bpfknobs as root to see them."

static const struct errno_text prog_maps_errors[] = {
	{ .err = 0, .text = NULL },
	{ .err = -EPERM, .text = PROG_MAPS_NEED_ADMIN },
	{ .err = -EACCES, .text = PROG_MAPS_NEED_ADMIN },
	{ .err = -ENOMEM, .text = "Out of memory while reading the maps." },
	{ .err = ERRNO_TEXT_OTHER, .text = "The kernel refused to show some of the maps." },
};

const char *prog_maps_error_text(int error)
{
	return errno_text_row(prog_maps_errors, error)->text;
}

int prog_maps_read(const struct procroot *root, uint32_t id, struct prog_map *out)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int fd, err = 0;

	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		close(fd);
		return err;
	}
	memset(out, 0, sizeof(*out));
	out->id = info.id;
	out->type = info.type;
	out->type_name = bpf_names_map_type(info.type);
	memcpy(out->name, info.name, sizeof(out->name) - 1);
	out->key_size = info.key_size;
	out->value_size = info.value_size;
	out->max_entries = info.max_entries;
	out->flags = info.map_flags;
	out->btf_vmlinux_value_type_id = info.btf_vmlinux_value_type_id;
	/* bpf_map_show_fdinfo(): "memlock:\t<bytes>", as bpftool reads it; 0
	 * when unknown */
	if (fdinfo_own_u64(root, fd, "memlock:", &out->memlock))
		out->memlock = 0;
	close(fd);
	return 0;
}

/* The entry of id, read now when it is new or due; NULL with *err set
 * when the kernel refuses or the map is gone. */
static const struct prog_maps_entry *prog_maps_get(struct prog_maps *maps, uint32_t id, int *err)
{
	size_t i = SORTED_LOWER_BOUND(maps->v, maps->nr, map.id, id);
	struct prog_maps_entry *e = i < maps->nr && maps->v[i].map.id == id ? &maps->v[i] : NULL;
	struct prog_map fresh;

	*err = 0;
	if (e && e->read + PROG_MAPS_REREAD > maps->refresh) {
		e->used = maps->refresh;
		return e;
	}
	*err = prog_maps_read(&maps->root, id, &fresh);
	if (*err)
		return NULL;
	if (!e) {
		e = VEC_INSERT(maps->v, maps->nr, maps->cap, i);
		if (!e) {
			*err = -ENOMEM;
			return NULL;
		}
	}
	e->map = fresh;
	e->used = e->read = maps->refresh;
	return e;
}

/* Forgets the maps no program used this time. */
static void prog_maps_prune(struct prog_maps *maps)
{
	size_t n = 0;

	for (size_t i = 0; i < maps->nr; i++)
		if (maps->v[i].used == maps->refresh)
			maps->v[n++] = maps->v[i];
	maps->nr = n;
}

int prog_maps_fill(struct prog_maps *maps, struct prog_list *list)
{
	maps->refresh++;
	for (size_t i = 0; i < list->nr_progs; i++) {
		struct prog *p = &list->progs[i];

		if (!p->nr_map_ids)
			continue;
		p->maps = calloc(p->nr_map_ids, sizeof(*p->maps));
		if (!p->maps)
			return -ENOMEM;
		for (size_t m = 0; m < p->nr_map_ids; m++) {
			const struct prog_maps_entry *e;
			int err;

			e = prog_maps_get(maps, p->map_ids[m], &err);
			if (err == -ENOMEM)
				return err;
			if (e)
				p->maps[p->nr_maps++] = e->map;
			else if (err != -ENOENT)
				p->maps_error = err;
		}
	}
	prog_maps_prune(maps);
	return 0;
}
