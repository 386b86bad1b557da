#include "knobs/effects.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum effects_when {
	EFFECTS_ANY,     /* no condition (an unused second condition) */
	EFFECTS_ZERO,
	EFFECTS_NONZERO,
	EFFECTS_EQUALS,  /* == value */
};

struct effects_cond {
	enum knob_id knob;
	enum effects_when when;
	long value;
};

#define EFFECTS_KNOB(id) (1u << (id))

struct effects_rule {
	struct effects_cond cond[2];  /* both must hold */
	unsigned concerns;            /* EFFECTS_KNOB() of the knobs whose detail shows it */
	/* It describes /proc/kallsyms listing no BPF program. Whether it does
	 * is decided by knob_values_list_symbols() alone; the rows only say
	 * why (test_effects checks that the two agree). */
	bool hides_symbols;
	unsigned since, until;        /* the kernels it holds on (KVER(); 0 open) */
	const char *text;             /* follows "knob=value: " */
};

/* Checked against the kernel source: each rule names the function that
 * makes it so. */
static const struct effects_rule effects_rules[] = {
	{
		/* bpf_jit_kallsyms_enabled() in include/linux/filter.h */
		.cond = { { KNOB_JIT_HARDEN, EFFECTS_NONZERO, 0 } },
		.concerns = EFFECTS_KNOB(KNOB_JIT_HARDEN) | EFFECTS_KNOB(KNOB_JIT_KALLSYMS),
		.hides_symbols = true,
		.text = "no program's symbol is listed in /proc/kallsyms, whatever "
			"bpf_jit_kallsyms says; in-kernel stack traces still name them.",
	},
	{
		.cond = { { KNOB_JIT_KALLSYMS, EFFECTS_ZERO, 0 } },
		.concerns = EFFECTS_KNOB(KNOB_JIT_KALLSYMS) | EFFECTS_KNOB(KNOB_JIT_HARDEN),
		.hides_symbols = true,
		.text = "no program's symbol is listed in /proc/kallsyms.",
	},
	{
		.cond = { { KNOB_JIT_ENABLE, EFFECTS_ZERO, 0 } },
		.concerns = EFFECTS_KNOB(KNOB_JIT_ENABLE) | EFFECTS_KNOB(KNOB_JIT_KALLSYMS) |
			    EFFECTS_KNOB(KNOB_JIT_HARDEN) | EFFECTS_KNOB(KNOB_JIT_LIMIT),
		.text = "programs loaded from now on are interpreted: they get no JIT image and "
			"no symbol, and neither blinding nor bpf_jit_limit applies to them.",
	},
	{
		.cond = { { KNOB_JIT_ENABLE, EFFECTS_EQUALS, 2 } },
		.concerns = EFFECTS_KNOB(KNOB_JIT_ENABLE) | EFFECTS_KNOB(KNOB_JIT_KALLSYMS),
		.text = "every new JIT image is hex-dumped into the kernel log, where anyone "
			"allowed to read the log sees the program's machine code.",
	},
	{
		.cond = { { KNOB_UNPRIV_DISABLED, EFFECTS_NONZERO, 0 } },
		.concerns = EFFECTS_KNOB(KNOB_JIT_LIMIT),
		.text = "users without CAP_BPF cannot load eBPF programs, so the limit can only "
			"affect their classic BPF filters (seccomp, SO_ATTACH_FILTER).",
	},
	{
		.cond = { { KNOB_UNPRIV_DISABLED, EFFECTS_ZERO, 0 } },
		.concerns = EFFECTS_KNOB(KNOB_JIT_LIMIT) | EFFECTS_KNOB(KNOB_JIT_HARDEN),
		.text = "any user may load eBPF programs: bpf_jit_limit caps the JIT memory "
			"they can take, and bpf_jit_harden 1 or 2 blinds their constants.",
	},
	{
		.cond = { { KNOB_JIT_HARDEN, EFFECTS_EQUALS, 1 },
			  { KNOB_UNPRIV_DISABLED, EFFECTS_NONZERO, 0 } },
		.concerns = EFFECTS_KNOB(KNOB_JIT_HARDEN) | EFFECTS_KNOB(KNOB_UNPRIV_DISABLED),
		.text = "blinding covers only loaders without CAP_BPF, and those can load no "
			"eBPF program, only classic BPF filters (seccomp, SO_ATTACH_FILTER).",
	},
};

#define EFFECTS_NR_RULES (sizeof(effects_rules) / sizeof(effects_rules[0]))

const char *effects_short_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? dot + 1 : name;
}

/* 1 holds, 0 does not, -1 unknown (the knob has no value here). */
static int effects_cond_holds(const struct knob_values *v, const struct effects_cond *c)
{
	long value;

	if (c->when == EFFECTS_ANY)
		return 1;
	if (!v->known[c->knob])
		return -1;
	value = v->value[c->knob];
	switch (c->when) {
	case EFFECTS_ZERO:
		return value == 0;
	case EFFECTS_NONZERO:
		return value != 0;
	case EFFECTS_EQUALS:
		return value == c->value;
	case EFFECTS_ANY:
		break;
	}
	return 1;
}

