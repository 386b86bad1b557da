/* Names for JITed functions, found by address in the [bpf] part of
 * /proc/kallsyms, and the reason when there is none. */
#include "ksyms/ksyms_names.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sorted.h"

bool ksyms_names_listed(const struct prog_context *ctx)
{
	return knob_values_list_symbols(&ctx->knobs) != 0;
}

long ksyms_names_knob(const struct prog_context *ctx, enum knob_id id)
{
	return ctx->knobs.known[id] ? ctx->knobs.value[id] : -1;
}

bool ksyms_names_addrs_visible(const struct prog_context *ctx)
{
	/* kallsyms_show_value(): kptr_restrict 2 hides from everyone */
	return ctx->cap_syslog && ctx->kptr_restrict != 2;
}

enum ksyms_names_reason ksyms_names_reason(const struct prog_context *ctx,
					     const struct ksyms_names_facts *facts)
{
	long kallsyms = ksyms_names_knob(ctx, KNOB_JIT_KALLSYMS);
	long harden = ksyms_names_knob(ctx, KNOB_JIT_HARDEN);

	if (!facts->jited)
		return KSYMS_NAMES_NOT_JITED;
	if (kallsyms == 0 && harden > 0)
		return KSYMS_NAMES_KALLSYMS_OFF_HARDEN;
	if (harden > 0)
		return harden == 1 ? KSYMS_NAMES_HARDEN_1 : KSYMS_NAMES_HARDEN_2;
	if (kallsyms == 0)
		return KSYMS_NAMES_KALLSYMS_OFF;
	if (facts->addrs_hidden)
		return ctx->kptr_restrict == 2 ? KSYMS_NAMES_KPTR_RESTRICT
		       : !ctx->cap_syslog      ? KSYMS_NAMES_NO_SYSLOG
					       : KSYMS_NAMES_ADDRS_HIDDEN;
	if (facts->pending)
		return KSYMS_NAMES_PENDING;
	if (facts->read_error)
		return KSYMS_NAMES_READ_FAILED;
	if (facts->nr_unresolved)
		return KSYMS_NAMES_UNLISTED;
	return KSYMS_NAMES_RESOLVED;
}

const char *ksyms_names_sentence(enum ksyms_names_reason reason)
{
	static const char *const sentences[KSYMS_NAMES__COUNT] = {
		[KSYMS_NAMES_RESOLVED] = NULL,
		[KSYMS_NAMES_NOT_JITED] =
			"Not JITed: the kernel runs this program in its interpreter "
			"(net.core.bpf_jit_enable was 0 when it was loaded, or the JIT failed), "
			"so there is no JIT image to name.",
		[KSYMS_NAMES_KALLSYMS_OFF] =
			"Not listed: net.core.bpf_jit_kallsyms is 0, so the kernel keeps BPF "
			"programs out of /proc/kallsyms; setting it to 1 lists them again.",
		[KSYMS_NAMES_HARDEN_1] =
			"Not listed: net.core.bpf_jit_harden is 1, and while hardening is on "
			"the kernel keeps every BPF program out of /proc/kallsyms, whatever "
			"bpf_jit_kallsyms says.",
		[KSYMS_NAMES_HARDEN_2] =
			"Not listed: net.core.bpf_jit_harden is 2, and while hardening is on "
			"the kernel keeps every BPF program out of /proc/kallsyms, whatever "
			"bpf_jit_kallsyms says.",
		[KSYMS_NAMES_KALLSYMS_OFF_HARDEN] =
			"Not listed: net.core.bpf_jit_kallsyms is 0 and net.core.bpf_jit_harden "
			"is on; either one keeps BPF programs out of /proc/kallsyms.",
		[KSYMS_NAMES_KPTR_RESTRICT] =
			"Addresses hidden: kernel.kptr_restrict is 2, so the kernel shows no "
			"process, CAP_SYSLOG or not, the addresses that tie a /proc/kallsyms "
			"name to this program.",
		[KSYMS_NAMES_NO_SYSLOG] =
			"Addresses hidden: this process lacks CAP_SYSLOG, so under "
			"kernel.kptr_restrict the kernel shows it zeros instead of the addresses "
			"that tie a /proc/kallsyms name to this program.",
		[KSYMS_NAMES_ADDRS_HIDDEN] =
			"Addresses hidden: the kernel shows this process zeros instead of the "
			"addresses that tie a /proc/kallsyms name to this program "
			"(CAP_SYSLOG and kernel.kptr_restrict decide).",
		[KSYMS_NAMES_READ_FAILED] =
			"/proc/kallsyms could not be read, so no names are known.",
		[KSYMS_NAMES_PENDING] =
			"Not known yet: /proc/kallsyms is being read in the background.",
		[KSYMS_NAMES_UNLISTED] =
			"Not in /proc/kallsyms although the listing is on and its addresses "
			"are visible: the kernel lists only programs whose loader had CAP_BPF, "
			"so an unprivileged process loaded it, which "
			"kernel.unprivileged_bpf_disabled=0 allows.",
	};

	return reason < KSYMS_NAMES__COUNT ? sentences[reason] : NULL;
}

