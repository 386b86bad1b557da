#include "base/safe_read.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/safepath.h"
#include "base/units.h"

/* What a mode says about a file: 0 to read it, or why not. */
static int safe_read_check(const struct stat *st, size_t max)
{
	if (!S_ISREG(st->st_mode))
		return -SAFE_READ_ENOTREG;
	/* /proc files say 0; a file that says more than max holds more */
	if (st->st_size > 0 && (unsigned long long)st->st_size > max)
		return -EFBIG;
	return 0;
}

/* The open file checked as its path was (it may have been replaced in
 * between): fd, or -errno with fd closed. */
static int safe_read_recheck(int fd, size_t max, mode_t *mode)
{
	struct stat st;
	int err;

	if (fstat(fd, &st)) {
		err = -errno;
		close(fd);
		return err;
	}
	if (mode)
		*mode = st.st_mode;
	err = safe_read_check(&st, max);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int safe_open(const char *path, int extra, size_t max, mode_t *mode)
{
	struct stat st;
	int fd, err;

	if (mode)
		*mode = 0;
	/* Look before opening: opening a device can have effects of its own
	 * (a tape rewinds, a modem hangs up), and O_NONBLOCK only keeps a FIFO
	 * from blocking the open. */
	if ((extra & O_NOFOLLOW) ? lstat(path, &st) : stat(path, &st))
		return -errno;
	if (mode)
		*mode = st.st_mode;
	err = safe_read_check(&st, max);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | extra);
	if (fd < 0)
		return -errno;
	/* The path may have been replaced between the look and the open. */
	return safe_read_recheck(fd, max, mode);
}

int safe_openat(int dir_fd, const char *name, size_t max, mode_t *mode)
{
	struct stat st;
	int fd, err;

	if (mode)
		*mode = 0;
	/* as safe_open(): look (at the name itself, never through a link)
	 * before opening, then check the open file again */
	if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW))
		return -errno;
	if (mode)
		*mode = st.st_mode;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	err = safe_read_check(&st, max);
	if (err)
		return err;
	fd = safepath_openat(dir_fd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
	if (fd < 0)
		return fd;
	return safe_read_recheck(fd, max, mode);
}

/* Reads until end of file or size bytes; *got gets the count. */
static int safe_read_some(int fd, char *buf, size_t size, size_t *got)
{
	*got = 0;
	while (*got < size) {
		ssize_t n = read(fd, buf + *got, size - *got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

int safe_read_fd_buf(int fd, char *buf, size_t size, size_t *len)
{
	size_t got;
	int err;

	if (size == 0)
		return -EINVAL;
	/* One extra byte of room tells a full buffer from a longer file. */
	err = safe_read_some(fd, buf, size, &got);
	if (err)
		return err;
	if (got == size)
		return -EFBIG;
	buf[got] = '\0';
	*len = got;
	return 0;
}

int safe_read_buf(const char *path, char *buf, size_t size, size_t *len, mode_t *mode)
{
	int fd, err;

	if (size == 0)
		return -EINVAL;
	fd = safe_open(path, 0, size - 1, mode);
	if (fd < 0)
		return fd;
	err = safe_read_fd_buf(fd, buf, size, len);
	close(fd);
	return err;
}

int safe_read_fd_alloc(int fd, size_t max, char **text, size_t *len)
{
	size_t cap = 4096, used = 0;
	char *buf = malloc(cap);

	*text = NULL;
	*len = 0;
	if (!buf)
		return -ENOMEM;
	for (;;) {
		size_t got;
		int err;

		if (used + 1 >= cap) {
			/* one byte beyond max tells a file of max bytes from a longer one;
			 * the room never grows past that (so not with base/vec.h, which
			 * doubles): a hostile file costs max + 2 bytes at most */
			size_t grown_cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			char *grown = grown_cap > cap ? realloc(buf, grown_cap) : NULL;

			if (!grown) {
				free(buf);
				return grown_cap > cap ? -ENOMEM : -EFBIG;
			}
			buf = grown;
			cap = grown_cap;
		}
		err = safe_read_some(fd, buf + used, cap - 1 - used, &got);
		if (err) {
			free(buf);
			return err;
		}
		used += got;
		if (used > max) {
			free(buf);
			return -EFBIG;
		}
		if (used + 1 < cap)
			break; /* the read stopped short: end of file */
	}
	buf[used] = '\0';
	*text = buf;
	*len = used;
	return 0;
}

int safe_read_alloc(const char *path, int extra, size_t max, char **text, size_t *len,
		    mode_t *mode)
{
	int fd = safe_open(path, extra, max, mode), err;

	*text = NULL;
	*len = 0;
	if (fd < 0)
		return fd;
	err = safe_read_fd_alloc(fd, max, text, len);
	close(fd);
	return err;
}

const char *safe_read_type_name(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return "a directory";
	case S_IFIFO:
		return "a FIFO (named pipe)";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFSOCK:
		return "a socket";
	case S_IFLNK:
		return "a symbolic link";
	case S_IFREG:
		return "a regular file";
	}
	return "of an unknown type";
}

void safe_read_explain(const char *path, const char *what, int err, mode_t mode, size_t max,
		       char *buf, size_t size)
{
	char limit[32];

	switch (err) {
	case -SAFE_READ_ENOTREG:
		snprintf(buf, size, "%s is %s, not a regular file as a real %s is, so it is not "
			 "read", path, safe_read_type_name(mode), what);
		return;
	case -EFBIG:
		units_format_bytes(max, limit, sizeof(limit));
		snprintf(buf, size, "%s is larger than any real %s could be (over %s), so it is "
			 "not read", path, what, limit);
		return;
	case -ELOOP:
		snprintf(buf, size, "%s is a symbolic link, which is not followed", path);
		return;
	}
	snprintf(buf, size, "%s could not be read: %s", path, strerror(-err));
}
