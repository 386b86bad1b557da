/* The write path: refusals leave every file as it was; accepted values are
 * written once and read back. Fixture trees for states the machine cannot
 * show, the real kernel for what only the kernel can say. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "change/change.h"
#include "lib/fixture.h"
#include "knobs/kconfig.h"

struct world {
	struct fixture fx;
	struct procroot root;
	struct kconfig cfg;
	struct knob_env env;
};

static void world_open(struct world *w, const char *proc_dir)
{
	assert_int_equal(procroot_init(&w->root, proc_dir), 0);
	kconfig_load(&w->cfg, &w->root, "6.18.0-test");
	w->env.kconfig = &w->cfg;
	w->env.machine = "x86_64";
}

static void read_file(struct world *w, const char *rel, char *buf, size_t size)
{
	size_t len;

	assert_int_equal(procroot_read(&w->root, rel, buf, size, &len), 0);
}

/* What the TUI does with typed text: parse, then apply from the shown value. */
static int attempt(struct world *w, const struct knob_def *def, long shown, const char *typed,
		   struct change_outcome *out)
{
	long value;
	int err = change_parse_value(def, typed, &value);

	if (err) {
		memset(out, 0, sizeof(*out));
		out->stage = CHANGE_STAGE_PARSE;
		out->error = err;
		return err;
	}
	return change_apply(def, &w->root, &w->env, shown, value, false, out);
}