const char *ksyms_names_missing_key(const char *sentence)
{
	static const char *const keys[KSYMS_NAMES__COUNT] = {
		[KSYMS_NAMES_RESOLVED] = NULL,
		[KSYMS_NAMES_NOT_JITED] = "not_jited",
		[KSYMS_NAMES_KALLSYMS_OFF] = "kallsyms_off",
		[KSYMS_NAMES_HARDEN_1] = "harden",
		[KSYMS_NAMES_HARDEN_2] = "harden",
		[KSYMS_NAMES_KALLSYMS_OFF_HARDEN] = "kallsyms_off_harden",
		[KSYMS_NAMES_KPTR_RESTRICT] = "kptr_restrict",
		[KSYMS_NAMES_NO_SYSLOG] = "no_cap_syslog",
		[KSYMS_NAMES_ADDRS_HIDDEN] = "addrs_hidden",
		[KSYMS_NAMES_READ_FAILED] = "kallsyms_unreadable",
		[KSYMS_NAMES_PENDING] = "pending",
		[KSYMS_NAMES_UNLISTED] = "unlisted",
	};

	for (int r = 0; sentence && r < KSYMS_NAMES__COUNT; r++)
		if (ksyms_names_sentence(r) == sentence)
			return keys[r];
	return sentence ? "other" : NULL;
}

const char *ksyms_names_missing_word(const char *sentence)
{
	static const char *const words[KSYMS_NAMES__COUNT] = {
		[KSYMS_NAMES_RESOLVED] = NULL,
		[KSYMS_NAMES_NOT_JITED] = "no JIT",
		[KSYMS_NAMES_KALLSYMS_OFF] = "ksyms=0",
		[KSYMS_NAMES_HARDEN_1] = "hardened",
		[KSYMS_NAMES_HARDEN_2] = "hardened",
		[KSYMS_NAMES_KALLSYMS_OFF_HARDEN] = "hardened",
		[KSYMS_NAMES_KPTR_RESTRICT] = "no addr",
		[KSYMS_NAMES_NO_SYSLOG] = "no addr",
		[KSYMS_NAMES_ADDRS_HIDDEN] = "no addr",
		[KSYMS_NAMES_READ_FAILED] = "read err",
		[KSYMS_NAMES_PENDING] = "reading",
		[KSYMS_NAMES_UNLISTED] = "unlisted",
	};

	for (int r = 0; sentence && r < KSYMS_NAMES__COUNT; r++)
		if (ksyms_names_sentence(r) == sentence)
			return words[r];
	return sentence ? "no sym" : NULL;
}

/* Two names at the main function's address: 5.10 lists a multi-function
 * program's main function twice, under func[0]'s own tag and then under
 * the program's tag (its jit_subprogs() adds every func[], the main one
 * included, and bpf_prog_load() adds the program again). Still found by
 * address; of the names there, the one with the program's tag is the one
 * later kernels give. */
