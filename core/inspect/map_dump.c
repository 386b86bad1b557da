/* A map's contents, page by page (see map_dump.h). */
#include "inspect/map_dump.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "base/errno_text.h"
#include "base/vec.h"
#include "progs/prog_maps.h"

/* enum bpf_map_type values newer than Debian 12's <linux/bpf.h> (6.1) */
#define MAP_DUMP_USER_RINGBUF 31
#define MAP_DUMP_CGRP_STORAGE 32
#define MAP_DUMP_ARENA 33


#define MAP_DUMP_NEEDS_ADMIN                                                       \
	"Reading a map needs CAP_SYS_ADMIN (BPF_MAP_GET_FD_BY_ID): run bpfknobs as root."

static const struct errno_text map_dump_errors[] = {
	{ .err = -ENOENT, .text = "There is no map with that id: it was freed, or never created." },
	{ .err = -EPERM, .text = MAP_DUMP_NEEDS_ADMIN },
	{ .err = -EACCES, .text = MAP_DUMP_NEEDS_ADMIN },
	{ .err = -ENOMEM, .text = "Out of memory while reading the map." },
	{ .err = ERRNO_TEXT_OTHER, .text = "The kernel refused to show the map." },
};

const char *map_dump_error_text(int err)
{
	return errno_text_row(map_dump_errors, err)->text;
}

/* What a map whose entries are not dumped is, in words; NULL for the
 * others. The kernel's own rules: fd arrays other than program arrays
 * have no lookup from user space (bpf_fd_array_map_lookup_elem()), local
 * storage is keyed by a file descriptor of its object, queues and stacks
 * only peek and pop, ring buffers and arenas are mmap()ed memory. */
static const char *map_dump_why(const struct map_dump *d)
{
	switch (d->info.type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
		return "A program array: the slots a program jumps to with bpf_tail_call(). Its "
		       "values are programs, not data, so it is not dumped; the programs that use "
		       "it are listed above.";
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return "A perf event array: a perf event per CPU, through which programs send "
		       "records to a reader in user space (bpf_perf_event_output()). It holds events, "
		       "not data, and reading its records would take them from their reader, so it is "
		       "not dumped.";
	case BPF_MAP_TYPE_STACK_TRACE:
		return "Stack traces by id: the call stacks programs recorded with "
		       "bpf_get_stackid(), each value an array of instruction addresses. They are "
		       "not dumped; a profiler that owns the map turns them into names.";
	case BPF_MAP_TYPE_RINGBUF:
		return "A ring buffer: programs put records in it for one reader in user space, "
		       "which consumes them; bpfknobs does not read them, so it is not dumped.";
	case MAP_DUMP_USER_RINGBUF:
		return "A user ring buffer: a process puts records in it for programs, which "
		       "consume them; it is not dumped.";
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return "A queue or stack: only its next element can be looked at, and listing "
		       "the others would take them out, so it is not dumped.";
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case MAP_DUMP_CGRP_STORAGE:
		return "Storage kept with each socket, inode, task or cgroup, keyed by the object "
		       "itself: it cannot be listed from outside, so it is not dumped.";
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return "A bloom filter: it holds no keys, only bits saying whether a value may "
		       "have been added, so there is nothing to list.";
	case MAP_DUMP_ARENA:
		return "An arena: memory shared by programs and processes through mmap(), not "
		       "entries, so it is not dumped.";
	case BPF_MAP_TYPE_CGROUP_ARRAY:
		return "A cgroup array: cgroups by index for bpf_current_task_under_cgroup(); the "
		       "kernel does not show them to a lookup from user space.";
	case BPF_MAP_TYPE_XSKMAP:
		return "An AF_XDP socket map: sockets by receive queue; the kernel does not show "
		       "them to a lookup from user space.";
	case BPF_MAP_TYPE_STRUCT_OPS:
		return NULL;
	default:
		return NULL;
	}
}

static bool map_dump_is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void map_dump_printf(void *ctx, const char *fmt, va_list args)
{
	struct map_dump *d = ctx;
	va_list copy;
	int n;

	va_copy(copy, args);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if (VEC_RESERVE(d->out, d->out_cap, d->out_len + (size_t)n + 1))
		return;
	vsnprintf(d->out + d->out_len, d->out_cap - d->out_len, fmt, args);
	d->out_len += (size_t)n;
}
#pragma GCC diagnostic pop

