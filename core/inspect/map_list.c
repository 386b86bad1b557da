/* Every map, with its users and holders (see map_list.h). */
#include "inspect/map_list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "base/errno_text.h"
#include "base/sorted.h"
#include "base/vec.h"
#include "progs/prog_maps.h"

#define MAP_LIST_NEEDS_ADMIN                                                       \
	"Listing maps needs CAP_SYS_ADMIN (BPF_MAP_GET_NEXT_ID): run bpfknobs as root."

static const struct errno_text map_list_errors[] = {
	{ .err = 0, .text = NULL },
	{ .err = -EPERM, .text = MAP_LIST_NEEDS_ADMIN },
	{ .err = -EACCES, .text = MAP_LIST_NEEDS_ADMIN },
	{ .err = -ENOMEM, .text = "Out of memory while listing the maps." },
	{ .err = ERRNO_TEXT_OTHER, .text = "The kernel refused to list the maps." },
};

const char *map_list_error_text(int error)
{
	return errno_text_row(map_list_errors, error)->text;
}

static int map_list_add(struct map_list *list, size_t *cap, const struct prog_map *m)
{
	struct map_entry *e = VEC_PUSH(list->v, list->nr, *cap);

	if (!e)
		return -ENOMEM;
	e->map = *m;
	return 0;
}

static struct map_entry *map_list_find(struct map_list *list, uint32_t id)
{
	return SORTED_FIND(list->v, list->nr, map.id, id);
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
			uint32_t *user;

			if (!e)
				continue;
			user = VEC_PUSH(e->progs, e->nr_progs, e->progs_cap);
			if (!user)
				return -ENOMEM;
			*user = p->id;
		}
	}
	return 0;
}

/* The processes holding each map's fd, as the last refresh found them
 * (holders/): no scan of its own, so opening the view costs no walk of
 * every process's files. */
static void map_list_holders(const struct holders *holders, const struct prog_list *progs,
			     struct map_list *list)
{
	struct holder *recs = NULL;
	size_t nr = 0;

	if (!holders || !progs || progs->error) {
		list->holders_error = progs && progs->error ? progs->error : -EOPNOTSUPP;
		return;
	}
	list->holders_error = holders_records(holders, HOLDER_BIT(HOLDER_MAP), &recs, &nr);
	for (size_t i = 0; !list->holders_error && i < nr; i++) {
		struct map_entry *e = map_list_find(list, recs[i].id);
		struct map_holder *h;

		if (!e)
			continue;
		/* one line per process: its first fd */
		if (e->nr_holders && e->holders[e->nr_holders - 1].pid == recs[i].pid)
			continue;
		h = VEC_PUSH(e->holders, e->nr_holders, e->holders_cap);
		if (!h) {
			list->holders_error = -ENOMEM;
			break;
		}
		h->pid = recs[i].pid;
		h->fd = recs[i].fd;
		_Static_assert(sizeof(h->comm) == sizeof(recs[0].comm), "both TASK_COMM_LEN");
		memcpy(h->comm, recs[i].comm, sizeof(h->comm)); /* NUL-terminated */
	}
	free(recs);
	/* what is there stands; some may be missing */
	if (!list->holders_error && !progs->holders.covered)
		list->holders_error = -EAGAIN;
}

int map_list_read(const struct procroot *root, const struct prog_list *progs,
		  const struct holders *holders, uint32_t only, struct map_list *list)
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
	map_list_holders(holders, progs, list);
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
