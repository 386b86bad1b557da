/* Names for JITed functions, found by address in the [bpf] part of
 * /proc/kallsyms, and the reason, as a sentence, when there is none. */
#ifndef BPFKNOBS_PROGS_SYMBOLS_H
#define BPFKNOBS_PROGS_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ksyms/kallsyms.h"
#include "refresh/prog_session.h"

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

/* The [bpf] entries of ks that belong to no program of list: neither at
 * the address of one of its functions nor named like a program (bpf_prog_*,
 * a program loaded after the enumeration, or its FineIBT __cfi_ preamble).
 * Returns 0 or -ENOMEM. */
int progs_symbols_others(const struct kallsyms_bpf *ks, const struct progs_list *list,
			 struct progs_symbol **out, size_t *nr_out);

/* Copies nr symbols and their names. Returns 0 or -ENOMEM. */
int progs_symbols_copy(const struct progs_symbol *syms, size_t nr, struct progs_symbol **out,
		       size_t *nr_out);

/* Frees an array of symbols and their names. */
void progs_symbols_free(struct progs_symbol *syms, size_t nr);

#endif
