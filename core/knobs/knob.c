#include "knobs/knob.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/errno_text.h"
#include "base/parse.h"
#include "base/safe_read.h"
#include "base/units.h"

#define KNOB_PAGE_SIZE 4096L

const struct knob_def *knob_find_key(const char *key, size_t len)
{
	for (size_t i = 0; i < knob_count; i++) {
		const char *name = knob_table[i].name;
		size_t j = 0;

		while (j < len && name[j] && (key[j] == name[j] || (key[j] == '/' && name[j] == '.')))
			j++;
		if (j == len && !name[j])
			return &knob_table[i];
	}
	return NULL;
}

int knob_values_list_symbols(const struct knob_values *v)
{
	bool harden_known = v->known[KNOB_JIT_HARDEN], kallsyms_known = v->known[KNOB_JIT_KALLSYMS];

	/* bpf_jit_kallsyms_enabled(): hardening wins, so a known non-zero
	 * bpf_jit_harden or a known bpf_jit_kallsyms=0 decides alone. */
	if ((harden_known && v->value[KNOB_JIT_HARDEN] != 0) ||
	    (kallsyms_known && v->value[KNOB_JIT_KALLSYMS] == 0))
		return 0;
	return harden_known && kallsyms_known ? 1 : -1;
}

size_t knob_nr_choices(const struct knob_def *def)
{
	size_t n = 0;

	while (n < KNOB_MAX_CHOICES && def->choices[n].label)
		n++;
	return n;
}

bool knob_decides_user_loads(const struct knob_def *def)
{
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		if (def->choices[i].opens_to_users)
			return true;
	return false;
}

const struct knob_choice *knob_choice_of(const struct knob_def *def, long value)
{
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		if (def->choices[i].value == value)
			return &def->choices[i];
	return NULL;
}

static bool knob_is_x86_64(const struct knob_env *env)
{
	if (env->kconfig->opt[KCONFIG_X86_64] != KCONFIG_UNKNOWN)
		return kconfig_is_set(env->kconfig, KCONFIG_X86_64);
	return env->machine && !strcmp(env->machine, "x86_64");
}

/* bpf_jit_alloc_exec_limit() in kernel/bpf/core.c is MODULES_END - MODULES_VADDR.
 * On x86_64 MODULES_END is 0xffffffffff000000 and MODULES_VADDR lies
 * KERNEL_IMAGE_SIZE above __START_KERNEL_map (0xffffffff80000000): 1 GiB with
 * CONFIG_RANDOMIZE_BASE, 512 MiB without (arch/x86/include/asm/page_64_types.h).
 * Other architectures size it differently; there the maximum stays unknown. */
static int knob_jit_area(const struct knob_env *env, long *bytes)
{
	const long modules_end_off = 0x7f000000L; /* MODULES_END - __START_KERNEL_map */
	enum kconfig_state kaslr = env->kconfig->opt[KCONFIG_RANDOMIZE_BASE];

	if (!knob_is_x86_64(env) || kaslr == KCONFIG_UNKNOWN)
		return -ENODATA;
	*bytes = modules_end_off - (kaslr == KCONFIG_YES ? 1024L : 512L) * 1024 * 1024;
	return 0;
}

int knob_range(const struct knob_def *def, const struct knob_env *env, long *min, long *max)
{
	size_t n = knob_nr_choices(def);

	*max = 0;
	if (def->kind == KNOB_BYTES) {
		*min = def->min;
		return def->max_rule == KNOB_MAX_JIT_AREA ? knob_jit_area(env, max) : -ENODATA;
	}
	*min = n ? def->choices[0].value : 0;
	*max = n ? def->choices[n - 1].value : 0;
	return 0;
}

static bool knob_is_pinned(const struct knob_def *def, const struct knob_env *env)
{
	return def->pinned && kconfig_is_set(env->kconfig, def->pinned_by);
}

bool knob_value_allowed(const struct knob_def *def, const struct knob_env *env, long value)
{
	long min, max;

	if (knob_is_pinned(def, env))
		return value == def->pinned_value;
	if (def->kind == KNOB_CHOICE) {
		const struct knob_choice *c = knob_choice_of(def, value);

		/* an unknown version lets the kernel judge */
		return c && kver_holds(env->kver, c->since, c->until) != 0;
	}
	if (knob_range(def, env, &min, &max))
		return value >= min; /* the maximum is unknown here; the kernel will judge */
	return value >= min && value <= max;
}

