/* What one open fd is (see fdkind.h). */
#include "holders/fdkind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fdinfo.h"

/* A number per classification (holder.ident): an fd read again, after it
 * was closed and opened anew, is another file. The scan runs in one thread. */
static uint32_t fdkind_serial;

/* The names the kernel gives these anonymous inodes: bpf_prog_new_fd(),
 * bpf_link_prime() ("bpf_link", or "bpf-link" as some kernels spell it),
 * bpf_map_new_fd(), perf_event_open() and bpf_enable_runtime_stats(). */
static const struct {
	const char *target;
	enum holder_kind kind;
} fdkind_targets[] = {
	{ "anon_inode:bpf-prog", HOLDER_PROG },
	{ "anon_inode:bpf_link", HOLDER_LINK },
	{ "anon_inode:bpf-link", HOLDER_LINK },
	{ "anon_inode:bpf-map", HOLDER_MAP },
	{ "anon_inode:[perf_event]", HOLDER_PERF_EVENT },
	{ "anon_inode:bpf-stats", HOLDER_STATS },
};

enum holder_kind fdkind_of_target(const char *target)
{
	/* most fds are files: their targets are paths */
	if (target[0] == '/')
		return HOLDER_OTHER;
	for (size_t i = 0; i < sizeof(fdkind_targets) / sizeof(fdkind_targets[0]); i++)
		if (!strcmp(target, fdkind_targets[i].target))
			return fdkind_targets[i].kind;
	return HOLDER_OTHER;
}

bool fdkind_has_ids(enum holder_kind kind)
{
	return kind == HOLDER_PROG || kind == HOLDER_LINK || kind == HOLDER_MAP;
}

bool fdkind_is_bpf(enum holder_kind kind)
{
	return kind != HOLDER_OTHER && kind != HOLDER_SOCKET;
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
	case HOLDER_PROG:
		f->id = f->prog_id = fdkind_id(text, "prog_id:");
		break;
	case HOLDER_LINK:
		f->id = fdkind_id(text, "link_id:");
		f->prog_id = fdkind_id(text, "prog_id:");
		break;
	case HOLDER_MAP:
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
	if (!++fdkind_serial)
		fdkind_serial = 1; /* 0 is "no identity" */
	f->serial = fdkind_serial;
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
