/* bpfknobs' bpf_prog iterator, loaded and read (see prog_ids_iter.h). */
#include "progs/prog_ids_iter.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "base/vec.h"
#include "progs/own_load.h"
#include "progs/prog_ids_iter.skel.h"

struct prog_ids_iter {
	struct own_iter_link link;
	struct prog_ids_iter_bpf__bss *bss; /* the loaded map's value, mapped */
	uint32_t *ids;                      /* the last read's, kept for the next */
	size_t ids_cap;
};

void prog_ids_iter_free(struct prog_ids_iter *it)
{
	if (!it)
		return;
	own_iter_close(&it->link);
	free(it->ids);
	free(it);
}

int prog_ids_iter_open(struct prog_ids_iter **out)
{
	struct prog_ids_iter *it = calloc(1, sizeof(*it));
	size_t size;
	const void *elf = prog_ids_iter_bpf__elf_bytes(&size);
	int err;

	*out = NULL;
	if (!it)
		return -ENOMEM;
	err = own_iter_open(elf, size, "prog_ids_iter_bpf",
			    offsetof(struct prog_ids_iter_bpf__bss, written) + sizeof(it->bss->written),
			    &it->link);
	if (err) {
		free(it);
		return err;
	}
	it->bss = it->link.loaded.data;
	*out = it;
	return 0;
}

int prog_ids_iter_read(struct prog_ids_iter *it, const uint32_t **ids, size_t *nr)
{
	size_t bytes = 0, n;
	int fd, err = 0;

	*ids = NULL;
	*nr = 0;
	/* what the program counts while this read runs, zeroed before */
	__atomic_store_n(&it->bss->written, 0, __ATOMIC_RELAXED);
	fd = bpf_iter_create(it->link.link_fd);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t got;

		/* room for a whole read of bpf_seq_read()'s buffer, 8 pages */
		if (VEC_RESERVE(it->ids, it->ids_cap, bytes / sizeof(*it->ids) + 8192)) {
			err = -ENOMEM;
			break;
		}
		got = read(fd, (char *)it->ids + bytes, it->ids_cap * sizeof(*it->ids) - bytes);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			err = got < 0 ? -errno : 0;
			break;
		}
		bytes += (size_t)got;
	}
	close(fd);
	n = bytes / sizeof(*it->ids);
	/* every id written once, whole, and in the order prog_idr holds them
	 * (the list is searched by id) */
	if (!err && (bytes % sizeof(*it->ids) ||
		     n != __atomic_load_n(&it->bss->written, __ATOMIC_RELAXED)))
		err = -EIO;
	for (size_t i = 1; !err && i < n; i++)
		if (it->ids[i] <= it->ids[i - 1])
			err = -EIO;
	if (err)
		return err;
	*ids = it->ids;
	*nr = n;
	return 0;
}