const struct knob_choice *knob_locked_at(const struct knob_def *def,
					 const struct knob_reading *reading)
{
	const struct knob_choice *c;

	if (!reading || reading->error)
		return NULL;
	c = knob_choice_of(def, reading->value);
	return c && c->one_way ? c : NULL;
}

bool knob_value_writable(const struct knob_def *def, const struct knob_env *env,
			 const struct knob_reading *reading, long value)
{
	const struct knob_choice *lock = knob_locked_at(def, reading);

	/* bpf_unpriv_handler(): once 1, any other value is EPERM until reboot. */
	if (lock && value != lock->value)
		return false;
	return knob_value_allowed(def, env, value);
}

int knob_default(const struct knob_def *def, const struct knob_env *env, long *value)
{
	enum kconfig_state st;
	long min, max;

	switch (def->default_rule) {
	case KNOB_DEFAULT_CONSTANT:
		*value = def->default_value;
		return 0;
	case KNOB_DEFAULT_KCONFIG:
		st = env->kconfig->opt[def->default_opt];
		if (st == KCONFIG_UNKNOWN)
			return -ENODATA;
		*value = kconfig_is_set(env->kconfig, def->default_opt) ? def->default_if_set
									 : def->default_value;
		return 0;
	case KNOB_DEFAULT_HALF_MAX:
		/* bpf_jit_charge_init(): round_up(bpf_jit_limit_max >> 1, PAGE_SIZE) */
		if (knob_range(def, env, &min, &max))
			return -ENODATA;
		*value = ((max / 2) + KNOB_PAGE_SIZE - 1) / KNOB_PAGE_SIZE * KNOB_PAGE_SIZE;
		return 0;
	}
	return -EINVAL;
}

void knob_format_value(const struct knob_def *def, long value, char *buf, size_t size)
{
	char human[32];

	if (def->kind != KNOB_BYTES) {
		snprintf(buf, size, "%ld", value);
		return;
	}
	units_format_bytes(value < 0 ? 0 : (uint64_t)value, human, sizeof(human));
	snprintf(buf, size, "%ld bytes (%s)", value, human);
}

void knob_default_origin(const struct knob_def *def, const struct knob_env *env, char *buf,
			 size_t size)
{
	const char *opt = kconfig_name(def->default_opt);
	char value[64];
	long v;

	switch (def->default_rule) {
	case KNOB_DEFAULT_CONSTANT:
		snprintf(buf, size, "%ld, fixed in the kernel source (no build option changes it)",
			 def->default_value);
		return;
	case KNOB_DEFAULT_KCONFIG:
		if (knob_default(def, env, &v))
			snprintf(buf, size, "%ld with %s=y, else %ld (kernel config not found)",
				 def->default_if_set, opt, def->default_value);
		else
			snprintf(buf, size, "%ld, because %s %s", v, opt,
				 kconfig_is_set(env->kconfig, def->default_opt) ? "is set"
										: "is not set");
		return;
	case KNOB_DEFAULT_HALF_MAX:
		if (knob_default(def, env, &v)) {
			snprintf(buf, size, "half the JIT area, rounded up to a page, set at boot "
					    "(the area's size is not known for this kernel)");
			return;
		}
		knob_format_value(def, v, value, sizeof(value));
		snprintf(buf, size, "%s: half the JIT area, rounded up to a page, set at boot", value);
		return;
	}
	snprintf(buf, size, "unknown");
}

void knob_value_meaning(const struct knob_def *def, long value, char *buf, size_t size)
{
	const struct knob_choice *c;
	char text[64];

	if (def->kind == KNOB_BYTES) {
		knob_format_value(def, value, text, sizeof(text));
		snprintf(buf, size, "%s: %s.", text, def->range_meaning);
		return;
	}
	c = knob_choice_of(def, value);
	if (c)
		snprintf(buf, size, "%s: %s", c->label, c->meaning);
	else
		snprintf(buf, size, "%ld is not a value this knob takes.", value);
}

