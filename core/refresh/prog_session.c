/* The BPF programs the kernel has loaded: the refresh that ties together
 * their enumeration (prog_info.c), what is kept of them between refreshes
 * (prog_memo.c), their owners (progs_owners.c) and their symbols
 * (ksyms_cache.c). */
#include "refresh/prog_session.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "attach/attach.h"
#include "fdscan/fdscan.h"
#include "ksyms/jit_images.h"
#include "ksyms/ksyms_cache.h"
#include "progs/prog_info.h"
#include "progs/prog_maps.h"
#include "progs/prog_memo.h"
#include "progs/prog_owners.h"
#include "refresh/prog_session_stats.h"
#include "ksyms/prog_symbols.h"
#include "base/uid_names.h"

struct progs_cache {
	struct procroot root;
	struct ksyms_cache *ksyms;
	struct prog_memo memo;
	struct uid_names users;
	struct fdscan *fds;
	struct attach_cache *attach;
	struct prog_maps *maps; /* the maps programs use, kept per map id */
	struct jit_images *images; /* what the other JIT images serve */
};

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

void progs_list_free(struct progs_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->nr_progs; i++) {
		attach_prog_clear(&list->progs[i]);
		prog_info_clear(&list->progs[i]);
	}
	free(list->progs);
	jit_images_clear(list);
	progs_symbols_free(list->others, list->nr_others);
	memset(list, 0, sizeof(*list));
}

/* ---- the session ---- */

struct progs_cache *progs_cache_new(const struct procroot *root)
{
	struct progs_cache *cache;

	progs_init();
	cache = calloc(1, sizeof(*cache));
	if (!cache)
		return NULL;
	cache->root = *root;
	cache->ksyms = ksyms_cache_new(root);
	cache->fds = fdscan_new();
	cache->attach = attach_cache_new();
	cache->maps = prog_maps_new(root);
	cache->images = jit_images_new();
	if (!cache->ksyms || !cache->fds || !cache->attach || !cache->maps || !cache->images) {
		progs_cache_free(cache);
		return NULL;
	}
	return cache;
}

void progs_cache_free(struct progs_cache *cache)
{
	if (!cache)
		return;
	ksyms_cache_free(cache->ksyms);
	prog_memo_free(&cache->memo);
	uid_names_free(&cache->users);
	fdscan_free(cache->fds);
	attach_cache_free(cache->attach);
	prog_maps_free(cache->maps);
	jit_images_free(cache->images);
	free(cache);
}

bool progs_cache_ready(struct progs_cache *cache)
{
	return cache && ksyms_cache_ready(cache->ksyms);
}

int progs_cache_fd(struct progs_cache *cache)
{
	return cache ? ksyms_cache_fd(cache->ksyms) : -1;
}

unsigned long progs_cache_nr_reads(const struct progs_cache *cache)
{
	return ksyms_cache_nr_reads(cache->ksyms);
}

bool progs_cache_reading(const struct progs_cache *cache)
{
	return ksyms_cache_reading(cache->ksyms);
}

unsigned long progs_cache_nr_walks(const struct progs_cache *cache)
{
	return attach_cache_nr_walks(cache->attach);
}

void progs_cache_expire_walks(struct progs_cache *cache)
{
	attach_cache_expire(cache->attach);
}

/* ---- the refresh ---- */

static int progs_refresh_owners(struct progs_cache *cache, struct progs_list *out)
{
	/* Best effort: who holds a program is a detail of the list, so a scan
	 * that fails does not fail the refresh; it is kept for the caller. */
	out->owners_error = progs_owners_scan(cache->fds, &cache->root, out);
	return progs_owners_fill(cache->fds, out);
}

static void progs_fail(struct progs_list *out, int err)
{
	progs_list_free(out);
	out->error = err;
	out->error_text = progs_error_text(err);
}

static int progs_refresh_list(struct progs_cache *cache, const struct progs_context *ctx,
			      bool wait, struct progs_list *out)
{
	bool *hidden = NULL;
	int err;

	progs_init();
	memset(out, 0, sizeof(*out));
	if (!cache->root.live) {
		progs_fail(out, -EOPNOTSUPP);
		return 0;
	}
	/* Best effort: this early read only gets ahead of the one the program
	 * set needs, which ksyms_cache_schedule() starts (and fails on) anyway.
	 * A table read later replaces this error. */
	out->kallsyms_error = ksyms_cache_begin(cache->ksyms, ctx);
	err = prog_info_enumerate(&cache->root, &cache->memo, &cache->users, out, &hidden);
	if (err && err != -ENOMEM) {
		progs_fail(out, err);
		free(hidden);
		return 0;
	}
	if (!err)
		err = prog_memo_update(&cache->memo, out);
	if (!err)
		err = prog_maps_fill(cache->maps, out);
	if (!err)
		err = ksyms_cache_schedule(cache->ksyms, ctx, out, hidden);
	if (!err)
		err = progs_refresh_owners(cache, out);
	if (!err)
		err = attach_refresh(cache->attach, &cache->root, cache->fds, out);
	if (!err)
		err = ksyms_cache_resolve(cache->ksyms, ctx, wait, hidden, &cache->memo, out);
	if (!err)
		err = jit_images_describe(cache->images, out);
	free(hidden);
	if (err)
		progs_fail(out, err);
	return err == -ENOMEM ? err : 0;
}

int progs_refresh(struct progs_cache *cache, const struct progs_context *ctx, bool wait,
		  struct progs_list *out)
{
	/* the rates' clock: as close to the counters' reading as one read of
	 * the clock for all programs gets */
	uint64_t now = progs_stats_now();
	int err = progs_refresh_list(cache, ctx, wait, out);

	if (progs_stats_update(&cache->memo, cache->fds, ctx, now, out) && !err)
		err = -ENOMEM;
	return err;
}

void progs_cache_history(const struct progs_cache *cache, uint32_t id,
			 struct prog_history *out)
{
	prog_memo_history(&cache->memo, id, out);
}