/* A rule for other kernels never holds; one bounded by versions holds
 * only where the running kernel's version is known to be among them. */
static int effects_rule_holds(const struct knob_values *v, unsigned kver,
			      const struct effects_rule *r)
{
	int a = effects_cond_holds(v, &r->cond[0]);
	int b = effects_cond_holds(v, &r->cond[1]);

	if (kver_holds(kver, r->since, r->until) != 1 || a == 0 || b == 0)
		return 0;
	return a < 0 || b < 0 ? -1 : 1;
}

/* "bpf_jit_harden=1 and unprivileged_bpf_disabled=2" */
static void effects_causes(const struct knob_values *v, const struct effects_rule *r, char *buf,
			   size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < 2 && used < size; i++) {
		enum knob_id id = r->cond[i].knob;
		int n;

		if (r->cond[i].when == EFFECTS_ANY)
			continue;
		n = snprintf(buf + used, size - used, "%s%s=%ld", used ? " and " : "",
			     effects_short_name(knob_table[id].name), v->value[id]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

enum effects_symbols effects_symbols(const struct knob_values *v, unsigned kver, char *buf,
				     size_t size)
{
	char causes[128], unknown[128] = "";
	int listed = knob_values_list_symbols(v);
	size_t used = 0;

	for (size_t i = 0; i < EFFECTS_NR_RULES; i++) {
		const struct effects_rule *r = &effects_rules[i];
		int holds;

		if (!r->hides_symbols)
			continue;
		holds = effects_rule_holds(v, kver, r);
		if (listed == 0 && holds > 0) {
			effects_causes(v, r, causes, sizeof(causes));
			snprintf(buf, size, "hidden by %s", causes);
			return EFFECTS_SYMBOLS_HIDDEN;
		}
		if (holds < 0 && used < sizeof(unknown)) {
			int n = snprintf(unknown + used, sizeof(unknown) - used, "%s%s",
					 used ? " and " : "",
					 effects_short_name(knob_table[r->cond[0].knob].name));

			if (n > 0)
				used += (size_t)n;
		}
	}
	if (listed < 0) {
		snprintf(buf, size, "unknown: %s could not be read", unknown);
		return EFFECTS_SYMBOLS_UNKNOWN;
	}
	snprintf(buf, size, "listed in /proc/kallsyms");
	return EFFECTS_SYMBOLS_LISTED;
}

size_t effects_for_knob(const struct knob_values *values, unsigned kver,
			const struct knob_def *def, struct effects_line *out, size_t max)
{
	const struct knob_values *v = values;
	char causes[128];
	size_t n = 0;

	for (size_t i = 0; i < EFFECTS_NR_RULES && n < max; i++) {
		const struct effects_rule *r = &effects_rules[i];

		if (!(r->concerns & EFFECTS_KNOB(def->id)) ||
		    effects_rule_holds(v, kver, r) <= 0)
			continue;
		effects_causes(v, r, causes, sizeof(causes));
		snprintf(out[n].text, sizeof(out[n].text), "%s: %s", causes, r->text);
		n++;
	}
	return n;
}

size_t effects_preview(const struct knob_values *values, unsigned kver, const struct knob_def *def,
		       long value, struct effects_line *out, size_t max)
{
	struct knob_values now = *values, after;
	enum effects_symbols was, will;
	char listed_now[128], listed_after[128], causes[128];
	size_t n = 0;

	after = now;
	after.value[def->id] = value;
	after.known[def->id] = true;
	was = effects_symbols(&now, kver, listed_now, sizeof(listed_now));
	will = effects_symbols(&after, kver, listed_after, sizeof(listed_after));
	if (was != will && will == EFFECTS_SYMBOLS_HIDDEN && n < max)
		snprintf(out[n++].text, EFFECTS_TEXT_MAX, "JIT symbols: now %s; after: %s. Every "
			 "loaded program's symbol disappears from /proc/kallsyms, so tools that "
			 "read it show bare addresses.", listed_now, listed_after);
	else if (was != will && will == EFFECTS_SYMBOLS_LISTED && n < max)
		snprintf(out[n++].text, EFFECTS_TEXT_MAX, "JIT symbols: now %s; after: %s. Every "
			 "JITed program's symbol appears in /proc/kallsyms again.", listed_now,
			 listed_after);
	for (size_t i = 0; i < EFFECTS_NR_RULES && n < max; i++) {
		const struct effects_rule *r = &effects_rules[i];
		int before = effects_rule_holds(&now, kver, r);
		int later = effects_rule_holds(&after, kver, r);

		/* the symbol line above already says it */
		if (r->hides_symbols && was != will)
			continue;
		if (later > 0 && before <= 0) {
			effects_causes(&after, r, causes, sizeof(causes));
			snprintf(out[n++].text, EFFECTS_TEXT_MAX, "Starts to hold: %s: %s", causes,
				 r->text);
		} else if (before > 0 && later <= 0) {
			effects_causes(&now, r, causes, sizeof(causes));
			snprintf(out[n++].text, EFFECTS_TEXT_MAX, "No longer holds: %s: %s", causes,
				 r->text);
		}
	}
	return n;
}
