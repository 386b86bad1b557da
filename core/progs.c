/* The BPF programs the kernel has loaded: enumeration through libbpf, the
 * facts of each, and the refresh that ties in owners and symbols. */
#include "progs_internal.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

/* How many readlinks' worth of owner fds a refresh re-checks: about 5% of
 * what the enumeration costs (an fd check is ~3 us, a program ~4.5 us). */
#define PROGS_OWNERS_BUDGET(nr_progs) (32 + (nr_progs) / 16)

/* Sizes of the arrays of the first info call; larger programs take two. */
#define PROGS_INFO_FUNCS 16
#define PROGS_INFO_MAPS 16

static int progs_silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

static void progs_init_once(void)
{
	libbpf_set_print(progs_silent_print);
}

void progs_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, progs_init_once);
}

const char *progs_error_text(int error)
{
	switch (error) {
	case 0:
		return NULL;
	case -EPERM:
	case -EACCES:
		return "Listing BPF programs needs CAP_SYS_ADMIN: the kernel refuses "
		       "BPF_PROG_GET_NEXT_ID to everyone else, CAP_BPF holders included. "
		       "Run bpfknobs as root to see them.";
	case -EOPNOTSUPP:
		return "Programs are listed only for the running kernel, not for a "
		       "--proc tree.";
	case -ENOSYS:
		return "This kernel has no bpf() system call (CONFIG_BPF_SYSCALL is not "
		       "set), so it has no BPF programs.";
	case -ENOMEM:
		return "Out of memory while listing BPF programs.";
	default:
		return "The kernel refused to list BPF programs.";
	}
}

const char *progs_prog_full_name(const struct progs_prog *prog)
{
	/* bpftool's get_prog_full_name(): the BTF name only when the
	 * program name was cut at BPF_OBJ_NAME_LEN - 1 characters */
	if (prog->btf_name && strlen(prog->name) == sizeof(prog->name) - 1)
		return prog->btf_name;
	return prog->name;
}

int progs_list_id_width(const struct progs_list *list)
{
	unsigned int largest = 0;
	int digits = 1;

	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].id > largest)
			largest = list->progs[i].id;
	while (largest >= 10) {
		largest /= 10;
		digits++;
	}
	return digits;
}

static void progs_prog_free(struct progs_prog *p)
{
	free(p->btf_name);
	free(p->map_ids);
	free(p->owners);
	progs_symbols_free(p->syms, p->nr_syms);
}

void progs_list_free(struct progs_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->nr_progs; i++)
		progs_prog_free(&list->progs[i]);
	free(list->progs);
	progs_symbols_free(list->others, list->nr_others);
	memset(list, 0, sizeof(*list));
}

/* ---- per-program facts ---- */

static uint64_t progs_read_memlock(const struct procroot *root, int fd)
{
	char rel[48], buf[1024], *line;
	size_t len;

	/* bpf_prog_show_fdinfo(): "memlock:\t<bytes>" */
	snprintf(rel, sizeof(rel), "self/fdinfo/%d", fd);
	if (procroot_read(root, rel, buf, sizeof(buf), &len))
		return 0;
	line = strstr(buf, "memlock:");
	return line ? strtoull(line + 8, NULL, 10) : 0;
}

/* The BTF name of the main function: func_info[0] names it. */
static char *progs_read_btf_name(int fd, const struct bpf_prog_info *info)
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

static void progs_user_name(struct progs_cache *cache, uint32_t uid, char *buf, size_t size)
{
	struct progs_cache_user *u;
	struct passwd pw, *res = NULL;
	char tmp[1024];

	for (size_t i = 0; i < cache->nr_users; i++)
		if (cache->users[i].uid == uid) {
			snprintf(buf, size, "%s", cache->users[i].name);
			return;
		}
	if (getpwuid_r((uid_t)uid, &pw, tmp, sizeof(tmp), &res) || !res)
		snprintf(buf, size, "%u", (unsigned)uid);
	else
		snprintf(buf, size, "%s", res->pw_name);
	u = realloc(cache->users, (cache->nr_users + 1) * sizeof(*u));
	if (!u)
		return;
	cache->users = u;
	u[cache->nr_users].uid = uid;
	snprintf(u[cache->nr_users].name, sizeof(u->name), "%s", buf);
	cache->nr_users++;
}

