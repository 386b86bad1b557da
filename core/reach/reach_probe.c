/* The live probes (reach_probe.h). Each identity is a forked child: it
 * closes every descriptor it inherited but its pipe, becomes the identity,
 * probes, writes one fixed-size result and exits with _exit(). The parent
 * (a thread of the browser, or --list/--json) only reads the pipe and
 * reaps it; a child that hangs is killed after REACH_CHILD_TIMEOUT_MS. */
#include "reach/reach_probe.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/probe_fence.h"
#include "reach/reach_gates.h"
#include "reach/reach_token.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38 /* Linux 5.8; older libcap headers lack it */
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

#define REACH_NOBODY 65534
#define REACH_CHILD_TIMEOUT_MS 5000
#define REACH_MAX_USERNS_TRIES 3

/* What a child sends back. */
struct reach_child {
	int error;          /* -errno: it could not become the identity */
	char why[192];
	int token_error;
	int read_kernel;
	unsigned caps;
	uid_t uid;
	int8_t prog_loads[REACH_MAX_TYPES], map_loads[REACH_MAX_TYPES];
	int16_t prog_err[REACH_MAX_TYPES], map_err[REACH_MAX_TYPES];
};

/* Who a child becomes. */
struct reach_plan {
	enum reach_who who;
	unsigned caps;      /* REACH_AGENT...: the capabilities it keeps */
	int delegation;     /* REACH_USERNS_TOKEN */
	pid_t ns_pid;       /* REACH_USERNS_TOKEN: a process of the bpffs's user namespace */
	const char *bpffs;  /* REACH_USERNS_TOKEN: /proc/PID/root + the mount point */
};

static unsigned reach_caps_of(cap_t caps, cap_flag_t set)
{
	static const struct {
		cap_value_t cap;
		unsigned bit;
	} map[] = {
		{ CAP_BPF, REACH_CAP_BPF }, { CAP_PERFMON, REACH_CAP_PERFMON },
		{ CAP_NET_ADMIN, REACH_CAP_NET_ADMIN }, { CAP_SYS_ADMIN, REACH_CAP_SYS_ADMIN },
		/* one of the rest stands for them all: root holds every one */
		{ CAP_SYS_PTRACE, REACH_CAP_OTHERS },
	};
	unsigned bits = 0;

	for (size_t i = 0; caps && i < sizeof(map) / sizeof(map[0]); i++) {
		cap_flag_value_t on = CAP_CLEAR;

		if (!cap_get_flag(caps, map[i].cap, set, &on) && on == CAP_SET)
			bits |= map[i].bit;
	}
	return bits;
}

/* The capabilities of this process in its effective (or permitted) set. */
static unsigned reach_caps_now(cap_flag_t set)
{
	cap_t caps = cap_get_proc();
	unsigned bits = reach_caps_of(caps, set);

	cap_free(caps);
	return bits;
}

static int reach_fail(struct reach_child *c, const char *step)
{
	c->error = -errno;
	snprintf(c->why, sizeof(c->why), "%s", step);
	return c->error;
}

/* uid and gid 65534, no supplementary groups; with keep, the permitted
 * capabilities survive the change of uid (PR_SET_KEEPCAPS), else none do. */
static int reach_child_nobody(struct reach_child *c, bool keep)
{
	if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		return reach_fail(c, "prctl(PR_SET_KEEPCAPS)");
	if (setgroups(0, NULL))
		return reach_fail(c, "setgroups(0)");
	if (setresgid(REACH_NOBODY, REACH_NOBODY, REACH_NOBODY))
		return reach_fail(c, "setresgid(65534)");
	if (setresuid(REACH_NOBODY, REACH_NOBODY, REACH_NOBODY))
		return reach_fail(c, "setresuid(65534)");
	return 0;
}

/* Exactly these capabilities, permitted and effective (libcap). */
static int reach_child_caps(struct reach_child *c, unsigned bits)
{
	cap_value_t list[4];
	int n = 0, err = 0;
	cap_t caps;

	if (bits & REACH_CAP_BPF)
		list[n++] = CAP_BPF;
	if (bits & REACH_CAP_PERFMON)
		list[n++] = CAP_PERFMON;
	if (bits & REACH_CAP_NET_ADMIN)
		list[n++] = CAP_NET_ADMIN;
	if (bits & REACH_CAP_SYS_ADMIN)
		list[n++] = CAP_SYS_ADMIN;
	caps = cap_init();
	if (!caps)
		return reach_fail(c, "cap_init()");
	if ((n && (cap_set_flag(caps, CAP_PERMITTED, n, list, CAP_SET) ||
		   cap_set_flag(caps, CAP_EFFECTIVE, n, list, CAP_SET))) ||
	    cap_set_proc(caps))
		err = reach_fail(c, "capset(2) through libcap");
	cap_free(caps);
	return err;
}

