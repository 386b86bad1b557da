/* Cross-effects between the knobs: what the live value of one knob does to
 * what another one means, such as a non-zero bpf_jit_harden hiding every
 * BPF symbol from /proc/kallsyms whatever bpf_jit_kallsyms says. One table
 * row per effect (effects.c); no code here switches on a particular knob.
 * Every function takes the knobs' values as read and the kernel version
 * (kver.h), so that the rules hold for any snapshot, tree or test. */
#ifndef BPFKNOBS_KNOBS_EFFECTS_H
#define BPFKNOBS_KNOBS_EFFECTS_H

#include <stddef.h>

#include "knobs/knob.h"

enum effects_symbols {
	EFFECTS_SYMBOLS_LISTED,  /* /proc/kallsyms lists the JITed programs */
	EFFECTS_SYMBOLS_HIDDEN,  /* a knob's value hides them */
	EFFECTS_SYMBOLS_UNKNOWN, /* a knob that decides it has no value here */
};

#define EFFECTS_TEXT_MAX 512

struct effects_line {
	char text[EFFECTS_TEXT_MAX];
};

/* Whether /proc/kallsyms lists BPF programs right now, and a phrase for
 * it: "listed in /proc/kallsyms", "hidden by bpf_jit_harden=2", "unknown:
 * bpf_jit_harden and bpf_jit_kallsyms could not be read". */
enum effects_symbols effects_symbols(const struct knob_values *values, unsigned kver, char *buf,
				     size_t size);

/* The effects in force now that concern def, one sentence each, starting
 * with the values that cause it: "bpf_jit_harden=2: no program's symbol is
 * listed in /proc/kallsyms, ...". Writes at most max; returns the count. */
size_t effects_for_knob(const struct knob_values *values, unsigned kver,
			const struct knob_def *def, struct effects_line *out, size_t max);

/* What writing value to def would change, one sentence each: JIT symbols
 * disappearing from or coming back to /proc/kallsyms, and the effects that
 * start or stop holding. Writes at most max; returns the count (0 when
 * nothing else changes, or out of memory). */
size_t effects_preview(const struct knob_values *values, unsigned kver, const struct knob_def *def,
		       long value, struct effects_line *out, size_t max);

/* "bpf_jit_harden" for "net.core.bpf_jit_harden". */
const char *effects_short_name(const char *name);

#endif
