/* The fleet modes' core without the binary: --check's profiles and
 * verdicts (fleet/check.c), --set's request parsing (fleet/set.c), and the
 * exposition of --prometheus (fleet/prom.c), over fixture trees. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/fixture.h"
#include "fleet/check.h"
#include "fleet/prom.h"
#include "fleet/set.h"

static struct fixture fx;
static struct snapshot snap;

static int setup(void **state)
{
	(void)state;
	fixture_new(&fx);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	snapshot_free(&snap);
	fixture_free(&fx);
	return 0;
}

static void take(void)
{
	struct procroot root;

	assert_int_equal(procroot_init(&root, fx.dir), 0);
	assert_int_equal(snapshot_take(&snap, &root), 0);
}

/* Loads a profile file holding text: check_load()'s result. */
static int load(const char *text, struct check_profile *p, struct check_problem *problem)
{
	char path[PATH_MAX];

	fixture_write(&fx, "profile.conf", text, (size_t)-1);
	fixture_path(&fx, "profile.conf", path, sizeof(path));
	return check_load(path, p, problem);
}

static void test_builtin_profiles(void **state)
{
	struct check_profile p;
	struct check_problem problem;

	(void)state;
	assert_int_equal(check_load("recommended", &p, &problem), 0);
	assert_true(p.builtin);
	assert_int_equal(p.want[KNOB_JIT_HARDEN], CHECK_WANT_VALUE);
	assert_int_equal(p.value[KNOB_JIT_HARDEN], 2);
	assert_int_equal(p.want[KNOB_JIT_LIMIT], CHECK_WANT_DEFAULT);
	assert_int_equal(check_load("kspp", &p, &problem), 0);
	assert_int_equal(p.value[KNOB_UNPRIV_DISABLED], 1);
	assert_int_equal(p.value[KNOB_JIT_HARDEN], 2);
	assert_int_equal(p.want[KNOB_JIT_ENABLE], CHECK_WANT_NONE);
	assert_int_equal(p.want[KNOB_JIT_KALLSYMS], CHECK_WANT_NONE);
	assert_int_equal(p.want[KNOB_JIT_LIMIT], CHECK_WANT_NONE);

	/* the table the errors and the shell completions name them from */
	assert_string_equal(check_builtin_names(), "recommended, kspp");
	for (const struct check_builtin *b = check_builtins; b->name; b++) {
		assert_int_equal(check_load(b->name, &p, &problem), 0);
		assert_true(p.builtin);
		assert_non_null(b->summary);
	}
}

static void test_profile_file(void **state)
{
	struct check_profile p;
	struct check_problem problem;
	char text[1024];

	(void)state;
	assert_int_equal(load("# c\n; c\n\n -net/core/bpf_jit_harden\t=  1 \r\n"
			      "net.core.bpf_jit_limit=1G\n", &p, &problem), 0);
	assert_false(p.builtin);
	assert_int_equal(p.value[KNOB_JIT_HARDEN], 1);
	assert_int_equal(p.line[KNOB_JIT_HARDEN], 4);
	assert_int_equal(p.value[KNOB_JIT_LIMIT], 1L << 30);
	assert_int_equal(p.want[KNOB_UNPRIV_DISABLED], CHECK_WANT_NONE);

	assert_int_equal(load("net.core.bpf_jit_harden = 2\nharden = 2\n", &p, &problem), -ENOENT);
	assert_int_equal(problem.line, 2);
	assert_string_equal(problem.text, "harden");
	check_load_explain("f", -ENOENT, &problem, text, sizeof(text));
	assert_non_null(strstr(text, "--check f line 2: 'harden' is not one of the eBPF knobs"));
	assert_int_equal(load("net.core.bpf_jit_harden = 3\n", &p, &problem), -EDOM);
	assert_int_equal(load("net.core.bpf_jit_harden = 0x2\n", &p, &problem), -EDOM);
	assert_int_equal(load("net.core.bpf_jit_limit = 0\n", &p, &problem), -EDOM);
	assert_int_equal(load("garbage\n", &p, &problem), -EINVAL);
	assert_int_equal(load("= 2\n", &p, &problem), -EINVAL);
	assert_int_equal(load("net.core.bpf_jit_harden = 2\n\nnet.core.bpf_jit_harden = 2\n", &p,
			      &problem), -EEXIST);
	assert_int_equal(problem.line, 3);
	assert_int_equal(problem.first_line, 1);
	assert_int_equal(load("# nothing\n", &p, &problem), -ENODATA);
	assert_int_equal(check_load("/nonexistent/profile", &p, &problem), -ENOENT);
	assert_int_equal(problem.line, 0);
}