static void test_bad_input_writes_nothing(void **state)
{
	static const char *const bad_everywhere[] = {
		"", " ", "  2", "2 ", "\t2", "2\n", "+2", "-2", "-0", "0x2", "0b1", "02x", "2.0",
		"1e0", "two", "2;", "2 # comment", "١", "²", "２", "9223372036854775808",
		"99999999999999999999999999", "-9223372036854775809", "3", "7", "100",
		"1,2", "K", "1K", "2M", "0G",
	};
	static const char *const bad_limit[] = {
		"0", "-1", "1T", "1KB", "1 K", "K1", "1.5M", "8796093022208G", "1056964609",
		"1G", "9223372036854775807",
	};
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	char before[64], after[64], longest[5000], explained[1024];
	struct change_outcome out;
	struct world w;
	size_t n = 0;

	(void)state;
	fixture_new(&w.fx);
	world_open(&w, w.fx.dir);
	memset(longest, '1', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';

	read_file(&w, harden->rel_path, before, sizeof(before));
	for (size_t i = 0; i < sizeof(bad_everywhere) / sizeof(bad_everywhere[0]); i++, n++) {
		if (attempt(&w, harden, 0, bad_everywhere[i], &out) == 0)
			fail_msg("\"%s\" was accepted", bad_everywhere[i]);
		assert_false(out.written);
		assert_true(out.stage == CHANGE_STAGE_PARSE || out.stage == CHANGE_STAGE_VALIDATE);
		change_explain(harden, &w.env, &out, explained, sizeof(explained));
		assert_non_null(strstr(explained, "0, 1 or 2"));
		read_file(&w, harden->rel_path, after, sizeof(after));
		assert_string_equal(before, after);
	}
	assert_int_not_equal(attempt(&w, harden, 0, longest, &out), 0);
	n++;

	read_file(&w, limit->rel_path, before, sizeof(before));
	for (size_t i = 0; i < sizeof(bad_limit) / sizeof(bad_limit[0]); i++, n++) {
		assert_int_not_equal(attempt(&w, limit, 528482304, bad_limit[i], &out), 0);
		assert_false(out.written);
		read_file(&w, limit->rel_path, after, sizeof(after));
		assert_string_equal(before, after);
	}
	assert_true(n >= 30);
	fixture_free(&w.fx);
}

static void test_sizes_take_binary_suffixes(void **state)
{
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	long v;

	(void)state;
	assert_int_equal(change_parse_value(limit, "4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(change_parse_value(limit, "64K", &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(change_parse_value(limit, "512m", &v), 0);
	assert_int_equal(v, 536870912);
	assert_int_equal(change_parse_value(limit, "1G", &v), 0);
	assert_int_equal(v, 1073741824);
	assert_int_equal(change_parse_value(limit, "8796093022208G", &v), -ERANGE);
	assert_int_equal(change_parse_value(harden, "1K", &v), -EINVAL);
}

static void test_accepted_change_is_written_and_read_back(void **state)
{
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	struct change_outcome out;
	char text[64], explained[512];
	struct world w;

	(void)state;
	fixture_new(&w.fx);
	world_open(&w, w.fx.dir);
	assert_int_equal(attempt(&w, harden, 0, "2", &out), 0);
	assert_int_equal(out.stage, CHANGE_STAGE_DONE);
	assert_true(out.written);
	assert_int_equal(out.before, 0);
	assert_int_equal(out.after, 2);
	read_file(&w, harden->rel_path, text, sizeof(text));
	assert_string_equal(text, "2\n");
	change_explain(harden, &w.env, &out, explained, sizeof(explained));
	assert_non_null(strstr(explained, "from 0 to 2"));

	assert_int_equal(attempt(&w, limit, 528482304, "256M", &out), 0);
	read_file(&w, limit->rel_path, text, sizeof(text));
	assert_string_equal(text, "268435456\n");

	/* A dry run goes through every check and writes nothing. */
	assert_int_equal(change_apply(harden, &w.root, &w.env, 2, 0, true, &out), 0);
	assert_false(out.written);
	read_file(&w, harden->rel_path, text, sizeof(text));
	assert_string_equal(text, "2\n");
	change_explain(harden, &w.env, &out, explained, sizeof(explained));
	assert_non_null(strstr(explained, "Nothing was written"));
	change_sysctl_command(harden, 2, text, sizeof(text));
	assert_string_equal(text, "sysctl -w net.core.bpf_jit_harden=2");
	fixture_free(&w.fx);
}

static void test_refusals_before_the_write(void **state)
{
	const struct knob_def *enable = &knob_table[KNOB_JIT_ENABLE];
	const struct knob_def *unpriv = &knob_table[KNOB_UNPRIV_DISABLED];
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	struct change_outcome out;
	char text[64], explained[1024];
	struct world w;

	(void)state;
	/* CONFIG_BPF_JIT_ALWAYS_ON: only 1. */
	fixture_new(&w.fx);
	world_open(&w, w.fx.dir);
	assert_int_equal(attempt(&w, enable, 1, "0", &out), -EINVAL);
	assert_int_equal(out.stage, CHANGE_STAGE_VALIDATE);
	change_explain(enable, &w.env, &out, explained, sizeof(explained));
	assert_non_null(strstr(explained, "CONFIG_BPF_JIT_ALWAYS_ON"));
	assert_non_null(strstr(explained, "only 1"));
	read_file(&w, enable->rel_path, text, sizeof(text));
	assert_string_equal(text, "1\n");

	/* Locked at 1: every other value is refused, 1 again is fine. */
	fixture_write(&w.fx, unpriv->rel_path, "1\n", (size_t)-1);
	assert_int_equal(attempt(&w, unpriv, 1, "0", &out), -EPERM);
	assert_int_equal(out.stage, CHANGE_STAGE_VALIDATE);
	change_explain(unpriv, &w.env, &out, explained, sizeof(explained));
	assert_non_null(strstr(explained, "locked at 1 until reboot"));
	assert_int_equal(attempt(&w, unpriv, 1, "2", &out), -EPERM);
	read_file(&w, unpriv->rel_path, text, sizeof(text));
	assert_string_equal(text, "1\n");
	assert_int_equal(attempt(&w, unpriv, 1, "1", &out), 0);

	/* Changed behind the user's back: stop and show the new value. */
	fixture_write(&w.fx, harden->rel_path, "1\n", (size_t)-1);
	assert_int_equal(attempt(&w, harden, 0, "2", &out), -ESTALE);
	assert_int_equal(out.stage, CHANGE_STAGE_REREAD);
	assert_int_equal(out.before, 1);
	change_explain(harden, &w.env, &out, explained, sizeof(explained));
	assert_non_null(strstr(explained, "it was 0 and is now 1"));
	read_file(&w, harden->rel_path, text, sizeof(text));
	assert_string_equal(text, "1\n");

	/* Gone: no file is created. */
	fixture_remove(&w.fx, harden->rel_path);
	assert_int_equal(attempt(&w, harden, 0, "2", &out), -ENOENT);
	assert_int_equal(out.stage, CHANGE_STAGE_REREAD);
	fixture_path(&w.fx, harden->rel_path, text, sizeof(text));
	assert_int_equal(access(text, F_OK), -1);
	fixture_free(&w.fx);
}

static void test_kernel_refusals_are_explained(void **state)
{
	const struct knob_def *enable = &knob_table[KNOB_JIT_ENABLE];
	const struct knob_def *unpriv = &knob_table[KNOB_UNPRIV_DISABLED];
	struct kconfig unknown = { .error = -ENOENT };
	struct knob_env env = { .kconfig = &unknown, .machine = "" };
	struct change_outcome out = { .stage = CHANGE_STAGE_WRITE, .written = true };
	char text[1024];

	(void)state;
	out.requested = 0;
	out.error = -EINVAL;
	change_explain(enable, &env, &out, text, sizeof(text));
	assert_non_null(strstr(text, "net.core.bpf_jit_enable=0"));
	assert_non_null(strstr(text, "EINVAL"));
	assert_non_null(strstr(text, "probably built with CONFIG_BPF_JIT_ALWAYS_ON"));

	out.error = -EPERM;
	change_explain(unpriv, &env, &out, text, sizeof(text));
	assert_non_null(strstr(text, "kernel.unprivileged_bpf_disabled"));
	assert_non_null(strstr(text, "CAP_SYS_ADMIN"));
	assert_non_null(strstr(text, "only a reboot clears it"));

	out.error = -EACCES;
	change_explain(enable, &env, &out, text, sizeof(text));
	assert_non_null(strstr(text, "root"));
	out.error = -EROFS;
	change_explain(enable, &env, &out, text, sizeof(text));
	assert_non_null(strstr(text, "read-only"));
	out.error = -ENOENT;
	change_explain(enable, &env, &out, text, sizeof(text));
	assert_non_null(strstr(text, "initial network namespace"));
}

/* The real kernel. Every test here restores what it found in teardown. */
static long saved_harden = -1, saved_limit = -1;
static int kernel_lock = -1;

static long live_value(const char *name)
{
	struct world w = { 0 };
	struct knob_reading r;

	world_open(&w, NULL);
	knob_read(knob_find_key(name, strlen(name)), &w.root, &w.env, &r);
	assert_int_equal(r.error, 0);
	return r.value;
}

static void live_write_raw(const char *rel, long value)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s", rel);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%ld\n", value);
		fclose(f);
	}
}

