/* The knob model over fixture trees: every value of every knob, every way a
 * file can be wrong, defaults and limits per kernel build, and the JSON the
 * snapshot renders to. Privilege cases run in a child on the real /proc. */
#include <errno.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "lib/fixture.h"
#include "knobs/knob.h"
#include "out/report.h"
#include "refresh/snapshot.h"

/* Facts from the kernel source, written here independently of the table. */
#define JIT_AREA_KASLR 1056964608L    /* 0xffffffffff000000 - 0xffffffffc0000000 */
#define JIT_AREA_NO_KASLR 1593835520L /* 0xffffffffff000000 - 0xffffffffa0000000 */

static const char *const knob_files[] = {
	"sys/kernel/unprivileged_bpf_disabled", "sys/net/core/bpf_jit_enable",
	"sys/net/core/bpf_jit_harden",          "sys/net/core/bpf_jit_kallsyms",
	"sys/net/core/bpf_jit_limit",           "sys/kernel/bpf_stats_enabled",
};

static struct snapshot *take(struct fixture *fx)
{
	struct snapshot *snap = calloc(1, sizeof(*snap));
	struct procroot root;

	assert_non_null(snap);
	assert_int_equal(procroot_init(&root, fx->dir), 0);
	assert_int_equal(snapshot_take(snap, &root), 0);
	return snap;
}

static const struct snapshot_knob *knob(const struct snapshot *snap, const char *name)
{
	for (size_t i = 0; i < snap->nr_knobs; i++)
		if (!strcmp(snap->knobs[i].def->name, name))
			return &snap->knobs[i];
	fail_msg("no knob %s", name);
	abort();
}

static void problem(const struct snapshot *snap, const char *name, char *buf, size_t size)
{
	report_knob_problem(snap, knob(snap, name), buf, size);
}

static void test_table_order_and_names(void **state)
{
	static const char *const names[] = {
		"kernel.unprivileged_bpf_disabled", "net.core.bpf_jit_enable",
		"net.core.bpf_jit_harden",          "net.core.bpf_jit_kallsyms",
		"net.core.bpf_jit_limit",           "kernel.bpf_stats_enabled",
	};

	(void)state;
	/* the five, then the related statistics switch, set apart */
	assert_int_equal(knob_count, 6);
	for (size_t i = 0; i < knob_count; i++)
		assert_int_equal(knob_table[i].related, i == KNOB_STATS_ENABLED);
	for (size_t i = 0; i < knob_count; i++) {
		assert_string_equal(knob_table[i].name, names[i]);
		assert_string_equal(knob_table[i].rel_path, knob_files[i]);
		assert_ptr_equal(knob_find_key(names[i], strlen(names[i])), &knob_table[i]);
		assert_int_equal(knob_table[i].id, i);
	}
	assert_null(knob_find_key("net.core.somaxconn", strlen("net.core.somaxconn")));
	/* the ids' names in knob_ids.h are the table's */
#define KNOB_ID_NAME(kid, sysctl) assert_string_equal(knob_table[kid].name, sysctl);
	KNOB_IDS(KNOB_ID_NAME)
#undef KNOB_ID_NAME
}

/* The one rule of whether /proc/kallsyms lists programs, known or not. */
static void test_values_list_symbols(void **state)
{
	struct knob_values v = { 0 };

	(void)state;
	assert_int_equal(knob_values_list_symbols(&v), -1);
	v.known[KNOB_JIT_KALLSYMS] = true;
	v.value[KNOB_JIT_KALLSYMS] = 1;
	assert_int_equal(knob_values_list_symbols(&v), -1); /* harden unknown */
	v.known[KNOB_JIT_HARDEN] = true;
	assert_int_equal(knob_values_list_symbols(&v), 1);
	for (long harden = 1; harden <= 2; harden++) {
		v.value[KNOB_JIT_HARDEN] = harden;
		assert_int_equal(knob_values_list_symbols(&v), 0);
	}
	v.value[KNOB_JIT_HARDEN] = 0;
	v.value[KNOB_JIT_KALLSYMS] = 0;
	assert_int_equal(knob_values_list_symbols(&v), 0);
	v.known[KNOB_JIT_HARDEN] = false; /* kallsyms 0 decides alone */
	assert_int_equal(knob_values_list_symbols(&v), 0);
	v.known[KNOB_JIT_HARDEN] = true;
	v.value[KNOB_JIT_HARDEN] = 2;
	v.known[KNOB_JIT_KALLSYMS] = false; /* and so does a non-zero harden */
	assert_int_equal(knob_values_list_symbols(&v), 0);
}

