/* Files bpfknobs does not control, as a careful attacker or an unlucky user
 * leaves them: FIFOs, device links and directories where files belong,
 * huge files, lines longer than any buffer. Nothing may block or spin (each
 * such call runs in a child that must answer within BOUNDED_SECONDS),
 * nothing may be misread, and each bad file is named with what it is. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "change/change.h"
#include "knobs/drift.h"
#include "lib/fixture.h"
#include "knobs/kconfig.h"
#include "knobs/knob.h"
#include "base/parse.h"
#include "base/safe_read.h"
#include "refresh/snapshot.h"
#include "knobs/sysctld.h"

#define HARDEN "net.core.bpf_jit_harden"
#define BOUNDED_SECONDS 10 /* each call takes milliseconds; a hang never ends */

/* What a bounded call leaves for the test: shared with the child. */
struct outcome {
	int ret;
	struct knob_reading readings[SNAPSHOT_MAX_KNOBS];
	char unreadable[3 * PATH_MAX];
	struct kconfig cfg;
	struct sysctld_setting setting;
};

static struct outcome *outcome;

static const struct sysctld_assign harden_0 = { HARDEN, 0 }, harden_2 = { HARDEN, 2 };

/* One key's boot setting. */
static int boot_setting_of(const char *root, const char *key, struct sysctld_setting *out)
{
	return sysctld_boot_settings(root, &key, 1, out);
}

/* Runs fn in a child and waits at most BOUNDED_SECONDS for it; a child
 * that blocks on a FIFO or spins on /dev/zero fails the test, instead of
 * hanging it. fn writes what it found to *outcome. */
static void bounded(void (*fn)(void *), void *arg, const char *what)
{
	int status = 0;
	pid_t pid;

	memset(outcome, 0, sizeof(*outcome));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(BOUNDED_SECONDS);
		fn(arg);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		fail_msg("%s did not return within %d s: it blocks or never ends", what,
			 BOUNDED_SECONDS);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void make_fifo(struct fixture *fx, const char *rel)
{
	char path[PATH_MAX];

	fixture_write(fx, rel, "", 0); /* makes the directories */
	fixture_path(fx, rel, path, sizeof(path));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0644), 0);
}

static void make_link(struct fixture *fx, const char *rel, const char *target)
{
	char path[PATH_MAX];

	fixture_write(fx, rel, "", 0);
	fixture_path(fx, rel, path, sizeof(path));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(target, path), 0);
}

