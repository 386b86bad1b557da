#include "procroot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int procroot_copy(char *dst, size_t size, const char *src)
{
	int n = snprintf(dst, size, "%s", src);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int procroot_init(struct procroot *root, const char *proc_dir)
{
	int n;

	root->live = proc_dir == NULL;
	root->sysctl[0] = '\0';
	if (root->live) {
		procroot_copy(root->sysctl, sizeof(root->sysctl), "/");
		procroot_copy(root->proc, sizeof(root->proc), "/proc");
		return procroot_copy(root->boot, sizeof(root->boot), "/boot");
	}
	if (procroot_copy(root->proc, sizeof(root->proc), proc_dir))
		return -ENAMETOOLONG;
	n = snprintf(root->boot, sizeof(root->boot), "%s/boot", proc_dir);
	return n < 0 || (size_t)n >= sizeof(root->boot) ? -ENAMETOOLONG : 0;
}

int procroot_set_sysctl(struct procroot *root, const char *dir)
{
	return procroot_copy(root->sysctl, sizeof(root->sysctl), dir);
}

int procroot_path(const struct procroot *root, const char *rel, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", root->proc, rel);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int procroot_read(const struct procroot *root, const char *rel, char *buf, size_t size,
		  size_t *len)
{
	char path[PATH_MAX];
	size_t got = 0;
	int fd, err = procroot_path(root, rel, path, sizeof(path));

	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* One extra byte of room tells a full buffer from a longer file. */
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (err)
		return err;
	if (got == size)
		return -EFBIG;
	buf[got] = '\0';
	*len = got;
	return 0;
}
