/* One process's open fds (see fdscan_proc.h). */
#include "holders/fdscan_proc.h"

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

void fdscan_proc_init(struct fdscan_proc *proc, pid_t pid)
{
	memset(proc, 0, sizeof(*proc));
	proc->pid = pid;
	proc->resume_pos = -1;
}

void fdscan_proc_free(struct fdscan_proc *proc)
{
	free(proc->fds);
	free(proc->next);
	fdscan_proc_init(proc, 0);
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
		*cost = FDKIND_COST_LINK; /* a failed openat costs about what a readlink does */
		return -ENOENT;
	}
	return fdkind_read(d->fd_dir, d->info_dir, fd, f, cost);
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

/* Appends f to the listing under way: room for as many fds as the process
 * had last time, then one by one. */
static int fdscan_proc_push_next(struct fdscan_proc *proc, const struct fdkind_fd *f)
{
	struct fdkind_fd *slot;

	if (!proc->nr_next && VEC_RESERVE(proc->next, proc->cap_next, proc->nr_fds + 1))
		return -ENOMEM;
	slot = VEC_PUSH(proc->next, proc->nr_next, proc->cap_next);
	if (!slot)
		return -ENOMEM;
	*slot = *f;
	return 0;
}

static int fdscan_proc_fd_cmp(const void *a, const void *b)
{
	const struct fdkind_fd *x = a, *y = b;

	return (x->fd > y->fd) - (x->fd < y->fd);
}

/* Goes on listing the open fds from proc->resume_pos into proc->next,
 * until they end (resume_pos becomes -1, next is sorted) or budget units
 * are spent (resume_pos is where to go on). With keep, fds of the last
 * listing keep their classification (the round-robin re-check covers
 * them); new ones are classified now. */
static int fdscan_proc_list(struct fdscan_proc *proc, struct fdscan_proc_dirs *d, bool keep,
			    size_t budget, size_t *spent)
{
	struct dirent *e;
	size_t listed = 0;
	DIR *dir;
	int dfd, err = 0;
	long pos;

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
	if (proc->resume_pos > 0)
		seekdir(dir, proc->resume_pos);
	for (pos = telldir(dir); (e = readdir(dir)); pos = telldir(dir)) {
		const struct fdkind_fd *old;
		struct fdkind_fd f;
		unsigned cost = 0;
		int fd;

		if (!fdscan_proc_parse_fd(e->d_name, &fd))
			continue;
		old = keep ? SORTED_FIND(proc->fds, proc->nr_fds, fd, fd) : NULL;
		/* at least one fd per call, so that a small budget still goes on */
		if (listed++ && *spent + FDKIND_COST_LIST + (old ? 0 : FDKIND_COST_LINK) > budget) {
			proc->resume_pos = pos;
			closedir(dir);
			return 0;
		}
		*spent += FDKIND_COST_LIST;
		if (old)
			err = fdscan_proc_push_next(proc, old);
		else if (!fdscan_proc_classify(d, fd, &f, &cost))
			err = fdscan_proc_push_next(proc, &f);
		/* else closed meanwhile */
		*spent += cost;
		if (err)
			break;
	}
	closedir(dir);
	if (err)
		return err;
	proc->resume_pos = -1;
	/* /proc/<pid>/fd lists in fd order (proc_readfd_common()); sort anyway */
	if (proc->nr_next)
		sorted_qsort(proc->next, proc->nr_next, sizeof(*proc->next), fdscan_proc_fd_cmp);
	return 0;
}

/* Reads <pid>/NAME below /proc into buf as a string; its length, or 0 when
 * it cannot be read (the process may be gone). */
