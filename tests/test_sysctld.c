/* Boot-time settings with systemd-sysctl's precedence, and saving to the
 * drop-in: every other byte kept, atomic even under kill -9. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "sysctld.h"

#define HARDEN "net.core.bpf_jit_harden"

static char *slurp(struct fixture *fx, const char *rel)
{
	char path[PATH_MAX];
	char *buf = NULL;
	size_t len = 0;
	FILE *f, *out = open_memstream(&buf, &len);
	int c;

	fixture_path(fx, rel, path, sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		fputc(c, out);
	fclose(f);
	fclose(out);
	return buf;
}

static void test_boot_setting_follows_systemd_precedence(void **state)
{
	struct sysctld_setting s;
	struct fixture fx;

	(void)state;
	fixture_new_empty(&fx);
	assert_int_equal(sysctld_boot_setting(fx.dir, HARDEN, &s), 0);
	assert_false(s.found);

	fixture_write(&fx, "usr/lib/sysctl.d/50-default.conf",
		      "# vendor\nnet.core.bpf_jit_harden = 0\n", (size_t)-1);
	assert_int_equal(sysctld_boot_setting(fx.dir, HARDEN, &s), 0);
	assert_true(s.found);
	assert_string_equal(s.value, "0");
	assert_string_equal(s.file, "/usr/lib/sysctl.d/50-default.conf");
	assert_int_equal(s.line, 2);

	/* The same name in /etc hides the vendor file entirely. */
	fixture_write(&fx, "etc/sysctl.d/50-default.conf", "kernel.foo = 1\n", (size_t)-1);
	assert_int_equal(sysctld_boot_setting(fx.dir, HARDEN, &s), 0);
	assert_false(s.found);

	/* Later names win, whatever their directory; '/' separators count. */
	fixture_write(&fx, "run/sysctl.d/70-run.conf", "net/core/bpf_jit_harden=1\n", (size_t)-1);
	fixture_write(&fx, "etc/sysctl.d/60-bpfknobs.conf", "  net.core.bpf_jit_harden =  2  \n",
		      (size_t)-1);
	assert_int_equal(sysctld_boot_setting(fx.dir, HARDEN, &s), 0);
	assert_string_equal(s.value, "1");
	assert_string_equal(s.file, "/run/sysctl.d/70-run.conf");

	/* Comments, other keys, prefixes and non-.conf files. */
	fixture_write(&fx, "etc/sysctl.d/80-x.conf",
		      "# net.core.bpf_jit_harden = 9\n; net.core.bpf_jit_harden = 9\n"
		      "net.core.bpf_jit_harden_extra = 9\n-net.core.bpf_jit_harden = 2\n",
		      (size_t)-1);
	fixture_write(&fx, "etc/sysctl.d/90-off.conf.disabled", "net.core.bpf_jit_harden = 9\n",
		      (size_t)-1);
	assert_int_equal(sysctld_boot_setting(fx.dir, HARDEN, &s), 0);
	assert_string_equal(s.value, "2");
	assert_string_equal(s.file, "/etc/sysctl.d/80-x.conf");
	assert_int_equal(s.line, 4);

	/* /etc/sysctl.conf comes last. */
	fixture_write(&fx, "etc/sysctl.conf", "net.core.bpf_jit_harden = 0\n", (size_t)-1);
	assert_int_equal(sysctld_boot_setting(fx.dir, HARDEN, &s), 0);
	assert_string_equal(s.value, "0");
	assert_string_equal(s.file, "/etc/sysctl.conf");
	fixture_free(&fx);
}