static void test_kernel_versions_parse(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(kver_parse("6.1.0-28-amd64"), KVER(6, 1, 0));
	assert_int_equal(kver_parse("5.10.223-1"), KVER(5, 10, 223));
	assert_int_equal(kver_parse("7.3.1+deb14-amd64"), KVER(7, 3, 1));
	assert_int_equal(kver_parse("6.18"), KVER(6, 18, 0));
	assert_int_equal(kver_parse("6.18-rc1"), KVER(6, 18, 0));
	assert_int_equal(kver_parse("4.19.300"), KVER(4, 19, 255)); /* saturates, as the kernel's */
	assert_int_equal(kver_parse(""), 0);
	assert_int_equal(kver_parse("garbage"), 0);
	assert_int_equal(kver_parse("6"), 0);
	assert_int_equal(kver_holds(KVER(6, 5, 0), KVER(6, 5, 0), 0), 1);
	assert_int_equal(kver_holds(KVER(6, 4, 9), KVER(6, 5, 0), 0), 0);
	assert_int_equal(kver_holds(KVER(6, 4, 9), 0, KVER(6, 5, 0)), 1);
	assert_int_equal(kver_holds(0, 0, KVER(6, 5, 0)), -1);
	assert_int_equal(kver_holds(0, 0, 0), 1);
	kver_format(KVER(5, 10, 223), buf, sizeof(buf));
	assert_string_equal(buf, "5.10.223");
	kver_range_text(KVER(6, 1, 0), KVER(6, 2, 0), buf, sizeof(buf));
	assert_string_equal(buf, "Linux 6.1 and later, before 6.2");
}

/* Version-dependent sentences follow the running kernel; an unknown
 * version states each with the versions it holds for. */
static void test_facts_follow_the_kernel_version(void **state)
{
	const struct knob_def *unpriv = &knob_table[KNOB_UNPRIV_DISABLED];
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	struct kconfig kc = { 0 };
	struct knob_env env = { .kconfig = &kc, .machine = "x86_64" };
	char text[2048];

	(void)state;
	env.kver = KVER(6, 18, 0);
	knob_effects_text(unpriv, &env, text, sizeof(text));
	assert_non_null(strstr(text, "It gates only loading programs"));
	assert_null(strstr(text, "every bpf() command"));
	assert_null(strstr(text, "merely reading"));
	env.kver = KVER(5, 10, 223);
	knob_effects_text(unpriv, &env, text, sizeof(text));
	assert_null(strstr(text, "It gates only loading programs"));
	assert_non_null(strstr(text, "It gates every bpf() command"));
	assert_non_null(strstr(text, "merely reading"));
	env.kver = 0;
	knob_effects_text(unpriv, &env, text, sizeof(text));
	assert_non_null(strstr(text, "(Linux 6.5 and later) It gates only"));
	assert_non_null(strstr(text, "(before Linux 6.1) It gates every"));

	/* bpf_jit_limit: what a load past it does depends on the build and
	 * the kernel; an unknown config says so */
	kc.opt[KCONFIG_BPF_JIT_ALWAYS_ON] = KCONFIG_NOT_SET;
	env.kver = KVER(6, 1, 0);
	knob_effects_text(limit, &env, text, sizeof(text));
	assert_non_null(strstr(text, "although the interpreter is built in"));
	assert_null(strstr(text, "runs in the interpreter"));
	env.kver = KVER(6, 12, 0);
	knob_effects_text(limit, &env, text, sizeof(text));
	assert_non_null(strstr(text, "runs in the interpreter, classic filters (seccomp, "
				     "SO_ATTACH_FILTER) included (measured on Debian's 6.12"));
	assert_null(strstr(text, "ENOTSUPP"));
	kc.opt[KCONFIG_BPF_JIT_ALWAYS_ON] = KCONFIG_YES;
	knob_effects_text(limit, &env, text, sizeof(text));
	assert_non_null(strstr(text, "no interpreter to fall back to"));
	assert_null(strstr(text, "runs in the interpreter"));
	kc.opt[KCONFIG_BPF_JIT_ALWAYS_ON] = KCONFIG_UNKNOWN;
	knob_effects_text(limit, &env, text, sizeof(text));
	assert_non_null(strstr(text, "(with CONFIG_BPF_JIT_ALWAYS_ON) Past the limit"));
	/* 6.12 is known to be 6.2 and later: only the build option is named */
	assert_non_null(strstr(text, "(without CONFIG_BPF_JIT_ALWAYS_ON) Past the limit an "
				     "unprivileged load runs in the interpreter"));
	assert_null(strstr(text, "6.1.176"));
	env.kver = 0; /* neither known: both named */
	knob_effects_text(limit, &env, text, sizeof(text));
	assert_non_null(strstr(text, "(Linux 6.2 and later, without CONFIG_BPF_JIT_ALWAYS_ON) "));
}

