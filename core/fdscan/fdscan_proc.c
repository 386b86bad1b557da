/* One process's open fds (see fdscan_proc.h). */
#include "fdscan/fdscan_proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/parse.h"
#include "base/sorted.h"
#include "base/vec.h"

/* Dirfds of one process's fd and fdinfo directories, opened on first use. */
struct fdscan_proc_dirs {
	int proc_fd; /* the proc root */
	pid_t pid;
	int fd_dir, info_dir;
};

void fdscan_proc_free(struct fdscan_proc *proc)
{
	free(proc->fds);
	memset(proc, 0, sizeof(*proc));
}

static int fdscan_proc_open_dirs(struct fdscan_proc_dirs *d)
{
	char rel[64];

	if (d->fd_dir >= 0)
		return 0;
	snprintf(rel, sizeof(rel), "%d/fd", (int)d->pid);
	d->fd_dir = openat(d->proc_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd_dir < 0)
		return -errno;
	snprintf(rel, sizeof(rel), "%d/fdinfo", (int)d->pid);
	d->info_dir = openat(d->proc_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->info_dir < 0) {
		int err = -errno;

		close(d->fd_dir);
		d->fd_dir = -1;
		return err;
	}
	return 0;
}

static void fdscan_proc_close_dirs(struct fdscan_proc_dirs *d)
{
	if (d->fd_dir >= 0)
		close(d->fd_dir);
	if (d->info_dir >= 0)
		close(d->info_dir);
	d->fd_dir = d->info_dir = -1;
}

/* fdkind_read() for one fd of the process; -ENOENT when it is closed. */
static int fdscan_proc_classify(struct fdscan_proc_dirs *d, int fd, struct fdkind_fd *f,
				unsigned *cost)
{
	if (fdscan_proc_open_dirs(d)) {
		*cost = 1; /* a failed openat costs about what a readlink does */
		return -ENOENT;
	}
	return fdkind_read(d->fd_dir, d->info_dir, fd, f, cost);
}

static int fdscan_proc_fd_cmp(const void *a, const void *b)
{
	const struct fdkind_fd *x = a, *y = b;

	return (x->fd > y->fd) - (x->fd < y->fd);
}

static void fdscan_proc_count_bpf(struct fdscan_proc *proc)
{
	proc->nr_bpf = 0;
	for (size_t i = 0; i < proc->nr_fds; i++)
		proc->nr_bpf += fdkind_is_bpf(proc->fds[i].kind);
}

/* The fd a /proc/<pid>/fd entry names; false for "." and "..". */
static bool fdscan_proc_parse_fd(const char *name, int *fd)
{
	long v;

	if (parse_long_strict(name, strlen(name), &v) || v < 0 || v > INT_MAX)
		return false;
	*fd = (int)v;
	return true;
}

/* Lists the open fds again. With keep, fds that were open before keep their
 * classification (the round-robin re-check covers them); new ones are
 * classified now. */
static int fdscan_proc_list_fds(struct fdscan_proc *proc, struct fdscan_proc_dirs *d, bool keep)
{
	struct fdkind_fd *fds = NULL;
	size_t nr = 0, cap = 0;
	struct dirent *e;
	DIR *dir;
	int dfd, err = 0;

	if (fdscan_proc_open_dirs(d))
		return -ENOENT;
	dfd = fcntl(d->fd_dir, F_DUPFD_CLOEXEC, 0);
	if (dfd < 0)
		return -errno;
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return -errno;
	}
	/* room for as many fds as the process had last time, then one by one */
	err = VEC_RESERVE(fds, cap, proc->nr_fds + 1);
	while (!err && (e = readdir(dir))) {
		const struct fdkind_fd *old;
		unsigned cost;
		int fd;

		if (!fdscan_proc_parse_fd(e->d_name, &fd) || (err = VEC_RESERVE(fds, cap, nr + 1)))
			continue;
		old = keep ? SORTED_FIND(proc->fds, proc->nr_fds, fd, fd) : NULL;
		if (old)
			fds[nr++] = *old;
		else if (!fdscan_proc_classify(d, fd, &fds[nr], &cost))
			nr++;
		/* else closed meanwhile */
	}
	closedir(dir);
	if (err) {
		free(fds);
		return err;
	}
	/* /proc/<pid>/fd lists in fd order (proc_readfd_common()); sort anyway */
	if (nr)
		sorted_qsort(fds, nr, sizeof(*fds), fdscan_proc_fd_cmp);
	free(proc->fds);
	proc->fds = fds;
	proc->nr_fds = nr;
	fdscan_proc_count_bpf(proc);
	return 0;
}

