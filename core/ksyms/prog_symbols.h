/* Names for JITed functions, found by address in the [bpf] part of
 * /proc/kallsyms, and the reason, as a sentence, when there is none. */
#ifndef BPFKNOBS_PROGS_SYMBOLS_H
#define BPFKNOBS_PROGS_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ksyms/kallsyms.h"
#include "progs/prog.h"

enum prog_symbols_reason {
	PROG_SYMBOLS_RESOLVED,
	PROG_SYMBOLS_NOT_JITED,
	PROG_SYMBOLS_KALLSYMS_OFF,
	PROG_SYMBOLS_HARDEN_1,
	PROG_SYMBOLS_HARDEN_2,
	PROG_SYMBOLS_KALLSYMS_OFF_HARDEN,
	PROG_SYMBOLS_KPTR_RESTRICT,
	PROG_SYMBOLS_NO_SYSLOG,
	PROG_SYMBOLS_ADDRS_HIDDEN,
	PROG_SYMBOLS_READ_FAILED,
	PROG_SYMBOLS_PENDING,
	PROG_SYMBOLS_UNLISTED,
	PROG_SYMBOLS__COUNT,
};

/* What is known about one program's symbols after a refresh. */
struct prog_symbols_facts {
	bool jited;           /* bytes_jited > 0 */
	bool addrs_hidden;    /* the kernel gave this process no addresses */
	bool pending;         /* no finished /proc/kallsyms read covers it yet */
	int read_error;       /* -errno of the read that covers it */
	size_t nr_unresolved; /* functions whose address the read did not hold */
};

/* Whether the kernel lists BPF symbols at all with these knobs: false when
 * bpf_jit_kallsyms is 0 or bpf_jit_harden is non-zero. Unknown knobs count
 * as listing: the read then tells. */
bool prog_symbols_listed(const struct prog_context *ctx);

/* The value of a knob in ctx, -1 when it had none. */
long prog_symbols_knob(const struct prog_context *ctx, enum knob_id id);

/* Whether this process can hope to see addresses (CAP_SYSLOG, and
 * kptr_restrict below 2). */
bool prog_symbols_addrs_visible(const struct prog_context *ctx);

enum prog_symbols_reason prog_symbols_reason(const struct prog_context *ctx,
					       const struct prog_symbols_facts *facts);

/* The sentence for a reason; NULL for PROG_SYMBOLS_RESOLVED. */
const char *prog_symbols_sentence(enum prog_symbols_reason reason);

/* Sets the name of each of prog's symbols found at its address in ks (a
 * copy). Returns how many non-zero addresses were not found, or -ENOMEM. */
int prog_symbols_resolve(struct prog *prog, const struct kallsyms_bpf *ks);

/* The [bpf] entries of ks that belong to no program of list: neither at
 * the address of one of its functions nor named like a program (bpf_prog_*,
 * a program loaded after the enumeration, or its FineIBT __cfi_ preamble).
 * Returns 0 or -ENOMEM. */
int prog_symbols_others(const struct kallsyms_bpf *ks, const struct prog_list *list,
			 struct prog_symbol **out, size_t *nr_out);

/* Copies nr symbols and their names. Returns 0 or -ENOMEM. */
int prog_symbols_copy(const struct prog_symbol *syms, size_t nr, struct prog_symbol **out,
		       size_t *nr_out);

/* A short, stable name for a program's symbols_missing sentence, for
 * metric labels and scripts: "not_jited", "kallsyms_off", "harden",
 * "kallsyms_off_harden", "kptr_restrict", "no_cap_syslog", "addrs_hidden",
 * "kallsyms_unreadable", "pending", "unlisted". NULL for NULL (every
 * symbol resolved). */
const char *prog_symbols_missing_key(const char *sentence);

/* The same reason in a word or two, for a narrow column (at most 8
 * columns): "no JIT", "ksyms=0", "hardened", "no addr", "read err",
 * "reading", "unlisted". NULL for NULL. */
const char *prog_symbols_missing_word(const char *sentence);

#endif
