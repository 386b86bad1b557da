/* A map's contents, page by page, without changing it: BPF_MAP_LOOKUP_BATCH
 * (never its lookup-and-delete form), or BPF_MAP_GET_NEXT_KEY and
 * BPF_MAP_LOOKUP_ELEM where the map has no batch operation. Keys and
 * values are formatted from the map's BTF by libbpf's
 * btf_dump__dump_type_data(), in hex where there is none; per-CPU values
 * one per possible CPU. Memory is a page, whatever the map holds. Maps
 * whose entries are not data (ring buffers, perf event arrays, stack
 * traces, program arrays...) or cannot be listed from outside are
 * explained instead (why). */
#ifndef BPFKNOBS_INSPECT_MAP_DUMP_H
#define BPFKNOBS_INSPECT_MAP_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/procroot.h"
#include "progs/prog.h"

struct btf;
struct btf_dump;

struct map_dump {
	struct prog_map info;   /* bpftool map show's facts */
	uint32_t btf_id, btf_key_type_id, btf_value_type_id;
	const char *why;        /* not dumped: what the map is instead; NULL when it is */
	bool percpu;
	int nr_cpus;            /* possible CPUs, for per-CPU values */
	uint32_t value_stride;  /* bytes of one CPU's value in a per-CPU value */
	uint32_t value_bytes;   /* bytes of one entry's value as the kernel hands it */
	bool batch;             /* pages come from BPF_MAP_LOOKUP_BATCH */
	const char *method;     /* "batch lookups" or "key by key" */

	size_t page_size;       /* entries per page */
	size_t page;            /* the page read last */
	uint8_t *keys, *values; /* its entries */
	size_t nr;              /* entries on it */
	bool last;              /* it is the last page */
	int page_error;         /* -errno of reading it, 0 when fine */

	/* internal: the map, its BTF, and where each page read so far starts */
	int fd;
	struct btf *btf;        /* the map's BTF (or vmlinux BTF for a struct_ops value) */
	struct btf *value_btf;
	uint32_t value_type_id;
	struct btf_dump *key_dump, *value_dump;
	char *out;              /* btf_dump's output */
	size_t out_len, out_cap;
	uint8_t *starts;        /* page k starts after the token of page k - 1: token_size each */
	size_t nr_starts, starts_cap;
	size_t token_size;
	uint8_t *token;         /* the one being read */
};

/* Opens map id for reading, page_size entries a page (at least 1).
 * Returns 0 (d->why set when its contents are not dumped) or -errno:
 * -ENOENT no such map, -EPERM not allowed (no CAP_SYS_ADMIN), -ENOMEM. */
int map_dump_open(uint32_t id, const struct procroot *root, size_t page_size,
		  struct map_dump *d);

/* The sentence for map_dump_open()'s error. */
const char *map_dump_error_text(int err);

/* Reads page (0-based) into d: the pages before it are read once to find
 * where it starts. Returns 0 (d->nr entries, d->last when none follow) or
 * -errno (also in d->page_error). */
int map_dump_page(struct map_dump *d, size_t page);

/* Entry i of the page: its key, and its value (of CPU cpu for a per-CPU
 * map, else cpu is 0). */
const uint8_t *map_dump_key(const struct map_dump *d, size_t i);
const uint8_t *map_dump_value(const struct map_dump *d, size_t i, int cpu);

/* The key or value formatted from BTF on one line ("(__u32)3",
 * "(struct x){.a = (int)1,}"), or NULL when there is no BTF for it (then
 * hex is all there is). The text lives until the next call. */
const char *map_dump_key_text(struct map_dump *d, size_t i);
const char *map_dump_value_text(struct map_dump *d, size_t i, int cpu);

/* "0a 00 00 00" into buf (with sep between bytes, "" for none). */
void map_dump_hex(const uint8_t *b, size_t n, const char *sep, char *buf, size_t size);

void map_dump_close(struct map_dump *d);

#endif