/* A value that exists only from some kernel on is refused before it, and
 * left to the kernel to judge when the version is unknown. */
static void test_values_carry_versions(void **state)
{
	static const struct knob_def def = {
		.name = "test.knob", .kind = KNOB_CHOICE,
		.choices = { { .value = 0, .label = "old" },
			     { .value = 1, .label = "new", .since = KVER(6, 5, 0) } },
	};
	struct kconfig kc = { 0 };
	struct knob_env env = { .kconfig = &kc, .machine = "x86_64" };

	(void)state;
	env.kver = KVER(6, 4, 0);
	assert_true(knob_value_allowed(&def, &env, 0));
	assert_false(knob_value_allowed(&def, &env, 1));
	env.kver = KVER(6, 5, 0);
	assert_true(knob_value_allowed(&def, &env, 1));
	env.kver = 0;
	assert_true(knob_value_allowed(&def, &env, 1));
}

static void test_every_choice_reads_with_its_meaning(void **state)
{
	struct fixture fx;

	(void)state;
	fixture_new(&fx);
	for (size_t i = 0; i < knob_count; i++) {
		const struct knob_def *def = &knob_table[i];

		for (size_t c = 0; c < knob_nr_choices(def); c++) {
			char text[32], meaning[512];
			struct snapshot *snap;
			const struct snapshot_knob *k;

			snprintf(text, sizeof(text), "%ld\n", def->choices[c].value);
			fixture_write(&fx, def->rel_path, text, (size_t)-1);
			snap = take(&fx);
			k = knob(snap, def->name);
			assert_int_equal(k->reading.error, 0);
			assert_int_equal(k->reading.value, def->choices[c].value);
			knob_value_meaning(def, k->reading.value, meaning, sizeof(meaning));
			assert_non_null(strstr(meaning, def->choices[c].label));
			snapshot_free(snap);
			free(snap);
		}
	}
	fixture_free(&fx);
}

static void test_jit_limit_reads_over_its_whole_range(void **state)
{
	static const char *const values[] = { "1\n", "4096\n", "528482304\n", "1056964608\n" };
	struct fixture fx;
	char meaning[512];

	(void)state;
	fixture_new(&fx);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct snapshot *snap;
		const struct snapshot_knob *k;

		fixture_write(&fx, "sys/net/core/bpf_jit_limit", values[i], (size_t)-1);
		snap = take(&fx);
		k = knob(snap, "net.core.bpf_jit_limit");
		assert_int_equal(k->reading.error, 0);
		assert_int_equal(k->reading.value, atol(values[i]));
		snapshot_free(snap);
		free(snap);
	}
	knob_value_meaning(&knob_table[KNOB_JIT_LIMIT], 528482304, meaning, sizeof(meaning));
	assert_non_null(strstr(meaning, "528482304 bytes (504 MiB)"));
	fixture_free(&fx);
}

/* Each case: what the file holds, the error it must give, and a phrase the
 * explanation must contain so a person can see what is wrong. */
