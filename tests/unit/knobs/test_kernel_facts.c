/* What booting Debian's 5.10, 6.1, 6.12 and 7.x kernels showed (make
 * check-kernels, tests/kernels/), as unit tests that need no VM:
 * each false statement the matrix found is asserted gone here, keyed by
 * the release strings those kernels really have. */
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
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "change/change.h"
#include "out/fields.h"
#include "lib/fixture.h"
#include "out/jsonw.h"
#include "ksyms/ksyms_table.h"
#include "knobs/knob.h"
#include "ksyms/ksyms_names.h"
#include "out/report.h"
#include "refresh/snapshot.h"
#include "lib/prog_json.h"

/* The release strings of the kernels the matrix boots (kernel.osrelease). */
#define REL_5_10 "5.10.0-32-amd64"
#define REL_6_1 "6.1.0-50-amd64"
#define REL_6_12 "6.12.117+deb13-amd64"
#define REL_7_3 "7.3.4+deb13-amd64"

static char *prog_sizes_field(const struct prog *p)
{
	struct prog_list list = { .progs = (struct prog *)p, .nr_progs = 1 };
	struct fields f;
	char *text = NULL;

	fields_init(&f);
	fields_prog(&list, p, &f);
	for (size_t i = 0; i < f.nr; i++)
		if (!strcmp(f.v[i].label, "Sizes"))
			text = strdup(f.v[i].text);
	fields_free(&f);
	assert_non_null(text);
	return text;
}

/* 5.10's bpf_prog_info has no verified_insns (it came in 5.16): the tool
 * said "0 instructions verified" and "verified_insns": 0. */
static void test_verified_insns_not_reported(void **state)
{
	struct prog p = { .id = 3, .type = 1, .type_name = "socket_filter",
				.tag = "a04f5eef06a7f555", .user = "root", .bytes_xlated = 16 };
	json_object *o, *v;
	char *text;

	(void)state;
	p.verified_insns_absent = true;
	o = prog_json(&p);
	assert_true(json_object_object_get_ex(o, "verified_insns", &v));
	assert_null(v);
	json_object_put(o);
	text = prog_sizes_field(&p);
	assert_non_null(strstr(text, "instructions verified: not reported by this kernel"));
	assert_null(strstr(text, "0 instructions verified"));
	free(text);

	p.verified_insns_absent = false;
	p.verified_insns = 2;
	o = prog_json(&p);
	assert_int_equal(json_object_get_int(json_object_object_get(o, "verified_insns")), 2);
	json_object_put(o);
	text = prog_sizes_field(&p);
	assert_non_null(strstr(text, "; 2 instructions verified"));
	free(text);
}

/* 5.10 has no /proc/sys/kernel/arch: the running kernel's machine comes
 * from uname(2) then; a captured tree without the file leaves it unknown. */
static void test_machine_without_kernel_arch(void **state)
{
	struct snapshot_facts facts;
	struct procroot root;
	struct fixture fx;
	struct utsname uts;

	(void)state;
	assert_int_equal(uname(&uts), 0);
	fixture_new(&fx);
	fixture_write(&fx, "sys/kernel/osrelease", REL_5_10 "\n", (size_t)-1);
	fixture_remove(&fx, "sys/kernel/arch");
	assert_int_equal(procroot_init(&root, fx.dir), 0);
	snapshot_facts_read(&facts, &root);
	assert_string_equal(facts.machine, "");
	assert_int_equal(facts.kver, KVER(5, 10, 0));
	root.live = true; /* as if this tree were the running kernel's /proc */
	snapshot_facts_read(&facts, &root);
	assert_string_equal(facts.machine, uts.machine);
	fixture_free(&fx);
}

static void parse_kallsyms(const char *text, struct ksyms_table *ks)
{
	int fds[2];
	size_t len = strlen(text);

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], text, len), (ssize_t)len);
	close(fds[1]);
	assert_int_equal(ksyms_table_parse(fds[0], ks), 0);
	close(fds[0]);
}