static void test_verdicts(void **state)
{
	struct check_profile p;
	struct check_problem problem;
	struct check_result r;

	(void)state;
	/* the reference tree: unprivileged 2, harden 0, the rest at the recommendation */
	take();
	assert_int_equal(check_load("recommended", &p, &problem), 0);
	check_check(&p, &snap, &r);
	assert_int_equal(r.rows[KNOB_UNPRIV_DISABLED].verdict, CHECK_NOT_OK);
	assert_int_equal(r.rows[KNOB_JIT_HARDEN].verdict, CHECK_NOT_OK);
	assert_int_equal(r.rows[KNOB_JIT_ENABLE].verdict, CHECK_OK);
	assert_int_equal(r.rows[KNOB_JIT_LIMIT].verdict, CHECK_OK);
	assert_int_equal(r.rows[KNOB_JIT_LIMIT].want, 528482304);
	assert_int_equal(check_status(&r), CHECK_DIFFERS);

	/* unreadable beside ok: 3; beside a knob that differs: 1 */
	fixture_write(&fx, "sys/kernel/unprivileged_bpf_disabled", "1\n", (size_t)-1);
	fixture_write(&fx, "sys/net/core/bpf_jit_harden", "junk\n", (size_t)-1);
	take();
	assert_int_equal(check_load("kspp", &p, &problem), 0);
	check_check(&p, &snap, &r);
	assert_int_equal(r.rows[KNOB_UNPRIV_DISABLED].verdict, CHECK_OK);
	assert_int_equal(r.rows[KNOB_JIT_HARDEN].verdict, CHECK_NO_VALUE);
	assert_int_equal(r.rows[KNOB_JIT_ENABLE].verdict, CHECK_NOT_CHECKED);
	assert_int_equal(check_status(&r), CHECK_UNREADABLE);
	fixture_write(&fx, "sys/kernel/unprivileged_bpf_disabled", "0\n", (size_t)-1);
	take();
	check_check(&p, &snap, &r);
	assert_int_equal(check_status(&r), CHECK_DIFFERS);

	/* no kernel config: the limit's default, so its recommendation, is unknown */
	fixture_write(&fx, "sys/net/core/bpf_jit_harden", "2\n", (size_t)-1);
	fixture_write(&fx, "sys/kernel/unprivileged_bpf_disabled", "1\n", (size_t)-1);
	fixture_remove(&fx, "config.gz");
	fixture_write(&fx, "sys/kernel/arch", "riscv64\n", (size_t)-1);
	take();
	assert_int_equal(check_load("recommended", &p, &problem), 0);
	check_check(&p, &snap, &r);
	assert_int_equal(r.rows[KNOB_JIT_LIMIT].verdict, CHECK_NO_WANT);
	assert_false(r.rows[KNOB_JIT_LIMIT].want_known);
}

/* A profile's maximum of JIT memory in use: parsed, judged on the
 * snapshot's reading (exact or estimated), unreadable without one. */
static void test_jit_max(void **state)
{
	struct check_profile p;
	struct check_problem problem;
	struct check_result r;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	assert_int_equal(load("bpfknobs.jit_memory_max_percent = 80\n", &p, &problem), 0);
	assert_true(p.jit_max_set);
	assert_int_equal(p.jit_max_percent, 80);
	assert_int_equal(p.jit_line, 1);
	assert_int_equal(load("net.core.bpf_jit_harden = 2\nbpfknobs/jit_memory_max_percent=95%\n",
			      &p, &problem), 0);
	assert_int_equal(p.jit_max_percent, 95);
	assert_int_equal(p.jit_line, 2);
	assert_int_equal(load("bpfknobs.jit_memory_max_percent = 0\n", &p, &problem), -EDOM);
	assert_int_equal(load("bpfknobs.jit_memory_max_percent = 101\n", &p, &problem), -EDOM);
	assert_int_equal(load("bpfknobs.jit_memory_max_percent = 8O\n", &p, &problem), -EDOM);
	assert_int_equal(load("bpfknobs.jit_memory_max_percent = 80\n"
			      "bpfknobs.jit_memory_max_percent = 70\n", &p, &problem), -EEXIST);
	assert_int_equal(problem.first_line, 1);
	assert_int_equal(load("bpfknobs.jit_memory_percent = 80\n", &p, &problem), -ENOENT);

	/* a captured tree has no reading: unreadable, 3 */
	assert_int_equal(load("bpfknobs.jit_memory_max_percent = 80\n", &p, &problem), 0);
	take();
	check_check(&p, &snap, &r);
	assert_true(r.jit.checked);
	assert_int_equal(r.jit.verdict, CHECK_NO_VALUE);
	assert_int_equal(r.nr[CHECK_NO_VALUE], 1);
	assert_int_equal(check_status(&r), CHECK_UNREADABLE);

	/* a reading of 85 % of the limit differs from 80, complies with 90 */
	snap.jitmem.method = JITMEM_COUNTER;
	snap.jitmem.exact = true;
	snap.jitmem.limit_known = true;
	snap.jitmem.limit_bytes = 100ull << 20;
	snap.jitmem.used_bytes = 85ull << 20;
	check_check(&p, &snap, &r);
	assert_int_equal(r.jit.verdict, CHECK_NOT_OK);
	assert_int_equal(check_status(&r), CHECK_DIFFERS);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(check_text_write(&p, &snap, &r, out), 0);
	fclose(out);
	assert_non_null(strstr(text, "bpfknobs.jit_memory_max_percent: differs: 85 % of "
				     "net.core.bpf_jit_limit in use (in use 85 MiB of 100 MiB, exact), "
				     "more than the 80 % the profile allows. Past the limit "));
	free(text);
	assert_int_equal(load("bpfknobs.jit_memory_max_percent = 90\n", &p, &problem), 0);
	check_check(&p, &snap, &r);
	assert_int_equal(r.jit.verdict, CHECK_OK);
	assert_int_equal(check_status(&r), CHECK_COMPLIES);
	/* not set: no row, nothing changes */
	assert_int_equal(check_load("kspp", &p, &problem), 0);
	check_check(&p, &snap, &r);
	assert_false(r.jit.checked);
}

