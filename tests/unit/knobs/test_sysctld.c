/* Boot-time settings with systemd-sysctl's precedence, and saving to the
 * drop-in: every other byte kept, atomic even under kill -9. */
#include <errno.h>
#include <fcntl.h>
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

#include "knobs/drift.h"
#include "lib/fixture.h"
#include "knobs/sysctld.h"
#include "knobs/sysctld_cache.h"
#include "refresh/snapshot.h"

#define HARDEN "net.core.bpf_jit_harden"

/* One key's boot setting, and saving one key to the drop-in: the
 * production calls for several keys, with one. */
static int boot_setting(const char *root, const char *key, struct sysctld_setting *out)
{
	return sysctld_boot_settings(root, &key, 1, out);
}

static int save_one(const char *root, const char *key, long value, bool dry_run, char **diff)
{
	struct sysctld_assign a = { .key = key, .value = value };

	return sysctld_save_many(root, SYSCTLD_DROPIN, &a, 1, dry_run, diff);
}

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
	assert_int_equal(boot_setting(fx.dir, HARDEN, &s), 0);
	assert_false(s.found);

	fixture_write(&fx, "usr/lib/sysctl.d/50-default.conf",
		      "# vendor\nnet.core.bpf_jit_harden = 0\n", (size_t)-1);
	assert_int_equal(boot_setting(fx.dir, HARDEN, &s), 0);
	assert_true(s.found);
	assert_string_equal(s.value, "0");
	assert_string_equal(s.file, "/usr/lib/sysctl.d/50-default.conf");
	assert_int_equal(s.line, 2);

	/* The same name in /etc hides the vendor file entirely. */
	fixture_write(&fx, "etc/sysctl.d/50-default.conf", "kernel.foo = 1\n", (size_t)-1);
	assert_int_equal(boot_setting(fx.dir, HARDEN, &s), 0);
	assert_false(s.found);

	/* Later names win, whatever their directory; '/' separators count. */
	fixture_write(&fx, "run/sysctl.d/70-run.conf", "net/core/bpf_jit_harden=1\n", (size_t)-1);
	fixture_write(&fx, "etc/sysctl.d/60-bpfknobs.conf", "  net.core.bpf_jit_harden =  2  \n",
		      (size_t)-1);
	assert_int_equal(boot_setting(fx.dir, HARDEN, &s), 0);
	assert_string_equal(s.value, "1");
	assert_string_equal(s.file, "/run/sysctl.d/70-run.conf");

	/* Comments, other keys, prefixes and non-.conf files. */
	fixture_write(&fx, "etc/sysctl.d/80-x.conf",
		      "# net.core.bpf_jit_harden = 9\n; net.core.bpf_jit_harden = 9\n"
		      "net.core.bpf_jit_harden_extra = 9\n-net.core.bpf_jit_harden = 2\n",
		      (size_t)-1);
	fixture_write(&fx, "etc/sysctl.d/90-off.conf.disabled", "net.core.bpf_jit_harden = 9\n",
		      (size_t)-1);
	assert_int_equal(boot_setting(fx.dir, HARDEN, &s), 0);
	assert_string_equal(s.value, "2");
	assert_string_equal(s.file, "/etc/sysctl.d/80-x.conf");
	assert_int_equal(s.line, 4);

	/* /etc/sysctl.conf comes last. */
	fixture_write(&fx, "etc/sysctl.conf", "net.core.bpf_jit_harden = 0\n", (size_t)-1);
	assert_int_equal(boot_setting(fx.dir, HARDEN, &s), 0);
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
	assert_int_equal(save_one(fx.dir, HARDEN, 2, true, &diff), 0);
	assert_string_equal(diff, "-net.core.bpf_jit_harden = 1   \n+net.core.bpf_jit_harden = 2\n");
	free(diff);
	after = slurp(&fx, SYSCTLD_DROPIN);
	assert_string_equal(after, before);
	free(after);

	assert_int_equal(save_one(fx.dir, HARDEN, 2, false, NULL), 0);
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
	assert_int_equal(save_one(fx.dir, "net.core.bpf_jit_kallsyms", 1, false,
				      &diff), 0);
	assert_string_equal(diff, "+net.core.bpf_jit_kallsyms = 1\n");
	free(diff);
	after = slurp(&fx, SYSCTLD_DROPIN);
	assert_non_null(strstr(after, "vm.swappiness = 10\nnet.core.bpf_jit_kallsyms = 1\n"));
	free(after);
	assert_int_equal(boot_setting(fx.dir, HARDEN, &s), 0);
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
	assert_int_equal(save_one(fx.dir, HARDEN, 2, false, NULL), 0);
	text = slurp(&fx, SYSCTLD_DROPIN);
	assert_non_null(strstr(text, "\nnet.core.bpf_jit_harden = 2\n"));
	free(text);

	fixture_write(&fx, "elsewhere", "precious\n", (size_t)-1);
	fixture_path(&fx, "elsewhere", target, sizeof(target));
	fixture_path(&fx, SYSCTLD_DROPIN, link, sizeof(link));
	unlink(link);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(save_one(fx.dir, HARDEN, 1, false, NULL), -ELOOP);
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
				save_one(fx.dir, HARDEN, 1 + (i & 1), false, NULL);
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

