/* The incremental scan of /proc/<pid>/fd over every process, within a
 * budget (see fdscan.h); one process's part is fdscan_proc.c. */
#include "holders/fdscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "holders/fdscan_proc.h"
#include "base/parse.h"
#include "base/sorted.h"
#include "base/vec.h"

struct fdscan {
	struct fdscan_proc *procs; /* by pid */
	size_t nr_procs;
	pid_t next_pid;            /* where the next update starts: round robin */
	size_t recheck_proc, recheck_fd; /* where the re-check of unchanged fds goes on */
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

/* Re-checks up to budget units' worth of fds, where the last update
 * stopped, so that an fd closed and reopened as something else without
 * changing the count is found within a few updates. */
static void fdscan_recheck(struct fdscan *scan, int proc_fd, size_t budget)
{
	size_t spent = 0, visited = 0;

	while (spent < budget && scan->nr_procs && visited <= scan->nr_procs) {
		struct fdscan_proc *proc;

		if (scan->recheck_proc >= scan->nr_procs) {
			scan->recheck_proc = 0;
			scan->recheck_fd = 0;
		}
		proc = &scan->procs[scan->recheck_proc];
		spent += fdscan_proc_recheck(proc, proc_fd, &scan->recheck_fd, budget - spent);
		if (scan->recheck_fd >= proc->nr_fds) {
			scan->recheck_proc++;
			scan->recheck_fd = 0;
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

/* The processes below the root now, by pid, each with what the scan knew
 * of it (moved out of scan->procs) or not read yet. */
static int fdscan_list_procs(struct fdscan *scan, DIR *dir, struct fdscan_proc **out,
			     size_t *nr_out, size_t *spent)
{
	struct fdscan_proc *procs = NULL;
	size_t nr = 0, cap = 0;
	struct dirent *e;

	while ((e = readdir(dir))) {
		struct fdscan_proc *old;
		pid_t pid;

		if (!fdscan_parse_pid(e->d_name, &pid))
			continue;
		*spent += FDKIND_COST_LIST;
		/* room for as many processes as the last scan saw, then one by one */
		if (VEC_RESERVE(procs, cap, nr ? nr + 1 : scan->nr_procs + 1)) {
			for (size_t i = 0; i < nr; i++)
				fdscan_proc_free(&procs[i]);
			free(procs);
			return -ENOMEM;
		}
		old = SORTED_FIND(scan->procs, scan->nr_procs, pid, pid);
		if (old) {
			procs[nr] = *old;
			fdscan_proc_init(old, pid); /* ownership moves */
		} else {
			fdscan_proc_init(&procs[nr], pid);
		}
		nr++;
	}
	/* /proc lists tasks by pid (next_tgid()); sort anyway for the lookups */
	if (nr)
		sorted_qsort(procs, nr, sizeof(*procs), fdscan_pid_cmp);
	*out = procs;
	*nr_out = nr;
	return 0;
}

int fdscan_update(struct fdscan *scan, const struct procroot *root, size_t budget,
		  fdscan_gone_fn *gone, const void *arg, struct fdscan_progress *progress)
{
	struct fdscan_proc *procs;
	size_t nr, start = 0, k, n, spent = 0;
	struct stat st;
	int proc_fd, err;
	bool sizes;
	DIR *dir;

	memset(progress, 0, sizeof(*progress));
	proc_fd = fdscan_open_root(root, &dir);
	if (proc_fd < 0)
		return proc_fd; /* the last scan stays */
	/* proc_fd_getattr() reports the open fds as the size since Linux 6.2;
	 * before, every size is 0, and this process has proc_fd open */
	sizes = !fstatat(proc_fd, "self/fd", &st, 0) && st.st_size > 0;
	err = fdscan_list_procs(scan, dir, &procs, &nr, &spent);
	closedir(dir);
	fdscan_clear(scan);
	if (err) {
		close(proc_fd);
		return err;
	}
	scan->procs = procs;
	scan->nr_procs = nr;
	for (k = 0; k < nr; k++) {
		procs[k].checked = false;
		if (procs[k].pid < scan->next_pid)
			start = k + 1;
	}
	/* round robin from where the last update stopped */
	for (k = 0; k < nr && spent < budget; k++) {
		struct fdscan_proc *proc = &procs[(start + k) % nr];
		size_t cost = 0;
		int r = fdscan_proc_visit(proc, proc_fd, sizes, gone, arg, budget - spent, &cost);

		spent += cost;
		if (r == -ENOMEM) {
			fdscan_clear(scan);
			close(proc_fd);
			return r;
		}
		if (r == -ENOENT)
			fdscan_proc_free(proc); /* exited meanwhile: pid 0, dropped below */
		if (r == 1)
			break; /* the budget ran out within it: go on there */
	}
	scan->next_pid = nr ? procs[(start + k) % nr].pid : 0;
	/* drop the processes that exited */
	for (k = n = 0; k < nr; k++)
		if (procs[k].pid)
			procs[n++] = procs[k];
	scan->nr_procs = n;
	progress->nr_procs = n;
	for (k = 0; k < n; k++) {
		progress->nr_read += procs[k].read;
		progress->nr_checked += procs[k].checked;
	}
	progress->complete = progress->nr_checked == n;
	if (progress->complete && spent < budget)
		fdscan_recheck(scan, proc_fd, budget - spent);
	close(proc_fd);
	return 0;
}

/* Whether proc may hold fds of these kinds: the BPF kinds are counted. */
static bool fdscan_proc_may_hold(const struct fdscan_proc *proc, unsigned kinds)
{
	return proc->nr_bpf || (kinds & HOLDER_BIT(HOLDER_OTHER));
}

int fdscan_records(const struct fdscan *scan, unsigned kinds, struct holder **out, size_t *nr)
{
	size_t n = 0;

	*out = NULL;
	*nr = 0;
	/* pass 0 counts, pass 1 fills */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < scan->nr_procs; i++) {
			const struct fdscan_proc *proc = &scan->procs[i];

			for (size_t j = 0; fdscan_proc_may_hold(proc, kinds) && j < proc->nr_fds; j++) {
				if (!(kinds & HOLDER_BIT(proc->fds[j].kind)))
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