/* 5.10 lists a two-function program's main function twice, at one
 * address: first under func[0]'s own tag, then under the program's tag
 * (as seen in the VM). The tool gives the main function the program's
 * name, the subprogram its own, and counts neither as another JIT image. */
static void test_main_function_listed_twice(void **state)
{
	static const char text[] =
		"ffffffffc0000000 T bpf_jit_base\n"
		"ffffffffc0002a48 t bpf_prog_1f0e5c3a9d2b4e67_bk_subprog\t[bpf]\n"
		"ffffffffc0002ac8 t bpf_prog_b11459a0e11ca14c_F\t[bpf]\n"
		"ffffffffc0002a48 t bpf_prog_3e8e9a1ff374d4f4_bk_subprog\t[bpf]\n"
		"ffffffffc0004000 t bpf_dispatcher_xdp\t[bpf]\n";
	struct prog_symbol syms[] = { { .addr = 0xffffffffc0002a48, .len = 19 },
				       { .addr = 0xffffffffc0002ac8, .len = 19 } };
	struct prog p = { .id = 6, .name = "bk_subprog", .tag = "3e8e9a1ff374d4f4",
				.syms = syms, .nr_syms = 2 };
	struct prog_list list = { .progs = &p, .nr_progs = 1 };
	struct prog_symbol *others;
	struct ksyms_table ks;
	size_t nr;

	(void)state;
	parse_kallsyms(text, &ks);
	assert_int_equal(ksyms_names_resolve(&p, &ks), 0);
	assert_string_equal(syms[0].name, "bpf_prog_3e8e9a1ff374d4f4_bk_subprog");
	assert_string_equal(syms[1].name, "bpf_prog_b11459a0e11ca14c_F");
	assert_int_equal(ksyms_names_others(&ks, &list, &others, &nr), 0);
	assert_int_equal(nr, 1);
	assert_string_equal(others[0].name, "bpf_dispatcher_xdp");
	prog_symbols_free(others, nr);
	free(syms[0].name);
	free(syms[1].name);
	ksyms_table_free(&ks);
}

/* 5.10 answers success to -1 on bpf_jit_limit and keeps the old value.
 * Whatever a kernel does that way, a write that does not hold must never
 * be reported as done: write(2) is made to succeed without writing, for the
 * knob file only, and the read back must catch it. */
static char swallow_path[PATH_MAX];

ssize_t write(int fd, const void *buf, size_t count)
{
	char link[64], target[PATH_MAX];
	ssize_t n;

	if (swallow_path[0]) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			if (!strcmp(target, swallow_path))
				return (ssize_t)count;
		}
	}
	return syscall(SYS_write, fd, buf, count);
}

static void test_write_that_does_not_hold(void **state)
{
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	struct kconfig kc = { 0 };
	struct knob_env env = { .kconfig = &kc, .machine = "x86_64", .kver = KVER(5, 10, 0) };
	struct change_outcome out;
	struct procroot root;
	struct fixture fx;
	char path[PATH_MAX], text[512];

	(void)state;
	fixture_new(&fx);
	fixture_write(&fx, "sys/net/core/bpf_jit_limit", "528482304\n", (size_t)-1);
	assert_int_equal(procroot_init(&root, fx.dir), 0);
	fixture_path(&fx, "sys/net/core/bpf_jit_limit", path, sizeof(path));
	/* as /proc/sys: written in place, not truncated first */
	root.live = true;
	assert_non_null(realpath(path, swallow_path));
	change_apply(limit, &root, &env, 528482304, 1000000, false, &out);
	swallow_path[0] = '\0';
	assert_int_equal(out.stage, CHANGE_STAGE_VERIFY);
	assert_int_equal(out.error, -EIO);
	assert_int_equal(out.after, 528482304);
	change_explain(limit, &env, &out, text, sizeof(text));
	assert_non_null(strstr(text, "reads back as 528482304: the kernel did not keep the value"));
	fixture_free(&fx);
}

/* Which bpf() commands unprivileged_bpf_disabled gates: every one on
 * 5.10.223; only loads and map creation on 6.1.176 (the 6.5 change came
 * through a stable backport: a plain user's BPF_OBJ_GET works there), 6.12
 * and 7.x. The tool said "every bpf() command" for 6.1. */
