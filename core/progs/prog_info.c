/* One BPF program as bpf_prog_info describes it, and the enumeration of
 * them all (bpftool's prog.c part): BPF_PROG_GET_NEXT_ID ->
 * BPF_PROG_GET_FD_BY_ID -> BPF_OBJ_GET_INFO_BY_FD -> close. */
#include "progs/prog_info.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "base/fdinfo.h"
#include "base/vec.h"
#include "progs/bpf_names.h"
#include "progs/own.h"

/* Sizes of the arrays of the first info call; larger programs take two. */
#define PROG_INFO_FUNCS 16
#define PROG_INFO_MAPS 16

/* What one enumeration shares between its programs. */
struct prog_info_walk {
	const struct procroot *root; /* for /proc/self/fdinfo */
	struct uid_names *users;
	int64_t boot_offset;         /* CLOCK_REALTIME - CLOCK_BOOTTIME, in ns */
	const struct prog_info_reuse *reuse;
};

/* The BTF name of the main function: func_info[0] names it. */
static char *prog_info_read_btf_name(int fd, const struct bpf_prog_info *info)
{
	struct bpf_func_info finfo = { 0 };
	struct bpf_prog_info fi;
	__u32 len = sizeof(fi);
	const struct btf_type *t;
	struct btf *btf;
	char *name = NULL;

	if (!info->btf_id || !info->nr_func_info)
		return NULL;
	memset(&fi, 0, sizeof(fi));
	fi.nr_func_info = 1;
	fi.func_info_rec_size = sizeof(finfo);
	fi.func_info = (__u64)(unsigned long)&finfo;
	if (bpf_obj_get_info_by_fd(fd, &fi, &len))
		return NULL;
	btf = btf__load_from_kernel_by_id(info->btf_id);
	if (!btf)
		return NULL;
	t = btf__type_by_id(btf, finfo.type_id);
	if (t && btf_is_func(t)) {
		const char *s = btf__name_by_offset(btf, t->name_off);

		if (s && *s)
			name = strdup(s);
	}
	btf__free(btf);
	return name;
}

/* CLOCK_REALTIME - CLOCK_BOOTTIME, in ns: load_time is boot time. */
static int64_t prog_info_boot_offset(void)
{
	struct timespec real, boot;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	return (int64_t)(real.tv_sec - boot.tv_sec) * 1000000000 + (real.tv_nsec - boot.tv_nsec);
}

/* Arrays for one info call: on the stack for the usual small program. */
struct prog_info_arrays {
	uint64_t *ksyms;
	uint32_t *lens, *maps;
	uint32_t nr_funcs, nr_maps;
	uint64_t ksyms_buf[PROG_INFO_FUNCS];
	uint32_t lens_buf[PROG_INFO_FUNCS], maps_buf[PROG_INFO_MAPS];
};

static void prog_info_arrays_free(struct prog_info_arrays *a)
{
	if (a->ksyms != a->ksyms_buf)
		free(a->ksyms);
	if (a->lens != a->lens_buf)
		free(a->lens);
	if (a->maps != a->maps_buf)
		free(a->maps);
	a->ksyms = NULL, a->lens = NULL, a->maps = NULL;
}

static int prog_info_arrays_size(struct prog_info_arrays *a, uint32_t nr_funcs, uint32_t nr_maps)
{
	prog_info_arrays_free(a);
	a->nr_funcs = nr_funcs < 1 ? 1 : nr_funcs;
	a->nr_maps = nr_maps;
	a->ksyms = a->nr_funcs <= PROG_INFO_FUNCS ? a->ksyms_buf
						    : calloc(a->nr_funcs, sizeof(*a->ksyms));
	a->lens = a->nr_funcs <= PROG_INFO_FUNCS ? a->lens_buf
						   : calloc(a->nr_funcs, sizeof(*a->lens));
	a->maps = a->nr_maps <= PROG_INFO_MAPS ? a->maps_buf : calloc(a->nr_maps, sizeof(*a->maps));
	return a->ksyms && a->lens && a->maps ? 0 : -ENOMEM;
}

/* One info call with arrays sized from what the last refresh saw (a
 * second one only when they were too small), so a steady refresh costs what
 * a bare enumeration does. The kernel fills min(given, actual) entries and
 * reports the actual counts (bpf_prog_get_info_by_fd()). *info_len gets the
 * length it filled: the smaller of ours and its own struct bpf_prog_info, so
 * a field past it is one this kernel does not have. */