/* Becomes plan's identity; *token_fd gets a token for REACH_USERNS_TOKEN. */
static int reach_child_become(const struct reach_plan *plan, struct reach_child *c, int *token_fd)
{
	bool root = geteuid() == 0;
	int fs_fd, ns_fd;
	char path[64];

	switch (plan->who) {
	case REACH_SELF:
		return 0;
	case REACH_ROOT:
		return 0; /* only planned when this process is root with every capability */
	case REACH_AGENT:
	case REACH_CAP_BPF_ONLY:
	case REACH_AUX_NET_ADMIN:
	case REACH_AUX_PERFMON:
		if (reach_child_nobody(c, true))
			return c->error;
		return reach_child_caps(c, plan->caps);
	case REACH_USER:
		return reach_child_nobody(c, false);
	case REACH_USERNS:
		/* a plain user: uid 65534 when root can make one, else this one */
		if (root && reach_child_nobody(c, false))
			return c->error;
		if (unshare(CLONE_NEWUSER))
			return reach_fail(c, "unshare(CLONE_NEWUSER)");
		return 0;
	case REACH_USERNS_TOKEN:
		fs_fd = open(plan->bpffs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fs_fd < 0)
			return reach_fail(c, "opening the bpffs");
		snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)plan->ns_pid);
		ns_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (ns_fd < 0)
			return reach_fail(c, "opening its processes' user namespace");
		if (setns(ns_fd, CLONE_NEWUSER))
			return reach_fail(c, "setns(2) into its processes' user namespace");
		close(ns_fd);
		/* that namespace's root where it maps one: a container's root */
		if (setresgid(0, 0, 0) || setresuid(0, 0, 0)) {
			/* unmapped: stays as it is, every capability there all the same */
		}
		*token_fd = reach_token_create(fs_fd);
		if (*token_fd < 0) {
			c->token_error = *token_fd;
			*token_fd = -1;
		}
		close(fs_fd);
		return 0;
	case REACH_WHO__COUNT:
		break;
	}
	errno = EINVAL;
	return reach_fail(c, "no such identity");
}

static void reach_child_probe(const struct reach_plan *plan, struct reach_child *c, size_t nr_progs,
			      size_t nr_maps, int token_fd)
{
	bool raw = plan->who == REACH_USERNS_TOKEN;

	for (size_t i = 0; i < nr_progs; i++) {
		int err = 0, ret;

		if (raw) {
			ret = reach_token_probe_prog((uint32_t)(i + 1), token_fd, &err);
		} else {
			errno = 0;
			ret = libbpf_probe_bpf_prog_type((enum bpf_prog_type)(i + 1), NULL);
			err = ret > 0 ? 0 : ret < 0 ? -ret : errno;
		}
		c->prog_loads[i] = (int8_t)(ret == -EOPNOTSUPP ? -1 : ret > 0);
		c->prog_err[i] = (int16_t)(ret > 0 ? 0 : err);
	}
	for (size_t i = 0; i < nr_maps; i++) {
		int err = 0, ret;

		if (raw) {
			ret = reach_token_probe_map((uint32_t)(i + 1), token_fd, &err);
		} else {
			errno = 0;
			ret = libbpf_probe_bpf_map_type((enum bpf_map_type)(i + 1), NULL);
			err = ret > 0 ? 0 : ret < 0 ? -ret : errno;
		}
		c->map_loads[i] = (int8_t)(ret == -EOPNOTSUPP ? -1 : ret > 0);
		c->map_err[i] = (int16_t)(ret > 0 ? 0 : err);
	}
	/* what lockdown=confidentiality takes away (LOCKDOWN_BPF_READ_KERNEL):
	 * the helper is missing from the verifier's list when it is on */
	if (plan->who == REACH_ROOT)
		c->read_kernel = libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE,
							 BPF_FUNC_probe_read_kernel, NULL) > 0;
}

static void reach_child_main(const struct reach_plan *plan, int out, size_t nr_progs,
			     size_t nr_maps)
{
	struct reach_child c;
	int token_fd = -1;
	ssize_t n;

	memset(&c, 0, sizeof(c));
	c.read_kernel = -1;
	/* Before Linux 5.11 maps and programs were charged to RLIMIT_MEMLOCK,
	 * per uid and freed late, so every uid-65534 identity would share one
	 * running total: lifted while still root, as bpftool does, so that
	 * the probes show the other gates (reach_text.c says so) */
	setrlimit(RLIMIT_MEMLOCK, &(struct rlimit){ RLIM_INFINITY, RLIM_INFINITY });
	/* nothing this process held (the terminal, program and statistics
	 * fds) goes with the identity */
	if (out > 3)
		close_range(3, (unsigned)out - 1, 0);
	close_range((unsigned)out + 1, ~0U, 0);
	if (!reach_child_become(plan, &c, &token_fd)) {
		c.caps = reach_caps_now(CAP_EFFECTIVE);
		c.uid = getuid();
		reach_child_probe(plan, &c, nr_progs, nr_maps, token_fd);
	}
	n = write(out, &c, sizeof(c));
	_exit(n == (ssize_t)sizeof(c) ? 0 : 1);
}

