/* Between the progs_*.c files only: the cache's parts and the pure logic
 * the unit tests reach without a kernel. */
#ifndef BPFKNOBS_PROGS_INTERNAL_H
#define BPFKNOBS_PROGS_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "kallsyms.h"
#include "prog_memo.h"
#include "progs.h"

/* ---- progs_symbols.c: names by address, and why one is missing ---- */

enum progs_symbols_reason {
	PROGS_SYMBOLS_RESOLVED,
	PROGS_SYMBOLS_NOT_JITED,
	PROGS_SYMBOLS_KALLSYMS_OFF,
	PROGS_SYMBOLS_HARDEN_1,
	PROGS_SYMBOLS_HARDEN_2,
	PROGS_SYMBOLS_KALLSYMS_OFF_HARDEN,
	PROGS_SYMBOLS_KPTR_RESTRICT,
	PROGS_SYMBOLS_NO_SYSLOG,
	PROGS_SYMBOLS_ADDRS_HIDDEN,
	PROGS_SYMBOLS_READ_FAILED,
	PROGS_SYMBOLS_PENDING,
	PROGS_SYMBOLS_UNLISTED,
	PROGS_SYMBOLS__COUNT,
};

/* What is known about one program's symbols after a refresh. */
struct progs_symbols_facts {
	bool jited;           /* bytes_jited > 0 */
	bool addrs_hidden;    /* the kernel gave this process no addresses */
	bool pending;         /* no finished /proc/kallsyms read covers it yet */
	int read_error;       /* -errno of the read that covers it */
	size_t nr_unresolved; /* functions whose address the read did not hold */
};

/* Whether the kernel lists BPF symbols at all with these knobs: false when
 * bpf_jit_kallsyms is 0 or bpf_jit_harden is non-zero. Unknown knobs count
 * as listing: the read then tells. */
bool progs_symbols_listed(const struct progs_context *ctx);

/* The value of a knob in ctx, -1 when it had none. */
long progs_symbols_knob(const struct progs_context *ctx, enum knob_id id);

/* Whether this process can hope to see addresses (CAP_SYSLOG, and
 * kptr_restrict below 2). */
bool progs_symbols_addrs_visible(const struct progs_context *ctx);

enum progs_symbols_reason progs_symbols_reason(const struct progs_context *ctx,
					       const struct progs_symbols_facts *facts);

/* The sentence for a reason; NULL for PROGS_SYMBOLS_RESOLVED. */
const char *progs_symbols_sentence(enum progs_symbols_reason reason);

/* Sets the name of each of prog's symbols found at its address in ks (a
 * copy). Returns how many non-zero addresses were not found, or -ENOMEM. */
int progs_symbols_resolve(struct progs_prog *prog, const struct kallsyms_bpf *ks);

/* The [bpf] entries of ks that belong to no program: neither at one of the
 * sorted prog_addrs nor named like a program (bpf_prog_*, a program loaded
 * after the enumeration, or its FineIBT __cfi_ preamble). */
int progs_symbols_others(const struct kallsyms_bpf *ks, const uint64_t *prog_addrs,
			 size_t nr_addrs, struct progs_symbol **out, size_t *nr_out);

/* Frees an array of symbols and their names. */
void progs_symbols_free(struct progs_symbol *syms, size_t nr);

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

struct progs_cache_user {
	uint32_t uid;
	char name[32];
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
	struct progs_cache_user *users;
	size_t nr_users;
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