static void test_bad_files_give_no_value_and_a_reason(void **state)
{
	static const struct {
		const char *file, *content;
		int error;
		const char *phrase;
	} cases[] = {
		{ "sys/net/core/bpf_jit_harden", "", -ENODATA, "empty" },
		{ "sys/net/core/bpf_jit_harden", "\n", -ENODATA, "empty" },
		{ "sys/net/core/bpf_jit_harden", "banana\n", -EINVAL, "\"banana\"" },
		{ "sys/net/core/bpf_jit_harden", "1 2\n", -EINVAL, "not a whole number" },
		{ "sys/net/core/bpf_jit_harden", "0x1\n", -EINVAL, "not a whole number" },
		{ "sys/net/core/bpf_jit_harden", "3\n", -EDOM, "0, 1 or 2" },
		{ "sys/net/core/bpf_jit_harden", "-1\n", -EDOM, "0, 1 or 2" },
		{ "sys/net/core/bpf_jit_kallsyms", "2\n", -EDOM, "0 or 1" },
		{ "sys/kernel/unprivileged_bpf_disabled", "7\n", -EDOM, "0, 1 or 2" },
		{ "sys/net/core/bpf_jit_limit", "0\n", -EDOM, "1 to 1056964608 bytes" },
		{ "sys/net/core/bpf_jit_limit", "-4096\n", -EDOM, "1 to" },
		{ "sys/net/core/bpf_jit_limit", "99999999999999999999\n", -ERANGE, "too large" },
		{ "sys/net/core/bpf_jit_enable", "1\001\n", -EINVAL, "\"1?\"" },
	};
	struct fixture fx;
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct knob_def *def = NULL;
		struct snapshot *snap;
		const struct snapshot_knob *k;

		for (size_t j = 0; j < knob_count; j++)
			if (!strcmp(knob_table[j].rel_path, cases[i].file))
				def = &knob_table[j];
		if (!def)
			abort();
		fixture_new(&fx);
		fixture_write(&fx, cases[i].file, cases[i].content, (size_t)-1);
		snap = take(&fx);
		k = knob(snap, def->name);
		if (k->reading.error != cases[i].error)
			fail_msg("%s holding \"%s\": error %d, want %d", cases[i].file,
				 cases[i].content, k->reading.error, cases[i].error);
		problem(snap, def->name, text, sizeof(text));
		if (!strstr(text, cases[i].phrase))
			fail_msg("%s holding \"%s\": \"%s\" lacks \"%s\"", cases[i].file,
				 cases[i].content, text, cases[i].phrase);
		snapshot_free(snap);
		free(snap);
		fixture_free(&fx);
	}
}

static void test_absent_knobs_name_the_likely_cause(void **state)
{
	struct fixture fx;
	struct snapshot *snap;
	char text[512];

	(void)state;
	/* A container: net.core shows only the per-namespace files. */
	fixture_new(&fx);
	for (size_t i = 1; i < 5; i++)
		fixture_remove(&fx, knob_files[i]);
	fixture_remove(&fx, "sys/net/core/netdev_max_backlog");
	snap = take(&fx);
	assert_int_equal(snap->netns, SNAPSHOT_NETNS_OTHER);
	assert_int_equal(knob(snap, "net.core.bpf_jit_harden")->reading.error, -ENOENT);
	problem(snap, "net.core.bpf_jit_harden", text, sizeof(text));
	assert_non_null(strstr(text, "initial network namespace"));
	assert_int_equal(knob(snap, "kernel.unprivileged_bpf_disabled")->reading.error, 0);
	snapshot_free(snap);
	free(snap);
	fixture_free(&fx);

	/* A kernel built without the JIT. */
	fixture_new(&fx);
	for (size_t i = 1; i < 5; i++)
		fixture_remove(&fx, knob_files[i]);
	fixture_write_gz(&fx, "config.gz", "CONFIG_BPF_SYSCALL=y\n# CONFIG_BPF_JIT is not set\n");
	snap = take(&fx);
	assert_int_equal(snap->netns, SNAPSHOT_NETNS_INITIAL);
	problem(snap, "net.core.bpf_jit_limit", text, sizeof(text));
	assert_non_null(strstr(text, "without CONFIG_BPF_JIT"));
	snapshot_free(snap);
	free(snap);
	fixture_free(&fx);

	/* Neither known: both causes are named. */
	fixture_new(&fx);
	fixture_remove(&fx, "config.gz");
	fixture_remove(&fx, "sys/net/core/somaxconn");
	fixture_remove(&fx, "sys/net/core/bpf_jit_enable");
	snap = take(&fx);
	assert_int_equal(snap->netns, SNAPSHOT_NETNS_UNKNOWN);
	problem(snap, "net.core.bpf_jit_enable", text, sizeof(text));
	assert_non_null(strstr(text, "CONFIG_BPF_JIT"));
	assert_non_null(strstr(text, "initial network namespace"));
	snapshot_free(snap);
	free(snap);
	fixture_free(&fx);
}

