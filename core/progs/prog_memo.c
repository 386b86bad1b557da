/* The per-id memory of the program list (see prog_memo.h). */
#include "progs/prog_memo.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/sorted.h"

static struct prog_memo_entry *prog_memo_lookup(const struct prog_memo *memo, uint32_t id)
{
	return SORTED_FIND(memo->entries, memo->nr, id, id);
}

const struct prog_memo_entry *prog_memo_find(const struct prog_memo *memo, uint32_t id)
{
	return prog_memo_lookup(memo, id);
}

static void prog_memo_info_free(struct prog_memo_info *info)
{
	free(info);
}

static uint32_t *prog_memo_info_map_ids(struct prog_memo_info *info)
{
	return (uint32_t *)(info->funcs + info->nr_funcs);
}

static void prog_memo_free_entries(struct prog_memo_entry *entries, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(entries[i].btf_name);
		prog_rates_free(entries[i].rates);
		prog_memo_info_free(entries[i].info);
	}
	free(entries);
}

void prog_memo_free(struct prog_memo *memo)
{
	prog_memo_free_entries(memo->entries, memo->nr);
	memset(memo, 0, sizeof(*memo));
}

/* The old entry of the program at the head of a merge walk over the memo
 * (both sorted by id), NULL for a new program. */
static struct prog_memo_entry *prog_memo_walk(const struct prog_memo *memo, size_t *j, uint32_t id)
{
	while (*j < memo->nr && memo->entries[*j].id < id)
		(*j)++;
	return *j < memo->nr && memo->entries[*j].id == id ? &memo->entries[*j] : NULL;
}

const struct prog_memo_entry *prog_memo_find_next(const struct prog_memo *memo, size_t *cursor,
						  uint32_t id)
{
	/* behind the cursor: not the ascending walk it is for, but still found */
	if (*cursor > 0 && *cursor <= memo->nr && memo->entries[*cursor - 1].id >= id)
		return prog_memo_lookup(memo, id);
	return prog_memo_walk(memo, cursor, id);
}

int prog_memo_update(struct prog_memo *memo, const struct prog_list *list)
{
	struct prog_memo_entry *entries = calloc(list->nr_progs ? list->nr_progs : 1,
						 sizeof(*entries));
	size_t j = 0;

	if (!entries)
		return -ENOMEM;
	for (size_t i = 0; i < list->nr_progs; i++) {
		const struct prog *p = &list->progs[i];
		const struct prog_memo_entry *old = prog_memo_walk(memo, &j, p->id);
		struct prog_memo_entry *e = &entries[i];

		e->id = p->id;
		e->memlock = p->memlock;
		e->nr_funcs = p->nr_syms ? (uint32_t)p->nr_syms : 1;
		e->nr_maps = p->nr_map_ids;
		e->rechecked = old && old->rechecked;
		/* an old name moves below, once nothing can fail */
		if (!old && p->btf_name && !(e->btf_name = strdup(p->btf_name))) {
			prog_memo_free_entries(entries, i);
			return -ENOMEM;
		}
	}
	j = 0;
	for (size_t i = 0; i < list->nr_progs; i++) {
		struct prog_memo_entry *old = prog_memo_walk(memo, &j, entries[i].id);

		if (old) {
			entries[i].btf_name = old->btf_name;
			old->btf_name = NULL;
			entries[i].rates = old->rates;
			old->rates = NULL;
			entries[i].info = old->info;
			old->info = NULL;
		}
	}
	prog_memo_free_entries(memo->entries, memo->nr);
	memo->entries = entries;
	memo->nr = list->nr_progs;
	return 0;
}

/* The fields of struct prog that bpf_prog_info gives, each with its place
 * in struct prog_memo_info: prog_memo_info_set() copies them one way,
 * prog_memo_info_apply() the other, from this one list. */
#define PROG_MEMO_INFO_FIELDS(X)                                       \
	X(load_time, load_time)                                        \
	X(run_cnt, stats.run_cnt)                                      \
	X(run_time_ns, stats.run_time_ns)                              \
	X(recursion_misses, stats.recursion_misses)                    \
	X(recursion_misses_absent, stats.recursion_misses_absent)      \
	X(type, type)                                                  \
	X(uid, uid)                                                    \
	X(bytes_xlated, bytes_xlated)                                  \
	X(bytes_jited, bytes_jited)                                    \
	X(btf_id, btf_id)                                              \
	X(verified_insns, verified_insns)                              \
	X(verified_insns_absent, verified_insns_absent)                \
	X(gpl_compatible, gpl_compatible)                              \
	X(name, name)                                                  \
	X(tag, tag)