static void make_dir(struct fixture *fx, const char *rel)
{
	char path[PATH_MAX];

	fixture_write(fx, rel, "", 0);
	fixture_path(fx, rel, path, sizeof(path));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* A sparse file of size bytes: big on paper, nothing on disk. */
static void make_sparse(struct fixture *fx, const char *rel, off_t size)
{
	char path[PATH_MAX];

	fixture_write(fx, rel, "", 0);
	fixture_path(fx, rel, path, sizeof(path));
	assert_int_equal(truncate(path, size), 0);
}

static void take_snapshot(void *arg)
{
	const struct procroot *root = arg;
	struct snapshot *snap = calloc(1, sizeof(*snap));

	if (!snap)
		_exit(1);
	outcome->ret = snapshot_take(snap, root);
	for (size_t i = 0; i < snap->nr_knobs && i < SNAPSHOT_MAX_KNOBS; i++)
		outcome->readings[i] = snap->knobs[i].reading;
	memcpy(outcome->unreadable, snap->unreadable, sizeof(outcome->unreadable));
	outcome->cfg = snap->kconfig;
	snapshot_free(snap);
	free(snap);
}

static const struct knob_reading *reading_of(const char *name)
{
	for (size_t i = 0; i < knob_count; i++)
		if (!strcmp(knob_table[i].name, name))
			return &outcome->readings[i];
	fail_msg("no knob %s", name);
	return NULL;
}

static void problem_of(const char *name, char *buf, size_t size)
{
	struct kconfig cfg = outcome->cfg;
	struct knob_env env = { .kconfig = &cfg, .machine = "x86_64" };

	knob_reading_problem(knob_find_key(name, strlen(name)), &env, reading_of(name), false, buf, size);
}

static void test_tree_of_fifos_devices_and_directories(void **state)
{
	struct procroot root;
	struct fixture fx;
	char text[1024];

	(void)state;
	fixture_new(&fx);
	make_fifo(&fx, "sys/kernel/osrelease");
	make_link(&fx, "sys/kernel/arch", "/dev/zero");
	make_dir(&fx, "sys/kernel/hostname");
	make_fifo(&fx, "sys/net/core/bpf_jit_harden");
	make_link(&fx, "sys/kernel/unprivileged_bpf_disabled", "/dev/zero");
	make_dir(&fx, "sys/net/core/bpf_jit_kallsyms");
	make_sparse(&fx, "sys/net/core/bpf_jit_limit", 100 << 20);
	make_fifo(&fx, "config.gz");
	procroot_init(&root, fx.dir);
	bounded(take_snapshot, &root, "a snapshot of a tree of FIFOs and devices");
	assert_int_equal(outcome->ret, 0);

	assert_int_equal(reading_of(HARDEN)->error, -SAFE_READ_ENOTREG);
	problem_of(HARDEN, text, sizeof(text));
	assert_string_equal(text, "Unreadable: sys/net/core/bpf_jit_harden is a FIFO (named pipe), "
				  "not a regular file as a real knob's file is, so it is not read.");
	problem_of("kernel.unprivileged_bpf_disabled", text, sizeof(text));
	assert_string_equal(text, "Unreadable: sys/kernel/unprivileged_bpf_disabled is a "
				  "character device, not a regular file as a real knob's file is, "
				  "so it is not read.");
	problem_of("net.core.bpf_jit_kallsyms", text, sizeof(text));
	assert_non_null(strstr(text, "bpf_jit_kallsyms is a directory, not a regular file"));
	assert_int_equal(reading_of("net.core.bpf_jit_limit")->error, -EFBIG);
	assert_int_equal(reading_of("net.core.bpf_jit_enable")->error, 0); /* the rest is read */

	assert_non_null(strstr(outcome->unreadable, "/sys/kernel/osrelease is a FIFO (named pipe)"));
	assert_non_null(strstr(outcome->unreadable, "/sys/kernel/arch is a character device"));
	assert_non_null(strstr(outcome->unreadable, "/sys/kernel/hostname is a directory"));
	assert_int_equal(outcome->cfg.error, -SAFE_READ_ENOTREG);
	assert_true(S_ISFIFO(outcome->cfg.source_mode));
	fixture_free(&fx);
}

static void load_config(void *arg)
{
	const struct procroot *root = arg;

	outcome->ret = kconfig_load(&outcome->cfg, root, "6.18.0-test");
}

static void test_config_that_blocks_never_ends_or_explodes(void **state)
{
	size_t bomb_len = KCONFIG_MAX_BYTES + 4096;
	struct procroot root;
	struct fixture fx;
	char *bomb;

	(void)state;
	fixture_new(&fx);
	procroot_init(&root, fx.dir);
	make_fifo(&fx, "config.gz");
	bounded(load_config, &root, "reading a FIFO config.gz");
	assert_int_equal(outcome->ret, -SAFE_READ_ENOTREG);

	fixture_remove(&fx, "config.gz");
	make_link(&fx, "config.gz", "/dev/zero");
	bounded(load_config, &root, "reading a config.gz linked to /dev/zero");
	assert_int_equal(outcome->ret, -SAFE_READ_ENOTREG);
	assert_true(S_ISCHR(outcome->cfg.source_mode));

	/* /boot/config-* gets the same treatment */
	fixture_remove(&fx, "config.gz");
	make_fifo(&fx, "boot/config-6.18.0-test");
	bounded(load_config, &root, "reading a FIFO /boot/config-*");
	assert_int_equal(outcome->ret, -SAFE_READ_ENOTREG);
	fixture_remove(&fx, "boot/config-6.18.0-test");

	/* a small gzip that unpacks to more than any config: stops at the cap */
	bomb = malloc(bomb_len + 1);
	assert_non_null(bomb);
	memset(bomb, '#', bomb_len);
	for (size_t i = 63; i < bomb_len; i += 64)
		bomb[i] = '\n';
	bomb[bomb_len] = '\0';
	fixture_write_gz(&fx, "config.gz", bomb);
	free(bomb);
	bounded(load_config, &root, "reading a gzip bomb");
	assert_int_equal(outcome->ret, -EFBIG);

	fixture_remove(&fx, "config.gz");
	make_sparse(&fx, "config.gz", 100 << 20);
	bounded(load_config, &root, "reading a 100 MB config.gz");
	assert_int_equal(outcome->ret, -EFBIG);
	fixture_free(&fx);
}

/* "# " and 4,093 'x': as long as a 4,096-byte line buffer holds. */
static char *long_comment(const char *tail)
{
	size_t pad = 4093, len = 2 + pad + strlen(tail);
	char *s = malloc(len + 1);

	assert_non_null(s);
	memcpy(s, "# ", 2);
	memset(s + 2, 'x', pad);
	strcpy(s + 2 + pad, tail);
	return s;
}

static void test_config_lines_are_read_whole(void **state)
{
	struct fixture fx;
	struct kconfig cfg;
	char *comment = long_comment("CONFIG_BPF_JIT_ALWAYS_ON=y\n"), *text, path[PATH_MAX];

	(void)state;
	fixture_new_empty(&fx);
	assert_true(asprintf(&text, "CONFIG_BPF_JIT=y\n%s# CONFIG_BPF_JIT_ALWAYS_ON is not set\n%s",
			     comment, comment) > 0);
	fixture_write(&fx, "plain", text, (size_t)-1);
	fixture_write_gz(&fx, "packed.gz", text);
	fixture_path(&fx, "plain", path, sizeof(path));
	assert_int_equal(kconfig_load_file(&cfg, path), 0);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_YES);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON], KCONFIG_NOT_SET);
	fixture_path(&fx, "packed.gz", path, sizeof(path));
	assert_int_equal(kconfig_load_file(&cfg, path), 0);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON], KCONFIG_NOT_SET);
	free(text);
	free(comment);
	fixture_free(&fx);
}