/* CLOCK_REALTIME - CLOCK_BOOTTIME, in ns: load_time is boot time. */
static int64_t progs_boot_offset(void)
{
	struct timespec real, boot;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	return (int64_t)(real.tv_sec - boot.tv_sec) * 1000000000 + (real.tv_nsec - boot.tv_nsec);
}

/* Arrays for one info call: on the stack for the usual small program. */
struct progs_info_arrays {
	uint64_t *ksyms;
	uint32_t *lens, *maps;
	uint32_t nr_funcs, nr_maps;
	uint64_t ksyms_buf[PROGS_INFO_FUNCS];
	uint32_t lens_buf[PROGS_INFO_FUNCS], maps_buf[PROGS_INFO_MAPS];
};

static void progs_info_arrays_free(struct progs_info_arrays *a)
{
	if (a->ksyms != a->ksyms_buf)
		free(a->ksyms);
	if (a->lens != a->lens_buf)
		free(a->lens);
	if (a->maps != a->maps_buf)
		free(a->maps);
	a->ksyms = NULL, a->lens = NULL, a->maps = NULL;
}

static int progs_info_arrays_size(struct progs_info_arrays *a, uint32_t nr_funcs, uint32_t nr_maps)
{
	progs_info_arrays_free(a);
	a->nr_funcs = nr_funcs < 1 ? 1 : nr_funcs;
	a->nr_maps = nr_maps;
	a->ksyms = a->nr_funcs <= PROGS_INFO_FUNCS ? a->ksyms_buf
						    : calloc(a->nr_funcs, sizeof(*a->ksyms));
	a->lens = a->nr_funcs <= PROGS_INFO_FUNCS ? a->lens_buf
						   : calloc(a->nr_funcs, sizeof(*a->lens));
	a->maps = a->nr_maps <= PROGS_INFO_MAPS ? a->maps_buf : calloc(a->nr_maps, sizeof(*a->maps));
	return a->ksyms && a->lens && a->maps ? 0 : -ENOMEM;
}

/* One info call with arrays sized from what the last refresh saw (a
 * second one only when they were too small), so a steady refresh costs what
 * a bare enumeration does. The kernel fills min(given, actual) entries and
 * reports the actual counts (bpf_prog_get_info_by_fd()). */
static int progs_get_info(int fd, struct bpf_prog_info *info, struct progs_info_arrays *a,
			  uint32_t nr_funcs, uint32_t nr_maps)
{
	for (int round = 0; round < 3; round++) {
		__u32 len = sizeof(*info);

		if (progs_info_arrays_size(a, nr_funcs, nr_maps))
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
		if (info->nr_jited_ksyms <= a->nr_funcs && info->nr_jited_func_lens <= a->nr_funcs &&
		    info->nr_map_ids <= a->nr_maps)
			return 0;
		nr_funcs = info->nr_jited_ksyms > info->nr_jited_func_lens
				   ? info->nr_jited_ksyms : info->nr_jited_func_lens;
		nr_maps = info->nr_map_ids;
	}
	return -EAGAIN; /* maps keep being bound: give up on this program */
}

/* Fills p from the program behind fd. hidden gets whether the kernel
 * withheld the addresses (it clears the jited_ksyms pointer then). */
