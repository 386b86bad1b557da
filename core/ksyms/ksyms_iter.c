/* bpfknobs' ksym iterator, loaded and read (see ksyms_iter.h). */
#include "ksyms/ksyms_iter.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "progs/own_load.h"
#include "ksyms/ksyms_iter.skel.h"

struct ksyms_iter {
	struct own_iter_link link;
	struct ksyms_iter_bpf__bss *bss; /* the loaded map's value, mapped */
};

void ksyms_iter_free(struct ksyms_iter *it)
{
	if (!it)
		return;
	own_iter_close(&it->link);
	free(it);
}

int ksyms_iter_open(struct ksyms_iter **out)
{
	struct ksyms_iter *it = calloc(1, sizeof(*it));
	size_t size;
	const void *elf = ksyms_iter_bpf__elf_bytes(&size);
	int err;

	*out = NULL;
	if (!it)
		return -ENOMEM;
	err = own_iter_open(elf, size, "ksyms_iter_bpf", sizeof(*it->bss), &it->link);
	if (err) {
		free(it);
		return err;
	}
	it->bss = it->link.loaded.data;
	*out = it;
	return 0;
}

int ksyms_iter_read(struct ksyms_iter *it, struct ksyms_table *out)
{
	int fd, err, shown;

	/* what the program sets while this read runs, reset before */
	__atomic_store_n(&it->bss->written, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&it->bss->addrs_shown, 0, __ATOMIC_RELAXED);
	fd = bpf_iter_create(it->link.link_fd);
	if (fd < 0) {
		err = -errno;
		memset(out, 0, sizeof(*out));
		return err;
	}
	err = ksyms_table_parse(fd, out);
	close(fd);
	if (err)
		return err;
	/* every line written once, whole, and parsed as a [bpf] line */
	if (out->nr_lines != __atomic_load_n(&it->bss->written, __ATOMIC_RELAXED) ||
	    out->nr_bad_lines) {
		ksyms_table_free(out);
		return -EIO;
	}
	/* with no [bpf] line to tell, the walk's own verdict (an empty list
	 * shows its first entry all the same) */
	shown = __atomic_load_n(&it->bss->addrs_shown, __ATOMIC_RELAXED);
	out->addrs_hidden = shown == 1;
	out->from_iterator = true;
	return 0;
}
