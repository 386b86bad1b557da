/* The gates beside the probes, read (reach_gates.h). */
#include "reach/reach_gates.h"

#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/parse.h"
#include "base/safe_read.h"
#include "knobs/knob.h"

#define REACH_SECURITYFS "/sys/kernel/security"

enum reach_lockdown reach_gates_parse_lockdown(const char *text)
{
	static const struct {
		const char *word;
		enum reach_lockdown state;
	} states[] = {
		{ "[none]", REACH_LOCKDOWN_NONE },
		{ "[integrity]", REACH_LOCKDOWN_INTEGRITY },
		{ "[confidentiality]", REACH_LOCKDOWN_CONFIDENTIALITY },
	};

	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strstr(text, states[i].word))
			return states[i].state;
	return REACH_LOCKDOWN_UNKNOWN;
}

/* A number below the root: 0 or -errno (-EINVAL: not a number). */
static int reach_gates_long(const struct procroot *root, const char *rel, long *value)
{
	char buf[64];
	size_t len;
	int err = procroot_read(root, rel, buf, sizeof(buf), &len);

	if (err)
		return err;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return parse_long_strict(buf, len, value);
}

void reach_gates_read_knob(struct reach_gates *g, const struct procroot *root)
{
	const struct knob_def *def = &knob_table[KNOB_UNPRIV_DISABLED];

	g->knob_error = reach_gates_long(root, def->rel_path, &g->knob);
}

/* Applies what lockdown's and lsm's files hold. */
static void reach_gates_security(struct reach_gates *g, const char *lockdown, int lockdown_err,
				 const char *lsm, int lsm_err)
{
	g->lockdown_error = lockdown_err;
	if (!lockdown_err) {
		g->lockdown = reach_gates_parse_lockdown(lockdown);
		if (g->lockdown == REACH_LOCKDOWN_UNKNOWN)
			g->lockdown_error = -EINVAL;
	}
	g->lsm_error = lsm_err;
	g->bpf_lsm = -1;
	if (!lsm_err) {
		char list[sizeof(g->lsm)], *save, *name;
		bool lockdown_lsm = false;

		snprintf(g->lsm, sizeof(g->lsm), "%.*s", (int)strcspn(lsm, "\n"), lsm);
		memcpy(list, g->lsm, sizeof(list));
		g->bpf_lsm = 0;
		for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
			if (!strcmp(name, "bpf"))
				g->bpf_lsm = 1;
			lockdown_lsm |= !strcmp(name, "lockdown");
		}
		/* the lockdown LSM makes its file when it is active: without
		 * it, nothing is locked down */
		if (lockdown_err == -ENOENT && !lockdown_lsm) {
			g->lockdown = REACH_LOCKDOWN_NONE;
			g->lockdown_error = 0;
		}
	}
}

static int reach_gates_file(const char *path, char *buf, size_t size)
{
	size_t len;

	return safe_read_buf(path, buf, size, &len, NULL);
}

/* securityfs is not mounted: mount it in a child's own mount namespace
 * (made private first, so nothing propagates out), read the two files, and
 * send them back; the namespace goes with the child. Needs CAP_SYS_ADMIN. */
static int reach_gates_private_securityfs(struct reach_gates *g)
{
	struct {
		int lockdown_err, lsm_err;
		char lockdown[128], lsm[256];
	} got;
	int pipefd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid == 0) {
		/* nothing this process held (bpfknobs' own programs' fds among
		 * them) stays open in the child while it waits on the mount */
		if (pipefd[1] > 3)
			close_range(3, (unsigned)pipefd[1] - 1, 0);
		close_range((unsigned)pipefd[1] + 1, ~0U, 0);
		memset(&got, 0, sizeof(got));
		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("securityfs", REACH_SECURITYFS, "securityfs", MS_NOSUID | MS_NODEV |
			  MS_NOEXEC | MS_RDONLY, NULL)) {
			got.lockdown_err = got.lsm_err = -errno;
		} else {
			got.lockdown_err = reach_gates_file(REACH_SECURITYFS "/lockdown", got.lockdown,
							    sizeof(got.lockdown));
			got.lsm_err = reach_gates_file(REACH_SECURITYFS "/lsm", got.lsm,
						       sizeof(got.lsm));
		}
		n = write(pipefd[1], &got, sizeof(got));
		_exit(n == (ssize_t)sizeof(got) ? 0 : 1);
	}
	close(pipefd[1]);
	n = read(pipefd[0], &got, sizeof(got));
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(got))
		return -EIO;
	if (got.lockdown_err && got.lockdown_err == got.lsm_err)
		return got.lockdown_err; /* the mount failed */
	got.lockdown[sizeof(got.lockdown) - 1] = got.lsm[sizeof(got.lsm) - 1] = '\0';
	reach_gates_security(g, got.lockdown, got.lockdown_err, got.lsm, got.lsm_err);
	return 0;
}

static void reach_gates_lockdown(struct reach_gates *g, const struct procroot *root)
{
	char lockdown[128] = "", lsm[256] = "", path[PATH_MAX];
	int lockdown_err, lsm_err;

	if (!root->live) {
		size_t len;

		lockdown_err = procroot_read(root, "security/lockdown", lockdown, sizeof(lockdown), &len);
		lsm_err = procroot_read(root, "security/lsm", lsm, sizeof(lsm), &len);
		snprintf(g->lockdown_source, sizeof(g->lockdown_source), "the captured tree");
		reach_gates_security(g, lockdown, lockdown_err, lsm, lsm_err);
		return;
	}
	snprintf(path, sizeof(path), "%s/lockdown", REACH_SECURITYFS);
	lockdown_err = reach_gates_file(path, lockdown, sizeof(lockdown));
	snprintf(path, sizeof(path), "%s/lsm", REACH_SECURITYFS);
	lsm_err = reach_gates_file(path, lsm, sizeof(lsm));
	snprintf(g->lockdown_source, sizeof(g->lockdown_source), "%s", REACH_SECURITYFS);
	/* lockdown's file exists whenever the lockdown LSM is built in; both
	 * missing means securityfs is not mounted (a container, a minimal VM) */
	if (lockdown_err == -ENOENT && lsm_err == -ENOENT && geteuid() == 0 &&
	    !reach_gates_private_securityfs(g)) {
		snprintf(g->lockdown_source, sizeof(g->lockdown_source),
			 "a private securityfs mount");
		return;
	}
	reach_gates_security(g, lockdown, lockdown_err, lsm, lsm_err);
}

void reach_gates_read(struct reach_gates *g, const struct procroot *root)
{
	memset(g, 0, sizeof(*g));
	g->read_kernel = -1;
	g->bpf_lsm = -1;
	reach_gates_lockdown(g, root);
	g->paranoid_error = reach_gates_long(root, "sys/kernel/perf_event_paranoid",
					     &g->perf_event_paranoid);
	g->kptr_error = reach_gates_long(root, "sys/kernel/kptr_restrict", &g->kptr_restrict);
	reach_gates_read_knob(g, root);
	g->delegations_error = root->live ? 0 : -ENOTSUP;
}