static size_t fdscan_proc_read_small(int proc_fd, pid_t pid, const char *name, char *buf,
				     size_t size)
{
	char rel[32];
	ssize_t len;
	int fd;

	snprintf(rel, sizeof(rel), "%d/%s", (int)pid, name);
	fd = openat(proc_fd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	return (size_t)len;
}

static void fdscan_proc_read_comm(struct fdscan_proc *proc, int proc_fd)
{
	char buf[sizeof(proc->comm) + 2];

	if (!fdscan_proc_read_small(proc_fd, proc->pid, "comm", buf, sizeof(buf)))
		return;
	buf[strcspn(buf, "\n")] = '\0';
	buf[sizeof(proc->comm) - 1] = '\0'; /* TASK_COMM_LEN */
	memcpy(proc->comm, buf, sizeof(proc->comm));
}

/* Its parent: the fourth field of <pid>/stat, after the command in
 * parentheses, which may hold any character (do_task_stat()). */
static void fdscan_proc_read_ppid(struct fdscan_proc *proc, int proc_fd)
{
	char buf[512], *end;
	long ppid;

	proc->ppid = 0;
	if (!fdscan_proc_read_small(proc_fd, proc->pid, "stat", buf, sizeof(buf)))
		return;
	end = strrchr(buf, ')');
	if (!end || end[1] != ' ' || !end[2] || end[3] != ' ')
		return;
	ppid = strtol(end + 4, &end, 10);
	if (*end == ' ' && ppid > 0 && ppid <= INT_MAX)
		proc->ppid = (pid_t)ppid;
}

void fdscan_proc_record(const struct fdscan_proc *proc, const struct fdkind_fd *f,
			struct holder *rec)
{
	*rec = (struct holder){ .pid = proc->pid, .ppid = proc->ppid, .fd = f->fd,
				.kind = (enum holder_kind)f->kind,
				.id = f->id, .prog_id = f->prog_id, .ident = f->serial };
	memcpy(rec->comm, proc->comm, sizeof(rec->comm));
}

/* Reads again the fds whose object gone says is gone: the fd was closed,
 * or now holds something else. */
static size_t fdscan_proc_drop_gone(struct fdscan_proc *proc, struct fdscan_proc_dirs *d,
				    fdscan_gone_fn *gone, const void *arg)
{
	size_t n = 0, spent = 0;

	for (size_t i = 0; i < proc->nr_fds; i++) {
		struct fdkind_fd *f = &proc->fds[i];
		struct holder rec;
		unsigned cost = 0;

		if (gone && (f->id || f->prog_id)) {
			fdscan_proc_record(proc, f, &rec);
			if (gone(&rec, arg)) {
				int err = fdscan_proc_classify(d, f->fd, f, &cost);

				spent += cost;
				if (err)
					continue; /* closed */
			}
		}
		proc->fds[n++] = *f;
	}
	proc->nr_fds = n;
	fdscan_proc_count_bpf(proc);
	return spent;
}

int fdscan_proc_visit(struct fdscan_proc *proc, int proc_fd, bool sizes, fdscan_gone_fn *gone,
		      const void *arg, size_t budget, size_t *spent)
{
	struct fdscan_proc_dirs d = { .proc_fd = proc_fd, .pid = proc->pid, .fd_dir = -1,
				      .info_dir = -1 };
	char rel[32];
	struct stat st;
	bool same;
	int err = 0;

	*spent = FDKIND_COST_STAT;
	proc->checked = false;
	snprintf(rel, sizeof(rel), "%d/fd", (int)proc->pid);
	if (fstatat(proc_fd, rel, &st, 0))
		return -ENOENT;
	same = proc->read && st.st_ino == proc->ino;
	if (proc->resume_pos >= 0 && proc->next_ino != st.st_ino) {
		proc->nr_next = 0; /* another process under the same pid: start again */
		proc->resume_pos = -1;
	}
	if (proc->resume_pos < 0 && (!same || !sizes || st.st_size != proc->nr_open)) {
		proc->nr_next = 0;
		proc->resume_pos = 0;
		proc->next_ino = st.st_ino;
	}
	if (proc->resume_pos >= 0) {
		err = fdscan_proc_list(proc, &d, same, budget, spent);
		if (!err && proc->resume_pos >= 0) {
			fdscan_proc_close_dirs(&d);
			return 1;
		}
		if (!err) {
			free(proc->fds);
			proc->fds = proc->next;
			proc->nr_fds = proc->nr_next;
			proc->next = NULL;
			proc->nr_next = proc->cap_next = 0;
			proc->read = true;
			proc->ino = st.st_ino;
			proc->nr_open = st.st_size;
		}
	}
	if (!err && proc->read)
		*spent += fdscan_proc_drop_gone(proc, &d, gone, arg);
	else
		fdscan_proc_count_bpf(proc);
	fdscan_proc_close_dirs(&d);
	if (err)
		return err;
	if (proc->nr_bpf) {
		fdscan_proc_read_comm(proc, proc_fd); /* exec and prctl change it */
		fdscan_proc_read_ppid(proc, proc_fd); /* and a parent's exit */
		*spent += 2 * FDKIND_COST_STAT;
	}
	proc->checked = true;
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
		unsigned cost = 0;
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
		if (proc->nr_bpf) {
			fdscan_proc_read_comm(proc, proc_fd);
			fdscan_proc_read_ppid(proc, proc_fd);
		}
	}
	return spent;
}