static void fdscan_proc_read_comm(struct fdscan_proc *proc, int proc_fd)
{
	char rel[32], buf[sizeof(proc->comm) + 2];
	ssize_t len;
	int fd;

	snprintf(rel, sizeof(rel), "%d/comm", (int)proc->pid);
	fd = openat(proc_fd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return;
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	buf[sizeof(proc->comm) - 1] = '\0'; /* TASK_COMM_LEN */
	memcpy(proc->comm, buf, sizeof(proc->comm));
}

void fdscan_proc_record(const struct fdscan_proc *proc, const struct fdkind_fd *f,
			struct fdscan_record *rec)
{
	*rec = (struct fdscan_record){ .pid = proc->pid, .comm = proc->comm, .fd = f->fd,
				       .kind = (enum fdkind)f->kind, .id = f->id,
				       .prog_id = f->prog_id };
}

/* Reads again the fds whose object gone says is gone: the fd was closed,
 * or now holds something else. */
static void fdscan_proc_drop_gone(struct fdscan_proc *proc, struct fdscan_proc_dirs *d,
				  fdscan_gone_fn *gone, const void *arg)
{
	size_t n = 0;

	for (size_t i = 0; i < proc->nr_fds; i++) {
		struct fdkind_fd *f = &proc->fds[i];
		struct fdscan_record rec;
		unsigned cost;

		if (gone && (f->id || f->prog_id)) {
			fdscan_proc_record(proc, f, &rec);
			if (gone(&rec, arg) && fdscan_proc_classify(d, f->fd, f, &cost))
				continue; /* closed */
		}
		proc->fds[n++] = *f;
	}
	proc->nr_fds = n;
	fdscan_proc_count_bpf(proc);
}

int fdscan_proc_update(struct fdscan_proc *proc, bool is_new, int proc_fd, bool sizes,
		       fdscan_gone_fn *gone, const void *arg)
{
	struct fdscan_proc_dirs d = { .proc_fd = proc_fd, .pid = proc->pid, .fd_dir = -1,
				      .info_dir = -1 };
	char rel[32];
	struct stat st;
	int err = 0;

	snprintf(rel, sizeof(rel), "%d/fd", (int)proc->pid);
	if (fstatat(proc_fd, rel, &st, 0))
		return -ENOENT;
	if (is_new || st.st_ino != proc->ino) {
		proc->nr_fds = 0;
		err = fdscan_proc_list_fds(proc, &d, false);
	} else if (!sizes || st.st_size != proc->nr_open) {
		err = fdscan_proc_list_fds(proc, &d, true);
	}
	if (!err)
		fdscan_proc_drop_gone(proc, &d, gone, arg);
	fdscan_proc_close_dirs(&d);
	if (err)
		return err;
	proc->ino = st.st_ino;
	proc->nr_open = st.st_size;
	if (proc->nr_bpf)
		fdscan_proc_read_comm(proc, proc_fd); /* exec and prctl change it */
	return 0;
}

size_t fdscan_proc_recheck(struct fdscan_proc *proc, int proc_fd, size_t *next_fd,
			   size_t budget)
{
	struct fdscan_proc_dirs d = { .proc_fd = proc_fd, .pid = proc->pid, .fd_dir = -1,
				      .info_dir = -1 };
	bool changed = false;
	size_t spent = 0;

	while (spent < budget && *next_fd < proc->nr_fds) {
		struct fdkind_fd *f = &proc->fds[(*next_fd)++], now;
		unsigned cost;
		int err = fdscan_proc_classify(&d, f->fd, &now, &cost);

		spent += cost;
		if (!err && (now.kind != f->kind || now.id != f->id || now.prog_id != f->prog_id)) {
			*f = now;
			changed = true;
		}
	}
	fdscan_proc_close_dirs(&d);
	if (changed) {
		fdscan_proc_count_bpf(proc);
		if (proc->nr_bpf)
			fdscan_proc_read_comm(proc, proc_fd);
	}
	return spent;
}