static int prog_info_get(int fd, struct bpf_prog_info *info, __u32 *info_len,
			 struct prog_info_arrays *a, uint32_t nr_funcs, uint32_t nr_maps)
{
	for (int round = 0; round < 3; round++) {
		__u32 len = sizeof(*info);

		if (prog_info_arrays_size(a, nr_funcs, nr_maps))
			return -ENOMEM;
		memset(info, 0, sizeof(*info));
		/* every other length stays 0: a length with no pointer is -EFAULT */
		info->nr_jited_ksyms = a->nr_funcs;
		info->jited_ksyms = (__u64)(unsigned long)a->ksyms;
		info->nr_jited_func_lens = a->nr_funcs;
		info->jited_func_lens = (__u64)(unsigned long)a->lens;
		info->nr_map_ids = a->nr_maps;
		info->map_ids = (__u64)(unsigned long)a->maps;
		if (bpf_obj_get_info_by_fd(fd, info, &len))
			return -errno;
		*info_len = len;
		if (info->nr_jited_ksyms <= a->nr_funcs && info->nr_jited_func_lens <= a->nr_funcs &&
		    info->nr_map_ids <= a->nr_maps)
			return 0;
		nr_funcs = info->nr_jited_ksyms > info->nr_jited_func_lens
				   ? info->nr_jited_ksyms : info->nr_jited_func_lens;
		nr_maps = info->nr_map_ids;
	}
	return -EAGAIN; /* maps keep being bound: give up on this program */
}

/* The names derived from bpf_prog_info's fields. */
static void prog_info_names(const struct prog_info_walk *w, struct prog *p)
{
	p->ours = own_has(OWN_PROG, p->id);
	p->type_name = bpf_names_prog_type(p->type);
	uid_names_get(w->users, p->uid, p->user, sizeof(p->user));
}

/* What the memo holds of a program listed before, not read again. */
static int prog_info_known(const struct prog_memo_entry *known, struct prog *p)
{
	p->memlock = known->memlock;
	if (known->btf_name && !(p->btf_name = strdup(known->btf_name)))
		return -ENOMEM;
	return 0;
}

/* Fills p from the program behind fd. hidden gets whether the kernel
 * withheld the addresses (it clears the jited_ksyms pointer then). */
static int prog_info_fill(const struct prog_info_walk *w, int fd,
			  const struct prog_memo_entry *known, struct prog *p, bool *hidden)
{
	struct prog_info_arrays a = { 0 };
	struct bpf_prog_info info;
	__u32 info_len = 0;
	int64_t wall;
	int err;

	*hidden = false;
	err = prog_info_get(fd, &info, &info_len, &a,
			     known && known->nr_funcs ? known->nr_funcs : PROG_INFO_FUNCS,
			     known ? known->nr_maps : PROG_INFO_MAPS);
	if (err)
		goto out;
	p->id = info.id;
	p->type = info.type;
	memcpy(p->name, info.name, sizeof(p->name) - 1);
	for (size_t i = 0; i < sizeof(info.tag); i++) {
		p->tag[2 * i] = "0123456789abcdef"[info.tag[i] >> 4];
		p->tag[2 * i + 1] = "0123456789abcdef"[info.tag[i] & 0xf];
	}
	p->tag[2 * sizeof(info.tag)] = '\0';
	wall = w->boot_offset + (int64_t)info.load_time;
	p->load_time.tv_sec = (time_t)(wall / 1000000000);
	p->load_time.tv_nsec = (long)(wall % 1000000000);
	p->uid = info.created_by_uid;
	p->bytes_xlated = info.xlated_prog_len;
	p->bytes_jited = info.jited_prog_len;
	p->gpl_compatible = info.gpl_compatible;
	p->btf_id = info.btf_id;
	p->verified_insns = info.verified_insns;
	p->verified_insns_absent = info_len < offsetof(struct bpf_prog_info, verified_insns) +
						 sizeof(info.verified_insns);
	p->stats.run_cnt = info.run_cnt;
	p->stats.run_time_ns = info.run_time_ns;
	p->stats.recursion_misses = info.recursion_misses;
	/* 5.10 stops before it: a 0 there would be a claim the kernel never made */
	p->stats.recursion_misses_absent =
		info_len < offsetof(struct bpf_prog_info, recursion_misses) +
				   sizeof(info.recursion_misses);
	p->nr_map_ids = info.nr_map_ids;
	if (p->nr_map_ids) {
		p->map_ids = malloc(p->nr_map_ids * sizeof(*p->map_ids));
		if (!p->map_ids) {
			err = -ENOMEM;
			goto out;
		}
		memcpy(p->map_ids, a.maps, p->nr_map_ids * sizeof(*p->map_ids));
	}
	/* not JITed: jited_ksyms holds the interpreter's address (prog->bpf_func) */
	if (info.jited_prog_len) {
		p->nr_syms = info.nr_jited_ksyms;
		p->syms = calloc(p->nr_syms ? p->nr_syms : 1, sizeof(*p->syms));
		if (!p->syms) {
			err = -ENOMEM;
			goto out;
		}
		*hidden = !info.jited_ksyms;
		for (size_t i = 0; i < p->nr_syms; i++) {
			p->syms[i].addr = info.jited_ksyms ? a.ksyms[i] : 0;
			p->syms[i].len = info.jited_func_lens && i < info.nr_jited_func_lens
						 ? a.lens[i] : 0;
		}
	}
	prog_info_names(w, p);
	if (known) {
		err = prog_info_known(known, p);
	} else {
		/* bpf_prog_show_fdinfo(): "memlock:\t<bytes>"; 0 when unknown */
		if (fdinfo_own_u64(w->root, fd, "memlock:", &p->memlock))
			p->memlock = 0;
		p->btf_name = prog_info_read_btf_name(fd, &info);
	}
out:
	prog_info_arrays_free(&a);
	return err;
}

