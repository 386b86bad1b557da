/* One process's open fds as fdscan.c keeps them between updates, and
 * bringing them up to date within a budget: list the fds again only when
 * the process changed, classify the new ones (fdkind.c), read again the
 * ones whose object is gone, and re-check a few of the rest. A listing the
 * budget cuts short goes on at the next update from where it stopped
 * (telldir(); /proc/<pid>/fd's position is the next fd + 2, so it goes on
 * from any position: proc_readfd_common()). */
#ifndef BPFKNOBS_HOLDERS_FDSCAN_PROC_H
#define BPFKNOBS_HOLDERS_FDSCAN_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "holders/fdkind.h"
#include "holders/fdscan.h"

struct fdscan_proc {
	pid_t pid;
	ino_t ino;     /* of /proc/<pid>/fd: a new process gets a new one */
	off_t nr_open; /* st_size of /proc/<pid>/fd: its open fds, since Linux 6.2 */
	bool read;     /* fds holds a whole listing */
	bool checked;  /* checked, and read if it changed, by the last update */
	char comm[16];
	pid_t ppid;    /* its parent, read with comm; 0 when not read */
	struct fdkind_fd *fds; /* every open fd, by number, as the last whole listing found */
	size_t nr_fds;
	size_t nr_bpf; /* fds of a BPF kind (fdkind_is_bpf()) */
	/* a listing under way: the fds so far, and the directory position to
	 * go on from (-1: none under way) in the fd directory of inode next_ino */
	struct fdkind_fd *next;
	size_t nr_next, cap_next;
	long resume_pos;
	ino_t next_ino;
};

/* A process not read yet. */
void fdscan_proc_init(struct fdscan_proc *proc, pid_t pid);
void fdscan_proc_free(struct fdscan_proc *proc);

/* Brings proc up to date below the proc root proc_fd, spending at most
 * about budget units (never less than what one fd costs); *spent gets what
 * it cost. sizes: the fd directory's size counts open fds (Linux 6.2).
 * Fds with an id that gone says is gone are read again. Returns 0 when
 * proc is up to date, 1 when the budget ran out (the listing goes on at the
 * next call), -ENOENT when the process is gone, or -ENOMEM. */
int fdscan_proc_visit(struct fdscan_proc *proc, int proc_fd, bool sizes, fdscan_gone_fn *gone,
		      const void *arg, size_t budget, size_t *spent);

/* Re-classifies proc's fds from *next_fd on, until budget units are spent
 * or the fds end; returns what was spent. */
size_t fdscan_proc_recheck(struct fdscan_proc *proc, int proc_fd, size_t *next_fd,
			   size_t budget);

/* The record of one of proc's fds. */
void fdscan_proc_record(const struct fdscan_proc *proc, const struct fdkind_fd *f,
			struct holder *rec);

#endif
