/* What one open file descriptor of a process is, as the /proc scan sees it:
 * the kind of object its /proc/<pid>/fd link names, and the ids its
 * /proc/<pid>/fdinfo file gives (bpf_prog_show_fdinfo(),
 * bpf_link_show_fdinfo(), bpf_map_show_fdinfo() in kernel/bpf/syscall.c).
 * Sockets are not told apart: which program a socket's filter is, /proc
 * does not say (the kernel iterator reads it, holders_iter.h). */
#ifndef BPFKNOBS_HOLDERS_FDKIND_H
#define BPFKNOBS_HOLDERS_FDKIND_H

#include <stdbool.h>
#include <stdint.h>

#include "holders/holder.h"

/* What one update of the scan costs, in units of about 0.6 us of system
 * time (measured on Linux 6.18): listing one fd of /proc/<pid>/fd, a
 * readlink of one, a stat of a process's fd directory, a read of one
 * fdinfo file. */
#define FDKIND_COST_LIST 1
#define FDKIND_COST_LINK 4
#define FDKIND_COST_STAT 2
#define FDKIND_COST_INFO 8

/* One open fd, as the scan keeps it between updates. */
struct fdkind_fd {
	int fd;
	uint8_t kind;     /* enum holder_kind */
	uint32_t id;      /* the prog_id, link_id or map_id; 0 for the kinds without one */
	uint32_t prog_id; /* the program of a prog or link fd, 0 when none (struct_ops links) */
	uint32_t serial;  /* set at each classification: holder.ident */
};

/* The kind a /proc/<pid>/fd link target names (HOLDER_OTHER for sockets). */
enum holder_kind fdkind_of_target(const char *target);

/* Whether the kind's ids are in fdinfo: only those kinds cost a read. */
bool fdkind_has_ids(enum holder_kind kind);

/* Whether a process holding this kind takes part in BPF (its comm is
 * worth reading). */
bool fdkind_is_bpf(enum holder_kind kind);

/* Sets f's ids from the fdinfo text of an fd of f->kind (base/fdinfo.h);
 * an id that is absent or no u32 is 0. */
void fdkind_parse_fdinfo(struct fdkind_fd *f, const char *text);

/* Classifies fd from the process's fd and fdinfo directories (dirfds).
 * Returns 0, or -ENOENT when the fd was closed meanwhile; *cost gets what
 * it took (FDKIND_COST_*). */
int fdkind_read(int fd_dir, int info_dir, int fd, struct fdkind_fd *f, unsigned *cost);

#endif