static int live_setup(void **state)
{
	(void)state;
	if (geteuid() != 0)
		return 0;
	kernel_lock = fixture_lock_kernel(true);
	saved_harden = live_value("net.core.bpf_jit_harden");
	saved_limit = live_value("net.core.bpf_jit_limit");
	return 0;
}

static int live_teardown(void **state)
{
	(void)state;
	if (saved_harden >= 0)
		live_write_raw("sys/net/core/bpf_jit_harden", saved_harden);
	if (saved_limit > 0)
		live_write_raw("sys/net/core/bpf_jit_limit", saved_limit);
	fixture_unlock_kernel(kernel_lock);
	return 0;
}

static void need_root(void)
{
	if (geteuid() == 0)
		return;
	if (getenv("CI"))
		fail_msg("CI runs as root; this test must not skip there");
	print_message("SKIP: changing real knobs needs root\n");
	skip();
}

static void test_live_harden_round_trip(void **state)
{
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	struct change_outcome out;
	struct world w = { 0 };

	(void)state;
	need_root();
	world_open(&w, NULL);
	assert_int_equal(change_apply(harden, &w.root, &w.env, saved_harden, 2, false, &out), 0);
	assert_int_equal(out.stage, CHANGE_STAGE_DONE);
	assert_int_equal(live_value("net.core.bpf_jit_harden"), 2);
	assert_int_equal(change_apply(harden, &w.root, &w.env, 2, 0, false, &out), 0);
	assert_int_equal(live_value("net.core.bpf_jit_harden"), 0);
}