static void test_set_parse(void **state)
{
	struct set_request r;

	(void)state;
	assert_int_equal(set_parse("net/core/bpf_jit_limit=512M", "1G", &r), 0);
	assert_ptr_equal(r.def, &knob_table[KNOB_JIT_LIMIT]);
	assert_int_equal(r.value, 512L << 20);
	assert_true(r.has_expect);
	assert_int_equal(r.expect, 1L << 30);
	assert_int_equal(set_parse("net.core.bpf_jit_harden", NULL, &r), -EINVAL);
	assert_int_equal(set_parse("harden=2", NULL, &r), -ENOENT);
	assert_int_equal(set_parse("net.core.bpf_jit_harden.=2", NULL, &r), -ENOENT);
	assert_int_equal(set_parse("net.core.bpf_jit_harden=abc", NULL, &r), -EDOM);
	assert_int_equal(set_parse("net.core.bpf_jit_harden= 2", NULL, &r), -EDOM);
	assert_int_equal(set_parse("net.core.bpf_jit_harden=-1", NULL, &r), -EDOM);
	assert_int_equal(set_parse("net.core.bpf_jit_limit=99999999999999999999", NULL, &r),
			 -ERANGE);
	assert_int_equal(set_parse("net.core.bpf_jit_harden=2", "x", &r), -EBADMSG);
}

/* The exposition of an unreadable knob, and an escaped label value. */
static void test_prom(void **state)
{
	struct prom_facts facts = { .taken = { 1700000000, 250000000 }, .stats_error = -ENOENT };
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	fixture_write(&fx, "sys/net/core/bpf_jit_harden", "junk\n", (size_t)-1);
	take();
	snprintf(snap.proc_dir, sizeof(snap.proc_dir), "a\"b\\c\nd");
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(prom_write(&snap, &facts, out), 0);
	fclose(out);
	assert_non_null(strstr(text, "proc=\"a\\\"b\\\\c\\nd\"} 1\n"));
	assert_non_null(strstr(text, "bpfknobs_snapshot_timestamp_seconds 1700000000.250\n"));
	assert_non_null(strstr(text, "bpfknobs_knob_readable{knob=\"net.core.bpf_jit_harden\"} 0\n"));
	assert_null(strstr(text, "bpfknobs_knob_value{knob=\"net.core.bpf_jit_harden\"}"));
	assert_null(strstr(text, "bpfknobs_knob_meets_recommendation{knob=\"net.core.bpf_jit_harden\"}"));
	assert_non_null(strstr(text, "bpfknobs_knob_value{knob=\"net.core.bpf_jit_enable\"} 1\n"));
	assert_non_null(strstr(text, "bpfknobs_stats_readable 0\n"));
	assert_null(strstr(text, "bpfknobs_stats_enabled 0"));
	/* a fixture tree has no program list */
	assert_non_null(strstr(text, "bpfknobs_programs_listed 0\n"));
	assert_null(strstr(text, "# TYPE bpfknobs_programs_loaded"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtin_profiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jit_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prom, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
