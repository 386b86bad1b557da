/* The classic BPF filters bpfknobs can see (see jit_classic.h). */
#include "jitmem/jit_classic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/sorted.h"
#include "base/vec.h"

/* /proc/<pid>/status is about 1.5 KiB; a long Groups line may cut the
 * read before Seccomp_filters, and that process is then left out */
#define JIT_CLASSIC_STATUS_MAX (8 * 1024)
#define JIT_CLASSIC_NL_BUF (16 * 1024)

struct jit_classic {
	bool published;
	struct timespec last;      /* CLOCK_MONOTONIC when the walk being published began */
	struct jit_classic_seccomp seccomp; /* the last complete walk */
	unsigned long nr_walks;
	/* a walk under way, JIT_CLASSIC_STATUS_PER_CALL statuses per call */
	bool walking;
	struct timespec started;
	pid_t *pids;
	size_t nr_pids, next;
	struct jit_classic_proc *procs;
	size_t nr_procs, cap_procs;
	int error;
};

struct jit_classic *jit_classic_new(void)
{
	return calloc(1, sizeof(struct jit_classic));
}

static void jit_classic_walk_reset(struct jit_classic *c)
{
	free(c->pids);
	free(c->procs);
	c->pids = NULL;
	c->procs = NULL;
	c->nr_pids = c->next = c->nr_procs = c->cap_procs = 0;
	c->error = 0;
	c->walking = false;
}

void jit_classic_free(struct jit_classic *classic)
{
	if (!classic)
		return;
	jit_classic_walk_reset(classic);
	free(classic);
}

unsigned long jit_classic_nr_walks(const struct jit_classic *classic)
{
	return classic->nr_walks;
}

/* ---- seccomp ---- */

uint32_t jit_classic_distinct(const struct jit_classic_proc *procs, size_t nr)
{
	uint32_t distinct = 0;

	for (size_t i = 0; i < nr; i++) {
		const struct jit_classic_proc *parent =
			SORTED_FIND(procs, nr, pid, (uint32_t)procs[i].ppid);
		uint32_t inherited = parent && procs[i].ppid > 0 ? parent->filters : 0;

		/* fork() shares the parent's filters (get_seccomp_filter() in
		 * kernel/seccomp.c takes a reference); a child's own filters
		 * come on top of them, and a parent that added filters after the
		 * fork has more than its child, which then adds none */
		if (procs[i].filters > inherited)
			distinct += procs[i].filters - inherited;
	}
	return distinct;
}

