/* Which processes hold a BPF program: through a program fd
 * (anon_inode:bpf-prog) or a link fd (anon_inode:bpf_link, or bpf-link),
 * whose /proc/<pid>/fdinfo/<fd> has a "prog_id:" line
 * (bpf_prog_show_fdinfo(), bpf_link_show_fdinfo() in kernel/bpf/syscall.c).
 *
 * A readlink costs ~3 us and an fdinfo read ~7 us, so a process holding
 * 10,000 program fds would cost more than enumerating the programs. The
 * table therefore keeps every process's open fds and reads a process again
 * only when it is new or its fd count changed (the size of /proc/<pid>/fd
 * is the number of open fds since Linux 6.2; before, every process's fds
 * are listed again each time, which costs a getdents but no readlink). An fd pointing at a program that is
 * gone is read again at once, and a bounded number of the other fds are
 * re-checked per call, round robin, so a close-and-reopen that kept the
 * count is found within a few calls. */
#include "progs_owners.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sorted.h"

/* Re-check costs, in readlinks: an fdinfo read is about two more. */
#define PROGS_OWNERS_COST_LINK 1
#define PROGS_OWNERS_COST_INFO 2

struct progs_owners_fd {
	int fd;
	uint32_t prog_id; /* 0: not a BPF program or link fd */
};

struct progs_owners_proc {
	pid_t pid;
	ino_t ino;     /* of /proc/<pid>/fd: a new process gets a new one */
	off_t nr_open; /* st_size of /proc/<pid>/fd: its open fds, since Linux 6.2 */
	char comm[16];
	struct progs_owners_fd *fds; /* every open fd, by number */
	size_t nr_fds;
	size_t nr_bpf; /* fds with a prog_id */
};

struct progs_owners {
	struct progs_owners_proc *procs; /* by pid */
	size_t nr_procs;
	size_t next_proc, next_fd; /* where the round-robin re-check goes on */
};

struct progs_owners *progs_owners_new(void)
{
	return calloc(1, sizeof(struct progs_owners));
}

static void progs_owners_proc_free(struct progs_owners_proc *proc)
{
	free(proc->fds);
	memset(proc, 0, sizeof(*proc));
}

void progs_owners_free(struct progs_owners *owners)
{
	if (!owners)
		return;
	for (size_t i = 0; i < owners->nr_procs; i++)
		progs_owners_proc_free(&owners->procs[i]);
	free(owners->procs);
	free(owners);
}

