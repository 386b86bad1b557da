/* The /proc/kallsyms table of the program list and when to read it again
 * (see ksyms_cache.h). */
#include "ksyms/ksyms_cache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/privs.h"
#include "ksyms/ksyms_iter.h"
#include "ksyms/ksyms_table.h"
#include "ksyms/ksyms_reader.h"
#include "ksyms/ksyms_names.h"
#include "base/sorted.h"

/* One finished read. */
struct ksyms_cache_table {
	struct ksyms_table ks;
	int error; /* -errno of the read, 0 when fine */
	struct ksyms_cache_key key;
	struct prog_symbol *others; /* computed once per table */
	size_t nr_others;
	bool others_done;
};

struct ksyms_cache {
	struct ksyms_reader *reader;
	bool iter_wanted;               /* a live /proc, iterators not refused */
	bool iter_tried;
	struct ksyms_iter *iter;        /* bpfknobs' ksym iterator, when it loaded */
	struct ksyms_cache_table table; /* the last finished read */
	bool have_table;
	struct ksyms_cache_key job_key; /* what the running read is for */
	bool job_key_set;               /* false for a read started before the enumeration */
	struct ksyms_cache_key key;     /* this refresh's, from ksyms_cache_schedule() */
};

/* ---- keys ---- */

int ksyms_cache_key_make(struct ksyms_cache_key *key, const struct prog_context *ctx,
			 const struct prog_list *list, const bool *hidden)
{
	memset(key, 0, sizeof(*key));
	key->jit_kallsyms = ksyms_names_knob(ctx, KNOB_JIT_KALLSYMS);
	key->jit_harden = ksyms_names_knob(ctx, KNOB_JIT_HARDEN);
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

void ksyms_cache_key_free(struct ksyms_cache_key *key)
{
	free(key->ids);
	memset(key, 0, sizeof(*key));
}

int ksyms_cache_key_copy(struct ksyms_cache_key *dst, const struct ksyms_cache_key *src)
{
	uint32_t *ids = NULL;

	if (src->nr_ids) {
		ids = malloc(src->nr_ids * sizeof(*ids));
		if (!ids)
			return -ENOMEM;
		memcpy(ids, src->ids, src->nr_ids * sizeof(*ids));
	}
	ksyms_cache_key_free(dst);
	*dst = *src;
	dst->ids = ids;
	return 0;
}

/* Whether two reads would see the same listing and addresses. */
static bool ksyms_cache_key_same_knobs(const struct ksyms_cache_key *a,
				       const struct ksyms_cache_key *b)
{
	return a->jit_kallsyms == b->jit_kallsyms && a->jit_harden == b->jit_harden &&
	       a->kptr_restrict == b->kptr_restrict && a->cap_syslog == b->cap_syslog;
}

bool ksyms_cache_key_equal(const struct ksyms_cache_key *a, const struct ksyms_cache_key *b)
{
	return a->nr_ids == b->nr_ids && ksyms_cache_key_same_knobs(a, b) &&
	       (!a->nr_ids || !memcmp(a->ids, b->ids, a->nr_ids * sizeof(*a->ids)));
}

bool ksyms_cache_key_has(const struct ksyms_cache_key *key, uint32_t id)
{
	return sorted_u32_has(key->ids, key->nr_ids, id);
}

/* ---- the table and its reads ---- */

struct ksyms_cache *ksyms_cache_new(const struct procroot *root)
{
	struct ksyms_cache *cache = calloc(1, sizeof(*cache));

	if (!cache)
		return NULL;
	cache->reader = ksyms_reader_new(root);
	if (!cache->reader) {
		free(cache);
		return NULL;
	}
	cache->iter_wanted = root->live && !root->no_iterator;
	return cache;
}

static void ksyms_cache_table_free(struct ksyms_cache_table *table)
{
	ksyms_table_free(&table->ks);
	ksyms_cache_key_free(&table->key);
	prog_symbols_free(table->others, table->nr_others);
	memset(table, 0, sizeof(*table));
}

void ksyms_cache_free(struct ksyms_cache *cache)
{
	if (!cache)
		return;
	ksyms_reader_free(cache->reader);
	ksyms_iter_free(cache->iter);
	ksyms_cache_table_free(&cache->table);
	ksyms_cache_key_free(&cache->job_key);
	ksyms_cache_key_free(&cache->key);
	free(cache);
}

bool ksyms_cache_ready(const struct ksyms_cache *cache)
{
	return ksyms_reader_ready(cache->reader);
}

int ksyms_cache_fd(const struct ksyms_cache *cache)
{
	return ksyms_reader_fd(cache->reader);
}

unsigned long ksyms_cache_nr_reads(const struct ksyms_cache *cache)
{
	return ksyms_reader_nr_reads(cache->reader);
}

bool ksyms_cache_reading(const struct ksyms_cache *cache)
{
	return ksyms_reader_running(cache->reader);
}

void ksyms_cache_hold(struct ksyms_cache *cache, bool hold)
{
	ksyms_reader_hold(cache->reader, hold);
}

/* bpfknobs' ksym iterator, loaded once, before the first read, which
 * goes through it: on a live /proc, to a process that may list programs
 * (CAP_SYS_ADMIN, as the holders' iterator), unless --no-iterator. Where
 * it does not load, the reads are of the file. */
static void ksyms_cache_prepare_iter(struct ksyms_cache *cache)
{
	struct privs privs;

	if (cache->iter_tried || !cache->iter_wanted)
		return;
	cache->iter_tried = true;
	if (privs_read(&privs) || !privs.cap[PRIVS_CAP_SYS_ADMIN])
		return;
	if (!ksyms_iter_open(&cache->iter))
		(void)ksyms_reader_use_iter(cache->reader, cache->iter);
}

/* Starts a read for key; NULL: the key is set by ksyms_cache_schedule(). */
static int ksyms_cache_start(struct ksyms_cache *cache, const struct ksyms_cache_key *key)
{
	int err;

	if (ksyms_reader_running(cache->reader))
		return -EBUSY;
	ksyms_cache_prepare_iter(cache);
	ksyms_cache_key_free(&cache->job_key);
	cache->job_key_set = false;
	if (key) {
		err = ksyms_cache_key_copy(&cache->job_key, key);
		if (err)
			return err;
		cache->job_key_set = true;
	}
	return ksyms_reader_start(cache->reader);
}

/* Takes a finished read as the new table; with wait, waits for a running one. */
static void ksyms_cache_collect(struct ksyms_cache *cache, bool wait)
{
	struct ksyms_table ks;
	int error;

	if (!ksyms_reader_collect(cache->reader, wait, &ks, &error))
		return;
	/* the read was made from the file instead: the iterator goes */
	if (ksyms_reader_iter_failed(cache->reader)) {
		(void)ksyms_reader_use_iter(cache->reader, NULL);
		ksyms_iter_free(cache->iter);
		cache->iter = NULL;
	}
	ksyms_cache_table_free(&cache->table);
	cache->table.ks = ks;
	cache->table.error = error;
	cache->table.key = cache->job_key; /* ownership moves */
	memset(&cache->job_key, 0, sizeof(cache->job_key));
	cache->job_key_set = false;
	cache->have_table = true;
}

/* Whether the table was read for exactly this refresh's programs and knobs. */
static bool ksyms_cache_current(const struct ksyms_cache *cache)
{
	return cache->have_table && ksyms_cache_key_equal(&cache->table.key, &cache->key);
}

/* Whether the table can name this program: read under the same knobs,
 * with the program loaded. */
static bool ksyms_cache_covers(const struct ksyms_cache *cache, uint32_t id)
{
	return cache->have_table && ksyms_cache_key_same_knobs(&cache->table.key, &cache->key) &&
	       ksyms_cache_key_has(&cache->table.key, id);
}

/* Whether a read could name anything: the kernel lists the programs and
 * shows this process their addresses. */
static bool ksyms_cache_wanted(const struct prog_context *ctx)
{
	return ksyms_names_listed(ctx) && ksyms_names_addrs_visible(ctx);
}

int ksyms_cache_begin(struct ksyms_cache *cache, const struct prog_context *ctx)
{
	ksyms_cache_collect(cache, false);
	if (!cache->have_table && !ksyms_reader_running(cache->reader) && ksyms_cache_wanted(ctx))
		return ksyms_cache_start(cache, NULL);
	return 0;
}

int ksyms_cache_schedule(struct ksyms_cache *cache, const struct prog_context *ctx,
			 const struct prog_list *list, const bool *hidden)
{
	int err;

	ksyms_cache_key_free(&cache->key);
	err = ksyms_cache_key_make(&cache->key, ctx, list, hidden);
	if (err)
		return err;
	/* an early read started before this enumeration is for this set */
	if (ksyms_reader_running(cache->reader) && !cache->job_key_set) {
		err = ksyms_cache_key_copy(&cache->job_key, &cache->key);
		if (err)
			return err;
		cache->job_key_set = true;
	}
	if (ksyms_cache_wanted(ctx) && !ksyms_cache_current(cache) &&
	    !ksyms_reader_running(cache->reader))
		return ksyms_cache_start(cache, &cache->key);
	return 0;
}

/* ---- names ---- */

/* Names every program it can from the table and sets the reasons. With
 * current (the table was read for exactly this program set and knobs), a
 * covered program that lacks a name and may still be read for once more
 * is marked for that read; returns how many were, or -ENOMEM. */
static long ksyms_cache_name_all(struct ksyms_cache *cache, const struct prog_context *ctx,
				 bool current, const bool *hidden, struct prog_memo *memo,
				 struct prog_list *out)
{
	bool listed = ksyms_names_listed(ctx);
	long recheck = 0;

	out->symbols_pending = false;
	for (size_t i = 0; i < out->nr_progs; i++) {
		struct prog *p = &out->progs[i];
		struct ksyms_names_facts f = { .jited = p->bytes_jited != 0,
						.addrs_hidden = hidden[i] };

		for (size_t j = 0; j < p->nr_syms; j++) {
			free(p->syms[j].name);
			p->syms[j].name = NULL;
		}
		if (f.jited && listed && !f.addrs_hidden) {
			if (!ksyms_cache_covers(cache, p->id)) {
				f.pending = true;
			} else if (cache->table.error) {
				f.read_error = cache->table.error;
			} else if (cache->table.ks.addrs_hidden) {
				f.addrs_hidden = true;
			} else {
				int missing = ksyms_names_resolve(p, &cache->table.ks);

				if (missing < 0)
					return missing;
				f.nr_unresolved = (size_t)missing;
				/* a program loaded or unloaded mid-read can make
				 * the kernel skip an entry: read once more */
				if (missing && current && prog_memo_claim_recheck(memo, p->id)) {
					f.nr_unresolved = 0;
					f.pending = true;
					recheck++;
				}
			}
		}
		p->symbols_missing = ksyms_names_sentence(ksyms_names_reason(ctx, &f));
		out->symbols_pending |= f.pending;
	}
	return recheck;
}

/* The table's images that belong to no program, found once per table and
 * copied (the table may be replaced while the list lives). */
static int ksyms_cache_copy_others(struct ksyms_cache *cache, struct prog_list *out)
{
	struct ksyms_cache_table *t = &cache->table;

	if (!t->others_done) {
		int err = ksyms_names_others(&t->ks, out, &t->others, &t->nr_others);

		if (err)
			return err;
		t->others_done = true;
	}
	return ksyms_names_copy(t->others, t->nr_others, &out->others, &out->nr_others);
}

int ksyms_cache_resolve(struct ksyms_cache *cache, const struct prog_context *ctx, bool wait,
			const bool *hidden, struct prog_memo *memo, struct prog_list *out)
{
	bool want = ksyms_cache_wanted(ctx);
	long recheck;
	int err = 0;

	if (want && wait && !ksyms_cache_current(cache)) {
		ksyms_cache_collect(cache, true);
		/* the read that was running was for an older set */
		if (!ksyms_cache_current(cache) && !(err = ksyms_cache_start(cache, &cache->key)))
			ksyms_cache_collect(cache, true);
	}
	if (err)
		return err;
	recheck = ksyms_cache_name_all(cache, ctx, ksyms_cache_current(cache), hidden, memo, out);
	/* With wait, a re-read can skip other programs in its turn (while
	 * programs come and go): read again for those too. Each program is
	 * read for once more at most, so this ends. */
	while (recheck > 0 && !ksyms_reader_running(cache->reader) &&
	       !ksyms_cache_start(cache, &cache->key) && wait) {
		ksyms_cache_collect(cache, true);
		recheck = ksyms_cache_name_all(cache, ctx, true, hidden, memo, out);
	}
	err = recheck < 0 ? (int)recheck : 0;
	if (!err && want && cache->have_table && !cache->table.error &&
	    !cache->table.ks.addrs_hidden)
		err = ksyms_cache_copy_others(cache, out);
	if (cache->have_table) {
		out->kallsyms_error = cache->table.error;
		out->kallsyms_source = cache->table.error ? PROG_KALLSYMS_NONE
				       : cache->table.ks.from_iterator ? PROG_KALLSYMS_ITERATOR
				       : PROG_KALLSYMS_FILE;
	}
	return err;
}
