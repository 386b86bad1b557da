/* Loading a BPF object of bpfknobs' own through a loader the kernel runs
 * (see own_load.h). */
#include "progs/own_load.h"
#include "progs/own.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/skel_internal.h> /* the loader's context: what libbpf's gen_loader reads */

/* The loader's context for one map and one program: the map descriptors
 * follow the header, then the programs', in the object's order
 * (bpf_gen__init() in libbpf's gen_loader.c). */
struct own_load_ctx {
	struct bpf_loader_ctx head;
	struct bpf_map_desc map;
	struct bpf_prog_desc prog;
};

/* Runs the loader libbpf generated: its blob in a map of one element, the
 * loader as a sleepable BPF_PROG_TYPE_SYSCALL program that finds the map in
 * fd_array, run once (bpf_load_and_run() of skel_internal.h does the same
 * with raw system calls). Returns 0 with the loader's program fd in
 * *loader_fd (it holds the map), or -errno with nothing left open.
 *
 * The loader is kept, not closed, for as long as what it loaded: a
 * sleepable program's image is freed an RCU Tasks Trace grace period after
 * its last fd goes (__bpf_prog_put_noref()), which can take longer than a
 * refresh, and bpf_jit_current would count it meanwhile as somebody's JIT
 * memory. Kept and registered, it is one of bpfknobs' own, counted as such. */
static int own_load_run(const struct gen_loader_opts *gen, struct own_load_ctx *ctx,
			int *loader_fd)
{
	/* not BPF_F_RDONLY_PROG: the loader writes its state into the blob */
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = ctx, .ctx_size_in = sizeof(*ctx));
	int map_fd, prog_fd, key = 0, err;

	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bpfknobs_loadr", sizeof(key), gen->data_sz, 1,
				NULL);
	if (map_fd < 0)
		return -errno;
	if (bpf_map_update_elem(map_fd, &key, gen->data, 0)) {
		err = -errno;
		close(map_fd);
		return err;
	}
	{
		LIBBPF_OPTS(bpf_prog_load_opts, load_opts, .fd_array = &map_fd,
			    .prog_flags = BPF_F_SLEEPABLE);

		prog_fd = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "bpfknobs_loadr", "Dual BSD/GPL",
					(const struct bpf_insn *)gen->insns,
					gen->insns_sz / sizeof(struct bpf_insn), &load_opts);
	}
	err = prog_fd < 0 ? -errno : 0;
	if (!err && bpf_prog_test_run_opts(prog_fd, &run))
		err = -errno;
	else if (!err && (int)run.retval < 0)
		err = (int)run.retval;
	close(map_fd);
	if (err && prog_fd >= 0)
		close(prog_fd);
	*loader_fd = err ? -1 : prog_fd;
	return err;
}

/* size rounded up to whole pages, as a map's value is mapped */
static size_t own_load_pages(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (size + page - 1) / page * page;
}

int own_load_in_kernel(const void *elf, size_t size, const char *name, struct own_loaded *out)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .object_name = name);
	struct gen_loader_opts gen = { .sz = sizeof(gen) };
	struct own_load_ctx ctx;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t nr_maps = 0, nr_progs = 0;
	int err;

	memset(out, 0, sizeof(*out));
	out->prog_fd = out->map_fd = out->loader_fd = -1;
	obj = bpf_object__open_mem(elf, size, &open_opts);
	if (!obj)
		return -errno;
	bpf_object__for_each_map(map, obj)
		nr_maps++;
	bpf_object__for_each_program(prog, obj)
		nr_progs++;
	/* the context below is laid out for exactly that */
	if (nr_maps != 1 || nr_progs != 1) {
		bpf_object__close(obj);
		return -E2BIG;
	}
	/* libbpf generates the loader instead of loading: no kernel BTF read */
	err = bpf_object__gen_loader(obj, &gen);
	if (!err && bpf_object__load(obj))
		err = -errno;
	if (err) {
		bpf_object__close(obj);
		return err;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.head.sz = sizeof(ctx);
	ctx.map.map_fd = ctx.prog.prog_fd = -1;
	map = bpf_object__next_map(obj, NULL);
	ctx.map.max_entries = bpf_map__max_entries(map);
	/* initial_value 0: the loader fills the map from its blob */
	out->data_size = bpf_map__value_size(map);
	err = own_load_run(&gen, &ctx, &out->loader_fd);
	bpf_object__close(obj); /* gen's buffers are the object's */
	if (err) {
		/* whatever the loader left open before it failed is closed by
		 * it (its cleanup closes every fd it made) */
		return err;
	}
	out->prog_fd = ctx.prog.prog_fd;
	out->map_fd = ctx.map.map_fd;
	err = own_add_prog_fd(out->loader_fd, &out->loader_id);
	if (err) {
		own_loaded_close(out);
		return err;
	}
	/* the loader created it BPF_F_MMAPABLE, as libbpf does global data */
	out->data = mmap(NULL, own_load_pages(out->data_size), PROT_READ | PROT_WRITE, MAP_SHARED,
			 out->map_fd, 0);
	if (out->data == MAP_FAILED) {
		err = -errno;
		out->data = NULL;
		own_loaded_close(out);
		return err;
	}
	return 0;
}

void own_loaded_close(struct own_loaded *loaded)
{
	if (loaded->loader_id)
		own_remove(OWN_PROG, loaded->loader_id);
	if (loaded->loader_fd >= 0)
		close(loaded->loader_fd);
	if (loaded->data)
		munmap(loaded->data, own_load_pages(loaded->data_size));
	if (loaded->prog_fd >= 0)
		close(loaded->prog_fd);
	if (loaded->map_fd >= 0)
		close(loaded->map_fd);
	memset(loaded, 0, sizeof(*loaded));
	loaded->prog_fd = loaded->map_fd = loaded->loader_fd = -1;
}

int own_iter_open(const void *elf, size_t size, const char *name, size_t min_data,
		  struct own_iter_link *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	out->link_fd = -1;
	err = own_load_in_kernel(elf, size, name, &out->loaded);
	if (!err && out->loaded.data_size < min_data)
		err = -EINVAL;
	if (!err) {
		out->link_fd = bpf_link_create(out->loaded.prog_fd, 0, BPF_TRACE_ITER, NULL);
		if (out->link_fd < 0)
			err = -errno;
	}
	if (!err)
		err = own_iter_add(out->loaded.prog_fd, out->link_fd, out->loaded.map_fd, &out->own);
	if (err)
		own_iter_close(out);
	return err;
}

void own_iter_close(struct own_iter_link *it)
{
	own_iter_forget(&it->own);
	if (it->link_fd >= 0)
		close(it->link_fd);
	it->link_fd = -1;
	own_loaded_close(&it->loaded);
}