uint32_t progs_owners_parse_fdinfo(const char *text)
{
	static const char key[] = "prog_id:";
	const char *line = text;

	while (line && *line) {
		if (!strncmp(line, key, sizeof(key) - 1)) {
			const char *p = line + sizeof(key) - 1;
			unsigned long v;
			char *end;

			while (*p == ' ' || *p == '\t')
				p++;
			if (!isdigit((unsigned char)*p))
				return 0;
			v = strtoul(p, &end, 10);
			return v <= UINT32_MAX && (*end == '\n' || !*end) ? (uint32_t)v : 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
}

/* Dirfds of one process's fd and fdinfo directories, opened on first use. */
struct progs_owners_dirs {
	int proc_fd; /* the proc root */
	pid_t pid;
	int fd_dir, info_dir;
};

static int progs_owners_open_dirs(struct progs_owners_dirs *d)
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

static void progs_owners_close_dirs(struct progs_owners_dirs *d)
{
	if (d->fd_dir >= 0)
		close(d->fd_dir);
	if (d->info_dir >= 0)
		close(d->info_dir);
	d->fd_dir = d->info_dir = -1;
}

/* The program behind one fd: its id, 0 for any other file, -ENOENT when the
 * fd is closed. *cost gets what it took. */
static long progs_owners_classify(struct progs_owners_dirs *d, int fd, unsigned *cost)
{
	char name[16], link[32], info[512];
	ssize_t len;
	int ifd;

	*cost = PROGS_OWNERS_COST_LINK;
	if (progs_owners_open_dirs(d))
		return -ENOENT;
	snprintf(name, sizeof(name), "%d", fd);
	len = readlinkat(d->fd_dir, name, link, sizeof(link) - 1);
	if (len < 0)
		return -ENOENT;
	link[len] = '\0';
	if (strcmp(link, "anon_inode:bpf-prog") && strcmp(link, "anon_inode:bpf_link") &&
	    strcmp(link, "anon_inode:bpf-link"))
		return 0;
	*cost += PROGS_OWNERS_COST_INFO;
	ifd = openat(d->info_dir, name, O_RDONLY | O_CLOEXEC);
	if (ifd < 0)
		return -ENOENT;
	len = read(ifd, info, sizeof(info) - 1);
	close(ifd);
	if (len <= 0)
		return -ENOENT;
	info[len] = '\0';
	return progs_owners_parse_fdinfo(info);
}

static int progs_owners_fd_cmp(const void *a, const void *b)
{
	const struct progs_owners_fd *x = a, *y = b;

	return (x->fd > y->fd) - (x->fd < y->fd);
}

static struct progs_owners_fd *progs_owners_find_fd(struct progs_owners_proc *proc, int fd)
{
	struct progs_owners_fd key = { .fd = fd };

	return proc->nr_fds ? bsearch(&key, proc->fds, proc->nr_fds, sizeof(key),
				      progs_owners_fd_cmp)
			    : NULL;
}

static void progs_owners_count_bpf(struct progs_owners_proc *proc)
{
	proc->nr_bpf = 0;
	for (size_t i = 0; i < proc->nr_fds; i++)
		proc->nr_bpf += proc->fds[i].prog_id != 0;
}

/* Lists the open fds again. With keep, fds that were open before keep their
 * classification (the round-robin re-check covers them); new ones are
 * classified now. */
static int progs_owners_list_fds(struct progs_owners_proc *proc, struct progs_owners_dirs *d,
				 bool keep)
{
	struct progs_owners_fd *fds = NULL;
	size_t nr = 0, cap = 0;
	struct dirent *e;
	DIR *dir;
	int dfd, err = 0;

	if (progs_owners_open_dirs(d))
		return -ENOENT;
	dfd = fcntl(d->fd_dir, F_DUPFD_CLOEXEC, 0);
	if (dfd < 0)
		return -errno;
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return -errno;
	}
	while ((e = readdir(dir))) {
		struct progs_owners_fd *old;
		unsigned cost;
		long id;
		int fd;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		fd = atoi(e->d_name);
		if (nr == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct progs_owners_fd *n = realloc(fds, ncap * sizeof(*n));

			if (!n) {
				err = -ENOMEM;
				break;
			}
			fds = n;
			cap = ncap;
		}
		old = keep ? progs_owners_find_fd(proc, fd) : NULL;
		if (old) {
			fds[nr++] = *old;
			continue;
		}
		id = progs_owners_classify(d, fd, &cost);
		if (id < 0)
			continue; /* closed meanwhile */
		fds[nr].fd = fd;
		fds[nr++].prog_id = (uint32_t)id;
	}
	closedir(dir);
	if (err) {
		free(fds);
		return err;
	}
	/* /proc/<pid>/fd lists in fd order (proc_readfd_common()); sort anyway */
	if (nr)
		qsort(fds, nr, sizeof(*fds), progs_owners_fd_cmp);
	free(proc->fds);
	proc->fds = fds;
	proc->nr_fds = nr;
	progs_owners_count_bpf(proc);
	return 0;
}

static void progs_owners_read_comm(struct progs_owners_proc *proc, int proc_fd)
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

/* Re-reads fds that point at a program that no longer exists: the fd was
 * closed, or now holds something else. */
static void progs_owners_drop_gone(struct progs_owners_proc *proc, struct progs_owners_dirs *d,
				   const uint32_t *ids, size_t nr_ids)
{
	size_t n = 0;

	for (size_t i = 0; i < proc->nr_fds; i++) {
		struct progs_owners_fd *f = &proc->fds[i];
		unsigned cost;

		if (f->prog_id && !sorted_u32_has(ids, nr_ids, f->prog_id)) {
			long id = progs_owners_classify(d, f->fd, &cost);

			if (id < 0)
				continue;
			f->prog_id = (uint32_t)id;
		}
		proc->fds[n++] = *f;
	}
	proc->nr_fds = n;
	progs_owners_count_bpf(proc);
}

/* Brings one process up to date; -ENOENT when it is gone. */
static int progs_owners_update_proc(struct progs_owners_proc *proc, bool is_new, int proc_fd,
				    bool sizes, const uint32_t *ids, size_t nr_ids)
{
	struct progs_owners_dirs d = { .proc_fd = proc_fd, .pid = proc->pid,
				       .fd_dir = -1, .info_dir = -1 };
	char rel[32];
	struct stat st;
	int err = 0;

	snprintf(rel, sizeof(rel), "%d/fd", (int)proc->pid);
	if (fstatat(proc_fd, rel, &st, 0))
		return -ENOENT;
	if (is_new || st.st_ino != proc->ino) {
		proc->nr_fds = 0;
		err = progs_owners_list_fds(proc, &d, false);
	} else if (!sizes || st.st_size != proc->nr_open) {
		err = progs_owners_list_fds(proc, &d, true);
	}
	if (!err)
		progs_owners_drop_gone(proc, &d, ids, nr_ids);
	progs_owners_close_dirs(&d);
	if (err)
		return err;
	proc->ino = st.st_ino;
	proc->nr_open = st.st_size;
	if (proc->nr_bpf)
		progs_owners_read_comm(proc, proc_fd); /* exec and prctl change it */
	return 0;
}

/* Re-checks up to budget cost units of fds, where the last call stopped. */
static void progs_owners_recheck(struct progs_owners *o, int proc_fd, size_t budget)
{
	size_t spent = 0, visited = 0;

	while (spent < budget && o->nr_procs && visited <= o->nr_procs) {
		struct progs_owners_proc *proc;
		struct progs_owners_dirs d;
		bool changed = false;

		if (o->next_proc >= o->nr_procs) {
			o->next_proc = 0;
			o->next_fd = 0;
		}
		proc = &o->procs[o->next_proc];
		d = (struct progs_owners_dirs){ .proc_fd = proc_fd, .pid = proc->pid,
						.fd_dir = -1, .info_dir = -1 };
		while (spent < budget && o->next_fd < proc->nr_fds) {
			struct progs_owners_fd *f = &proc->fds[o->next_fd++];
			unsigned cost;
			long id = progs_owners_classify(&d, f->fd, &cost);

			spent += cost;
			if (id >= 0 && (uint32_t)id != f->prog_id) {
				f->prog_id = (uint32_t)id;
				changed = true;
			}
		}
		progs_owners_close_dirs(&d);
		if (changed) {
			progs_owners_count_bpf(proc);
			if (proc->nr_bpf)
				progs_owners_read_comm(proc, proc_fd);
		}
		if (o->next_fd >= proc->nr_fds) {
			o->next_proc++;
			o->next_fd = 0;
			visited++;
		}
	}
}

static int progs_owners_pid_cmp(const void *a, const void *b)
{
	const struct progs_owners_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int progs_owners_update(struct progs_owners *o, const struct procroot *root,
			const uint32_t *ids, size_t nr_ids, size_t budget)
{
	struct progs_owners_proc *procs = NULL;
	size_t nr = 0, cap = 0;
	struct dirent *e;
	int proc_fd, dfd, err = 0;
	struct stat st;
	bool sizes;
	DIR *dir;

	proc_fd = open(root->proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (proc_fd < 0)
		return -errno;
	/* proc_fd_getattr() reports the open fds as the size since Linux 6.2;
	 * before, every size is 0, and this process has proc_fd open */
	sizes = !fstatat(proc_fd, "self/fd", &st, 0) && st.st_size > 0;
	dfd = fcntl(proc_fd, F_DUPFD_CLOEXEC, 0);
	dir = dfd < 0 ? NULL : fdopendir(dfd);
	if (!dir) {
		err = -errno;
		if (dfd >= 0)
			close(dfd);
		close(proc_fd);
		return err;
	}
	while ((e = readdir(dir))) {
		struct progs_owners_proc key = { 0 }, *old, *proc;
		bool is_new;
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (!isdigit((unsigned char)e->d_name[0]) || *end || pid <= 0)
			continue;
		if (nr == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct progs_owners_proc *n = realloc(procs, ncap * sizeof(*n));

			if (!n) {
				err = -ENOMEM;
				break;
			}
			procs = n;
			cap = ncap;
		}
		key.pid = (pid_t)pid;
		old = o->nr_procs ? bsearch(&key, o->procs, o->nr_procs, sizeof(key),
					    progs_owners_pid_cmp)
				  : NULL;
		proc = &procs[nr];
		is_new = !old;
		if (old) {
			*proc = *old;
			memset(old, 0, sizeof(*old)); /* ownership moves */
			old->pid = key.pid;
		} else {
			*proc = key;
		}
		if (progs_owners_update_proc(proc, is_new, proc_fd, sizes, ids, nr_ids)) {
			progs_owners_proc_free(proc); /* exited meanwhile */
			continue;
		}
		nr++;
	}
	closedir(dir);
	for (size_t i = 0; i < o->nr_procs; i++)
		progs_owners_proc_free(&o->procs[i]);
	free(o->procs);
	if (err) {
		for (size_t i = 0; i < nr; i++)
			progs_owners_proc_free(&procs[i]);
		free(procs);
		o->procs = NULL;
		o->nr_procs = 0;
		close(proc_fd);
		return err;
	}
	/* /proc lists tasks by pid (next_tgid()); sort anyway for bsearch */
	if (nr)
		qsort(procs, nr, sizeof(*procs), progs_owners_pid_cmp);
	o->procs = procs;
	o->nr_procs = nr;
	progs_owners_recheck(o, proc_fd, budget);
	close(proc_fd);
	return 0;
}

struct progs_owners_pair {
	uint32_t prog_id;
	const struct progs_owners_proc *proc;
};

static int progs_owners_pair_cmp(const void *a, const void *b)
{
	const struct progs_owners_pair *x = a, *y = b;

	if (x->prog_id != y->prog_id)
		return x->prog_id < y->prog_id ? -1 : 1;
	return (x->proc->pid > y->proc->pid) - (x->proc->pid < y->proc->pid);
}

int progs_owners_fill(const struct progs_owners *o, struct progs_prog *progs, size_t nr)
{
	struct progs_owners_pair *pairs;
	size_t n = 0, total = 0, p = 0;

	for (size_t i = 0; i < o->nr_procs; i++)
		total += o->procs[i].nr_bpf;
	if (!total)
		return 0;
	pairs = malloc(total * sizeof(*pairs));
	if (!pairs)
		return -ENOMEM;
	for (size_t i = 0; i < o->nr_procs; i++)
		for (size_t j = 0; j < o->procs[i].nr_fds; j++)
			if (o->procs[i].fds[j].prog_id)
				pairs[n++] = (struct progs_owners_pair){
					o->procs[i].fds[j].prog_id, &o->procs[i] };
	qsort(pairs, n, sizeof(*pairs), progs_owners_pair_cmp);

	for (size_t i = 0; i < n;) {
		size_t j = i, k = 0;

		while (j < n && pairs[j].prog_id == pairs[i].prog_id)
			j++;
		while (p < nr && progs[p].id < pairs[i].prog_id)
			p++;
		if (p < nr && progs[p].id == pairs[i].prog_id) {
			struct progs_prog *prog = &progs[p];

			free(prog->owners);
			prog->owners = calloc(j - i, sizeof(*prog->owners));
			if (!prog->owners) {
				free(pairs);
				return -ENOMEM;
			}
			/* several fds of one process count once */
			for (size_t m = i; m < j; m++) {
				if (m > i && pairs[m].proc == pairs[m - 1].proc)
					continue;
				prog->owners[k].pid = pairs[m].proc->pid;
				memcpy(prog->owners[k].comm, pairs[m].proc->comm,
				       sizeof(prog->owners[k].comm));
				k++;
			}
			prog->nr_owners = k;
		}
		i = j;
	}
	free(pairs);
	return 0;
}
