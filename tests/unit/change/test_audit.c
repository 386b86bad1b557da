/* The audit trail: the record says who, which knob, old, new and the result,
 * and really reaches syslog as authpriv (caught on a private /dev/log). */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>
#include <cmocka.h>

#include "change/audit.h"

static void test_record_names_who_what_and_result(void **state)
{
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	struct change_outcome out = {
		.stage = CHANGE_STAGE_DONE, .before = 0, .requested = 2, .after = 2,
	};
	char text[512];

	(void)state;
	audit_format(harden, &out, 0, AUDIT_NO_LOGIN_UID, text, sizeof(text));
	assert_string_equal(text, "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied");
	/* logged in as root: nothing to add */
	audit_format(harden, &out, 0, 0, text, sizeof(text));
	assert_string_equal(text, "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied");
	/* through sudo: the person who logged in is named too */
	audit_format(harden, &out, 0, 65534, text, sizeof(text));
	assert_string_equal(text, "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root), "
				  "login uid 65534 (nobody): applied");
	out.stage = CHANGE_STAGE_WRITE;
	out.error = -EINVAL;
	audit_format(&knob_table[KNOB_JIT_ENABLE], &out, 0, 1000, text, sizeof(text));
	assert_non_null(strstr(text, "net.core.bpf_jit_enable 0 -> 2"));
	assert_non_null(strstr(text, "refused by the kernel"));
	assert_non_null(strstr(text, strerror(EINVAL)));
}

/* This session's runtime statistics: on and off, by whom, and that the
 * sysctl is not what changed. */
static void test_stats_record(void **state)
{
	char text[512];

	(void)state;
	audit_stats_format(true, 0, 0, 65534, text, sizeof(text));
	assert_string_equal(text, "runtime statistics on for this session (a BPF_ENABLE_STATS fd; "
				  "the sysctl is not changed) by uid 0 (root), login uid 65534 "
				  "(nobody): applied");
	audit_stats_format(false, 0, 0, AUDIT_NO_LOGIN_UID, text, sizeof(text));
	assert_string_equal(text, "runtime statistics off for this session (a BPF_ENABLE_STATS fd; "
				  "the sysctl is not changed) by uid 0 (root): applied");
	audit_stats_format(true, -EPERM, 65534, AUDIT_NO_LOGIN_UID, text, sizeof(text));
	assert_non_null(strstr(text, "by uid 65534 (nobody): refused by the kernel"));
	assert_non_null(strstr(text, strerror(EPERM)));
}

/* In a child with its own mount namespace and a tmpfs on /dev, listen on
 * /dev/log as a syslog daemon would and check what arrives. The child first
 * sets its login uid to 65534 when none is set (root may, once: the
 * kernel's audit_set_loginuid()), as pam_loginuid would at a login. */
static int catch_syslog(const struct change_outcome *out, char *got, size_t size)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
	FILE *login = fopen("/proc/self/loginuid", "we");
	int fd;
	ssize_t n;

	if (login) {
		fputs("65534", login);
		fclose(login); /* an error means it was set already: audit_login_uid() tells */
	}
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", "/dev", "tmpfs", 0, NULL))
		return -errno;
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return -errno;
	audit_log(&knob_table[KNOB_JIT_HARDEN], out, 0);
	n = recv(fd, got, size - 1, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	got[n] = '\0';
	return 0;
}

/* Whether a new mount namespace can be made private: 0, or -errno of the
 * mount that makes it so. In a chroot whose root is not a mount point (as
 * Debian's package builders run "make check"), mount(2) refuses "/" with
 * EINVAL, and a tmpfs mounted on /dev could then show outside the test. */
static int private_mounts_possible(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)
			      ? errno : 0);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	return -WEXITSTATUS(status);
}

static void test_record_reaches_syslog_as_authpriv(void **state)
{
	struct change_outcome out = { .stage = CHANGE_STAGE_DONE, .requested = 2, .after = 2 };
	int pipefd[2], status;
	char got[1024] = "";
	pid_t pid;

	(void)state;
	if (geteuid() != 0) {
		if (getenv("CI"))
			fail_msg("CI runs as root; this test must not skip there");
		print_message("SKIP: a private /dev/log needs root\n");
		skip();
	}
	int private_err = private_mounts_possible();
	if (private_err == -EINVAL) {
		if (getenv("CI"))
			fail_msg("CI runs with / a mount point; this test must not skip there");
		print_message("SKIP: / is not a mount point here (a chroot?), so a new mount "
			      "namespace cannot be made private (mount(2) refuses \"/\" with "
			      "EINVAL), and the tmpfs this test mounts on /dev for a private "
			      "/dev/log could show outside it. Run it outside the chroot, or in "
			      "one whose root is a mount point (mount --bind DIR DIR, then "
			      "chroot DIR).\n");
		skip();
	}
	if (private_err)
		fail_msg("a private mount namespace: %s", strerror(-private_err));
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char msg[1024] = "", report[1100];
		int err = catch_syslog(&out, msg, sizeof(msg));

		if (err)
			snprintf(msg, sizeof(msg), "error: %s", strerror(-err));
		/* the login uid the kernel gave the child, then the record */
		snprintf(report, sizeof(report), "%u %s", (unsigned)audit_login_uid(), msg);
		if (write(pipefd[1], report, strlen(report)) < 0)
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	assert_true(read(pipefd[0], got, sizeof(got) - 1) > 0);
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unsigned login_uid = (unsigned)strtoul(got, NULL, 10);
	const char *record = strchr(got, ' ') ? strchr(got, ' ') + 1 : got;
	/* <priority> = facility | severity: authpriv.notice for an applied change. */
	char want[160];
	snprintf(want, sizeof(want), "<%d>", LOG_AUTHPRIV | LOG_NOTICE);
	if (strncmp(record, want, strlen(want)))
		fail_msg("syslog got \"%s\", want it to start with %s", record, want);
	assert_non_null(strstr(record, "bpfknobs["));
	if (login_uid == 65534) /* set by the child: the person is named */
		snprintf(want, sizeof(want), "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root), "
					     "login uid 65534 (nobody): applied");
	else if (login_uid == 0 || login_uid == (unsigned)AUDIT_NO_LOGIN_UID)
		snprintf(want, sizeof(want), "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied");
	else /* this session's login uid was set already, and is kept */
		snprintf(want, sizeof(want), ", login uid %u (", login_uid);
	if (!strstr(record, want))
		fail_msg("syslog got \"%s\", want \"%s\" in it", record, want);

	/* A dry run is not a change: nothing is logged. */
	out.dry_run = true;
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	if (pid == 0) {
		char msg[1024] = "";
		int err = catch_syslog(&out, msg, sizeof(msg));

		snprintf(msg, sizeof(msg), "%s", err == -EAGAIN ? "nothing" : "something");
		if (write(pipefd[1], msg, strlen(msg)) < 0)
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	memset(got, 0, sizeof(got));
	assert_true(read(pipefd[0], got, sizeof(got) - 1) > 0);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	assert_string_equal(got, "nothing");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_names_who_what_and_result),
		cmocka_unit_test(test_stats_record),
		cmocka_unit_test(test_record_reaches_syslog_as_authpriv),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