/* memcpy, so that the arrays (name, tag) go as the numbers do */
#define PROG_MEMO_TO_INFO(kept, field)                                           \
	_Static_assert(sizeof(v->kept) == sizeof(p->field), #kept " is " #field); \
	memcpy(&v->kept, &p->field, sizeof(v->kept));
#define PROG_MEMO_TO_PROG(kept, field) memcpy(&p->field, &info->kept, sizeof(p->field));

/* info for p's bpf_prog_info fields (PROG_MEMO_INFO_FIELDS): the one of *info, or a new one when
 * its arrays have other sizes. Returns 0 or -ENOMEM (*info as it was). */
static int prog_memo_info_set(struct prog_memo_info **info, const struct prog *p, bool hidden)
{
	struct prog_memo_info *v = *info;
	uint32_t nr_funcs = p->syms ? (uint32_t)p->nr_syms : 0;

	if (!v || v->nr_funcs != nr_funcs || v->nr_map_ids != p->nr_map_ids) {
		v = calloc(1, sizeof(*v) + nr_funcs * sizeof(v->funcs[0]) +
				      p->nr_map_ids * sizeof(uint32_t));
		if (!v)
			return -ENOMEM;
		v->nr_reads = *info ? (*info)->nr_reads : 0;
		free(*info);
		*info = v;
	}
	v->nr_funcs = nr_funcs;
	v->nr_map_ids = p->nr_map_ids;
	for (uint32_t i = 0; i < nr_funcs; i++)
		v->funcs[i] = (struct prog_memo_func){ .addr = p->syms[i].addr, .len = p->syms[i].len };
	if (p->nr_map_ids)
		memcpy(prog_memo_info_map_ids(v), p->map_ids, p->nr_map_ids * sizeof(uint32_t));
	v->jited = p->syms;
	PROG_MEMO_INFO_FIELDS(PROG_MEMO_TO_INFO)
	v->hidden = hidden;
	if (v->nr_reads < UINT_MAX)
		v->nr_reads++;
	return 0;
}

int prog_memo_info_apply(const struct prog_memo_info *info, struct prog *p, bool *hidden)
{
	const uint32_t *map_ids = (const uint32_t *)(info->funcs + info->nr_funcs);

	p->map_ids = NULL;
	p->syms = NULL;
	if (info->nr_map_ids && !(p->map_ids = malloc(info->nr_map_ids * sizeof(*p->map_ids))))
		return -ENOMEM;
	if (info->jited &&
	    !(p->syms = calloc(info->nr_funcs ? info->nr_funcs : 1, sizeof(*p->syms))))
		return -ENOMEM; /* map_ids is p's, which prog_clear() frees */
	if (info->nr_map_ids)
		memcpy(p->map_ids, map_ids, info->nr_map_ids * sizeof(*p->map_ids));
	for (uint32_t i = 0; i < info->nr_funcs; i++)
		p->syms[i] = (struct prog_symbol){ .addr = info->funcs[i].addr,
						   .len = info->funcs[i].len };
	p->nr_map_ids = info->nr_map_ids;
	p->nr_syms = info->nr_funcs;
	PROG_MEMO_INFO_FIELDS(PROG_MEMO_TO_PROG)
	*hidden = info->hidden;
	return 0;
}

int prog_memo_keep_info(struct prog_memo *memo, const struct prog_list *list,
			const bool *from_memo, const bool *hidden)
{
	int err = 0;

	for (size_t i = 0; i < list->nr_progs && i < memo->nr; i++) {
		struct prog_memo_entry *e = &memo->entries[i];

		if (e->id != list->progs[i].id || from_memo[i])
			continue;
		if (prog_memo_info_set(&e->info, &list->progs[i], hidden[i])) {
			/* what it kept is older than this read: let it go */
			prog_memo_info_free(e->info);
			e->info = NULL;
			err = -ENOMEM;
		}
	}
	return err;
}

void prog_memo_drop_info(struct prog_memo *memo)
{
	for (size_t i = 0; i < memo->nr; i++) {
		prog_memo_info_free(memo->entries[i].info);
		memo->entries[i].info = NULL;
	}
}

bool prog_memo_claim_recheck(struct prog_memo *memo, uint32_t id)
{
	struct prog_memo_entry *e = prog_memo_lookup(memo, id);

	if (!e || e->rechecked)
		return false;
	e->rechecked = true;
	return true;
}

int prog_memo_rates(struct prog_memo *memo, struct prog_list *list, bool counting,
		    uint64_t now_ns)
{
	int err = 0;

	if (counting)
		prog_rates_clock_tick(&memo->clock, now_ns);
	for (size_t i = 0; i < list->nr_progs && i < memo->nr; i++) {
		struct prog *p = &list->progs[i];
		struct prog_memo_entry *e = &memo->entries[i];

		if (e->id != p->id)
			continue; /* not the list of the last update: no rate */
		if (prog_rates_step(&e->rates, &memo->clock, counting, p->stats.run_cnt,
				    p->stats.run_time_ns, &p->stats.rate))
			err = -ENOMEM;
	}
	return err;
}

void prog_memo_history(const struct prog_memo *memo, uint32_t id, struct prog_history *out)
{
	const struct prog_memo_entry *e = prog_memo_find(memo, id);

	prog_rates_history(e ? e->rates : NULL, &memo->clock, out);
}