/* The value of a "Key:\tvalue" line, or -1 when absent. */
static long jit_classic_field(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			char *end;
			long v;

			errno = 0;
			v = strtol(p + klen + 1, &end, 10);
			return errno || end == p + klen + 1 || v < 0 ? -1 : v;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/* One process's status: 0 with *proc, 1 to leave it out (gone, or its
 * status cut short), or -ENODATA when the kernel reports no seccomp counts
 * (a whole status with a Seccomp line and no Seccomp_filters: before 5.9). */
static int jit_classic_status(int proc_fd, pid_t pid, char *buf, struct jit_classic_proc *proc)
{
	char rel[32];
	ssize_t n;
	long filters, ppid;
	int fd;

	snprintf(rel, sizeof(rel), "%d/status", (int)pid);
	fd = openat(proc_fd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 1;
	n = read(fd, buf, JIT_CLASSIC_STATUS_MAX - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	filters = jit_classic_field(buf, "Seccomp_filters");
	ppid = jit_classic_field(buf, "PPid");
	if (filters < 0)
		return n < JIT_CLASSIC_STATUS_MAX - 1 && jit_classic_field(buf, "Seccomp") >= 0
			       ? -ENODATA : 1;
	proc->pid = pid;
	proc->ppid = ppid < 0 ? 0 : (pid_t)ppid;
	proc->filters = (uint32_t)filters;
	return 0;
}

static bool jit_classic_pid(const char *name, pid_t *pid)
{
	long v = 0;

	if (!*name)
		return false;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > 1L << 30)
			return false;
		v = v * 10 + (*name - '0');
	}
	*pid = (pid_t)v;
	return v > 0;
}

static int jit_classic_pid_cmp(const void *a, const void *b)
{
	const struct jit_classic_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

void jit_classic_count(struct jit_classic_proc *procs, size_t nr, struct jit_classic_seccomp *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nr; i++) {
		out->attached += procs[i].filters;
		out->processes += procs[i].filters > 0;
	}
	/* /proc lists pids in ascending order, a copied tree in any */
	sorted_qsort(procs, nr, sizeof(*procs), jit_classic_pid_cmp);
	out->filters = jit_classic_distinct(procs, nr);
}

/* Starts a walk: the pids of /proc now. 0 or -errno. */
static int jit_classic_walk_start(struct jit_classic *c, const struct procroot *root)
{
	size_t cap = 0;
	struct dirent *e;
	DIR *dir = opendir(root->proc);

	jit_classic_walk_reset(c);
	c->walking = true;
	if (!dir)
		return c->error = -errno;
	while ((e = readdir(dir))) {
		pid_t pid, *slot;

		if (!jit_classic_pid(e->d_name, &pid))
			continue;
		slot = VEC_PUSH(c->pids, c->nr_pids, cap);
		if (!slot) {
			c->error = -ENOMEM;
			break;
		}
		*slot = pid;
	}
	closedir(dir);
	return c->error;
}

/* Reads up to budget more statuses of the walk under way; publishes it when
 * it is complete. */
static void jit_classic_walk_step(struct jit_classic *c, const struct procroot *root,
				  size_t budget)
{
	char *buf = c->error ? NULL : malloc(JIT_CLASSIC_STATUS_MAX);
	int proc_fd = c->error ? -1 : open(root->proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (!c->error && (!buf || proc_fd < 0))
		c->error = !buf ? -ENOMEM : -errno;
	for (size_t n = 0; !c->error && c->next < c->nr_pids && n < budget; n++) {
		struct jit_classic_proc proc;
		int r = jit_classic_status(proc_fd, c->pids[c->next++], buf, &proc);

		if (r < 0)
			c->error = r;
		if (r)
			continue;
		if (VEC_RESERVE(c->procs, c->cap_procs, c->nr_procs + 1)) {
			c->error = -ENOMEM;
			break;
		}
		c->procs[c->nr_procs++] = proc;
	}
	free(buf);
	if (proc_fd >= 0)
		close(proc_fd);
	if (!c->error && c->next < c->nr_pids)
		return; /* more at the next call */
	memset(&c->seccomp, 0, sizeof(c->seccomp));
	if (!c->error)
		jit_classic_count(c->procs, c->nr_procs, &c->seccomp);
	c->seccomp.error = c->error;
	c->published = true;
	c->last = c->started;
	c->nr_walks++;
	jit_classic_walk_reset(c);
}

bool jit_classic_seccomp(struct jit_classic *classic, const struct procroot *root,
			 const struct timespec *now, bool force, struct jit_classic_seccomp *out)
{
	struct timespec clock;
	bool whole = force || !classic->published;
	unsigned long walks = classic->nr_walks;

	if (!now) {
		clock_gettime(CLOCK_MONOTONIC, &clock);
		now = &clock;
	}
	if (whole || (!classic->walking &&
		      now->tv_sec - classic->last.tv_sec >= JIT_CLASSIC_WALK_SECONDS)) {
		classic->started = *now;
		if (!jit_classic_walk_start(classic, root) || whole)
			jit_classic_walk_step(classic, root, whole ? (size_t)-1
								   : JIT_CLASSIC_STATUS_PER_CALL);
	} else if (classic->walking) {
		jit_classic_walk_step(classic, root, JIT_CLASSIC_STATUS_PER_CALL);
	}
	*out = classic->seccomp;
	return classic->nr_walks != walks;
}

/* ---- packet sockets ---- */

/* The attributes after one packet_diag_msg: counts its classic filter. */
static void jit_classic_packet_msg(const struct nlmsghdr *h, struct jit_classic_packet *out)
{
	size_t off = NLMSG_ALIGN(sizeof(struct packet_diag_msg));
	size_t len = h->nlmsg_len - NLMSG_HDRLEN;
	const unsigned char *data = NLMSG_DATA(h);

	if (h->nlmsg_len < NLMSG_HDRLEN || len < off)
		return;
	while (off + NLA_HDRLEN <= len) {
		struct nlattr a;

		memcpy(&a, data + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || off + a.nla_len > len)
			return;
		if ((a.nla_type & NLA_TYPE_MASK) == PACKET_DIAG_FILTER) {
			/* sock_diag_put_filterinfo(): the classic instructions of a
			 * classic filter, nothing for an eBPF one */
			out->filters++;
			out->insns += (a.nla_len - NLA_HDRLEN) / sizeof(struct sock_filter);
		}
		off += NLA_ALIGN(a.nla_len);
	}
}

/* Reads the dump's answers until NLMSG_DONE: 0 or -errno. */
static int jit_classic_packet_recv(int fd, struct jit_classic_packet *out)
{
	char *buf = malloc(JIT_CLASSIC_NL_BUF);
	int err = 0;
	bool done = false;

	if (!buf)
		return -ENOMEM;
	while (!done && !err) {
		ssize_t n = recv(fd, buf, JIT_CLASSIC_NL_BUF, 0);
		size_t left;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			break;
		}
		left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				err = h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && e->error
					      ? e->error : -EIO;
				break;
			}
			if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY)
				jit_classic_packet_msg(h, out);
		}
	}
	free(buf);
	return err;
}

void jit_classic_packet(struct jit_classic_packet *out)
{
	struct {
		struct nlmsghdr nlh;
		struct packet_diag_req req;
	} msg;
	struct timeval tv = { .tv_sec = 1 };
	int fd;

	memset(out, 0, sizeof(*out));
	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.req.sdiag_family = AF_PACKET;
	msg.req.pdiag_show = PACKET_SHOW_FILTER;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0) {
		out->error = -errno;
		return;
	}
	/* the kernel answers a dump at once; the timeout only guards a hang */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (send(fd, &msg, sizeof(msg), 0) < 0)
		out->error = -errno;
	else
		out->error = jit_classic_packet_recv(fd, out);
	close(fd);
	if (out->error)
		out->filters = 0, out->insns = 0;
}
