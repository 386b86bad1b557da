/* What one open fd is (see fdkind.h). */
#include "fdscan/fdkind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fdinfo.h"

/* Costs in readlinks: an fdinfo read is about two more (~3 us and ~7 us). */
#define FDKIND_COST_LINK 1
#define FDKIND_COST_INFO 2

/* The names the kernel gives these anonymous inodes: bpf_prog_new_fd(),
 * bpf_link_prime() ("bpf_link", or "bpf-link" as some kernels spell it),
 * bpf_map_new_fd(), perf_event_open() and bpf_enable_runtime_stats(). */
static const struct {
	const char *target;
	enum fdkind kind;
} fdkind_targets[] = {
	{ "anon_inode:bpf-prog", FDKIND_PROG },
	{ "anon_inode:bpf_link", FDKIND_LINK },
	{ "anon_inode:bpf-link", FDKIND_LINK },
	{ "anon_inode:bpf-map", FDKIND_MAP },
	{ "anon_inode:[perf_event]", FDKIND_PERF_EVENT },
	{ "anon_inode:bpf-stats", FDKIND_STATS },
};

enum fdkind fdkind_of_target(const char *target)
{
	static const char socket[] = "socket:[";

	/* most fds are files: their targets are paths */
	if (target[0] == '/')
		return FDKIND_OTHER;
	for (size_t i = 0; i < sizeof(fdkind_targets) / sizeof(fdkind_targets[0]); i++)
		if (!strcmp(target, fdkind_targets[i].target))
			return fdkind_targets[i].kind;
	return strncmp(target, socket, sizeof(socket) - 1) ? FDKIND_OTHER : FDKIND_SOCKET;
}

bool fdkind_has_ids(enum fdkind kind)
{
	return kind == FDKIND_PROG || kind == FDKIND_LINK || kind == FDKIND_MAP;
}

bool fdkind_is_bpf(enum fdkind kind)
{
	return kind != FDKIND_OTHER && kind != FDKIND_SOCKET;
}

/* An id of fdinfo text: 0 when there is none or it is no u32. */
static uint32_t fdkind_id(const char *text, const char *key)
{
	uint64_t v;

	return !fdinfo_u64(text, key, &v) && v <= UINT32_MAX ? (uint32_t)v : 0;
}

void fdkind_parse_fdinfo(struct fdkind_fd *f, const char *text)
{
	f->id = 0;
	f->prog_id = 0;
	switch (f->kind) {
	case FDKIND_PROG:
		f->id = f->prog_id = fdkind_id(text, "prog_id:");
		break;
	case FDKIND_LINK:
		f->id = fdkind_id(text, "link_id:");
		f->prog_id = fdkind_id(text, "prog_id:");
		break;
	case FDKIND_MAP:
		f->id = fdkind_id(text, "map_id:");
		break;
	default:
		break;
	}
}

int fdkind_read(int fd_dir, int info_dir, int fd, struct fdkind_fd *f, unsigned *cost)
{
	char name[16], target[32], info[1024];
	ssize_t len;
	int ifd;

	*cost = FDKIND_COST_LINK;
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	snprintf(name, sizeof(name), "%d", fd);
	/* a longer target is a path, which the buffer cuts harmlessly */
	len = readlinkat(fd_dir, name, target, sizeof(target) - 1);
	if (len < 0)
		return -ENOENT;
	target[len] = '\0';
	f->kind = (uint8_t)fdkind_of_target(target);
	if (!fdkind_has_ids(f->kind))
		return 0;
	*cost += FDKIND_COST_INFO;
	ifd = openat(info_dir, name, O_RDONLY | O_CLOEXEC);
	if (ifd < 0)
		return -ENOENT;
	len = read(ifd, info, sizeof(info) - 1);
	close(ifd);
	if (len <= 0)
		return -ENOENT;
	info[len] = '\0';
	fdkind_parse_fdinfo(f, info);
	return 0;
}
