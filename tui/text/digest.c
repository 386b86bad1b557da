#include "text/digest.h"

#include <string.h>

#define DIGEST_BASIS 0xcbf29ce484222325ULL
#define DIGEST_PRIME 0x100000001b3ULL

/* FNV-1a's step on a whole 64-bit word, and a fold of the high half down
 * so that the next words mix with it. Both steps are one-to-one, so one
 * differing word always gives a different digest; the digest only has to
 * tell that the screen may have changed, a word at a time (byte by byte
 * it cost a tenth of an idle refresh at 1,000 programs). */
static inline void digest_word(uint64_t *h, uint64_t w)
{
	*h = (*h ^ w) * DIGEST_PRIME;
	*h ^= *h >> 32;
}

static void digest_bytes(uint64_t *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t w;

	digest_word(h, len);
	for (; len >= sizeof(w); p += sizeof(w), len -= sizeof(w)) {
		memcpy(&w, p, sizeof(w));
		digest_word(h, w);
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		digest_word(h, w);
	}
}

static void digest_str(uint64_t *h, const char *s)
{
	/* the length leads, so "ab","c" and "a","bc" differ, and NULL is
	 * no string's length */
	if (s)
		digest_bytes(h, s, strlen(s));
	else
		digest_word(h, UINT64_MAX);
}

#define DIGEST_VAL(h, v)                                                       \
	do {                                                                   \
		__typeof__(v) digest_v_ = (v);                                 \
		uint64_t digest_w_ = 0;                                        \
		_Static_assert(sizeof(digest_v_) <= sizeof(digest_w_), "a word"); \
		memcpy(&digest_w_, &digest_v_, sizeof(digest_v_));             \
		digest_word((h), digest_w_);                                   \
	} while (0)

static void digest_prog(uint64_t *h, const struct prog *p)
{
	DIGEST_VAL(h, p->id);
	DIGEST_VAL(h, p->type);
	digest_str(h, p->type_name);
	digest_str(h, p->name);
	digest_str(h, p->btf_name);
	digest_str(h, p->tag);
	DIGEST_VAL(h, p->load_time.tv_sec);
	DIGEST_VAL(h, p->uid);
	digest_str(h, p->user);
	DIGEST_VAL(h, p->bytes_xlated);
	DIGEST_VAL(h, p->bytes_jited);
	DIGEST_VAL(h, p->memlock);
	DIGEST_VAL(h, p->btf_id);
	DIGEST_VAL(h, p->verified_insns);
	DIGEST_VAL(h, p->nr_map_ids);
	if (p->nr_map_ids)
		digest_bytes(h, p->map_ids, p->nr_map_ids * sizeof(*p->map_ids));
	DIGEST_VAL(h, p->nr_owners);
	for (size_t i = 0; i < p->nr_owners; i++) {
		DIGEST_VAL(h, p->owners[i].pid);
		digest_str(h, p->owners[i].comm);
	}
	DIGEST_VAL(h, p->nr_attachments);
	for (size_t i = 0; i < p->nr_attachments; i++) {
		digest_str(h, p->attachments[i].target);
		DIGEST_VAL(h, p->attachments[i].link_id);
	}
	DIGEST_VAL(h, p->nr_pins);
	digest_str(h, p->holder_unknown);
	DIGEST_VAL(h, p->nr_syms);
	for (size_t i = 0; i < p->nr_syms; i++) {
		DIGEST_VAL(h, p->syms[i].addr);
		DIGEST_VAL(h, p->syms[i].len);
		digest_str(h, p->syms[i].name);
	}
	digest_str(h, p->symbols_missing);
	/* runtime statistics: the counters move and the rates with them */
	DIGEST_VAL(h, p->stats.run_cnt);
	DIGEST_VAL(h, p->stats.run_time_ns);
	DIGEST_VAL(h, p->stats.recursion_misses);
	DIGEST_VAL(h, p->stats.rate.state);
	DIGEST_VAL(h, p->stats.rate.runs_per_s);
	DIGEST_VAL(h, p->stats.rate.avg_ns);
	DIGEST_VAL(h, p->stats.rate.cpu_percent);
}

/* Whether statistics are on, and who holds them. */
static void digest_stats(uint64_t *h, const struct stats_state *st)
{
	DIGEST_VAL(h, st->on);
	DIGEST_VAL(h, st->sysctl);
	DIGEST_VAL(h, st->holders_error);
	DIGEST_VAL(h, st->nr_holders_all);
	for (size_t i = 0; i < st->nr_holders; i++) {
		DIGEST_VAL(h, st->holders[i].pid);
		digest_str(h, st->holders[i].comm);
	}
}

/* JIT memory in use: the row, the detail and the header's warning. */
static void digest_jitmem(uint64_t *h, const struct jitmem_reading *r)
{
	DIGEST_VAL(h, r->method);
	DIGEST_VAL(h, r->used_bytes);
	DIGEST_VAL(h, r->limit_bytes);
	DIGEST_VAL(h, r->visible_bytes);
	DIGEST_VAL(h, r->own_bytes);
	DIGEST_VAL(h, r->trampolines.count);
	DIGEST_VAL(h, r->struct_ops.count);
	DIGEST_VAL(h, r->seccomp.filters);
	DIGEST_VAL(h, r->seccomp.processes);
	DIGEST_VAL(h, r->packet.filters);
	DIGEST_VAL(h, r->packet.insns);
	digest_str(h, r->reason);
}

uint64_t digest_snapshot(const struct snapshot *snap)
{
	const struct prog_list *l = &snap->progs;
	uint64_t h = DIGEST_BASIS;

	digest_str(&h, snap->hostname);
	digest_str(&h, snap->release);
	digest_str(&h, snap->machine);
	DIGEST_VAL(&h, snap->privs.euid);
	for (int i = 0; i < PRIVS_CAP__COUNT; i++)
		DIGEST_VAL(&h, snap->privs.cap[i]);
	DIGEST_VAL(&h, snap->kconfig.error);
	for (int i = 0; i < KCONFIG__COUNT; i++)
		DIGEST_VAL(&h, snap->kconfig.opt[i]);
	DIGEST_VAL(&h, snap->netns);
	for (size_t i = 0; i < snap->nr_knobs; i++) {
		DIGEST_VAL(&h, snap->knobs[i].reading.error);
		DIGEST_VAL(&h, snap->knobs[i].reading.value);
		digest_str(&h, snap->knobs[i].reading.raw);
	}
	DIGEST_VAL(&h, l->error);
	digest_str(&h, l->error_text);
	digest_stats(&h, &l->stats);
	digest_jitmem(&h, &snap->jitmem);
	DIGEST_VAL(&h, l->symbols_pending);
	DIGEST_VAL(&h, l->kallsyms_error);
	DIGEST_VAL(&h, l->nr_others);
	DIGEST_VAL(&h, l->nr_progs);
	for (size_t i = 0; i < l->nr_progs; i++)
		digest_prog(&h, &l->progs[i]);
	return h;
}

uint64_t digest_lines(const struct text_lines *t)
{
	uint64_t h = DIGEST_BASIS;

	DIGEST_VAL(&h, t->nr);
	for (size_t i = 0; i < t->nr; i++) {
		DIGEST_VAL(&h, t->v[i].role);
		digest_str(&h, t->v[i].s);
	}
	return h;
}
