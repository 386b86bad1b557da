/* Numbers from fdinfo (see fdinfo.h). */
#include "base/fdinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A BPF object's fdinfo is a few hundred bytes. */
#define FDINFO_MAX 1024

static int fdinfo_number(const char *p, uint64_t *out)
{
	uint64_t v = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		v = v * 10 + digit;
	}
	if (*p && *p != '\n')
		return -EINVAL;
	*out = v;
	return 0;
}

int fdinfo_u64(const char *text, const char *key, uint64_t *out)
{
	size_t key_len = strlen(key);

	for (const char *line = text; line && *line;) {
		if (!strncmp(line, key, key_len))
			return fdinfo_number(line + key_len, out);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

/* This process's own fdinfo in the live /proc: a file procfs makes for
 * one of its own fds, which no one else can put in its place, so it is
 * opened and read as it is (safe_read's look before and after the open
 * doubled the cost of listing 1,000 programs' memlock). */
static int fdinfo_own_live(const struct procroot *root, int fd, char *text, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int file, err = 0;

	if (snprintf(path, sizeof(path), "%s/self/fdinfo/%d", root->proc, fd) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	file = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (file < 0)
		return -errno;
	n = read(file, text, size - 1);
	if (n < 0)
		err = -errno;
	else
		text[n] = '\0';
	close(file);
	return err;
}

int fdinfo_own_u64(const struct procroot *root, int fd, const char *key, uint64_t *out)
{
	char rel[48], text[FDINFO_MAX];
	size_t len;
	int err;

	if (root->live) {
		err = fdinfo_own_live(root, fd, text, sizeof(text));
		return err ? err : fdinfo_u64(text, key, out);
	}
	snprintf(rel, sizeof(rel), "self/fdinfo/%d", fd);
	err = procroot_read(root, rel, text, sizeof(text), &len);
	return err ? err : fdinfo_u64(text, key, out);
}
