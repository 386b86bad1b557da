#include "effects.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EFFECTS_UNPRIV "kernel.unprivileged_bpf_disabled"
#define EFFECTS_ENABLE "net.core.bpf_jit_enable"
#define EFFECTS_HARDEN "net.core.bpf_jit_harden"
#define EFFECTS_KALLSYMS "net.core.bpf_jit_kallsyms"
#define EFFECTS_LIMIT "net.core.bpf_jit_limit"
#define EFFECTS_MAX_CONCERNS 4

enum effects_when {
	EFFECTS_ANY,     /* no condition (an unused second condition) */
	EFFECTS_ZERO,
	EFFECTS_NONZERO,
	EFFECTS_EQUALS,  /* == value */
};

struct effects_cond {
	const char *knob;
	enum effects_when when;
	long value;
};

struct effects_rule {
	struct effects_cond cond[2];  /* both must hold */
	const char *concerns[EFFECTS_MAX_CONCERNS]; /* the knobs whose detail shows it */
	bool hides_symbols;           /* /proc/kallsyms lists no BPF program while it holds */
	const char *text;             /* follows "knob=value: " */
};

/* Checked against the kernel source; see shared/docs/kernel-facts.md. */
static const struct effects_rule effects_rules[] = {
	{
		/* bpf_jit_kallsyms_enabled() in include/linux/filter.h */
		.cond = { { EFFECTS_HARDEN, EFFECTS_NONZERO, 0 } },
		.concerns = { EFFECTS_HARDEN, EFFECTS_KALLSYMS },
		.hides_symbols = true,
		.text = "no program's symbol is listed in /proc/kallsyms, whatever "
			"bpf_jit_kallsyms says; in-kernel stack traces still name them.",
	},
	{
		.cond = { { EFFECTS_KALLSYMS, EFFECTS_ZERO, 0 } },
		.concerns = { EFFECTS_KALLSYMS, EFFECTS_HARDEN },
		.hides_symbols = true,
		.text = "no program's symbol is listed in /proc/kallsyms.",
	},
	{
		.cond = { { EFFECTS_ENABLE, EFFECTS_ZERO, 0 } },
		.concerns = { EFFECTS_ENABLE, EFFECTS_KALLSYMS, EFFECTS_HARDEN, EFFECTS_LIMIT },
		.text = "programs loaded from now on are interpreted: they get no JIT image and "
			"no symbol, and neither blinding nor bpf_jit_limit applies to them.",
	},
	{
		.cond = { { EFFECTS_ENABLE, EFFECTS_EQUALS, 2 } },
		.concerns = { EFFECTS_ENABLE, EFFECTS_KALLSYMS },
		.text = "every new JIT image is hex-dumped into the kernel log, where anyone "
			"allowed to read the log sees the program's machine code.",
	},
	{
		.cond = { { EFFECTS_UNPRIV, EFFECTS_NONZERO, 0 } },
		.concerns = { EFFECTS_LIMIT },
		.text = "users without CAP_BPF cannot load eBPF programs, so the limit can only "
			"affect their classic BPF filters (seccomp, SO_ATTACH_FILTER).",
	},
	{
		.cond = { { EFFECTS_UNPRIV, EFFECTS_ZERO, 0 } },
		.concerns = { EFFECTS_LIMIT, EFFECTS_HARDEN },
		.text = "any user may load eBPF programs: bpf_jit_limit caps the JIT memory "
			"they can take, and bpf_jit_harden 1 or 2 blinds their constants.",
	},
	{
		.cond = { { EFFECTS_HARDEN, EFFECTS_EQUALS, 1 },
			  { EFFECTS_UNPRIV, EFFECTS_NONZERO, 0 } },
		.concerns = { EFFECTS_HARDEN, EFFECTS_UNPRIV },
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

static const struct snapshot_knob *effects_knob(const struct snapshot *snap, const char *name)
{
	for (size_t i = 0; i < snap->nr_knobs; i++)
		if (!strcmp(snap->knobs[i].def->name, name))
			return &snap->knobs[i];
	return NULL;
}

/* 1 holds, 0 does not, -1 unknown (the knob has no value here). */
static int effects_cond_holds(const struct snapshot *snap, const struct effects_cond *c)
{
	const struct snapshot_knob *k;
	long v;

	if (c->when == EFFECTS_ANY)
		return 1;
	k = effects_knob(snap, c->knob);
	if (!k || k->reading.error)
		return -1;
	v = k->reading.value;
	switch (c->when) {
	case EFFECTS_ZERO:
		return v == 0;
	case EFFECTS_NONZERO:
		return v != 0;
	case EFFECTS_EQUALS:
		return v == c->value;
	case EFFECTS_ANY:
		break;
	}
	return 1;
}

static int effects_rule_holds(const struct snapshot *snap, const struct effects_rule *r)
{
	int a = effects_cond_holds(snap, &r->cond[0]);
	int b = effects_cond_holds(snap, &r->cond[1]);

	if (a == 0 || b == 0)
		return 0;
	return a < 0 || b < 0 ? -1 : 1;
}

/* "bpf_jit_harden=1 and unprivileged_bpf_disabled=2" */
static void effects_causes(const struct snapshot *snap, const struct effects_rule *r, char *buf,
			   size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < 2 && used < size; i++) {
		const struct snapshot_knob *k;
		int n;

		if (r->cond[i].when == EFFECTS_ANY)
			continue;
		k = effects_knob(snap, r->cond[i].knob);
		if (!k)
			continue;
		n = snprintf(buf + used, size - used, "%s%s=%ld", used ? " and " : "",
			     effects_short_name(k->def->name), k->reading.value);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

enum effects_symbols effects_symbols(const struct snapshot *snap, char *buf, size_t size)
{
	char causes[128], unknown[128] = "";
	size_t used = 0;
	int nr_unknown = 0;

	for (size_t i = 0; i < EFFECTS_NR_RULES; i++) {
		const struct effects_rule *r = &effects_rules[i];
		int holds;

		if (!r->hides_symbols)
			continue;
		holds = effects_rule_holds(snap, r);
		if (holds > 0) {
			effects_causes(snap, r, causes, sizeof(causes));
			snprintf(buf, size, "hidden by %s", causes);
			return EFFECTS_SYMBOLS_HIDDEN;
		}
		if (holds < 0 && used < sizeof(unknown)) {
			int n = snprintf(unknown + used, sizeof(unknown) - used, "%s%s",
					 nr_unknown ? " and " : "",
					 effects_short_name(r->cond[0].knob));

			if (n > 0)
				used += (size_t)n;
			nr_unknown++;
		}
	}
	if (nr_unknown) {
		snprintf(buf, size, "unknown: %s could not be read", unknown);
		return EFFECTS_SYMBOLS_UNKNOWN;
	}
	snprintf(buf, size, "listed in /proc/kallsyms");
	return EFFECTS_SYMBOLS_LISTED;
}

static bool effects_concerns(const struct effects_rule *r, const char *name)
{
	for (size_t i = 0; i < EFFECTS_MAX_CONCERNS && r->concerns[i]; i++)
		if (!strcmp(r->concerns[i], name))
			return true;
	return false;
}

size_t effects_for_knob(const struct snapshot *snap, const struct knob_def *def,
			struct effects_line *out, size_t max)
{
	char causes[128];
	size_t n = 0;

	for (size_t i = 0; i < EFFECTS_NR_RULES && n < max; i++) {
		const struct effects_rule *r = &effects_rules[i];

		if (!effects_concerns(r, def->name) || effects_rule_holds(snap, r) <= 0)
			continue;
		effects_causes(snap, r, causes, sizeof(causes));
		snprintf(out[n].text, sizeof(out[n].text), "%s: %s", causes, r->text);
		n++;
	}
	return n;
}

/* The knob's reading in a copy of snap, as if value were written. */
static struct snapshot *effects_what_if(const struct snapshot *snap, const struct knob_def *def,
					long value)
{
	struct snapshot *after = malloc(sizeof(*after));

	if (!after)
		return NULL;
	/* a shallow copy: only read, never freed through snapshot_free() */
	memcpy(after, snap, sizeof(*after));
	for (size_t i = 0; i < after->nr_knobs; i++) {
		if (after->knobs[i].def == def) {
			after->knobs[i].reading.error = 0;
			after->knobs[i].reading.value = value;
		}
	}
	return after;
}

size_t effects_preview(const struct snapshot *snap, const struct knob_def *def, long value,
		       struct effects_line *out, size_t max)
{
	struct snapshot *after = effects_what_if(snap, def, value);
	enum effects_symbols was, will;
	char now[128], then[128], causes[128];
	size_t n = 0;

	if (!after)
		return 0;
	was = effects_symbols(snap, now, sizeof(now));
	will = effects_symbols(after, then, sizeof(then));
	if (was != will && will == EFFECTS_SYMBOLS_HIDDEN && n < max)
		snprintf(out[n++].text, EFFECTS_TEXT_MAX, "JIT symbols: now %s; after: %s. Every "
			 "loaded program's symbol disappears from /proc/kallsyms, so tools that "
			 "read it show bare addresses.", now, then);
	else if (was != will && will == EFFECTS_SYMBOLS_LISTED && n < max)
		snprintf(out[n++].text, EFFECTS_TEXT_MAX, "JIT symbols: now %s; after: %s. Every "
			 "JITed program's symbol appears in /proc/kallsyms again.", now, then);
	for (size_t i = 0; i < EFFECTS_NR_RULES && n < max; i++) {
		const struct effects_rule *r = &effects_rules[i];
		int before = effects_rule_holds(snap, r), later = effects_rule_holds(after, r);

		/* the symbol line above already says it */
		if (r->hides_symbols && was != will)
			continue;
		if (later > 0 && before <= 0) {
			effects_causes(after, r, causes, sizeof(causes));
			snprintf(out[n++].text, EFFECTS_TEXT_MAX, "Starts to hold: %s: %s", causes,
				 r->text);
		} else if (before > 0 && later <= 0) {
			effects_causes(snap, r, causes, sizeof(causes));
			snprintf(out[n++].text, EFFECTS_TEXT_MAX, "No longer holds: %s: %s", causes,
				 r->text);
		}
	}
	free(after);
	return n;
}
