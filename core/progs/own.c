/* The ids of bpfknobs' own BPF objects (see own.h). A handful at most:
 * a small array under a mutex is enough. */
#include "progs/own.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#define OWN_MAX 64

static pthread_mutex_t own_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t own_ids[OWN__COUNT][OWN_MAX];
static size_t own_nr[OWN__COUNT];

int own_add(enum own_kind kind, uint32_t id)
{
	int err = 0;

	pthread_mutex_lock(&own_lock);
	if (own_nr[kind] == OWN_MAX)
		err = -ENOMEM;
	else
		own_ids[kind][own_nr[kind]++] = id;
	pthread_mutex_unlock(&own_lock);
	return err;
}

void own_remove(enum own_kind kind, uint32_t id)
{
	pthread_mutex_lock(&own_lock);
	for (size_t i = 0; i < own_nr[kind]; i++) {
		if (own_ids[kind][i] == id) {
			own_ids[kind][i] = own_ids[kind][--own_nr[kind]];
			break;
		}
	}
	pthread_mutex_unlock(&own_lock);
}

bool own_has(enum own_kind kind, uint32_t id)
{
	bool found = false;

	pthread_mutex_lock(&own_lock);
	for (size_t i = 0; i < own_nr[kind] && !found; i++)
		found = own_ids[kind][i] == id;
	pthread_mutex_unlock(&own_lock);
	return found;
}

/* The id comes second in each of the three info structs, after the type. */
static int own_add_fd(enum own_kind kind, int fd, void *info, uint32_t len, const uint32_t *id_in,
		      uint32_t *id)
{
	int err = bpf_obj_get_info_by_fd(fd, info, &len);

	if (err)
		return -errno;
	*id = *id_in;
	return own_add(kind, *id);
}

int own_add_prog_fd(int fd, uint32_t *id)
{
	struct bpf_prog_info info;

	memset(&info, 0, sizeof(info));
	return own_add_fd(OWN_PROG, fd, &info, sizeof(info), &info.id, id);
}

int own_add_link_fd(int fd, uint32_t *id)
{
	struct bpf_link_info info;

	memset(&info, 0, sizeof(info));
	return own_add_fd(OWN_LINK, fd, &info, sizeof(info), &info.id, id);
}

int own_add_map_fd(int fd, uint32_t *id)
{
	struct bpf_map_info info;

	memset(&info, 0, sizeof(info));
	return own_add_fd(OWN_MAP, fd, &info, sizeof(info), &info.id, id);
}

int own_iter_add(int prog_fd, int link_fd, int map_fd, struct own_iter_ids *ids)
{
	int err = own_add_prog_fd(prog_fd, &ids->prog);

	if (!err)
		err = own_add_link_fd(link_fd, &ids->link);
	if (!err)
		err = own_add_map_fd(map_fd, &ids->map);
	return err;
}

void own_iter_forget(struct own_iter_ids *ids)
{
	if (ids->prog)
		own_remove(OWN_PROG, ids->prog);
	if (ids->link)
		own_remove(OWN_LINK, ids->link);
	if (ids->map)
		own_remove(OWN_MAP, ids->map);
	*ids = (struct own_iter_ids){ 0 };
}