static void test_sysctl_lines_are_read_whole_by_reader_and_writer(void **state)
{
	char *comment = long_comment("net.core.bpf_jit_harden = 2\n"), *text, *after, path[PATH_MAX];
	struct sysctld_setting s;
	struct fixture fx;
	FILE *f;
	size_t len = 0;

	(void)state;
	fixture_new_empty(&fx);
	assert_true(asprintf(&text, "net.core.bpf_jit_harden = 1\n%s", comment) > 0);
	fixture_write(&fx, SYSCTLD_DROPIN, text, (size_t)-1);
	assert_int_equal(boot_setting_of(fx.dir, HARDEN, &s), 0);
	assert_true(s.found);
	assert_string_equal(s.value, "1"); /* not the comment's tail, on a line 3 that is none */
	assert_int_equal(s.line, 1);

	/* The writer replaces line 1 and keeps the comment; its own reader agrees. */
	assert_int_equal(sysctld_save_many(fx.dir, SYSCTLD_DROPIN, &harden_0, 1, false, NULL), 0);
	assert_int_equal(boot_setting_of(fx.dir, HARDEN, &s), 0);
	assert_string_equal(s.value, "0");
	assert_int_equal(s.line, 1);
	fixture_path(&fx, SYSCTLD_DROPIN, path, sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	after = NULL;
	assert_true(getdelim(&after, &len, '\0', f) > 0);
	fclose(f);
	assert_string_equal(after + strlen("net.core.bpf_jit_harden = 0\n"), comment);
	free(after);
	free(text);
	free(comment);
	fixture_free(&fx);
}

static void boot_setting(void *arg)
{
	outcome->ret = boot_setting_of(arg, HARDEN, &outcome->setting);
}

static void test_unreadable_sysctl_file_makes_boot_unknown(void **state)
{
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	struct kconfig cfg = { 0 };
	struct knob_env env = { .kconfig = &cfg, .machine = "x86_64" };
	struct knob_reading running = { .value = 0 };
	struct fixture fx;
	char text[1024];
	struct drift d;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "etc/sysctl.d/10-a.conf", "net.core.bpf_jit_harden = 1\n", (size_t)-1);
	make_fifo(&fx, "etc/sysctl.d/20-fifo.conf");
	bounded(boot_setting, fx.dir, "reading a FIFO in sysctl.d");
	assert_int_equal(outcome->ret, 0);
	assert_int_equal(outcome->setting.unreadable_error, -SAFE_READ_ENOTREG);
	assert_string_equal(outcome->setting.unreadable, "/etc/sysctl.d/20-fifo.conf");
	drift_assess(harden, &env, &running, &outcome->setting, &d);
	assert_int_equal(d.source, DRIFT_UNREADABLE);
	assert_false(d.boot_known);
	assert_false(d.drifts);
	drift_describe(harden, &running, &d, text, sizeof(text));
	assert_string_equal(text, "not known: /etc/sysctl.d/20-fifo.conf is a FIFO (named pipe), "
				  "not a regular file as a real sysctl file is, so it is not read, "
				  "and it may set this knob (a sysctl file read later wins at boot).");

	/* A device link never ends; a file read after both decides. */
	make_link(&fx, "etc/sysctl.d/30-zero.conf", "/dev/zero");
	bounded(boot_setting, fx.dir, "reading a /dev/zero link in sysctl.d");
	assert_int_equal(outcome->setting.unreadable_error, -SAFE_READ_ENOTREG);
	assert_string_equal(outcome->setting.unreadable, "/etc/sysctl.d/30-zero.conf");
	fixture_write(&fx, "etc/sysctl.d/40-b.conf", "net.core.bpf_jit_harden = 2\n", (size_t)-1);
	bounded(boot_setting, fx.dir, "reading sysctl.d");
	assert_int_equal(outcome->setting.unreadable_error, 0);
	assert_string_equal(outcome->setting.value, "2");
	fixture_free(&fx);
}