static void test_live_jit_enable_zero_is_refused(void **state)
{
	const struct knob_def *enable = &knob_table[KNOB_JIT_ENABLE];
	struct change_outcome out;
	char text[1024];
	struct world w = { 0 };

	(void)state;
	need_root();
	world_open(&w, NULL);
	if (!kconfig_is_set(&w.cfg, KCONFIG_BPF_JIT_ALWAYS_ON)) {
		print_message("SKIP: this kernel keeps the interpreter; 0 would be accepted\n");
		skip();
	}
	/* Known build: refused before the write. */
	assert_int_equal(change_apply(enable, &w.root, &w.env, 1, 0, false, &out), -EINVAL);
	assert_int_equal(out.stage, CHANGE_STAGE_VALIDATE);
	assert_false(out.written);
	/* Unknown build: the kernel itself refuses, and the refusal is explained. */
	for (int i = 0; i < KCONFIG__COUNT; i++)
		w.cfg.opt[i] = KCONFIG_UNKNOWN;
	assert_int_equal(change_apply(enable, &w.root, &w.env, 1, 0, false, &out), -EINVAL);
	assert_int_equal(out.stage, CHANGE_STAGE_WRITE);
	assert_true(out.written);
	change_explain(enable, &w.env, &out, text, sizeof(text));
	assert_non_null(strstr(text, "CONFIG_BPF_JIT_ALWAYS_ON"));
	assert_int_equal(live_value("net.core.bpf_jit_enable"), 1);
}

static void test_live_limit_change_and_external_write(void **state)
{
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	long lower = saved_limit - 4096 * 16;
	struct change_outcome out;
	struct world w = { 0 };

	(void)state;
	need_root();
	world_open(&w, NULL);
	assert_int_equal(change_apply(limit, &w.root, &w.env, saved_limit, lower, false, &out), 0);
	assert_int_equal(live_value("net.core.bpf_jit_limit"), lower);
	/* Someone else writes between what the user saw and the confirmation. */
	live_write_raw("sys/net/core/bpf_jit_limit", lower - 4096);
	assert_int_equal(change_apply(limit, &w.root, &w.env, lower, saved_limit, false, &out),
			 -ESTALE);
	assert_false(out.written);
	assert_int_equal(out.before, lower - 4096);
	assert_int_equal(live_value("net.core.bpf_jit_limit"), lower - 4096);
	assert_int_equal(change_apply(limit, &w.root, &w.env, lower - 4096, saved_limit, false, &out),
			 0);
	assert_int_equal(live_value("net.core.bpf_jit_limit"), saved_limit);
}

int main(void)
{
	const struct CMUnitTest fixtures[] = {
		cmocka_unit_test(test_bad_input_writes_nothing),
		cmocka_unit_test(test_sizes_take_binary_suffixes),
		cmocka_unit_test(test_accepted_change_is_written_and_read_back),
		cmocka_unit_test(test_refusals_before_the_write),
		cmocka_unit_test(test_kernel_refusals_are_explained),
	};
	const struct CMUnitTest live[] = {
		cmocka_unit_test(test_live_harden_round_trip),
		cmocka_unit_test(test_live_jit_enable_zero_is_refused),
		cmocka_unit_test(test_live_limit_change_and_external_write),
	};
	int failed = cmocka_run_group_tests_name("change on fixtures", fixtures, NULL, NULL);

	return failed + cmocka_run_group_tests_name("change on the real kernel", live, live_setup,
						     live_teardown);
}