static void test_locked_unprivileged_bpf_is_explained(void **state)
{
	const struct knob_def *def = &knob_table[KNOB_UNPRIV_DISABLED];
	const struct knob_choice *one = knob_choice_of(def, 1);
	struct fixture fx;
	struct snapshot *snap;
	char meaning[512];

	(void)state;
	fixture_new(&fx);
	fixture_write(&fx, "sys/kernel/unprivileged_bpf_disabled", "1\n", (size_t)-1);
	snap = take(&fx);
	assert_int_equal(knob(snap, def->name)->reading.value, 1);
	assert_true(one->one_way);
	assert_false(knob_choice_of(def, 0)->one_way);
	assert_false(knob_choice_of(def, 2)->one_way);
	knob_value_meaning(def, 1, meaning, sizeof(meaning));
	assert_non_null(strstr(meaning, "until the next boot"));
	snapshot_free(snap);
	free(snap);
	fixture_free(&fx);
}

static void test_build_options_decide_allowed_values_and_defaults(void **state)
{
	const struct knob_def *enable = &knob_table[KNOB_JIT_ENABLE];
	const struct knob_def *unpriv = &knob_table[KNOB_UNPRIV_DISABLED];
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	const struct knob_def *kallsyms = &knob_table[KNOB_JIT_KALLSYMS];
	struct kconfig cfg = { 0 };
	struct knob_env env = { .kconfig = &cfg, .machine = "x86_64" };
	char text[512];
	long v, min, max;

	(void)state;
	for (int i = 0; i < KCONFIG__COUNT; i++)
		cfg.opt[i] = KCONFIG_NOT_SET;

	/* JIT always on: only 1. */
	cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON] = KCONFIG_YES;
	cfg.opt[KCONFIG_BPF_JIT_DEFAULT_ON] = KCONFIG_YES;
	assert_false(knob_value_allowed(enable, &env, 0));
	assert_true(knob_value_allowed(enable, &env, 1));
	assert_false(knob_value_allowed(enable, &env, 2));
	knob_allowed_summary(enable, &env, text, sizeof(text));
	assert_non_null(strstr(text, "only 1"));
	assert_non_null(strstr(text, "CONFIG_BPF_JIT_ALWAYS_ON"));
	assert_int_equal(knob_default(kallsyms, &env, &v), 0);
	assert_int_equal(v, 1);

	/* Interpreter kept, JIT off by default: 0..2, default 0. */
	cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON] = KCONFIG_NOT_SET;
	cfg.opt[KCONFIG_BPF_JIT_DEFAULT_ON] = KCONFIG_NOT_SET;
	for (long x = 0; x <= 2; x++)
		assert_true(knob_value_allowed(enable, &env, x));
	assert_false(knob_value_allowed(enable, &env, 3));
	assert_int_equal(knob_default(enable, &env, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(knob_default(kallsyms, &env, &v), 0);
	assert_int_equal(v, 0);

	/* unprivileged_bpf_disabled: 2 with CONFIG_BPF_UNPRIV_DEFAULT_OFF, else 0. */
	assert_int_equal(knob_default(unpriv, &env, &v), 0);
	assert_int_equal(v, 0);
	cfg.opt[KCONFIG_BPF_UNPRIV_DEFAULT_OFF] = KCONFIG_YES;
	assert_int_equal(knob_default(unpriv, &env, &v), 0);
	assert_int_equal(v, 2);
	knob_default_origin(unpriv, &env, text, sizeof(text));
	assert_non_null(strstr(text, "CONFIG_BPF_UNPRIV_DEFAULT_OFF"));

	/* bpf_jit_limit on x86_64: the module area, half of it by default. */
	cfg.opt[KCONFIG_X86_64] = KCONFIG_YES;
	cfg.opt[KCONFIG_RANDOMIZE_BASE] = KCONFIG_YES;
	assert_int_equal(knob_range(limit, &env, &min, &max), 0);
	assert_int_equal(min, 1);
	assert_int_equal(max, JIT_AREA_KASLR);
	assert_int_equal(knob_default(limit, &env, &v), 0);
	assert_int_equal(v, 528482304); /* seen on the reference machine */
	assert_true(knob_value_allowed(limit, &env, JIT_AREA_KASLR));
	assert_false(knob_value_allowed(limit, &env, JIT_AREA_KASLR + 1));
	assert_false(knob_value_allowed(limit, &env, 0));
	cfg.opt[KCONFIG_RANDOMIZE_BASE] = KCONFIG_NOT_SET;
	assert_int_equal(knob_range(limit, &env, &min, &max), 0);
	assert_int_equal(max, JIT_AREA_NO_KASLR);

	/* Unknown build: nothing is guessed. */
	for (int i = 0; i < KCONFIG__COUNT; i++)
		cfg.opt[i] = KCONFIG_UNKNOWN;
	assert_int_equal(knob_default(unpriv, &env, &v), -ENODATA);
	assert_int_equal(knob_range(limit, &env, &min, &max), -ENODATA);
	assert_int_equal(knob_default(limit, &env, &v), -ENODATA);
	assert_true(knob_value_allowed(enable, &env, 0));
	knob_default_origin(unpriv, &env, text, sizeof(text));
	assert_non_null(strstr(text, "not found"));
	env.machine = "aarch64";
	cfg.opt[KCONFIG_X86_64] = KCONFIG_NOT_SET;
	cfg.opt[KCONFIG_RANDOMIZE_BASE] = KCONFIG_YES;
	assert_int_equal(knob_range(limit, &env, &min, &max), -ENODATA);
}

/* The JSON a script sees: parsed back, not compared as text. */
static void test_json_has_the_promised_shape(void **state)
{
	struct fixture fx;
	struct snapshot *snap;
	json_object *doc, *knobs, *k, *field;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	fixture_new(&fx);
	fixture_write(&fx, "sys/net/core/bpf_jit_harden", "2\n", (size_t)-1);
	fixture_write(&fx, "sys/net/core/bpf_jit_kallsyms", "bad \"quoted\"\\\n", (size_t)-1);
	snap = take(&fx);
	out = open_memstream(&buf, &len);
	assert_int_equal(report_json_write(snap, out), 0);
	fclose(out);
	doc = json_tokener_parse(buf);
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "knobs", &knobs));
	assert_int_equal(json_object_array_length(knobs), 6);

	k = json_object_array_get_idx(knobs, 2);
	json_object_object_get_ex(k, "name", &field);
	assert_string_equal(json_object_get_string(field), "net.core.bpf_jit_harden");
	json_object_object_get_ex(k, "value", &field);
	assert_int_equal(json_object_get_int(field), 2);
	json_object_object_get_ex(k, "error", &field);
	assert_null(field);
	json_object_object_get_ex(k, "meaning", &field);
	assert_non_null(strstr(json_object_get_string(field), "blinding for every loader"));
	json_object_object_get_ex(k, "allowed", &field);
	assert_int_equal(json_object_array_length(field), 3);

	/* The unreadable one: null value, the file's text quoted back intact. */
	k = json_object_array_get_idx(knobs, 3);
	assert_true(json_object_object_get_ex(k, "value", &field));
	assert_null(field);
	json_object_object_get_ex(k, "error", &field);
	assert_non_null(strstr(json_object_get_string(field), "\"bad \"quoted\"\\\""));
	assert_true(json_object_object_get_ex(k, "meaning", &field));
	assert_null(field);

	/* bpf_jit_enable is pinned by the fixture's ALWAYS_ON config. */
	k = json_object_array_get_idx(knobs, 1);
	json_object_object_get_ex(k, "allowed", &field);
	assert_int_equal(json_object_array_length(field), 1);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(field, 0)), 1);

	/* bpf_jit_limit's range. */
	k = json_object_array_get_idx(knobs, 4);
	json_object_object_get_ex(k, "allowed", &field);
	assert_true(json_object_is_type(field, json_type_object));
	json_object *min, *max;
	json_object_object_get_ex(field, "min", &min);
	json_object_object_get_ex(field, "max", &max);
	assert_int_equal(json_object_get_int64(min), 1);
	assert_int_equal(json_object_get_int64(max), JIT_AREA_KASLR);

	json_object_put(doc);
	free(buf);
	snapshot_free(snap);
	free(snap);
	fixture_free(&fx);
}