static int progs_fill(struct progs_cache *cache, int fd, const struct prog_memo_entry *known,
		      int64_t boot_offset, struct progs_prog *p, bool *hidden)
{
	struct progs_info_arrays a = { 0 };
	struct bpf_prog_info info;
	const char *type;
	int64_t wall;
	int err;

	*hidden = false;
	err = progs_get_info(fd, &info, &a,
			     known && known->nr_funcs ? known->nr_funcs : PROGS_INFO_FUNCS,
			     known ? known->nr_maps : PROGS_INFO_MAPS);
	if (err)
		goto out;
	p->id = info.id;
	p->type = info.type;
	type = libbpf_bpf_prog_type_str(info.type);
	p->type_name = type ? type : "unknown";
	memcpy(p->name, info.name, sizeof(p->name) - 1);
	for (size_t i = 0; i < sizeof(info.tag); i++) {
		p->tag[2 * i] = "0123456789abcdef"[info.tag[i] >> 4];
		p->tag[2 * i + 1] = "0123456789abcdef"[info.tag[i] & 0xf];
	}
	p->tag[2 * sizeof(info.tag)] = '\0';
	wall = boot_offset + (int64_t)info.load_time;
	p->load_time.tv_sec = (time_t)(wall / 1000000000);
	p->load_time.tv_nsec = (long)(wall % 1000000000);
	p->uid = info.created_by_uid;
	progs_user_name(cache, p->uid, p->user, sizeof(p->user));
	p->bytes_xlated = info.xlated_prog_len;
	p->bytes_jited = info.jited_prog_len;
	p->gpl_compatible = info.gpl_compatible;
	p->btf_id = info.btf_id;
	p->verified_insns = info.verified_insns;
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
	if (known) {
		p->memlock = known->memlock;
		if (known->btf_name && !(p->btf_name = strdup(known->btf_name)))
			err = -ENOMEM;
	} else {
		p->memlock = progs_read_memlock(&cache->root, fd);
		p->btf_name = progs_read_btf_name(fd, &info);
	}
out:
	progs_info_arrays_free(&a);
	return err;
}

/* next_id -> fd_by_id -> info -> close, skipping programs that vanish. */
static int progs_enumerate(struct progs_cache *cache, struct progs_list *out, bool **hidden)
{
	int64_t boot_offset = progs_boot_offset();
	size_t cap = cache->memo.nr + 16;
	__u32 id = 0;
	int err;

	out->progs = calloc(cap, sizeof(*out->progs));
	*hidden = calloc(cap, sizeof(**hidden));
	if (!out->progs || !*hidden)
		return -ENOMEM;
	for (;;) {
		struct progs_prog *p;
		int fd;

		if (bpf_prog_get_next_id(id, &id)) {
			err = -errno;
			return err == -ENOENT ? 0 : err;
		}
		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0) {
			if (errno == ENOENT)
				continue; /* unloaded since next_id */
			return -errno;
		}
		if (out->nr_progs == cap) {
			struct progs_prog *np = realloc(out->progs, 2 * cap * sizeof(*np));
			bool *nh = np ? realloc(*hidden, 2 * cap * sizeof(*nh)) : NULL;

			if (np)
				out->progs = np;
			if (!np || !nh) {
				close(fd);
				return -ENOMEM;
			}
			*hidden = nh;
			memset(out->progs + cap, 0, cap * sizeof(*np));
			cap *= 2;
		}
		p = &out->progs[out->nr_progs];
		err = progs_fill(cache, fd, prog_memo_find(&cache->memo, id), boot_offset, p,
				 &(*hidden)[out->nr_progs]);
		close(fd);
		if (err == -ENOENT || err == -EAGAIN) {
			progs_prog_free(p);
			memset(p, 0, sizeof(*p));
			continue;
		}
		out->nr_progs++;
		if (err)
			return err;
	}
}

/* ---- the refresh ---- */

