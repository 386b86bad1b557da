/* The BPF programs the kernel has loaded: the refresh that enumerates them
 * (prog_info.c) and ties in their owners and symbols. */
#include "progs_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "prog_info.h"

/* How many readlinks' worth of owner fds a refresh re-checks: about 5% of
 * what the enumeration costs (an fd check is ~3 us, a program ~4.5 us). */
#define PROGS_OWNERS_BUDGET(nr_progs) (32 + (nr_progs) / 16)

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
	for (size_t i = 0; i < list->nr_progs; i++)
		prog_info_clear(&list->progs[i]);
	free(list->progs);
	progs_symbols_free(list->others, list->nr_others);
	memset(list, 0, sizeof(*list));
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

	err = prog_info_enumerate(&cache->root, &cache->memo, &cache->users, out, &hidden);
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
