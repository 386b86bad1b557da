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
	if (!info)
		return;
	free(info->map_ids);
	free(info->syms);
	free(info);
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

/* Copies of a program's map ids and functions (addresses and lengths) */
static int prog_memo_arrays(const uint32_t *map_ids, uint32_t nr_map_ids,
			    const struct prog_symbol *syms, size_t nr_syms, bool jited,
			    uint32_t **map_ids_out, struct prog_symbol **syms_out)
{
	*map_ids_out = NULL;
	*syms_out = NULL;
	if (nr_map_ids && !(*map_ids_out = malloc(nr_map_ids * sizeof(*map_ids))))
		return -ENOMEM;
	if (jited && !(*syms_out = calloc(nr_syms ? nr_syms : 1, sizeof(*syms)))) {
		free(*map_ids_out);
		*map_ids_out = NULL;
		return -ENOMEM;
	}
	if (nr_map_ids)
		memcpy(*map_ids_out, map_ids, nr_map_ids * sizeof(*map_ids));
	for (size_t i = 0; jited && i < nr_syms; i++)
		(*syms_out)[i] = (struct prog_symbol){ .addr = syms[i].addr, .len = syms[i].len };
	return 0;
}

/* Sets info to p's fields of bpf_prog_info (prog_memo_info_apply() the
 * other way: the two name the same fields). */
static int prog_memo_info_set(struct prog_memo_info *info, const struct prog *p, bool hidden)
{
	uint32_t *map_ids;
	struct prog_symbol *syms;

	if (prog_memo_arrays(p->map_ids, p->nr_map_ids, p->syms, p->nr_syms, p->syms, &map_ids,
			     &syms))
		return -ENOMEM;
	free(info->map_ids);
	free(info->syms);
	info->map_ids = map_ids;
	info->nr_map_ids = p->nr_map_ids;
	info->syms = syms;
	info->nr_syms = p->nr_syms;
	info->jited = p->syms;
	info->load_time = p->load_time;
	info->run_cnt = p->stats.run_cnt;
	info->run_time_ns = p->stats.run_time_ns;
	info->recursion_misses = p->stats.recursion_misses;
	info->recursion_misses_absent = p->stats.recursion_misses_absent;
	info->type = p->type;
	info->uid = p->uid;
	info->bytes_xlated = p->bytes_xlated;
	info->bytes_jited = p->bytes_jited;
	info->btf_id = p->btf_id;
	info->verified_insns = p->verified_insns;
	info->verified_insns_absent = p->verified_insns_absent;
	info->gpl_compatible = p->gpl_compatible;
	memcpy(info->name, p->name, sizeof(info->name));
	memcpy(info->tag, p->tag, sizeof(info->tag));
	info->hidden = hidden;
	if (info->nr_reads < UINT_MAX)
		info->nr_reads++;
	return 0;
}

int prog_memo_info_apply(const struct prog_memo_info *info, struct prog *p, bool *hidden)
{
	if (prog_memo_arrays(info->map_ids, info->nr_map_ids, info->syms, info->nr_syms,
			     info->jited, &p->map_ids, &p->syms))
		return -ENOMEM;
	p->nr_map_ids = info->nr_map_ids;
	p->nr_syms = info->nr_syms;
	p->load_time = info->load_time;
	p->stats.run_cnt = info->run_cnt;
	p->stats.run_time_ns = info->run_time_ns;
	p->stats.recursion_misses = info->recursion_misses;
	p->stats.recursion_misses_absent = info->recursion_misses_absent;
	p->type = info->type;
	p->uid = info->uid;
	p->bytes_xlated = info->bytes_xlated;
	p->bytes_jited = info->bytes_jited;
	p->btf_id = info->btf_id;
	p->verified_insns = info->verified_insns;
	p->verified_insns_absent = info->verified_insns_absent;
	p->gpl_compatible = info->gpl_compatible;
	memcpy(p->name, info->name, sizeof(p->name));
	memcpy(p->tag, info->tag, sizeof(p->tag));
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
		if (!e->info && !(e->info = calloc(1, sizeof(*e->info)))) {
			err = -ENOMEM;
			continue;
		}
		if (prog_memo_info_set(e->info, &list->progs[i], hidden[i])) {
			prog_memo_info_free(e->info);
			e->info = NULL;
			err = -ENOMEM;
		}
	}
	return err;
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
