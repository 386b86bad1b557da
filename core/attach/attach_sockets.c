/* Which processes hold a socket with an eBPF filter. The kernel ties no
 * program id to a socket: a socket filter attached with SO_ATTACH_BPF whose
 * program fd was closed has no link, no pin and no bpf fd, only the
 * socket. What it does tell is whether a socket's filter is an eBPF
 * program: SO_GET_FILTER answers EACCES for a filter without classic
 * instructions (sk_get_filter() in net/core/filter.c: "eBPF programs that
 * have no original program cannot be dumped"), and 0 or a length
 * otherwise. To ask, the socket is borrowed with pidfd_getfd() (root, Linux
 * 5.6) and closed at once; the process's socket is not changed. */
#include "attach/attach_sources.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/vec.h"

#ifndef SO_GET_FILTER
#define SO_GET_FILTER SO_ATTACH_FILTER
#endif

/* Whether the socket fd of the process behind pidfd has an eBPF filter. */
static bool attach_sockets_ebpf(int pidfd, int fd)
{
#ifdef SYS_pidfd_getfd
	socklen_t len = 0;
	int mine = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	bool ebpf;

	if (mine < 0)
		return false;
	ebpf = getsockopt(mine, SOL_SOCKET, SO_GET_FILTER, NULL, &len) && errno == EACCES;
	close(mine);
	return ebpf;
#else
	(void)pidfd, (void)fd;
	return false;
#endif
}

int attach_sockets_read(const struct fdscan *scan, struct attach_holder **out, size_t *nr)
{
	struct fdscan_record *recs;
	size_t n;
	int err = fdscan_records(scan, FDKIND_BIT(FDKIND_SOCKET), &recs, &n);
	int pidfd = -1;
	pid_t pid = 0;
	size_t cap = 0;

	*out = NULL;
	*nr = 0;
	if (err)
		return err;
#ifdef SYS_pidfd_open
	for (size_t i = 0; i < n && !err; i++) {
		struct attach_holder *h;

		if (recs[i].pid != pid) {
			if (pidfd >= 0)
				close(pidfd);
			pid = recs[i].pid;
			pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		}
		if (pidfd < 0 || (*nr && (*out)[*nr - 1].pid == pid) ||
		    !attach_sockets_ebpf(pidfd, recs[i].fd))
			continue; /* one socket per process is enough to name it */
		/* zeroed: the scan reads no comm for a process holding only sockets */
		h = VEC_PUSH(*out, *nr, cap);
		if (!h) {
			err = -ENOMEM;
			break;
		}
		h->pid = pid;
		h->fd = recs[i].fd;
	}
	if (pidfd >= 0)
		close(pidfd);
#endif
	free(recs);
	if (err) {
		free(*out);
		*out = NULL;
		*nr = 0;
	}
	return err;
}