static void test_unpriv_gate_on_the_matrix(void **state)
{
	static const struct {
		const char *release;
		const char *says, *never;
	} cases[] = {
		{ REL_5_10, "It gates every bpf() command", "gates only" },
		{ REL_6_1, "It gates only loading programs and creating maps; other bpf() "
			   "commands keep their own checks (measured on Debian's 6.1.176",
		  "every bpf() command for" },
		{ REL_6_12, "It gates only loading programs and creating maps; other bpf() "
			    "commands keep their own checks.", "every bpf() command" },
		{ REL_7_3, "It gates only loading programs and creating maps; other bpf() "
			   "commands keep their own checks.", "every bpf() command" },
	};
	const struct knob_def *unpriv = &knob_table[KNOB_UNPRIV_DISABLED];
	struct kconfig kc = { 0 };
	struct knob_env env = { .kconfig = &kc, .machine = "x86_64" };
	char text[2048];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env.kver = kver_parse(cases[i].release);
		knob_effects_text(unpriv, &env, text, sizeof(text));
		if (!strstr(text, cases[i].says) || strstr(text, cases[i].never))
			fail_msg("%s: %s", cases[i].release, text);
	}
	/* and at 0, the verifier still refuses them BPF-to-BPF calls (EPERM on
	 * every kernel of the matrix): "any user may load" has that limit */
	assert_non_null(strstr(knob_choice_of(unpriv, 0)->meaning,
			       "as far as the verifier allows a loader without CAP_BPF"));
}

/* bpf_jit_limit past the limit, on each kernel of the matrix by its real
 * release string: what the tool states is what the VM showed. */
static void test_jit_limit_on_the_matrix(void **state)
{
	static const struct {
		const char *release;
		const char *says, *never;
	} cases[] = {
		/* classic filters too: a plain user's SO_ATTACH_FILTER one byte past
		 * the limit (make check-kernels, jit-boundary) */
		{ REL_5_10, "runs in the interpreter, classic filters (seccomp, SO_ATTACH_FILTER) "
			    "included (measured on Debian's 5.10.223", "ENOTSUPP" },
		{ REL_6_1, "fails with ENOTSUPP (errno 524), classic filters (seccomp, "
			   "SO_ATTACH_FILTER) included, although the interpreter is built in "
			   "(measured on Debian's 6.1.176; other builds may differ)",
		  "runs in the interpreter" },
		{ REL_6_12, "runs in the interpreter, classic filters (seccomp, SO_ATTACH_FILTER) "
			    "included (measured on Debian's 6.12 and 7.x", "ENOTSUPP" },
		{ REL_7_3, "runs in the interpreter, classic filters (seccomp, SO_ATTACH_FILTER) "
			   "included (measured on Debian's 6.12 and 7.x", "ENOTSUPP" },
	};
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	struct kconfig kc = { 0 };
	struct knob_env env = { .kconfig = &kc, .machine = "x86_64" };
	char text[2048];

	(void)state;
	kc.opt[KCONFIG_BPF_JIT_ALWAYS_ON] = KCONFIG_NOT_SET; /* as Debian builds them */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env.kver = kver_parse(cases[i].release);
		knob_effects_text(limit, &env, text, sizeof(text));
		if (!strstr(text, cases[i].says) || strstr(text, cases[i].never))
			fail_msg("%s: %s", cases[i].release, text);
	}
	/* the summary and trade-off hold on all of them */
	assert_null(strstr(limit->summary, "unprivileged loads are refused"));
	assert_null(strstr(limit->tradeoff, "start failing once it is reached"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verified_insns_not_reported),
		cmocka_unit_test(test_machine_without_kernel_arch),
		cmocka_unit_test(test_main_function_listed_twice),
		cmocka_unit_test(test_write_that_does_not_hold),
		cmocka_unit_test(test_jit_limit_on_the_matrix),
		cmocka_unit_test(test_unpriv_gate_on_the_matrix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