static void map_dump_btf(struct map_dump *d)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(d->fd, &info, &len))
		return;
	d->btf_id = info.btf_id;
	d->btf_key_type_id = info.btf_key_type_id;
	d->btf_value_type_id = info.btf_value_type_id;
	if (info.btf_id)
		d->btf = btf__load_from_kernel_by_id(info.btf_id);
	d->value_btf = d->btf;
	d->value_type_id = info.btf_value_type_id;
	/* a struct_ops map's value is the kernel's struct, in vmlinux's BTF */
	if (info.btf_vmlinux_value_type_id) {
		d->value_btf = btf__load_vmlinux_btf();
		d->value_type_id = info.btf_vmlinux_value_type_id;
	}
	if (d->btf && d->btf_key_type_id)
		d->key_dump = btf_dump__new(d->btf, map_dump_printf, d, NULL);
	if (d->value_btf && d->value_type_id)
		d->value_dump = btf_dump__new(d->value_btf, map_dump_printf, d, NULL);
}

int map_dump_open(uint32_t id, const struct procroot *root, size_t page_size,
		  struct map_dump *d)
{
	int err;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->page_size = page_size ? page_size : 1;
	err = prog_maps_read(root, id, &d->info);
	if (err)
		return err;
	d->why = map_dump_why(d);
	if (d->why)
		return 0;
	/* read-only: the kernel checks FMODE_CAN_READ on every lookup */
	d->fd = bpf_map_get_fd_by_id_opts(id, &(struct bpf_get_fd_by_id_opts){
					      .sz = sizeof(struct bpf_get_fd_by_id_opts),
					      .open_flags = BPF_F_RDONLY });
	if (d->fd < 0) {
		/* a map made BPF_F_WRONLY (for user space) cannot be opened to read */
		err = -errno;
		if (err == -EACCES || err == -EPERM) {
			d->why = "The map refuses reads from user space (it was created with "
				 "BPF_F_WRONLY), so it is not dumped.";
			if (err == -EPERM)
				return err;
			return 0;
		}
		return err;
	}
	d->percpu = map_dump_is_percpu(d->info.type);
	d->nr_cpus = d->percpu ? libbpf_num_possible_cpus() : 1;
	if (d->nr_cpus < 1)
		d->nr_cpus = 1;
	d->value_stride = d->percpu ? (d->info.value_size + 7) / 8 * 8 : d->info.value_size;
	d->value_bytes = d->value_stride * (uint32_t)d->nr_cpus;
	d->token_size = d->info.key_size > 8 ? d->info.key_size : 8;
	d->batch = true;
	d->method = "batch lookups";
	d->keys = calloc(d->page_size, d->info.key_size ? d->info.key_size : 1);
	d->values = calloc(d->page_size, d->value_bytes ? d->value_bytes : 1);
	d->token = calloc(1, d->token_size);
	if (!d->keys || !d->values || !d->token) {
		map_dump_close(d);
		return -ENOMEM;
	}
	map_dump_btf(d);
	d->page = (size_t)-1;
	return 0;
}

/* The start of page k (the token after page k - 1), NULL for page 0. */
static const uint8_t *map_dump_start(const struct map_dump *d, size_t k)
{
	return k ? d->starts + (k - 1) * d->token_size : NULL;
}

static int map_dump_keep_start(struct map_dump *d, size_t k, const void *token)
{
	void *starts = d->starts;

	if (k - 1 < d->nr_starts)
		return 0;
	/* elements of the map's own token size, known at run time */
	if (vec_reserve_raw(&starts, &d->starts_cap, d->nr_starts + 1, d->token_size))
		return -ENOMEM;
	d->starts = starts;
	memcpy(d->starts + d->nr_starts * d->token_size, token, d->token_size);
	d->nr_starts++;
	return 0;
}

/* One page with BPF_MAP_LOOKUP_BATCH. A batch can hold a few more entries
 * than asked when a hash bucket must be returned whole. */
static int map_dump_batch(struct map_dump *d, size_t k)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	uint8_t *token = d->token;
	uint32_t count = (uint32_t)d->page_size;
	int err;

	memset(token, 0, d->token_size);
	err = bpf_map_lookup_batch(d->fd, (void *)map_dump_start(d, k), token, d->keys, d->values,
				   &count, &opts);
	if (err && errno == ENOSPC)
		return -ENOSPC;
	if (err && errno != ENOENT)
		return -errno;
	d->nr = count;
	d->last = err != 0; /* ENOENT: nothing after this page */
	if (!d->last)
		return map_dump_keep_start(d, k + 1, token);
	return 0;
}

/* One page key by key: BPF_MAP_GET_NEXT_KEY from the last key of the page
 * before, then BPF_MAP_LOOKUP_ELEM. A key deleted meanwhile is skipped. */