/* Runs fn in a child that has dropped to uid 65534, or kept root but lost
 * CAP_SYS_ADMIN; returns the child's exit status. */
static int in_child(int (*fn)(void), bool keep_root)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		if (keep_root) {
			cap_t caps = cap_get_proc();
			cap_value_t sys_admin = CAP_SYS_ADMIN;

			if (!caps || cap_set_flag(caps, CAP_EFFECTIVE, 1, &sys_admin, CAP_CLEAR) ||
			    cap_set_proc(caps))
				_exit(100);
			cap_free(caps);
		} else if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
			   setresuid(65534, 65534, 65534)) {
			_exit(100);
		}
		_exit(fn());
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int read_live_as_plain_user(void)
{
	struct procroot root;
	struct snapshot snap = { 0 };
	char text[512];

	procroot_init(&root, NULL);
	if (snapshot_take(&snap, &root))
		return 1;
	if (snap.privs.euid != 65534 || privs_can_admin(&snap.privs))
		return 2;
	/* 0644: read. */
	if (snap.knobs[0].reading.error || snap.knobs[1].reading.error)
		return 3;
	/* 0600: refused at open, explained. */
	for (int i = 2; i < 5; i++) {
		if (snap.knobs[i].reading.error != -EACCES)
			return 4;
		report_knob_problem(&snap, &snap.knobs[i], text, sizeof(text));
		if (!strstr(text, "root and CAP_SYS_ADMIN"))
			return 5;
	}
	return 0;
}

