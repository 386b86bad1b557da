/* The [bpf] part of the last /proc/kallsyms read, kept from one refresh of
 * the program list to the next with the conditions it was read under, and
 * what is decided around it: when to read again (the set of JITed programs
 * or the listing knobs changed; once more for a program missing from a
 * read made for it) and the names of each program's functions, found by
 * address. The reading itself runs in ksyms_reader.c's thread. */
#ifndef BPFKNOBS_KSYMS_KSYMS_CACHE_H
#define BPFKNOBS_KSYMS_KSYMS_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progs/prog_memo.h"
#include "base/procroot.h"
#include "progs/prog.h"

/* The conditions of a read: the ids of the JITed programs whose addresses
 * the kernel gave, and what decides the listing and address visibility. A
 * read names exactly the programs of its key, under its knobs. */
struct ksyms_cache_key {
	uint32_t *ids; /* sorted */
	size_t nr_ids;
	long jit_kallsyms, jit_harden, kptr_restrict; /* -1 unknown */
	bool cap_syslog;
};

/* The key of a read for list under ctx; hidden[i]: the kernel withheld
 * the addresses of program i (see prog_info_enumerate()). 0 or -ENOMEM. */
int ksyms_cache_key_make(struct ksyms_cache_key *key, const struct prog_context *ctx,
			 const struct prog_list *list, const bool *hidden);
void ksyms_cache_key_free(struct ksyms_cache_key *key);
int ksyms_cache_key_copy(struct ksyms_cache_key *dst, const struct ksyms_cache_key *src);
bool ksyms_cache_key_equal(const struct ksyms_cache_key *a, const struct ksyms_cache_key *b);
bool ksyms_cache_key_has(const struct ksyms_cache_key *key, uint32_t id);

struct ksyms_cache;

/* A cache of root's kallsyms; NULL when out of memory or descriptors. */
struct ksyms_cache *ksyms_cache_new(const struct procroot *root);
/* Frees the cache, waiting for a read in progress (see ksyms_reader_free()). */
void ksyms_cache_free(struct ksyms_cache *cache);

/* Whether a read has finished that the next refresh would use; never blocks. */
bool ksyms_cache_ready(const struct ksyms_cache *cache);
/* Readable while ksyms_cache_ready() is true, for poll(). */
int ksyms_cache_fd(const struct ksyms_cache *cache);
/* Reads started so far, and whether one is under way: for tests and the benchmark. */
unsigned long ksyms_cache_nr_reads(const struct ksyms_cache *cache);
bool ksyms_cache_reading(const struct ksyms_cache *cache);
/* For tests: holds reads back (ksyms_reader_hold()). */
void ksyms_cache_hold(struct ksyms_cache *cache, bool hold);

/* One refresh calls these three in turn (from one thread):
 *
 * Before the enumeration: takes a finished read, and with no table yet
 * (the first refresh) starts reading at once, alongside the enumeration.
 * Returns 0 or -errno of starting. */
int ksyms_cache_begin(struct ksyms_cache *cache, const struct prog_context *ctx);

/* After the enumeration: remembers the key of this program set and
 * starts the read it needs, if any, so that it runs while the owners are
 * scanned. With the listing off or addresses hidden, nothing is read: the
 * reason is known without. Returns 0 or -ENOMEM. */
int ksyms_cache_schedule(struct ksyms_cache *cache, const struct prog_context *ctx,
			 const struct prog_list *list, const bool *hidden);

/* Names the functions of out's programs (by address) from the last table
 * that covers them and sets each one's symbols_missing, symbols_pending,
 * others and kallsyms_error. A program missing from a read made for this
 * very set may have raced it: memo grants one more read for it. With wait,
 * waits for the reads this set needs; without, a program no finished read
 * covers is pending and keeps no name. Returns 0 or -ENOMEM. */
int ksyms_cache_resolve(struct ksyms_cache *cache, const struct prog_context *ctx, bool wait,
			const bool *hidden, struct prog_memo *memo, struct prog_list *out);

#endif
