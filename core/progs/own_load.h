/* Loading a BPF object of bpfknobs' own (one program and one global data
 * map, as its holders iterator is) with the kernel relocating it. libbpf relocates an object against the kernel's
 * BTF in this process: it parses the whole of it (5 MiB, about 9 ms, and
 * twice its size held at the peak) and searches all of its types once per
 * struct the program reads (about a millisecond each), for every run of
 * bpfknobs. Asked to generate a loader instead (bpf_object__gen_loader(),
 * what "bpftool gen skeleton -L" builds on), libbpf records the
 * relocations for the kernel and the kernel applies them, from its own
 * BTF, with candidates it caches between loads (bpf_core_apply() and
 * bpf_core_find_cands() in kernel/bpf/btf.c). The loader is a
 * BPF_PROG_TYPE_SYSCALL program (Linux 5.14) run once by BPF_PROG_RUN; the
 * kernel relocates from Linux 5.17. Every bpf() call here goes through
 * libbpf. The loader program (bpfknobs_loadr) stays loaded with what it
 * loaded, as bpfknobs' own, and goes with it (own_loaded_close()). */
#ifndef BPFKNOBS_PROGS_OWN_LOAD_H
#define BPFKNOBS_PROGS_OWN_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "progs/own.h"

struct own_loaded {
	int prog_fd;
	int map_fd;
	void *data;      /* the map's value, mapped */
	size_t data_size;
	/* the loader program, kept with what it loaded and registered as
	 * bpfknobs' own (see own_load_run() for why it is not closed) */
	int loader_fd;
	uint32_t loader_id;
};

/* Loads the object elf (a skeleton's embedded bytes, size long) named
 * name, through a loader the kernel runs. Returns 0 with *out filled, or
 * -errno with nothing left open: -EINVAL or -EOPNOTSUPP on a kernel that
 * cannot run such a loader or relocate, -E2BIG for an object of other than
 * one program and one map; the caller then loads it with libbpf as before. */
int own_load_in_kernel(const void *elf, size_t size, const char *name, struct own_loaded *out);

/* Unmaps and closes what own_load_in_kernel() gave (fds -1 are none). */
void own_loaded_close(struct own_loaded *loaded);

/* An iterator of bpfknobs' own: loaded as above, attached (its link) and
 * registered as ours, program, link and map (own.h). */
struct own_iter_link {
	struct own_loaded loaded;
	int link_fd;
	struct own_iter_ids own;
};

/* Loads the iterator object elf named name (own_load_in_kernel()), checks
 * that its global data holds at least min_data bytes, attaches it and
 * registers it. Returns 0, or -errno with nothing left loaded. */
int own_iter_open(const void *elf, size_t size, const char *name, size_t min_data,
		  struct own_iter_link *out);
/* Forgets, detaches and closes what own_iter_open() gave; again is a no-op. */
void own_iter_close(struct own_iter_link *it);

#endif