/* Several keys in one replace; a key already at its value is left alone,
 * and when nothing changes the file is not rewritten at all. */
static void test_save_many(void **state)
{
	struct sysctld_assign a[] = {
		{ HARDEN, 2 }, { "net.core.bpf_jit_kallsyms", 1 }, { "net.core.bpf_jit_limit", 1024 },
	};
	struct fixture fx;
	struct stat before, after;
	char path[PATH_MAX], *diff, *text;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, SYSCTLD_DROPIN, "# mine\nnet.core.bpf_jit_harden=0\n"
		      "net.core.bpf_jit_kallsyms = 1\n", (size_t)-1);
	assert_int_equal(sysctld_save_many(fx.dir, SYSCTLD_DROPIN, a, 3, false, &diff), 0);
	assert_string_equal(diff, "-net.core.bpf_jit_harden=0\n+net.core.bpf_jit_harden = 2\n"
				  "+net.core.bpf_jit_limit = 1024\n");
	free(diff);
	text = slurp(&fx, SYSCTLD_DROPIN);
	assert_string_equal(text, "# mine\nnet.core.bpf_jit_harden = 2\n"
				  "net.core.bpf_jit_kallsyms = 1\nnet.core.bpf_jit_limit = 1024\n");
	free(text);

	fixture_path(&fx, SYSCTLD_DROPIN, path, sizeof(path));
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(sysctld_save_many(fx.dir, SYSCTLD_DROPIN, a, 3, false, &diff), 0);
	assert_string_equal(diff, "");
	free(diff);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino); /* not replaced */
	fixture_free(&fx);
}

/* The one pass over the files gives each key what a pass per key gives. */
static void test_boot_settings_of_several_keys(void **state)
{
	const char *keys[] = { HARDEN, "kernel.unprivileged_bpf_disabled", "net.core.bpf_jit_limit" };
	struct sysctld_setting s[3], one;
	struct fixture fx;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "usr/lib/sysctl.d/50-bpf.conf", "kernel.unprivileged_bpf_disabled = 1\n"
		      "net/core/bpf_jit_harden = 1\n", (size_t)-1);
	fixture_write(&fx, "etc/sysctl.d/99-x.conf", "net.core.bpf_jit_harden = 2\n", (size_t)-1);
	assert_int_equal(sysctld_boot_settings(fx.dir, keys, 3, s), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(boot_setting(fx.dir, keys[i], &one), 0);
		assert_int_equal(s[i].found, one.found);
		assert_string_equal(s[i].value, one.value);
		assert_string_equal(s[i].file, one.file);
	}
	assert_string_equal(s[0].value, "2");
	assert_string_equal(s[0].file, "/etc/sysctl.d/99-x.conf");
	assert_string_equal(s[1].file, "/usr/lib/sysctl.d/50-bpf.conf");
	assert_false(s[2].found);
	fixture_free(&fx);
}

