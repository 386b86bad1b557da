/* Names for JITed functions, found by address in the [bpf] part of
 * /proc/kallsyms, and the reason, as a sentence, when there is none. */
#ifndef BPFKNOBS_KSYMS_KSYMS_NAMES_H
#define BPFKNOBS_KSYMS_KSYMS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ksyms/ksyms_table.h"
#include "progs/prog.h"

enum ksyms_names_reason {
	KSYMS_NAMES_RESOLVED,
	KSYMS_NAMES_NOT_JITED,
	KSYMS_NAMES_KALLSYMS_OFF,
	KSYMS_NAMES_HARDEN_1,
	KSYMS_NAMES_HARDEN_2,
	KSYMS_NAMES_KALLSYMS_OFF_HARDEN,
	KSYMS_NAMES_KPTR_RESTRICT,
	KSYMS_NAMES_NO_SYSLOG,
	KSYMS_NAMES_ADDRS_HIDDEN,
	KSYMS_NAMES_READ_FAILED,
	KSYMS_NAMES_PENDING,
	KSYMS_NAMES_UNLISTED,
	KSYMS_NAMES__COUNT,
};

/* What is known about one program's symbols after a refresh. */
struct ksyms_names_facts {
	bool jited;           /* bytes_jited > 0 */
	bool addrs_hidden;    /* the kernel gave this process no addresses */
	bool pending;         /* no finished /proc/kallsyms read covers it yet */
	int read_error;       /* -errno of the read that covers it */
	size_t nr_unresolved; /* functions whose address the read did not hold */
};

/* Whether the kernel lists BPF symbols at all with these knobs: false when
 * bpf_jit_kallsyms is 0 or bpf_jit_harden is non-zero. Unknown knobs count
 * as listing: the read then tells. */
bool ksyms_names_listed(const struct prog_context *ctx);

/* The value of a knob in ctx, -1 when it had none. */
long ksyms_names_knob(const struct prog_context *ctx, enum knob_id id);

/* Whether this process can hope to see addresses (CAP_SYSLOG, and
 * kptr_restrict below 2). */
bool ksyms_names_addrs_visible(const struct prog_context *ctx);

enum ksyms_names_reason ksyms_names_reason(const struct prog_context *ctx,
					       const struct ksyms_names_facts *facts);

/* The sentence for a reason; NULL for KSYMS_NAMES_RESOLVED. */
const char *ksyms_names_sentence(enum ksyms_names_reason reason);

/* Sets the name of each of prog's symbols found at its address in ks (a
 * copy). Returns how many non-zero addresses were not found, or -ENOMEM. */
int ksyms_names_resolve(struct prog *prog, const struct ksyms_table *ks);

/* The [bpf] entries of ks that belong to no program of list: neither at
 * the address of one of its functions nor named like a program (bpf_prog_*,
 * a program loaded after the enumeration, or its FineIBT __cfi_ preamble).
 * Returns 0 or -ENOMEM. */
int ksyms_names_others(const struct ksyms_table *ks, const struct prog_list *list,
			 struct prog_symbol **out, size_t *nr_out);

/* Copies nr symbols and their names. Returns 0 or -ENOMEM. */
int ksyms_names_copy(const struct prog_symbol *syms, size_t nr, struct prog_symbol **out,
		       size_t *nr_out);

/* A short, stable name for a program's symbols_missing sentence, for
 * metric labels and scripts: "not_jited", "kallsyms_off", "harden",
 * "kallsyms_off_harden", "kptr_restrict", "no_cap_syslog", "addrs_hidden",
 * "kallsyms_unreadable", "pending", "unlisted". NULL for NULL (every
 * symbol resolved). */
const char *ksyms_names_missing_key(const char *sentence);

/* The same reason in a word or two, for a narrow column (at most 8
 * columns): "no JIT", "ksyms=0", "hardened", "no addr", "read err",
 * "reading", "unlisted". NULL for NULL. */
const char *ksyms_names_missing_word(const char *sentence);

#endif