static int progs_make_key(const struct progs_context *ctx, const struct progs_list *list,
			  const bool *hidden, struct progs_cache_key *key)
{
	memset(key, 0, sizeof(*key));
	key->jit_kallsyms = progs_symbols_knob(ctx, KNOB_JIT_KALLSYMS);
	key->jit_harden = progs_symbols_knob(ctx, KNOB_JIT_HARDEN);
	key->kptr_restrict = ctx->kptr_restrict;
	key->cap_syslog = ctx->cap_syslog;
	key->ids = malloc((list->nr_progs ? list->nr_progs : 1) * sizeof(*key->ids));
	if (!key->ids)
		return -ENOMEM;
	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].bytes_jited && !hidden[i])
			key->ids[key->nr_ids++] = list->progs[i].id;
	return 0;
}

/* Whether the finished table can name this program: read under the same
 * knobs, with the program loaded. */
static bool progs_table_covers(const struct progs_cache *cache, const struct progs_cache_key *key,
			       uint32_t id)
{
	const struct progs_cache_key *t = &cache->table.key;

	return cache->have_table && t->jit_kallsyms == key->jit_kallsyms &&
	       t->jit_harden == key->jit_harden && t->kptr_restrict == key->kptr_restrict &&
	       t->cap_syslog == key->cap_syslog && progs_cache_key_has(t, id);
}

/* Names every program it can from the table and sets the reasons. With
 * current (the table was read for exactly this program set and knobs), a
 * covered program that lacks a name and was not re-read for yet is marked
 * for one more read; returns how many were, or -ENOMEM. */
static long progs_resolve_all(struct progs_cache *cache, const struct progs_context *ctx,
			      const struct progs_cache_key *key, bool current, const bool *hidden,
			      struct progs_list *out)
{
	bool listed = progs_symbols_listed(ctx);
	long recheck = 0;

	out->symbols_pending = false;
	for (size_t i = 0; i < out->nr_progs; i++) {
		struct progs_prog *p = &out->progs[i];
		struct progs_symbols_facts f = { .jited = p->bytes_jited != 0,
						 .addrs_hidden = hidden[i] };

		for (size_t j = 0; j < p->nr_syms; j++) {
			free(p->syms[j].name);
			p->syms[j].name = NULL;
		}
		if (f.jited && listed && !f.addrs_hidden) {
			if (!progs_table_covers(cache, key, p->id)) {
				f.pending = true;
			} else if (cache->table.error) {
				f.read_error = cache->table.error;
			} else if (cache->table.ks.addrs_hidden) {
				f.addrs_hidden = true;
			} else {
				int missing = progs_symbols_resolve(p, &cache->table.ks);

				if (missing < 0)
					return missing;
				f.nr_unresolved = (size_t)missing;
				/* a program loaded or unloaded mid-read can make
				 * the kernel skip an entry: read once more */
				if (missing && current &&
				    prog_memo_claim_recheck(&cache->memo, p->id)) {
					f.nr_unresolved = 0;
					f.pending = true;
					recheck++;
				}
			}
		}
		p->symbols_missing = progs_symbols_sentence(progs_symbols_reason(ctx, &f));
		out->symbols_pending |= f.pending;
	}
	return recheck;
}

static int progs_copy_others(struct progs_cache *cache, struct progs_list *out)
{
	const struct progs_cache_table *t = &cache->table;
	int err = progs_cache_others(cache, out);

	if (err || !t->nr_others)
		return err;
	/* copied: the table may be replaced while the list lives */
	out->others = calloc(t->nr_others, sizeof(*out->others));
	if (!out->others)
		return -ENOMEM;
	for (size_t i = 0; i < t->nr_others; i++) {
		out->others[i].addr = t->others[i].addr;
		out->others[i].name = strdup(t->others[i].name);
		if (!out->others[i].name)
			return -ENOMEM;
		out->nr_others++;
	}
	return 0;
}

static bool progs_table_current(const struct progs_cache *cache, const struct progs_cache_key *key)
{
	return cache->have_table && progs_cache_key_equal(&cache->table.key, key);
}

/* Starts the /proc/kallsyms read this program set needs, if any, so that
 * it runs while the owners are scanned. */