static const struct ksyms_sym *ksyms_names_main_name(const struct prog *prog,
						      const struct ksyms_table *ks,
						      const struct ksyms_sym *found)
{
	static const char prefix[] = "bpf_prog_";
	const struct ksyms_sym *end = ks->syms + ks->nr_syms;
	size_t tag_len;

	/* the usual case, one name: nothing to choose (a refresh asks this
	 * of every program) */
	if (found + 1 == end || found[1].addr != found->addr)
		return found;
	tag_len = strlen(prog->tag);
	for (const struct ksyms_sym *s = found; s < end && s->addr == found->addr; s++)
		if (!strncmp(s->name, prefix, sizeof(prefix) - 1) &&
		    !strncmp(s->name + sizeof(prefix) - 1, prog->tag, tag_len))
			return s;
	return found;
}

int ksyms_names_resolve(struct prog *prog, const struct ksyms_table *ks)
{
	int missing = 0;

	for (size_t i = 0; i < prog->nr_syms; i++) {
		struct prog_symbol *sym = &prog->syms[i];
		const struct ksyms_sym *found;

		if (sym->name || !sym->addr)
			continue;
		/* by address only: identical programs share their names */
		found = ksyms_table_find(ks, sym->addr);
		if (!found) {
			missing++;
			continue;
		}
		if (i == 0)
			found = ksyms_names_main_name(prog, ks, found);
		sym->name = strdup(found->name);
		if (!sym->name)
			return -ENOMEM;
	}
	return missing;
}

static bool ksyms_names_is_prog_name(const char *name)
{
	static const char cfi[] = "__cfi_", prog[] = "bpf_prog_";

	if (!strncmp(name, cfi, sizeof(cfi) - 1))
		name += sizeof(cfi) - 1;
	return !strncmp(name, prog, sizeof(prog) - 1);
}

static int ksyms_names_addr_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The addresses of every function of list's programs, sorted. */
static uint64_t *ksyms_names_addrs(const struct prog_list *list, size_t *nr)
{
	uint64_t *addrs;
	size_t n = 0;

	for (size_t i = 0; i < list->nr_progs; i++)
		n += list->progs[i].nr_syms;
	addrs = malloc((n ? n : 1) * sizeof(*addrs));
	if (!addrs)
		return NULL;
	n = 0;
	for (size_t i = 0; i < list->nr_progs; i++)
		for (size_t j = 0; j < list->progs[i].nr_syms; j++)
			addrs[n++] = list->progs[i].syms[j].addr;
	sorted_qsort(addrs, n, sizeof(*addrs), ksyms_names_addr_cmp);
	*nr = n;
	return addrs;
}

int ksyms_names_others(const struct ksyms_table *ks, const struct prog_list *list,
			struct prog_symbol **out, size_t *nr_out)
{
	struct prog_symbol *others = NULL;
	size_t n = 0, nr_addrs;
	uint64_t *addrs = ksyms_names_addrs(list, &nr_addrs);
	int err = 0;

	*out = NULL;
	*nr_out = 0;
	if (!addrs)
		return -ENOMEM;
	for (size_t i = 0; i < ks->nr_syms && !err; i++) {
		const struct ksyms_sym *s = &ks->syms[i];

		if (ksyms_names_is_prog_name(s->name) || sorted_u64_has(addrs, nr_addrs, s->addr))
			continue;
		if (!others && !(others = calloc(ks->nr_syms - i, sizeof(*others))))
			err = -ENOMEM;
		else if (!(others[n].name = strdup(s->name)))
			err = -ENOMEM;
		else
			others[n++].addr = s->addr;
	}
	free(addrs);
	if (err) {
		prog_symbols_free(others, n);
		return err;
	}
	*out = others;
	*nr_out = n;
	return 0;
}

int ksyms_names_copy(const struct prog_symbol *syms, size_t nr, struct prog_symbol **out,
		      size_t *nr_out)
{
	struct prog_symbol *copy = nr ? calloc(nr, sizeof(*copy)) : NULL;

	*out = NULL;
	*nr_out = 0;
	if (nr && !copy)
		return -ENOMEM;
	for (size_t i = 0; i < nr; i++) {
		copy[i] = syms[i];
		if (syms[i].name && !(copy[i].name = strdup(syms[i].name))) {
			prog_symbols_free(copy, i);
			return -ENOMEM;
		}
	}
	*out = copy;
	*nr_out = nr;
	return 0;
}

