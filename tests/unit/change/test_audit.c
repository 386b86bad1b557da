/* The audit trail: the record says who (uid, login uid, terminal), what
 * (a change, an undo, a save, statistics), old, new and the result; it
 * goes to journald as structured fields with the fixed MESSAGE_ID where
 * journald listens, else to syslog as authpriv, and when neither listens
 * audit_send() says it was recorded nowhere. The sinks are real sockets
 * bound in a child's private mount namespace (tmpfs on /run and /dev), so
 * the host's journal and syslog never see a test record. */
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
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>
#include <cmocka.h>

#include "change/audit.h"

static const struct audit_who root_plain = { .uid = 0, .login_uid = AUDIT_NO_LOGIN_UID };

static void test_record_names_who_what_and_result(void **state)
{
	struct audit_record r = {
		.action = AUDIT_CHANGE, .knob = "net.core.bpf_jit_harden", .old_value = "0",
		.new_value = "2", .ok = true, .result = "applied",
	};
	struct audit_who who = root_plain;
	char text[512], want[512];

	(void)state;
	audit_format(&r, &who, text, sizeof(text));
	assert_string_equal(text, "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied");
	/* logged in as root: nothing to add */
	who.login_uid = 0;
	audit_format(&r, &who, text, sizeof(text));
	assert_string_equal(text, "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied");
	/* through sudo: the person who logged in is named too, and the terminal */
	who.login_uid = 65534;
	snprintf(who.tty, sizeof(who.tty), "/dev/pts/7");
	audit_format(&r, &who, text, sizeof(text));
	assert_string_equal(text, "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root), "
				  "login uid 65534 (nobody) on /dev/pts/7: applied");
	/* an undo says so; a refusal names the kernel's error */
	r.action = AUDIT_UNDO;
	r.ok = false;
	r.result = "refused by the kernel";
	r.error = -EINVAL;
	who = root_plain;
	audit_format(&r, &who, text, sizeof(text));
	snprintf(want, sizeof(want), "net.core.bpf_jit_harden 0 -> 2 (undo) by uid 0 (root): "
		 "refused by the kernel (%s)", strerror(EINVAL));
	assert_string_equal(text, want);
	/* a save names the file and what the file set before */
	r = (struct audit_record){ .action = AUDIT_SAVE, .knob = "kernel.unprivileged_bpf_disabled",
				   .old_value = "", .new_value = "2",
				   .file = "/etc/sysctl.d/60-bpfknobs.conf", .ok = true,
				   .result = "saved" };
	audit_format(&r, &who, text, sizeof(text));
	assert_string_equal(text, "kernel.unprivileged_bpf_disabled = 2 saved for boot in "
				  "/etc/sysctl.d/60-bpfknobs.conf (it set (none)) by uid 0 (root): "
				  "saved");
}

/* This session's runtime statistics: on and off, by whom, and that the
 * sysctl is not what changed. */
static void test_stats_record(void **state)
{
	struct audit_record r = { .action = AUDIT_STATS, .stats_on = true, .ok = true,
				  .result = "applied" };
	struct audit_who who = { .uid = 0, .login_uid = 65534 };
	char text[512];

	(void)state;
	audit_format(&r, &who, text, sizeof(text));
	assert_string_equal(text, "runtime statistics on for this session (a BPF_ENABLE_STATS fd; "
				  "the sysctl is not changed) by uid 0 (root), login uid 65534 "
				  "(nobody): applied");
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

static void need_private_mounts(void)
{
	int err;

	if (geteuid() != 0) {
		if (getenv("CI"))
			fail_msg("CI runs as root; this test must not skip there");
		print_message("SKIP: a private /dev/log and /run need root\n");
		skip();
	}
	err = private_mounts_possible();
	if (err == -EINVAL) {
		if (getenv("CI"))
			fail_msg("CI runs with / a mount point; this test must not skip there");
		print_message("SKIP: / is not a mount point here (a chroot?), so a new mount "
			      "namespace cannot be made private (mount(2) refuses \"/\" with "
			      "EINVAL), and the tmpfs this test mounts on /dev and /run could show "
			      "outside it. Run it outside the chroot, or in one whose root is a "
			      "mount point (mount --bind DIR DIR, then chroot DIR).\n");
		skip();
	}
	if (err)
		fail_msg("a private mount namespace: %s", strerror(-err));
}

enum listener {
	LISTEN_NONE,    /* no socket at all */
	LISTEN_STALE,   /* socket files left behind by stopped daemons */
	LISTEN_SYSLOG,  /* /dev/log only */
	LISTEN_JOURNAL, /* journald's socket and /dev/log */
};

static int bind_at(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return -errno;
	return fd;
}

/* In a child with its own mount namespace and tmpfs on /dev and /run:
 * the listeners asked for, one record sent, and what arrived, into
 * report: "SINK|what the sink found|the datagram". */
static int catch_record(enum listener listen, char *report, size_t size)
{
	struct audit_record r = {
		.action = AUDIT_CHANGE, .knob = "net.core.bpf_jit_harden", .old_value = "0",
		.new_value = "2", .ok = true, .result = "applied",
	};
	struct audit_who who = root_plain;
	int syslog_fd = -1, journal_fd = -1, found, sent;
	char got[4096] = "";
	ssize_t n = -1;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", "/dev", "tmpfs", 0, NULL) || mount("tmpfs", "/run", "tmpfs", 0, NULL) ||
	    mkdir("/run/systemd", 0755) || mkdir("/run/systemd/journal", 0755))
		return -errno;
	if (listen >= LISTEN_SYSLOG || listen == LISTEN_STALE)
		syslog_fd = bind_at(AUDIT_SYSLOG_SOCKET);
	if (listen == LISTEN_JOURNAL || listen == LISTEN_STALE)
		journal_fd = bind_at(AUDIT_JOURNAL_SOCKET);
	if (syslog_fd < -1 || journal_fd < -1)
		return syslog_fd < -1 ? syslog_fd : journal_fd;
	if (listen == LISTEN_STALE) {
		/* the daemons stopped: their socket files stay */
		close(syslog_fd);
		close(journal_fd);
		syslog_fd = journal_fd = -1;
	}
	found = audit_sink_find();
	sent = audit_send(&r, &who);
	if (journal_fd >= 0)
		n = recv(journal_fd, got, sizeof(got) - 1, MSG_DONTWAIT);
	if (n < 0 && syslog_fd >= 0)
		n = recv(syslog_fd, got, sizeof(got) - 1, MSG_DONTWAIT);
	got[n > 0 ? n : 0] = '\0';
	snprintf(report, size, "%d|%d|%s", sent, found, got);
	return 0;
}

