/* Between the progs_*.c files only: the cache's parts and the pure logic
 * the unit tests reach without a kernel. */
#ifndef BPFKNOBS_PROGS_INTERNAL_H
#define BPFKNOBS_PROGS_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "kallsyms.h"
#include "progs_symbols.h"
#include "prog_memo.h"
#include "progs.h"
#include "uid_names.h"

/* ---- progs_owners.c: which processes hold which programs ---- */

struct progs_owners;

struct progs_owners *progs_owners_new(void);
void progs_owners_free(struct progs_owners *owners);

/* Brings the table of open BPF program and link fds up to date below
 * root->proc (this process included: bpfknobs holds no program fd
 * between refreshes, and a caller that does is an owner). ids: the sorted ids of the programs
 * that exist now. Processes whose fd count and identity did not change are
 * not read again; budget bounds how many of their fds are re-checked in
 * this call (round robin), so a swap that kept the count is found within a
 * few calls. Returns 0 or -errno (-ENOMEM; an unreadable /proc). */
int progs_owners_update(struct progs_owners *owners, const struct procroot *root,
			const uint32_t *ids, size_t nr_ids, size_t budget);

/* Sets owners/nr_owners of each program (sorted by id) from the table. */
int progs_owners_fill(const struct progs_owners *owners, struct progs_prog *progs, size_t nr);

/* Parses the "prog_id:" line of a BPF prog or link fdinfo; 0 when none. */
uint32_t progs_owners_parse_fdinfo(const char *text);

/* ---- progs_cache.c: the /proc/kallsyms table and its reader thread ---- */

/* The conditions a read of /proc/kallsyms was made under: the ids of the
 * JITed programs whose addresses are visible, and the listing knobs. */
struct progs_cache_key {
	uint32_t *ids; /* sorted */
	size_t nr_ids;
	long jit_kallsyms, jit_harden, kptr_restrict;
	bool cap_syslog;
};

/* One finished read. */
struct progs_cache_table {
	struct kallsyms_bpf ks;
	int error;                  /* -errno of the read, 0 when fine */
	struct progs_cache_key key;
	struct progs_symbol *others; /* computed once per table */
	size_t nr_others;
	bool others_done;
};

struct progs_cache {
	struct procroot root;

	/* main thread only */
	struct progs_cache_table table;  /* last finished read */
	bool have_table;
	struct progs_cache_key job_key;  /* what the running read is for */
	bool job_key_set;                /* false for a read started before the enumeration */
	bool running;                    /* a read was started and not collected */
	bool joinable;                   /* ... in a thread that is to be joined */
	struct prog_memo memo;
	struct uid_names users;
	struct progs_owners *owners;
	unsigned long nr_reads;          /* reads started, for tests and the benchmark */

	/* shared with the reader thread */
	pthread_t thread;
	atomic_bool finished;            /* set by the thread when job_result is complete */
	struct kallsyms_bpf job_result;  /* the thread's only output; read after join */
	int job_error;
	char kallsyms_path[PATH_MAX];
	int efd;                         /* eventfd, readable while finished is set */
};

void progs_cache_key_free(struct progs_cache_key *key);
int progs_cache_key_copy(struct progs_cache_key *dst, const struct progs_cache_key *src);
bool progs_cache_key_equal(const struct progs_cache_key *a, const struct progs_cache_key *b);
/* Whether key has id (binary search). */
bool progs_cache_key_has(const struct progs_cache_key *key, uint32_t id);

/* Starts a read in the background; key NULL: the key is set later with
 * progs_cache_set_job_key(). Returns 0, -EBUSY when one is running, or
 * -ENOMEM. Without a thread to be had, reads before returning. */
int progs_cache_start(struct progs_cache *cache, const struct progs_cache_key *key);
int progs_cache_set_job_key(struct progs_cache *cache, const struct progs_cache_key *key);

/* Takes a finished read as the new table (joining the thread); with wait,
 * waits for a running one. Returns true when the table changed. */
bool progs_cache_collect(struct progs_cache *cache, bool wait);

/* The table's others list, computed on first use. */
int progs_cache_others(struct progs_cache *cache, const struct progs_list *list);

#endif