/* --save-file takes only files boot reads. */
static void test_check_file(void **state)
{
	(void)state;
	assert_int_equal(sysctld_check_file("/etc/sysctl.d/60-bpfknobs.conf"), 0);
	assert_int_equal(sysctld_check_file("etc/sysctl.d/99-x.conf"), 0);
	assert_int_equal(sysctld_check_file("/usr/lib/sysctl.d/50-x.conf"), 0);
	assert_int_equal(sysctld_check_file("/etc/sysctl.conf"), 0);
	assert_int_equal(sysctld_check_file("/etc/sysctl.d/60-bpfknobs"), -EINVAL);
	assert_int_equal(sysctld_check_file("/etc/sysctl.d/sub/x.conf"), -EINVAL);
	assert_int_equal(sysctld_check_file("/etc/sysctl.d/.conf"), -EINVAL);
	assert_int_equal(sysctld_check_file("/etc/sysctl.d/../passwd.conf"), -EINVAL);
	assert_int_equal(sysctld_check_file("/tmp/x.conf"), -EINVAL);
	assert_int_equal(sysctld_check_file("/etc/sysctl.dx/x.conf"), -EINVAL);
}

/* Drift: the running value against what boot sets, from a file or the
 * kernel default; a file value the kernel refuses leaves the default. */
static void test_drift(void **state)
{
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	const struct knob_def *unpriv = &knob_table[KNOB_UNPRIV_DISABLED];
	struct kconfig cfg = { 0 }; /* no config: build-dependent defaults unknown */
	struct knob_env env = { .kconfig = &cfg, .machine = "x86_64" };
	struct knob_reading running = { .value = 2 };
	struct sysctld_setting set = { .found = true, .value = "2", .file = "/etc/sysctl.d/x.conf",
				       .line = 3 };
	struct sysctld_setting none = { 0 };
	struct drift d;
	char text[512];

	(void)state;
	drift_assess(harden, &env, &running, &set, &d);
	assert_int_equal(d.source, DRIFT_FILE);
	assert_true(d.boot_known);
	assert_int_equal(d.boot_value, 2);
	assert_false(d.drifts);
	drift_describe(harden, &running, &d, text, sizeof(text));
	assert_string_equal(text, "2, from /etc/sysctl.d/x.conf line 3.");

	/* no file: the constant default 0, and 2 running differs */
	drift_assess(harden, &env, &running, &none, &d);
	assert_int_equal(d.source, DRIFT_DEFAULT);
	assert_int_equal(d.boot_value, 0);
	assert_true(d.drifts);
	drift_describe(harden, &running, &d, text, sizeof(text));
	assert_non_null(strstr(text, "the kernel default"));
	assert_non_null(strstr(text, "The running value 2 differs"));

	/* a value the kernel refuses (and garbage) leaves the default */
	snprintf(set.value, sizeof(set.value), "7");
	drift_assess(harden, &env, &running, &set, &d);
	assert_true(d.file_refused);
	assert_int_equal(d.boot_value, 0);
	assert_true(d.drifts);
	snprintf(set.value, sizeof(set.value), "two");
	drift_assess(harden, &env, &running, &set, &d);
	assert_true(d.file_refused);

	/* a default that depends on an unknown build: no drift claimed */
	drift_assess(unpriv, &env, &running, &none, &d);
	assert_false(d.boot_known);
	assert_false(d.drifts);

	/* an unreadable knob never drifts; files not read says how to read them */
	running.error = -EACCES;
	drift_assess(harden, &env, &running, &none, &d);
	assert_false(d.drifts);
	drift_assess(harden, &env, &running, NULL, &d);
	assert_int_equal(d.source, DRIFT_NOT_READ);
	drift_describe(harden, &running, &d, text, sizeof(text));
	assert_non_null(strstr(text, "--sysctl-root"));
}

/* Sets the modification time of DIR/rel to ago seconds back: files that
 * settled long before the refresh, as on a running system. A file modified
 * within the last seconds is read again at every refresh until it settles
 * (its time stamp could not show a second change within the same tick). */
