/* One process's open fds as fdscan.c keeps them between updates, and
 * bringing them up to date: list the fds again only when the process
 * changed, classify the new ones (fdkind.c), read again the ones whose
 * object is gone, and re-check a few of the rest. */
#ifndef BPFKNOBS_FDSCAN_FDSCAN_PROC_H
#define BPFKNOBS_FDSCAN_FDSCAN_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "fdscan/fdkind.h"
#include "fdscan/fdscan.h"

struct fdscan_proc {
	pid_t pid;
	ino_t ino;     /* of /proc/<pid>/fd: a new process gets a new one */
	off_t nr_open; /* st_size of /proc/<pid>/fd: its open fds, since Linux 6.2 */
	char comm[16];
	struct fdkind_fd *fds; /* every open fd, by number */
	size_t nr_fds;
	size_t nr_bpf; /* fds of a BPF kind (fdkind_is_bpf()) */
};

void fdscan_proc_free(struct fdscan_proc *proc);

/* Brings proc up to date below the proc root proc_fd: is_new, it is read
 * in full; else its fds are listed again only when /proc/<pid>/fd changed
 * identity or (with sizes, Linux 6.2 and later) its count of open fds.
 * Fds with an id that gone says is gone are read again. Returns 0, or
 * -ENOENT when the process is gone, or -ENOMEM. */
int fdscan_proc_update(struct fdscan_proc *proc, bool is_new, int proc_fd, bool sizes,
		       fdscan_gone_fn *gone, const void *arg);

/* Re-classifies proc's fds from *next_fd on, until budget readlinks'
 * worth is spent or the fds end; returns what was spent. */
size_t fdscan_proc_recheck(struct fdscan_proc *proc, int proc_fd, size_t *next_fd,
			   size_t budget);

/* The record of one of proc's fds. */
void fdscan_proc_record(const struct fdscan_proc *proc, const struct fdkind_fd *f,
			struct fdscan_record *rec);

#endif
