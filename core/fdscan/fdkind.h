/* What one open file descriptor of a process is, as far as BPF cares: the
 * kind of object its /proc/<pid>/fd link names, and the ids its
 * /proc/<pid>/fdinfo file gives (bpf_prog_show_fdinfo(),
 * bpf_link_show_fdinfo(), bpf_map_show_fdinfo() in kernel/bpf/syscall.c). */
#ifndef BPFKNOBS_FDSCAN_FDKIND_H
#define BPFKNOBS_FDSCAN_FDKIND_H

#include <stdbool.h>
#include <stdint.h>

enum fdkind {
	FDKIND_OTHER,      /* a file, pipe, eventfd, ...: nothing of BPF's */
	FDKIND_PROG,       /* anon_inode:bpf-prog; id and prog_id: "prog_id:" */
	FDKIND_LINK,       /* anon_inode:bpf_link (bpf-link in some kernels); id: "link_id:", prog_id: "prog_id:" */
	FDKIND_MAP,        /* anon_inode:bpf-map; id: "map_id:" */
	FDKIND_PERF_EVENT, /* anon_inode:[perf_event]: a BPF program may be attached to it */
	FDKIND_STATS,      /* anon_inode:bpf-stats: run-time statistics are on while it is open */
	FDKIND_SOCKET,     /* socket:[inode]: a socket filter may be attached to it */
	FDKIND__COUNT,
};

/* A set of kinds for fdscan_records(). */
#define FDKIND_BIT(kind) (1u << (kind))

/* One open fd. */
struct fdkind_fd {
	int fd;
	uint8_t kind;     /* enum fdkind */
	uint32_t id;      /* the prog_id, link_id or map_id; 0 for the kinds without one */
	uint32_t prog_id; /* the program of a prog or link fd, 0 when none (struct_ops links) */
};

/* The kind a /proc/<pid>/fd link target names. */
enum fdkind fdkind_of_target(const char *target);

/* Whether the kind's ids are in fdinfo: only those kinds cost a read. */
bool fdkind_has_ids(enum fdkind kind);

/* Whether a process holding this kind takes part in BPF (its comm is
 * worth reading); sockets do not, being everywhere. */
bool fdkind_is_bpf(enum fdkind kind);

/* Sets f's ids from the fdinfo text of an fd of f->kind (base/fdinfo.h);
 * an id that is absent or no u32 is 0. */
void fdkind_parse_fdinfo(struct fdkind_fd *f, const char *text);

/* Classifies fd from the process's fd and fdinfo directories (dirfds).
 * Returns 0, or -ENOENT when the fd was closed meanwhile; *cost gets what
 * it took, in readlinks (an fdinfo read is about two more). */
int fdkind_read(int fd_dir, int info_dir, int fd, struct fdkind_fd *f, unsigned *cost);

#endif