static int map_dump_keys(struct map_dump *d, size_t k)
{
	const uint8_t *prev = map_dump_start(d, k);
	uint8_t *key = d->token;

	d->nr = 0;
	d->last = false;
	memset(key, 0, d->token_size);
	if (prev)
		memcpy(key, prev, d->info.key_size);
	while (d->nr < d->page_size) {
		uint8_t *kp = d->keys + d->nr * d->info.key_size;

		if (bpf_map_get_next_key(d->fd, prev ? key : NULL, kp)) {
			if (errno == ENOENT) {
				d->last = true;
				return 0;
			}
			return -errno;
		}
		memcpy(key, kp, d->info.key_size);
		prev = key;
		if (bpf_map_lookup_elem(d->fd, kp, d->values + d->nr * d->value_bytes)) {
			if (errno == ENOENT)
				continue;
			return -errno;
		}
		d->nr++;
	}
	return map_dump_keep_start(d, k + 1, key);
}

static int map_dump_one(struct map_dump *d, size_t k)
{
	int err;

	if (d->batch) {
		err = map_dump_batch(d, k);
		/* no batch operation for this map type (ENOTSUPP 524 from
		 * BPF_DO_BATCH()), or one the kernel refuses (EINVAL) */
		if (err == -EINVAL || err == -524 || err == -EOPNOTSUPP || err == -ENOSPC) {
			d->batch = false;
			d->method = "key by key";
			d->nr_starts = 0; /* tokens of one method mean nothing to the other */
			if (k)
				return -EAGAIN;
		} else {
			return err;
		}
	}
	return map_dump_keys(d, k);
}

int map_dump_page(struct map_dump *d, size_t page)
{
	int err = 0;

	d->nr = 0;
	d->last = true;
	d->page_error = 0;
	if (d->why || d->fd < 0)
		return 0;
	/* the pages before it, once, for where it starts */
	for (size_t k = d->nr_starts; k < page && !err; k++) {
		err = map_dump_one(d, k);
		if (!err && d->last) {
			page = k; /* the map ends before that page: show its last */
			break;
		}
	}
	if (err == -EAGAIN) {
		d->nr_starts = 0;
		err = 0;
		for (size_t k = 0; k < page && !err; k++) {
			err = map_dump_one(d, k);
			if (!err && d->last) {
				page = k;
				break;
			}
		}
	}
	if (!err)
		err = map_dump_one(d, page);
	if (err == -EAGAIN) {
		d->nr_starts = 0;
		return map_dump_page(d, page);
	}
	d->page = page;
	d->page_error = err;
	if (err) {
		d->nr = 0;
		d->last = true;
	}
	return err;
}

const uint8_t *map_dump_key(const struct map_dump *d, size_t i)
{
	return d->keys + i * d->info.key_size;
}

const uint8_t *map_dump_value(const struct map_dump *d, size_t i, int cpu)
{
	return d->values + i * d->value_bytes + (size_t)cpu * d->value_stride;
}

static const char *map_dump_text(struct map_dump *d, struct btf_dump *dump, uint32_t type_id,
				 const uint8_t *data, size_t size)
{
	LIBBPF_OPTS(btf_dump_type_data_opts, opts, .compact = true, .emit_zeroes = true);

	if (!dump)
		return NULL;
	d->out_len = 0;
	if (d->out)
		d->out[0] = '\0';
	if (btf_dump__dump_type_data(dump, type_id, data, size, &opts) < 0 || !d->out)
		return NULL;
	return d->out;
}

const char *map_dump_key_text(struct map_dump *d, size_t i)
{
	return map_dump_text(d, d->key_dump, d->btf_key_type_id, map_dump_key(d, i),
			     d->info.key_size);
}

const char *map_dump_value_text(struct map_dump *d, size_t i, int cpu)
{
	return map_dump_text(d, d->value_dump, d->value_type_id, map_dump_value(d, i, cpu),
			     d->info.value_size);
}

void map_dump_hex(const uint8_t *b, size_t n, const char *sep, char *buf, size_t size)
{
	size_t used = 0, step = 2 + strlen(sep);

	if (!size)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used + step + 1 < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%02x", i ? sep : "", b[i]);
}

void map_dump_close(struct map_dump *d)
{
	if (d->fd >= 0)
		close(d->fd);
	btf_dump__free(d->key_dump);
	btf_dump__free(d->value_dump);
	if (d->value_btf != d->btf)
		btf__free(d->value_btf);
	btf__free(d->btf);
	free(d->keys);
	free(d->values);
	free(d->starts);
	free(d->token);
	free(d->out);
	memset(d, 0, sizeof(*d));
	d->fd = -1;
}
