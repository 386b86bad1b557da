/* The mount points of a file system type, from /proc/self/mountinfo
 * (proc(5)): cgroup2 is /sys/fs/cgroup on most hosts but
 * /sys/fs/cgroup/unified on hybrid ones, and bpffs may be mounted
 * anywhere, or nowhere. */
#include "base/mounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"

/* Undoes mountinfo's octal escapes (\040 for a space) in place. */
static void mounts_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

void mounts_free(char **v, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

int mounts_of_type(const struct procroot *root, const char *fstype, char ***out, size_t *nr)
{
	char path[PATH_MAX], *line = NULL;
	size_t line_size = 0, cap = 0;
	int err = 0;
	FILE *f;

	*out = NULL;
	*nr = 0;
	err = procroot_path(root, "self/mountinfo", path, sizeof(path));
	if (err)
		return err;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!err && getline(&line, &line_size, f) > 0) {
		char *sep = strstr(line, " - "), *save, *mnt, *type, *copy, **slot;

		if (!sep)
			continue;
		type = strtok_r(sep + 3, " \n", &save);
		if (!type || strcmp(type, fstype))
			continue;
		/* the fifth field is the mount point */
		mnt = strtok_r(line, " ", &save);
		for (int i = 0; mnt && i < 4; i++)
			mnt = strtok_r(NULL, " ", &save);
		if (!mnt)
			continue;
		mounts_unescape(mnt);
		copy = strdup(mnt);
		slot = copy ? VEC_PUSH(*out, *nr, cap) : NULL;
		if (!slot) {
			free(copy);
			err = -ENOMEM;
			break;
		}
		*slot = copy;
	}
	free(line);
	fclose(f);
	if (err) {
		mounts_free(*out, *nr);
		*out = NULL;
		*nr = 0;
	}
	return err;
}