static void settle(struct fixture *fx, const char *rel, time_t ago)
{
	struct timespec times[2] = { { .tv_nsec = UTIME_OMIT } };
	char path[PATH_MAX];

	fixture_path(fx, rel, path, sizeof(path));
	times[1].tv_sec = time(NULL) - ago;
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* What boot sets for bpf_jit_harden in a refresh of the snapshot, and how
 * many times the cache has read the files by then. */
static long refresh_boot(const struct procroot *root, struct sysctld_cache *boot,
			 unsigned long *reads)
{
	struct snapshot snap = { 0 };
	long value;

	assert_int_equal(snapshot_refresh(&snap, root, NULL, NULL, boot, true), 0);
	assert_int_equal(snap.knobs[KNOB_JIT_HARDEN].drift.source, DRIFT_FILE);
	value = snap.knobs[KNOB_JIT_HARDEN].drift.boot_value;
	*reads = sysctld_cache_nr_reads(boot);
	snapshot_free(&snap);
	return value;
}

/* The sysctl files are parsed again only when one of them changed: a file
 * rewritten in place (same size), a file added in another directory, a save
 * by this process; every refresh in between takes what the last read said. */
static void test_boot_settings_read_when_changed(void **state)
{
	struct sysctld_cache *boot = sysctld_cache_new();
	const struct sysctld_assign one = { HARDEN, 1 };
	struct fixture proc, etc;
	struct procroot root;
	unsigned long reads;

	(void)state;
	assert_non_null(boot);
	fixture_new(&proc);
	fixture_new_empty(&etc);
	fixture_write(&etc, "etc/sysctl.d/50-a.conf", HARDEN " = 1\n", (size_t)-1);
	settle(&etc, "etc/sysctl.d/50-a.conf", 3600);
	settle(&etc, "etc/sysctl.d", 3600);
	assert_int_equal(procroot_init(&root, proc.dir), 0);
	assert_int_equal(procroot_set_sysctl(&root, etc.dir), 0);

	assert_int_equal(refresh_boot(&root, boot, &reads), 1);
	assert_int_equal(reads, 1);
	assert_int_equal(refresh_boot(&root, boot, &reads), 1);
	assert_int_equal(reads, 1); /* nothing changed: not read again */

	/* the same file rewritten in place, the same size */
	fixture_write(&etc, "etc/sysctl.d/50-a.conf", HARDEN " = 2\n", (size_t)-1);
	settle(&etc, "etc/sysctl.d/50-a.conf", 1800);
	assert_int_equal(refresh_boot(&root, boot, &reads), 2);
	assert_int_equal(reads, 2);
	assert_int_equal(refresh_boot(&root, boot, &reads), 2);
	assert_int_equal(reads, 2);

	/* a file added in another directory, which applies after it */
	fixture_write(&etc, "run/sysctl.d/70-b.conf", HARDEN " = 0\n", (size_t)-1);
	settle(&etc, "run/sysctl.d/70-b.conf", 1800);
	settle(&etc, "run/sysctl.d", 1800);
	assert_int_equal(refresh_boot(&root, boot, &reads), 0);
	assert_int_equal(reads, 3);
	assert_int_equal(refresh_boot(&root, boot, &reads), 0);
	assert_int_equal(reads, 3);

	/* saved by this process */
	assert_int_equal(sysctld_save_many(etc.dir, "etc/sysctl.d/80-z.conf", &one, 1, false, NULL),
			 0);
	assert_int_equal(refresh_boot(&root, boot, &reads), 1);
	assert_int_equal(reads, 4);

	/* a file modified just now: read at every refresh until it settles */
	fixture_write(&etc, "etc/sysctl.d/90-now.conf", HARDEN " = 2\n", (size_t)-1);
	assert_int_equal(refresh_boot(&root, boot, &reads), 2);
	assert_int_equal(refresh_boot(&root, boot, &reads), 2);
	assert_int_equal(reads, 6);
	settle(&etc, "etc/sysctl.d/90-now.conf", 600);
	settle(&etc, "etc/sysctl.d/80-z.conf", 600);
	settle(&etc, "etc/sysctl.d", 600);
	assert_int_equal(refresh_boot(&root, boot, &reads), 2);
	assert_int_equal(refresh_boot(&root, boot, &reads), 2);
	assert_int_equal(reads, 7);

	sysctld_cache_free(boot);
	fixture_free(&proc);
	fixture_free(&etc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_setting_follows_systemd_precedence),
		cmocka_unit_test(test_save_keeps_every_other_byte),
		cmocka_unit_test(test_save_creates_and_refuses_symlinks),
		cmocka_unit_test(test_kill_during_save_leaves_a_whole_file),
		cmocka_unit_test(test_save_many),
		cmocka_unit_test(test_boot_settings_of_several_keys),
		cmocka_unit_test(test_check_file),
		cmocka_unit_test(test_drift),
		cmocka_unit_test(test_boot_settings_read_when_changed),
	};

	return cmocka_run_group_tests_name("sysctld", tests, NULL, NULL);
}