static int read_live_as_root_without_sys_admin(void)
{
	struct procroot root;
	struct snapshot snap = { 0 };
	char text[512];

	procroot_init(&root, NULL);
	if (snapshot_take(&snap, &root))
		return 1;
	if (snap.privs.euid != 0 || snap.privs.cap[PRIVS_CAP_SYS_ADMIN])
		return 2;
	if (snap.knobs[2].reading.error != -EPERM)
		return 3;
	report_knob_problem(&snap, &snap.knobs[2], text, sizeof(text));
	return strstr(text, "CAP_SYS_ADMIN") ? 0 : 4;
}

static void test_live_privileges_decide_what_reads(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		if (getenv("CI"))
			fail_msg("CI runs as root; this test must not skip there");
		print_message("SKIP: needs root to drop privileges in a child\n");
		skip();
	}
	assert_int_equal(in_child(read_live_as_plain_user, false), 0);
	assert_int_equal(in_child(read_live_as_root_without_sys_admin, true), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_list_symbols),
		cmocka_unit_test(test_kernel_versions_parse),
		cmocka_unit_test(test_facts_follow_the_kernel_version),
		cmocka_unit_test(test_values_carry_versions),
		cmocka_unit_test(test_table_order_and_names),
		cmocka_unit_test(test_every_choice_reads_with_its_meaning),
		cmocka_unit_test(test_jit_limit_reads_over_its_whole_range),
		cmocka_unit_test(test_bad_files_give_no_value_and_a_reason),
		cmocka_unit_test(test_absent_knobs_name_the_likely_cause),
		cmocka_unit_test(test_locked_unprivileged_bpf_is_explained),
		cmocka_unit_test(test_build_options_decide_allowed_values_and_defaults),
		cmocka_unit_test(test_json_has_the_promised_shape),
		cmocka_unit_test(test_live_privileges_decide_what_reads),
	};

	return cmocka_run_group_tests_name("knob", tests, NULL, NULL);
}