/* Runs one child to its result. Returns 0, or -errno when no result came. */
static int reach_run_child(const struct reach_plan *plan, size_t nr_progs, size_t nr_maps,
			   struct reach_child *c)
{
	struct pollfd pfd;
	int pipefd[2], status, err = 0;
	size_t got = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid == 0)
		reach_child_main(plan, pipefd[1], nr_progs, nr_maps);
	close(pipefd[1]);
	pfd = (struct pollfd){ .fd = pipefd[0], .events = POLLIN };
	while (got < sizeof(*c)) {
		ssize_t n;
		int ready = poll(&pfd, 1, REACH_CHILD_TIMEOUT_MS);

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0) {
			err = -ETIMEDOUT;
			kill(pid, SIGKILL); /* our own child */
			break;
		}
		n = read(pipefd[0], (char *)c + got, sizeof(*c) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = -EIO;
			break;
		}
		got += (size_t)n;
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return err;
}

/* The identity's record from a child's result. */
static void reach_take(struct reach_identity *id, const struct reach_child *c, size_t nr_progs,
		       size_t nr_maps)
{
	id->probed = !c->error;
	id->error = c->error;
	snprintf(id->why, sizeof(id->why), "%s", c->why);
	id->token_error = c->token_error;
	if (!id->probed)
		return;
	/* a user namespace's capabilities are its own: none of the host's */
	id->caps = id->who == REACH_USERNS || id->who == REACH_USERNS_TOKEN ? 0 : c->caps;
	id->uid = c->uid;
	for (size_t i = 0; i < nr_progs; i++) {
		id->prog[i].loads = c->prog_loads[i];
		id->prog[i].err = c->prog_err[i];
	}
	for (size_t i = 0; i < nr_maps; i++) {
		id->map[i].loads = c->map_loads[i];
		id->map[i].err = c->map_err[i];
	}
}

static struct reach_identity *reach_add(struct reach *r, enum reach_who who)
{
	struct reach_identity *id = &r->ids[r->nr_ids++];

	memset(id, 0, sizeof(*id));
	id->who = who;
	id->delegation = -1;
	for (size_t i = 0; i < REACH_MAX_TYPES; i++) {
		id->prog[i].loads = id->map[i].loads = -1;
		id->prog[i].opt = id->map[i].opt = -1;
	}
	return id;
}

static void reach_not_probed(struct reach_identity *id, int err, const char *why)
{
	id->probed = false;
	id->error = err;
	snprintf(id->why, sizeof(id->why), "%s", why);
}

static void reach_probe_one(struct reach *r, struct reach_identity *id,
			    const struct reach_plan *plan)
{
	struct reach_child c;
	int err;

	memset(&c, 0, sizeof(c));
	/* no listing of the programs sees the child's (probe_fence.h) */
	probe_fence_enter_probe();
	err = reach_run_child(plan, r->nr_prog_types, r->nr_map_types, &c);
	probe_fence_leave_probe();
	if (err) {
		reach_not_probed(id, err, err == -ETIMEDOUT ? "the probe did not finish"
							    : "the probe sent nothing back");
		return;
	}
	reach_take(id, &c, r->nr_prog_types, r->nr_map_types);
	if (plan->who == REACH_ROOT && id->probed)
		r->gates.read_kernel = c.read_kernel;
}

/* The user namespaces of delegation d's processes, one process each. */
static size_t reach_userns_of(const struct reach_delegation *d, pid_t *pids, size_t max)
{
	unsigned long long seen[REACH_MAX_PIDS];
	size_t n = 0, kept = d->nr_pids < REACH_MAX_PIDS ? d->nr_pids : REACH_MAX_PIDS;

	for (size_t i = 0; i < kept && n < max; i++) {
		char path[64];
		struct stat st;
		bool dup = false;

		snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)d->pids[i]);
		if (stat(path, &st))
			continue;
		for (size_t j = 0; j < n; j++)
			dup |= seen[j] == (unsigned long long)st.st_ino;
		if (dup)
			continue;
		seen[n] = (unsigned long long)st.st_ino;
		pids[n++] = d->pids[i];
	}
	return n;
}

/* With a token of delegation d: in the user namespace of its processes
 * (the one the bpffs belongs to is found by trying: the kernel refuses a
 * token elsewhere with EPERM). */