static void run_catch(enum listener listen, int *sent, int *found, char *got, size_t size)
{
	int pipefd[2], status;
	char report[8192] = "";
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int err = catch_record(listen, report, sizeof(report));

		if (err)
			snprintf(report, sizeof(report), "error: %s", strerror(-err));
		if (write(pipefd[1], report, strlen(report)) < 0)
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	n = read(pipefd[0], report, sizeof(report) - 1);
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(n > 0);
	report[n] = '\0';
	if (sscanf(report, "%d|%d|", sent, found) != 2)
		fail_msg("the child said: %s", report);
	snprintf(got, size, "%s", strchr(strchr(report, '|') + 1, '|') + 1);
}

/* No journald and no syslog (or only the sockets they left behind): the
 * record is recorded nowhere, and audit_send() says so. */
static void test_no_log_is_said(void **state)
{
	int sent, found;
	char got[4096];

	(void)state;
	need_private_mounts();
	run_catch(LISTEN_NONE, &sent, &found, got, sizeof(got));
	assert_int_equal(found, AUDIT_SINK_NONE);
	assert_int_equal(sent, AUDIT_SINK_NONE);
	run_catch(LISTEN_STALE, &sent, &found, got, sizeof(got));
	assert_int_equal(found, AUDIT_SINK_NONE);
	assert_int_equal(sent, AUDIT_SINK_NONE);
}

/* Only a syslog daemon: one authpriv line, notice for an applied change. */
static void test_record_reaches_syslog_as_authpriv(void **state)
{
	int sent, found;
	char got[4096], want[64];

	(void)state;
	need_private_mounts();
	run_catch(LISTEN_SYSLOG, &sent, &found, got, sizeof(got));
	assert_int_equal(found, AUDIT_SINK_SYSLOG);
	assert_int_equal(sent, AUDIT_SINK_SYSLOG);
	snprintf(want, sizeof(want), "<%d>", LOG_AUTHPRIV | LOG_NOTICE);
	if (strncmp(got, want, strlen(want)))
		fail_msg("syslog got \"%s\", want it to start with %s", got, want);
	assert_non_null(strstr(got, "bpfknobs["));
	assert_non_null(strstr(got, "]: net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied"));
}

/* journald: the native protocol's KEY=value lines, with the fixed
 * MESSAGE_ID and the fields a reader filters on; nothing to /dev/log. */
static void test_record_reaches_journald_as_fields(void **state)
{
	static const char *const fields[] = {
		"MESSAGE=net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied\n",
		"MESSAGE_ID=" AUDIT_MESSAGE_ID "\n",
		"PRIORITY=5\n",
		"SYSLOG_FACILITY=10\n",
		"SYSLOG_IDENTIFIER=bpfknobs\n",
		"BPFKNOBS_ACTION=change\n",
		"BPFKNOBS_KNOB=net.core.bpf_jit_harden\n",
		"BPFKNOBS_OLD=0\n",
		"BPFKNOBS_NEW=2\n",
		"BPFKNOBS_RESULT=applied\n",
		"BPFKNOBS_UID=0\n",
	};
	int sent, found;
	char got[4096];

	(void)state;
	need_private_mounts();
	run_catch(LISTEN_JOURNAL, &sent, &found, got, sizeof(got));
	assert_int_equal(found, AUDIT_SINK_JOURNAL);
	assert_int_equal(sent, AUDIT_SINK_JOURNAL);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strstr(got, fields[i]))
			fail_msg("the journal got \"%s\", without \"%s\"", got, fields[i]);
	/* no CODE_FILE and the like: they would say nothing to a reader */
	assert_null(strstr(got, "CODE_FILE="));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_names_who_what_and_result),
		cmocka_unit_test(test_stats_record),
		cmocka_unit_test(test_no_log_is_said),
		cmocka_unit_test(test_record_reaches_syslog_as_authpriv),
		cmocka_unit_test(test_record_reaches_journald_as_fields),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
