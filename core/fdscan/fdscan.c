/* The incremental scan of /proc/<pid>/fd over every process (see
 * fdscan.h); one process's part is fdscan_proc.c. */
#include "fdscan/fdscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/vec.h"
#include "fdscan/fdscan_proc.h"
#include "base/parse.h"
#include "base/sorted.h"

struct fdscan {
	struct fdscan_proc *procs; /* by pid */
	size_t nr_procs;
	size_t next_proc, next_fd; /* where the round-robin re-check goes on */
};

struct fdscan *fdscan_new(void)
{
	return calloc(1, sizeof(struct fdscan));
}

static void fdscan_clear(struct fdscan *scan)
{
	for (size_t i = 0; i < scan->nr_procs; i++)
		fdscan_proc_free(&scan->procs[i]);
	free(scan->procs);
	scan->procs = NULL;
	scan->nr_procs = 0;
}

void fdscan_free(struct fdscan *scan)
{
	if (!scan)
		return;
	fdscan_clear(scan);
	free(scan);
}

/* The pid a /proc entry names; false for "self", "sys", ... */
static bool fdscan_parse_pid(const char *name, pid_t *pid)
{
	long v;

	if (parse_long_strict(name, strlen(name), &v) || v <= 0 || v > INT_MAX)
		return false;
	*pid = (pid_t)v;
	return true;
}

/* Re-checks up to budget readlinks' worth of fds, where the last update
 * stopped, so that an fd closed and reopened as something else without
 * changing the count is found within a few updates. */
static void fdscan_recheck(struct fdscan *scan, int proc_fd, size_t budget)
{
	size_t spent = 0, visited = 0;

	while (spent < budget && scan->nr_procs && visited <= scan->nr_procs) {
		struct fdscan_proc *proc;

		if (scan->next_proc >= scan->nr_procs) {
			scan->next_proc = 0;
			scan->next_fd = 0;
		}
		proc = &scan->procs[scan->next_proc];
		spent += fdscan_proc_recheck(proc, proc_fd, &scan->next_fd, budget - spent);
		if (scan->next_fd >= proc->nr_fds) {
			scan->next_proc++;
			scan->next_fd = 0;
			visited++;
		}
	}
}

static int fdscan_pid_cmp(const void *a, const void *b)
{
	const struct fdscan_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Opens the proc root and a listing of it. Returns its fd, or -errno. */
static int fdscan_open_root(const struct procroot *root, DIR **dir)
{
	int proc_fd = open(root->proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int dfd, err;

	if (proc_fd < 0)
		return -errno;
	dfd = fcntl(proc_fd, F_DUPFD_CLOEXEC, 0);
	*dir = dfd < 0 ? NULL : fdopendir(dfd);
	if (!*dir) {
		err = -errno;
		if (dfd >= 0)
			close(dfd);
		close(proc_fd);
		return err;
	}
	return proc_fd;
}

int fdscan_update(struct fdscan *scan, const struct procroot *root, size_t budget,
		  fdscan_gone_fn *gone, const void *arg)
{
	struct fdscan_proc *procs = NULL;
	size_t nr = 0, cap = 0;
	struct dirent *e;
	struct stat st;
	int proc_fd, err = 0;
	bool sizes;
	DIR *dir;

	proc_fd = fdscan_open_root(root, &dir);
	if (proc_fd < 0)
		return proc_fd; /* the last scan stays */
	/* proc_fd_getattr() reports the open fds as the size since Linux 6.2;
	 * before, every size is 0, and this process has proc_fd open */
	sizes = !fstatat(proc_fd, "self/fd", &st, 0) && st.st_size > 0;
	/* room for as many processes as the last scan saw, then one by one */
	err = VEC_RESERVE(procs, cap, scan->nr_procs + 1);
	while (!err && (e = readdir(dir))) {
		struct fdscan_proc *old, *proc;
		pid_t pid;

		if (!fdscan_parse_pid(e->d_name, &pid) || (err = VEC_RESERVE(procs, cap, nr + 1)))
			continue;
		old = SORTED_FIND(scan->procs, scan->nr_procs, pid, pid);
		proc = &procs[nr];
		if (old) {
			*proc = *old;
			memset(old, 0, sizeof(*old)); /* ownership moves */
			old->pid = pid;
		} else {
			*proc = (struct fdscan_proc){ .pid = pid };
		}
		if (fdscan_proc_update(proc, !old, proc_fd, sizes, gone, arg)) {
			fdscan_proc_free(proc); /* exited meanwhile */
			continue;
		}
		nr++;
	}
	closedir(dir);
	fdscan_clear(scan);
	scan->procs = procs;
	scan->nr_procs = nr;
	if (err) {
		fdscan_clear(scan);
		close(proc_fd);
		return err;
	}
	/* /proc lists tasks by pid (next_tgid()); sort anyway for the lookups */
	if (nr)
		sorted_qsort(procs, nr, sizeof(*procs), fdscan_pid_cmp);
	fdscan_recheck(scan, proc_fd, budget);
	close(proc_fd);
	return 0;
}

/* Whether proc may hold fds of these kinds: the BPF kinds are counted. */
static bool fdscan_proc_may_hold(const struct fdscan_proc *proc, unsigned kinds)
{
	unsigned uncounted = FDKIND_BIT(FDKIND_OTHER) | FDKIND_BIT(FDKIND_SOCKET);

	return proc->nr_bpf || (kinds & uncounted);
}

int fdscan_records(const struct fdscan *scan, unsigned kinds, struct fdscan_record **out,
		   size_t *nr)
{
	size_t n = 0;

	*out = NULL;
	*nr = 0;
	/* pass 0 counts, pass 1 fills */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < scan->nr_procs; i++) {
			const struct fdscan_proc *proc = &scan->procs[i];

			for (size_t j = 0; fdscan_proc_may_hold(proc, kinds) && j < proc->nr_fds; j++) {
				if (!(kinds & FDKIND_BIT(proc->fds[j].kind)))
					continue;
				if (pass)
					fdscan_proc_record(proc, &proc->fds[j], &(*out)[(*nr)++]);
				else
					n++;
			}
		}
		if (pass || !n)
			return 0;
		*out = malloc(n * sizeof(**out));
		if (!*out)
			return -ENOMEM;
	}
	return 0;
}