static void reach_probe_token(struct reach *r, struct reach_identity *id, size_t d)
{
	const struct reach_delegation *del = &r->gates.delegations[d];
	struct reach_plan plan = { .who = REACH_USERNS_TOKEN, .delegation = (int)d };
	pid_t pids[REACH_MAX_USERNS_TRIES];
	size_t n = reach_userns_of(del, pids, REACH_MAX_USERNS_TRIES);
	char bpffs[PATH_MAX];

	id->delegation = (int)d;
	if (!n) {
		reach_not_probed(id, -ESRCH, "no process of its mount namespace is left");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(bpffs, sizeof(bpffs), "/proc/%d/root%s", (int)pids[i], del->mount_point);
		plan.ns_pid = pids[i];
		plan.bpffs = bpffs;
		reach_probe_one(r, id, &plan);
		if (!id->probed || id->token_error != -EPERM)
			break;
	}
}

static double reach_ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static size_t reach_count_names(const char *(*name)(size_t))
{
	size_t n = 0;

	while (n < REACH_MAX_TYPES && name(n))
		n++;
	return n;
}

int reach_probe(struct reach *r, const struct procroot *root, const struct kconfig *kconfig,
		unsigned kver)
{
	static const struct {
		enum reach_who who;
		unsigned caps;
	} dropped[] = {
		{ REACH_AGENT, REACH_CAP_BPF | REACH_CAP_PERFMON | REACH_CAP_NET_ADMIN },
		{ REACH_CAP_BPF_ONLY, REACH_CAP_BPF },
		{ REACH_USER, 0 },
	};
	unsigned want = REACH_CAP_BPF | REACH_CAP_PERFMON | REACH_CAP_NET_ADMIN | REACH_CAP_SYS_ADMIN;
	struct reach_plan plan;
	struct timespec t0;
	bool root_all;
	long knob_before;

	memset(r, 0, sizeof(*r));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_REALTIME, &r->when);
	if (kconfig)
		r->kconfig = *kconfig;
	r->kver = kver;
	r->nr_prog_types = reach_count_names(reach_prog_type_name);
	r->nr_map_types = reach_count_names(reach_map_type_name);
	reach_gates_read(&r->gates, root);
	if (!root->live) {
		r->state = REACH_TREE;
		r->elapsed_ms = reach_ms_since(&t0);
		return 0;
	}
	reach_mountns_scan(&r->gates);
	knob_before = r->gates.knob;
	root_all = geteuid() == 0 && (reach_caps_now(CAP_PERMITTED) & want) == want;

	plan = (struct reach_plan){ .who = REACH_SELF };
	reach_probe_one(r, reach_add(r, REACH_SELF), &plan);
	if (root_all) {
		plan = (struct reach_plan){ .who = REACH_ROOT };
		reach_probe_one(r, reach_add(r, REACH_ROOT), &plan);
	} else {
		reach_not_probed(reach_add(r, REACH_ROOT), -EPERM,
				 "needs bpfknobs to run as root with every capability");
	}
	for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++) {
		struct reach_identity *id = reach_add(r, dropped[i].who);

		plan = (struct reach_plan){ .who = dropped[i].who, .caps = dropped[i].caps };
		if (root_all)
			reach_probe_one(r, id, &plan);
		else
			reach_not_probed(id, -EPERM, "needs bpfknobs to run as root, to become "
					 "uid 65534 with these capabilities");
	}
	plan = (struct reach_plan){ .who = REACH_USERNS };
	reach_probe_one(r, reach_add(r, REACH_USERNS), &plan);
	for (size_t d = 0; d < r->gates.nr_delegations; d++) {
		struct reach_identity *id = reach_add(r, REACH_USERNS_TOKEN);

		if (root_all)
			reach_probe_token(r, id, d);
		else {
			id->delegation = (int)d;
			reach_not_probed(id, -EPERM, "needs bpfknobs to run as root, to enter that "
					 "user namespace");
		}
	}
	r->nr_shown = r->nr_ids;
	if (root_all) {
		/* not shown: which capability a type needs (reach_attr.c) */
		plan = (struct reach_plan){ .who = REACH_AUX_NET_ADMIN,
					    .caps = REACH_CAP_BPF | REACH_CAP_NET_ADMIN };
		reach_probe_one(r, reach_add(r, REACH_AUX_NET_ADMIN), &plan);
		plan = (struct reach_plan){ .who = REACH_AUX_PERFMON,
					    .caps = REACH_CAP_BPF | REACH_CAP_PERFMON };
		reach_probe_one(r, reach_add(r, REACH_AUX_PERFMON), &plan);
	}
	/* someone wrote the knob meanwhile: the verdicts straddle two values */
	reach_gates_read_knob(&r->gates, root);
	r->gates.knob_moved = r->gates.knob != knob_before;
	reach_attribute(r);
	r->state = REACH_DONE;
	r->elapsed_ms = reach_ms_since(&t0);
	return 0;
}
