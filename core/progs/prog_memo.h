/* What the program list remembers of each program from one refresh to the
 * next, in one place keyed by id: facts that do not change while a program
 * is loaded (so a steady refresh does not read them again), the array sizes
 * its last info call needed, whether its missing symbols were read for
 * once more, and its rates. The kernel never reuses a
 * program id (idr_alloc_cyclic() in bpf_prog_alloc_id()), so an entry
 * belongs to one program for good. */
#ifndef BPFKNOBS_PROGS_PROG_MEMO_H
#define BPFKNOBS_PROGS_PROG_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats/prog_rates.h"
#include "progs/prog.h"

/* What the last info call said of a program, as the enumeration put it
 * in struct prog (prog_info.c), for a refresh that may take it instead of
 * asking again: the fields of bpf_prog_info, not the names derived from
 * them (user, type_name), nor what the memo holds already. */
struct prog_memo_func {
	uint64_t addr;
	uint32_t len;
};

struct prog_memo_info {
	struct timespec load_time;
	uint64_t run_cnt, run_time_ns, recursion_misses;
	uint32_t type, uid, bytes_xlated, bytes_jited, btf_id, verified_insns;
	uint32_t nr_map_ids, nr_funcs;
	char name[16];
	char tag[17];
	bool jited;               /* it has functions (syms), even when nr_funcs is 0 */
	bool gpl_compatible, verified_insns_absent, recursion_misses_absent;
	bool hidden;              /* the kernel withheld the function addresses */
	unsigned int nr_reads;    /* info calls kept here */
	/* one allocation with the rest: nr_funcs functions, then nr_map_ids
	 * map ids (10,000 programs' worth is 2 MiB less than in three) */
	struct prog_memo_func funcs[];
};

struct prog_memo_entry {
	uint32_t id;
	uint64_t memlock;           /* bytes, from fdinfo; 0 when unknown */
	char *btf_name;             /* the main function's BTF name, NULL without BTF */
	uint32_t nr_funcs, nr_maps; /* array sizes for the next info call */
	bool rechecked;             /* /proc/kallsyms was read once more for a missing symbol */
	struct prog_rates *rates;   /* the last counters and the last minute of rates, while
				     * statistics are on (prog_memo_rates()); NULL otherwise */
	struct prog_memo_info *info; /* NULL until prog_memo_keep_info() kept one */
};

struct prog_memo {
	struct prog_memo_entry *entries; /* sorted by id */
	size_t nr;
	struct prog_rates_clock clock; /* when the rates' samples were taken */
};

/* Frees the entries and zeroes memo; a zeroed memo is an empty one. */
void prog_memo_free(struct prog_memo *memo);

/* The entry of id, NULL for a program no update has listed. */
const struct prog_memo_entry *prog_memo_find(const struct prog_memo *memo, uint32_t id);

/* The same, for ids asked in ascending order, as BPF_PROG_GET_NEXT_ID gives
 * them: *cursor (0 before the first) moves along the entries, so a walk of
 * n ids costs n steps, not n binary searches. An id asked out of order is
 * still found. */
const struct prog_memo_entry *prog_memo_find_next(const struct prog_memo *memo, size_t *cursor,
						  uint32_t id);

/* Replaces the entries with one per program of list (sorted by id, as
 * prog_session_refresh() lists them): what the memo knew of an id is kept, a new
 * id takes its facts from list, and ids no longer listed are forgotten.
 * Returns 0, or -ENOMEM with memo unchanged. */
int prog_memo_update(struct prog_memo *memo, const struct prog_list *list);

/* Keeps what the info call said of each program of list that the
 * enumeration read from the kernel (from_memo[i] false; hidden[i] as it
 * gave), for the next refreshes; list is the one the last
 * prog_memo_update() was given. A program taken from the memo keeps what
 * it had. Returns 0, or -ENOMEM (then some are not kept, which costs only
 * an info call). */
int prog_memo_keep_info(struct prog_memo *memo, const struct prog_list *list,
			const bool *from_memo, const bool *hidden);

/* Forgets every kept info: what they say may be out of date (statistics
 * counted meanwhile), so the next refreshes read every program again. */
void prog_memo_drop_info(struct prog_memo *memo);

/* Sets p's fields of bpf_prog_info from info (copies of its arrays),
 * *hidden from info's. Returns 0 or -ENOMEM. */
int prog_memo_info_apply(const struct prog_memo_info *info, struct prog *p, bool *hidden);

/* Whether the one extra /proc/kallsyms read allowed for a program whose
 * symbol was missing (it may have raced the read) is still to be had for
 * id; claims it. False for an id the memo does not hold. */
bool prog_memo_claim_recheck(struct prog_memo *memo, uint32_t id);

/* Sets the runtime statistics' rate of every program of list, which the
 * last prog_memo_update() was given (so the entries are its programs, in
 * its order): counting tells whether statistics were on at this refresh,
 * now_ns is CLOCK_MONOTONIC when the counters were read. Returns 0, or
 * -ENOMEM (some rates are OFF then). */
int prog_memo_rates(struct prog_memo *memo, struct prog_list *list, bool counting,
		    uint64_t now_ns);

/* A copy of the last minute of id's rates; empty when it has none. */
void prog_memo_history(const struct prog_memo *memo, uint32_t id, struct prog_history *out);

#endif