static void test_save_keeps_every_other_byte(void **state)
{
	static const char before[] =
		"# Hardening, reviewed 2026-01-05\n"
		"kernel.kptr_restrict=2\n"
		"\n"
		"net.core.bpf_jit_harden = 1   \n"
		"  ; old: net.core.bpf_jit_harden = 0\n"
		"vm.swappiness = 10"; /* no newline at the end */
	struct fixture fx;
	struct sysctld_setting s;
	struct stat st;
	char *diff, *after, path[PATH_MAX];

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, SYSCTLD_DROPIN, before, (size_t)-1);
	fixture_path(&fx, SYSCTLD_DROPIN, path, sizeof(path));
	chmod(path, 0640);

	/* Dry run: the diff, and nothing written. */
	assert_int_equal(sysctld_save(fx.dir, SYSCTLD_DROPIN, HARDEN, 2, true, &diff), 0);
	assert_string_equal(diff, "-net.core.bpf_jit_harden = 1   \n+net.core.bpf_jit_harden = 2\n");
	free(diff);
	after = slurp(&fx, SYSCTLD_DROPIN);
	assert_string_equal(after, before);
	free(after);

	assert_int_equal(sysctld_save(fx.dir, SYSCTLD_DROPIN, HARDEN, 2, false, NULL), 0);
	after = slurp(&fx, SYSCTLD_DROPIN);
	assert_string_equal(after, "# Hardening, reviewed 2026-01-05\n"
				   "kernel.kptr_restrict=2\n"
				   "\n"
				   "net.core.bpf_jit_harden = 2\n"
				   "  ; old: net.core.bpf_jit_harden = 0\n"
				   "vm.swappiness = 10");
	free(after);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);

	/* A key that is not there yet is added at the end. */
	assert_int_equal(sysctld_save(fx.dir, SYSCTLD_DROPIN, "net.core.bpf_jit_kallsyms", 1, false,
				      &diff), 0);
	assert_string_equal(diff, "+net.core.bpf_jit_kallsyms = 1\n");
	free(diff);
	after = slurp(&fx, SYSCTLD_DROPIN);
	assert_non_null(strstr(after, "vm.swappiness = 10\nnet.core.bpf_jit_kallsyms = 1\n"));
	free(after);
	assert_int_equal(sysctld_boot_setting(fx.dir, HARDEN, &s), 0);
	assert_string_equal(s.value, "2");
	fixture_free(&fx);
}

static void test_save_creates_and_refuses_symlinks(void **state)
{
	struct fixture fx;
	char target[PATH_MAX], link[PATH_MAX], *text;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "etc/sysctl.d/keep", "", 0);
	assert_int_equal(sysctld_save(fx.dir, SYSCTLD_DROPIN, HARDEN, 2, false, NULL), 0);
	text = slurp(&fx, SYSCTLD_DROPIN);
	assert_non_null(strstr(text, "\nnet.core.bpf_jit_harden = 2\n"));
	free(text);

	fixture_write(&fx, "elsewhere", "precious\n", (size_t)-1);
	fixture_path(&fx, "elsewhere", target, sizeof(target));
	fixture_path(&fx, SYSCTLD_DROPIN, link, sizeof(link));
	unlink(link);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(sysctld_save(fx.dir, SYSCTLD_DROPIN, HARDEN, 1, false, NULL), -ELOOP);
	text = slurp(&fx, "elsewhere");
	assert_string_equal(text, "precious\n");
	free(text);
	fixture_free(&fx);
}

/* kill -9 at random moments while saving: the file is always one whole
 * version, never a mix or a truncation. */
static void test_kill_during_save_leaves_a_whole_file(void **state)
{
	struct fixture fx;
	char *big, *v1, *v2, *now;
	size_t pad = 512 * 1024;

	(void)state;
	fixture_new_empty(&fx);
	big = malloc(pad + 64);
	assert_non_null(big);
	memset(big, '#', pad);
	big[pad - 1] = '\n';
	strcpy(big + pad, "net.core.bpf_jit_harden = 1\n");
	fixture_write(&fx, SYSCTLD_DROPIN, big, (size_t)-1);
	v1 = slurp(&fx, SYSCTLD_DROPIN);
	strcpy(big + pad, "net.core.bpf_jit_harden = 2\n");
	v2 = strdup(big);
	srand((unsigned)time(NULL));
	for (int round = 0; round < 40; round++) {
		pid_t pid = fork();
		struct timespec ts = { 0, (rand() % 3000) * 1000L };

		assert_true(pid >= 0);
		if (pid == 0) {
			for (long i = 0;; i++)
				sysctld_save(fx.dir, SYSCTLD_DROPIN, HARDEN, 1 + (i & 1), false, NULL);
		}
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		now = slurp(&fx, SYSCTLD_DROPIN);
		if (strcmp(now, v1) && strcmp(now, v2))
			fail_msg("round %d: the file is neither version (%zu bytes)", round, strlen(now));
		free(now);
	}
	free(big);
	free(v1);
	free(v2);
	fixture_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_setting_follows_systemd_precedence),
		cmocka_unit_test(test_save_keeps_every_other_byte),
		cmocka_unit_test(test_save_creates_and_refuses_symlinks),
		cmocka_unit_test(test_kill_during_save_leaves_a_whole_file),
	};

	return cmocka_run_group_tests_name("sysctld", tests, NULL, NULL);
}
