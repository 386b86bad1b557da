/* The per-id memory of the program list (see prog_memo.h). */
#include "progs/prog_memo.h"

#include <errno.h>
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

static void prog_memo_free_entries(struct prog_memo_entry *entries, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(entries[i].btf_name);
		prog_rates_free(entries[i].rates);
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
		}
	}
	prog_memo_free_entries(memo->entries, memo->nr);
	memo->entries = entries;
	memo->nr = list->nr_progs;
	return 0;
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