static int progs_symbols_begin(struct progs_cache *cache, const struct progs_context *ctx,
			       const struct progs_cache_key *key)
{
	bool want = progs_symbols_listed(ctx) && progs_symbols_addrs_visible(ctx);

	/* an early read started before this enumeration is for this set */
	if (cache->running && !cache->job_key_set && progs_cache_set_job_key(cache, key))
		return -ENOMEM;
	if (want && !progs_table_current(cache, key) && !cache->running)
		return progs_cache_start(cache, key);
	return 0;
}

static int progs_symbols_finish(struct progs_cache *cache, const struct progs_context *ctx,
				bool wait, const struct progs_cache_key *key, const bool *hidden,
				struct progs_list *out)
{
	bool want = progs_symbols_listed(ctx) && progs_symbols_addrs_visible(ctx);
	long recheck;
	int err = 0;

	if (want && wait && !progs_table_current(cache, key)) {
		progs_cache_collect(cache, true);
		/* the read that was running was for an older set */
		if (!progs_table_current(cache, key) && !(err = progs_cache_start(cache, key)))
			progs_cache_collect(cache, true);
	}
	if (err)
		return err;
	recheck = progs_resolve_all(cache, ctx, key, progs_table_current(cache, key), hidden, out);
	if (recheck > 0 && !cache->running && !progs_cache_start(cache, key) && wait) {
		progs_cache_collect(cache, true);
		recheck = progs_resolve_all(cache, ctx, key, true, hidden, out);
	}
	err = recheck < 0 ? (int)recheck : 0;
	if (!err && want && cache->have_table && !cache->table.error &&
	    !cache->table.ks.addrs_hidden)
		err = progs_copy_others(cache, out);
	if (cache->have_table)
		out->kallsyms_error = cache->table.error;
	return err;
}

static int progs_refresh_owners(struct progs_cache *cache, struct progs_list *out)
{
	uint32_t *ids = malloc((out->nr_progs ? out->nr_progs : 1) * sizeof(*ids));

	if (!ids)
		return -ENOMEM;
	for (size_t i = 0; i < out->nr_progs; i++)
		ids[i] = out->progs[i].id;
	/* best effort: a /proc that cannot be read leaves no owners */
	progs_owners_update(cache->owners, &cache->root, ids, out->nr_progs,
			    PROGS_OWNERS_BUDGET(out->nr_progs));
	free(ids);
	return progs_owners_fill(cache->owners, out->progs, out->nr_progs);
}

int progs_refresh(struct progs_cache *cache, const struct progs_context *ctx, bool wait,
		  struct progs_list *out)
{
	struct progs_cache_key key = { 0 };
	bool *hidden = NULL;
	int err;

	progs_init();
	memset(out, 0, sizeof(*out));
	if (!cache->root.live) {
		out->error = -EOPNOTSUPP;
		out->error_text = progs_error_text(out->error);
		return 0;
	}
	progs_cache_collect(cache, false);
	/* No table yet (first refresh): start reading now, alongside the
	 * enumeration; the key is set once the program set is known. */
	if (!cache->have_table && !cache->running && progs_symbols_listed(ctx) &&
	    progs_symbols_addrs_visible(ctx))
		progs_cache_start(cache, NULL);

	err = progs_enumerate(cache, out, &hidden);
	if (err && err != -ENOMEM) {
		progs_list_free(out);
		out->error = err;
		out->error_text = progs_error_text(err);
		free(hidden);
		return 0;
	}
	if (!err)
		err = prog_memo_update(&cache->memo, out);
	if (!err)
		err = progs_make_key(ctx, out, hidden, &key);
	if (!err)
		err = progs_symbols_begin(cache, ctx, &key);
	if (!err)
		err = progs_refresh_owners(cache, out);
	if (!err)
		err = progs_symbols_finish(cache, ctx, wait, &key, hidden, out);
	progs_cache_key_free(&key);
	free(hidden);
	if (err) {
		progs_list_free(out);
		out->error = err;
		out->error_text = progs_error_text(err);
	}
	return err == -ENOMEM ? err : 0;
}