/* "0, 1 or 2", "only 1", "1 to 1056964608 bytes" */
static void knob_allowed_text(const struct knob_def *def, const struct knob_env *env, char *buf,
			      size_t size)
{
	size_t n = knob_nr_choices(def), used = 0;
	long min, max;

	if (knob_is_pinned(def, env)) {
		snprintf(buf, size, "only %ld", def->pinned_value);
		return;
	}
	if (def->kind == KNOB_BYTES) {
		if (knob_range(def, env, &min, &max))
			snprintf(buf, size, "at least %ld bytes", min);
		else
			snprintf(buf, size, "%ld to %ld bytes", min, max);
		return;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(buf + used, size - used, "%s%ld", sep, def->choices[i].value);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* What the sentences of knob_reading_problem() are about. */
struct knob_problem {
	const struct knob_def *def;
	const struct knob_env *env;
	const struct knob_reading *reading;
	bool other_netns;
};

static void knob_problem_absent(const void *ctx, char *buf, size_t size)
{
	const struct knob_problem *p = ctx;
	enum kconfig_state needed = p->env->kconfig->opt[p->def->requires_opt];
	const char *needed_name = kconfig_name(p->def->requires_opt);

	if (needed == KCONFIG_NOT_SET)
		snprintf(buf, size, "Absent: this kernel is built without %s, which provides it.",
			 needed_name);
	else if (p->def->init_netns_only && p->other_netns)
		snprintf(buf, size, "Absent: this process is not in the initial network "
				    "namespace (a container?), and the kernel creates this file "
				    "only there.");
	else if (p->def->init_netns_only)
		snprintf(buf, size, "Absent: the kernel is built without %s, or this process "
				    "is not in the initial network namespace (the file exists "
				    "only there).", needed_name);
	else
		snprintf(buf, size, "Absent: the kernel is probably built without %s.",
			 needed_name);
}

static void knob_problem_denied(const void *ctx, char *buf, size_t size)
{
	const struct knob_problem *p = ctx;

	if (p->def->read_access == KNOB_READ_ADMIN)
		snprintf(buf, size, "Not readable by this user: needs root and CAP_SYS_ADMIN to "
				    "read (the file is mode 0600); run bpfknobs as root.");
	else
		snprintf(buf, size, "Permission denied, although the kernel makes this file "
				    "readable by anyone: check the file's mode (in a captured "
				    "tree) or a security module's policy.");
}

static void knob_problem_out_of_range(const void *ctx, char *buf, size_t size)
{
	const struct knob_problem *p = ctx;
	char allowed[64];

	knob_allowed_text(p->def, p->env, allowed, sizeof(allowed));
	snprintf(buf, size, "Unreadable: the file holds %s, but this knob takes %s.",
		 p->reading->raw, allowed);
}

static void knob_problem_not_a_file(const void *ctx, char *buf, size_t size)
{
	const struct knob_problem *p = ctx;
	char explained[PATH_MAX + 128];

	safe_read_explain(p->def->rel_path, "knob's file", p->reading->error,
			  p->reading->file_mode, 0, explained, sizeof(explained));
	snprintf(buf, size, "Unreadable: %s.", explained);
}

static void knob_problem_other(const void *ctx, char *buf, size_t size)
{
	const struct knob_problem *p = ctx;

	snprintf(buf, size, "Could not read it: %s.", strerror(-p->reading->error));
}

/* Why a knob has no value; "%s" is what its file held. */
static const struct errno_text knob_problems[] = {
	{ .err = 0, .text = "" },
	{ .err = -ENOENT, .write = knob_problem_absent },
	{ .err = -EACCES, .write = knob_problem_denied },
	{ .err = -EPERM,
	  .text = "The kernel refused the read: it needs CAP_SYS_ADMIN, which this process "
		  "lacks; run bpfknobs as root without dropped capabilities." },
	{ .err = -ENODATA,
	  .text = "Unreadable: the file is empty, where the kernel writes a number." },
	{ .err = -EINVAL,
	  .text = "Unreadable: the file holds \"%s\", which is not a whole number." },
	{ .err = -ERANGE,
	  .text = "Unreadable: the file holds \"%s\", too large a number for any value of this "
		  "knob." },
	{ .err = -EDOM, .write = knob_problem_out_of_range },
	{ .err = -EFBIG,
	  .text = "Unreadable: the file is far longer than any value of this knob." },
	{ .err = -SAFE_READ_ENOTREG, .write = knob_problem_not_a_file },
	{ .err = ERRNO_TEXT_OTHER, .write = knob_problem_other },
};

void knob_reading_problem(const struct knob_def *def, const struct knob_env *env,
			  const struct knob_reading *reading, bool other_netns, char *buf,
			  size_t size)
{
	const struct knob_problem p = { def, env, reading, other_netns };

	errno_text_write(knob_problems, reading->error, reading->raw, &p, buf, size);
}

void knob_allowed_summary(const struct knob_def *def, const struct knob_env *env, char *buf,
			  size_t size)
{
	char allowed[64];

	knob_allowed_text(def, env, allowed, sizeof(allowed));
	if (knob_is_pinned(def, env))
		snprintf(buf, size, "%s: %s", allowed, def->pinned_why);
	else
		snprintf(buf, size, "%s", allowed);
}

void knob_writable_summary(const struct knob_def *def, const struct knob_env *env,
			   const struct knob_reading *reading, char *buf, size_t size)
{
	const struct knob_choice *lock = knob_locked_at(def, reading);

	if (lock)
		snprintf(buf, size, "only %ld until reboot: the value is locked, and the kernel "
				    "refuses any other with EPERM", lock->value);
	else
		knob_allowed_summary(def, env, buf, size);
}

/* 1 holds, 0 does not, -1 unknown here. */
static int knob_fact_holds(const struct knob_fact *f, const struct knob_env *env)
{
	int holds = kver_holds(env->kver, f->since, f->until);
	enum kconfig_state st;

	if (!f->if_opt || !holds)
		return holds;
	st = env->kconfig->opt[f->opt];
	if (st == KCONFIG_UNKNOWN)
		return -1;
	return (st == KCONFIG_YES) == f->opt_set ? holds : 0;
}

void knob_effects_text(const struct knob_def *def, const struct knob_env *env, char *buf,
		       size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "%s", def->effects ? def->effects : "");

	for (size_t i = 0; i < KNOB_MAX_FACTS && def->facts[i].text && used < size; i++) {
		const struct knob_fact *f = &def->facts[i];
		int holds = knob_fact_holds(f, env);
		char range[64] = "", opt[96] = "";

		if (!holds)
			continue;
		if (holds < 0) {
			/* name only what is not known to hold here */
			if (kver_holds(env->kver, f->since, f->until) < 0)
				kver_range_text(f->since, f->until, range, sizeof(range));
			if (f->if_opt && env->kconfig->opt[f->opt] == KCONFIG_UNKNOWN)
				snprintf(opt, sizeof(opt), "%s%s %s", range[0] ? ", " : "",
					 f->opt_set ? "with" : "without", kconfig_name(f->opt));
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s%s%s%s%s", used ? " " : "",
					 holds < 0 ? "(" : "", range, opt, holds < 0 ? ") " : "",
					 f->text);
	}
}

const struct knob_fact *knob_fact_brief(const struct knob_def *def, const struct knob_env *env)
{
	for (size_t i = 0; i < KNOB_MAX_FACTS && def->facts[i].text; i++)
		if (def->facts[i].brief && knob_fact_holds(&def->facts[i], env) > 0)
			return &def->facts[i];
	return NULL;
}

void knob_choice_text(const struct knob_def *def, const struct knob_env *env,
		      const struct knob_reading *reading, const struct knob_choice *c, char *buf,
		      size_t size)
{
	const char *note = "";

	if (!knob_value_allowed(def, env, c->value))
		note = " (not accepted by this kernel)";
	else if (!knob_value_writable(def, env, reading, c->value))
		note = " (refused until reboot: the knob is locked)";
	snprintf(buf, size, "%s: %s%s%s", c->label, c->meaning, note,
		 c->one_way ? " One-way: cannot be undone until reboot." : "");
}

static void knob_keep_raw(struct knob_reading *reading, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < sizeof(reading->raw) && text[i] != '\n'; i++)
		reading->raw[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	reading->raw[i] = '\0';
}

void knob_read_text(const struct knob_def *def, const struct knob_env *env, const char *text,
		    size_t len, struct knob_reading *reading)
{
	long min, max;

	knob_keep_raw(reading, text, len);
	reading->error = parse_long_strict(text, len, &reading->value);
	if (reading->error)
		return;
	/* Judge by what the kernel can hold at all, not by this build's pin: a
	 * captured tree may come from a kernel whose config we do not have. The
	 * maximum of a byte range is derived, so only its minimum is enforced. */
	knob_range(def, env, &min, &max);
	if (def->kind == KNOB_CHOICE ? !knob_choice_of(def, reading->value) : reading->value < min)
		reading->error = -EDOM;
}

void knob_read(const struct knob_def *def, const struct procroot *root,
	       const struct knob_env *env, struct knob_reading *reading)
{
	char text[KNOB_READ_MAX];
	size_t len = 0;

	memset(reading, 0, sizeof(*reading));
	reading->error = procroot_read_mode(root, def->rel_path, text, sizeof(text), &len,
					    &reading->file_mode);
	if (reading->error)
		return;
	knob_read_text(def, env, text, len, reading);
}