/* Root reads a mode-000 file anyway (CAP_DAC_OVERRIDE): the check that a
 * file nobody may read is reported runs as uid 65534. */
static void boot_setting_as_nobody(void *arg)
{
	if (geteuid() == 0 && (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)))
		_exit(2);
	boot_setting(arg);
}

static void test_sysctl_file_nobody_may_read(void **state)
{
	struct fixture fx;
	char path[PATH_MAX];

	(void)state;
	fixture_new_empty(&fx);
	assert_int_equal(chmod(fx.dir, 0755), 0); /* mkdtemp's 0700 would hide everything */
	fixture_write(&fx, "etc/sysctl.d/10-a.conf", "net.core.bpf_jit_harden = 1\n", (size_t)-1);
	fixture_write(&fx, "etc/sysctl.d/20-secret.conf", "net.core.bpf_jit_harden = 2\n",
		      (size_t)-1);
	fixture_path(&fx, "etc/sysctl.d/20-secret.conf", path, sizeof(path));
	assert_int_equal(chmod(path, 0), 0);
	bounded(boot_setting_as_nobody, fx.dir, "reading sysctl.d as uid 65534");
	assert_int_equal(outcome->setting.unreadable_error, -EACCES);
	assert_string_equal(outcome->setting.unreadable, "/etc/sysctl.d/20-secret.conf");
	fixture_free(&fx);
}

static void save_dropin(void *arg)
{
	outcome->ret = sysctld_save_many(arg, SYSCTLD_DROPIN, &harden_2, 1, false, NULL);
}