/* Whether what the memo kept of a program may stand for an info call now:
 * what a loaded program's info says changes only with the statistics (the
 * counters), with what this process may see (the addresses), when a map is
 * bound to it (BPF_PROG_BIND_MAP adds to nr_map_ids), which is what its
 * loader does right after the load, and with a recursion miss, which the
 * kernel counts with statistics off too (bpf_prog_inc_misses_counter()).
 * So: read on its first two refreshes, and again once every
 * PROG_INFO_REREAD refreshes, in turns. */
static bool prog_info_reusable(const struct prog_info_walk *w, const struct prog_memo_entry *known)
{
	return w->reuse && w->reuse->allowed && known && known->info && known->info->nr_reads >= 2 &&
	       (known->id + w->reuse->round) % PROG_INFO_REREAD != 0;
}

/* Fills p from what the memo kept, as prog_info_fill() would have. */
static int prog_info_from_memo(const struct prog_info_walk *w,
			       const struct prog_memo_entry *known, struct prog *p, bool *hidden)
{
	memset(p, 0, sizeof(*p));
	p->id = known->id;
	if (prog_memo_info_apply(known->info, p, hidden))
		return -ENOMEM;
	prog_info_names(w, p);
	return prog_info_known(known, p);
}

int prog_info_enumerate(const struct procroot *root, const struct prog_memo *memo,
			const struct prog_info_reuse *reuse, const struct prog_info_ids *given,
			struct uid_names *users, struct prog_list *out,
			struct prog_info_read *read)
{
	struct prog_info_walk w = { .root = root, .users = users, .reuse = reuse,
				    .boot_offset = prog_info_boot_offset() };
	size_t cap = 0, hidden_cap = 0, from_memo_cap = 0, memo_cursor = 0, next_given = 0;
	bool **hidden = &read->hidden, **from_memo = &read->from_memo;
	__u32 id = 0;
	int err;

	/* room for the programs of the last refresh and a few more */
	*hidden = NULL;
	*from_memo = NULL;
	if (VEC_RESERVE(out->progs, cap, memo->nr + 16) ||
	    VEC_RESERVE(*hidden, hidden_cap, memo->nr + 16) ||
	    VEC_RESERVE(*from_memo, from_memo_cap, memo->nr + 16))
		return -ENOMEM;
	for (;;) {
		const struct prog_memo_entry *known;
		struct prog *p;
		int fd;

		if (given && given->ids) {
			if (next_given == given->nr)
				return 0;
			id = given->ids[next_given++];
		} else if (bpf_prog_get_next_id(id, &id)) {
			err = -errno;
			return err == -ENOENT ? 0 : err;
		}
		if (VEC_RESERVE(out->progs, cap, out->nr_progs + 1) ||
		    VEC_RESERVE(*hidden, hidden_cap, out->nr_progs + 1) ||
		    VEC_RESERVE(*from_memo, from_memo_cap, out->nr_progs + 1))
			return -ENOMEM;
		p = &out->progs[out->nr_progs];
		known = prog_memo_find_next(memo, &memo_cursor, id);
		if (prog_info_reusable(&w, known)) {
			err = prog_info_from_memo(&w, known, p, &(*hidden)[out->nr_progs]);
			(*from_memo)[out->nr_progs++] = true;
			if (err)
				return err;
			continue;
		}
		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0) {
			if (errno == ENOENT)
				continue; /* unloaded since next_id */
			return -errno;
		}
		memset(p, 0, sizeof(*p));
		err = prog_info_fill(&w, fd, known, p, &(*hidden)[out->nr_progs]);
		close(fd);
		if (err == -ENOENT || err == -EAGAIN) {
			prog_clear(p);
			continue;
		}
		(*from_memo)[out->nr_progs++] = false;
		if (err)
			return err;
	}
}
