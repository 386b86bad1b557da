/* Every BPF-related file descriptor the processes below a proc root hold:
 * programs, links, maps, perf events, statistics, and sockets (which a
 * socket filter may hang on), each with its ids (fdkind.c). One walk of
 * /proc/<pid>/fd serves whoever asks: program owners today, link owners
 * and perf attachments (bpf_task_fd_query()) later.
 *
 * A readlink costs ~3 us and an fdinfo read ~7 us, so a process holding
 * 10,000 program fds would cost more than enumerating the programs. The
 * scan therefore keeps every process's open fds and reads a process again
 * only when it is new or its fd count changed (the size of /proc/<pid>/fd
 * is the number of open fds since Linux 6.2; before, every process's fds
 * are listed again each time, which costs a getdents but no readlink). An
 * fd whose object the caller says is gone is read again at once, and a
 * bounded number of the other fds are re-checked per update, round robin,
 * so a close-and-reopen that kept the count is found within a few updates. */
#ifndef BPFKNOBS_FDSCAN_FDSCAN_H
#define BPFKNOBS_FDSCAN_FDSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fdscan/fdkind.h"
#include "base/procroot.h"

struct fdscan_record {
	pid_t pid;
	const char *comm; /* "" when not read; points into the scan, valid until its next update */
	int fd;
	enum fdkind kind;
	uint32_t id;      /* prog_id, link_id or map_id; 0 for the kinds without */
	uint32_t prog_id; /* the program a prog or link fd holds; 0 otherwise */
};

/* Whether the object an fd was seen holding is gone: the fd has been
 * closed, or reused, and is read again at once. */
typedef bool fdscan_gone_fn(const struct fdscan_record *rec, const void *arg);

struct fdscan;

struct fdscan *fdscan_new(void);
void fdscan_free(struct fdscan *scan);

/* Brings the scan up to date below root->proc (this process included).
 * gone (may be NULL) is asked about every fd with an id; budget bounds
 * the round-robin re-check of the rest, in readlinks. Returns 0 or -errno:
 * an unreadable /proc leaves the scan as it was, -ENOMEM leaves it empty. */
int fdscan_update(struct fdscan *scan, const struct procroot *root, size_t budget,
		  fdscan_gone_fn *gone, const void *arg);

/* The fds of the kinds in the set (FDKIND_BIT()s), by pid then fd, into a
 * malloc'd *out. comm is read for processes holding a BPF kind (not for a
 * socket alone: sockets are everywhere). Returns 0 or -ENOMEM. */
int fdscan_records(const struct fdscan *scan, unsigned kinds, struct fdscan_record **out,
		   size_t *nr);

#endif