static void test_save_refuses_what_is_no_file(void **state)
{
	struct fixture fx;

	(void)state;
	fixture_new_empty(&fx);
	make_fifo(&fx, SYSCTLD_DROPIN);
	bounded(save_dropin, fx.dir, "saving to a FIFO drop-in");
	assert_int_equal(outcome->ret, -SAFE_READ_ENOTREG);
	fixture_remove(&fx, SYSCTLD_DROPIN);
	make_dir(&fx, SYSCTLD_DROPIN);
	bounded(save_dropin, fx.dir, "saving to a directory drop-in");
	assert_int_equal(outcome->ret, -SAFE_READ_ENOTREG);
	fixture_free(&fx);
}

static void test_save_many_after_an_unterminated_last_line(void **state)
{
	static const struct sysctld_assign assigns[] = {
		{ HARDEN, 2 }, { "net.core.bpf_jit_kallsyms", 1 },
	};
	char path[PATH_MAX], buf[256];
	struct fixture fx;
	ssize_t n;
	int fd;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, SYSCTLD_DROPIN, "kernel.kptr_restrict = 2\nnet.core.bpf_jit_harden = 1",
		      (size_t)-1);
	assert_int_equal(sysctld_save_many(fx.dir, SYSCTLD_DROPIN, assigns, 2, false, NULL), 0);
	fixture_path(&fx, SYSCTLD_DROPIN, path, sizeof(path));
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "kernel.kptr_restrict = 2\nnet.core.bpf_jit_harden = 2\n"
				 "net.core.bpf_jit_kallsyms = 1\n");
	fixture_free(&fx);
}

/* No *.conf anywhere: an empty list (qsort of NULL is undefined behaviour,
 * which the sanitizer build reports). */
static void test_no_sysctl_files_at_all(void **state)
{
	struct sysctld_setting s;
	struct fixture fx;

	(void)state;
	fixture_new_empty(&fx);
	assert_int_equal(boot_setting_of(fx.dir, HARDEN, &s), 0);
	assert_false(s.found);
	assert_int_equal(s.unreadable_error, 0);
	fixture_free(&fx);
}

static void test_leading_zeros_do_not_make_a_number_big(void **state)
{
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	char text[64];
	long v;

	(void)state;
	memset(text, '0', 40);
	strcpy(text + 40, "51");
	assert_int_equal(parse_long_strict(text, strlen(text), &v), 0);
	assert_int_equal(v, 51);
	assert_int_equal(change_parse_value(limit, strcat(text, "M"), &v), 0);
	assert_int_equal(v, 51L << 20);
	text[0] = '-';
	text[42] = '\0';
	assert_int_equal(parse_long_strict(text, strlen(text), &v), 0);
	assert_int_equal(v, -51);
	memset(text, '0', 40);
	text[40] = '\0';
	assert_int_equal(parse_long_strict(text, strlen(text), &v), 0);
	assert_int_equal(v, 0);
	/* a number that is big stays too big */
	memset(text, '1', 40);
	assert_int_equal(parse_long_strict(text, strlen(text), &v), -ERANGE);
	memset(text, '0', 30);
	strcpy(text + 30, "9223372036854775808");
	assert_int_equal(parse_long_strict(text, strlen(text), &v), -ERANGE);
	strcpy(text + 30, "9223372036854775807");
	assert_int_equal(parse_long_strict(text, strlen(text), &v), 0);
	assert_int_equal(v, 9223372036854775807L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_of_fifos_devices_and_directories),
		cmocka_unit_test(test_config_that_blocks_never_ends_or_explodes),
		cmocka_unit_test(test_config_lines_are_read_whole),
		cmocka_unit_test(test_sysctl_lines_are_read_whole_by_reader_and_writer),
		cmocka_unit_test(test_unreadable_sysctl_file_makes_boot_unknown),
		cmocka_unit_test(test_sysctl_file_nobody_may_read),
		cmocka_unit_test(test_save_refuses_what_is_no_file),
		cmocka_unit_test(test_save_many_after_an_unterminated_last_line),
		cmocka_unit_test(test_no_sysctl_files_at_all),
		cmocka_unit_test(test_leading_zeros_do_not_make_a_number_big),
	};

	outcome = mmap(NULL, sizeof(*outcome), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (outcome == MAP_FAILED)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
