/* Mounts, from mountinfo files (proc(5)): cgroup2 is /sys/fs/cgroup on
 * most hosts but /sys/fs/cgroup/unified on hybrid ones, bpffs may be
 * mounted anywhere, or nowhere, and a bpffs that delegates to a container
 * lives in that container's mount namespace, seen only through the
 * mountinfo of a process inside it. The one parser of such lines. */
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

int mounts_parse_line(char *line, struct mount_entry *e)
{
	char *sep = strstr(line, " - "), *save, *field[6];

	memset(e, 0, sizeof(*e));
	if (!sep)
		return -EINVAL;
	*sep = '\0';
	/* before the separator: id, parent, major:minor, root, mount point,
	 * options, then optional fields (shared:N...) that are not needed */
	field[0] = strtok_r(line, " ", &save);
	for (int i = 1; field[0] && i < 6; i++)
		if (!(field[i] = strtok_r(NULL, " ", &save)))
			return -EINVAL;
	if (!field[0])
		return -EINVAL;
	e->point = field[4];
	e->options = field[5];
	/* after it: type, source, super options */
	e->fstype = strtok_r(sep + 3, " \n", &save);
	e->source = e->fstype ? strtok_r(NULL, " \n", &save) : NULL;
	e->super_options = e->source ? strtok_r(NULL, " \n", &save) : NULL;
	if (!e->super_options)
		return -EINVAL;
	mounts_unescape(e->point);
	mounts_unescape(e->fstype);
	mounts_unescape(e->source);
	mounts_unescape(e->super_options);
	return 0;
}

void mounts_entries_free(struct mount_entry *v, size_t nr)
{
	for (size_t i = 0; v && i < nr; i++) {
		free(v[i].point);
		free(v[i].options);
		free(v[i].fstype);
		free(v[i].source);
		free(v[i].super_options);
	}
	free(v);
}

/* Appends a copy of e; -ENOMEM leaves the array as it was. */
static int mounts_push(struct mount_entry **v, size_t *nr, size_t *room,
		       const struct mount_entry *e)
{
	struct mount_entry *c = VEC_PUSH(*v, *nr, *room);

	if (!c)
		return -ENOMEM;
	c->point = strdup(e->point);
	c->options = strdup(e->options);
	c->fstype = strdup(e->fstype);
	c->source = strdup(e->source);
	c->super_options = strdup(e->super_options);
	if (!c->point || !c->options || !c->fstype || !c->source || !c->super_options)
		return -ENOMEM; /* the caller frees the whole array, this one too */
	return 0;
}

int mounts_read(const char *path, const char *fstype, struct mount_entry **out, size_t *nr)
{
	char *line = NULL;
	size_t line_size = 0, room = 0;
	int err = 0;
	FILE *f;

	*out = NULL;
	*nr = 0;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!err && getline(&line, &line_size, f) > 0) {
		struct mount_entry e;

		if (mounts_parse_line(line, &e) || (fstype && strcmp(e.fstype, fstype)))
			continue;
		err = mounts_push(out, nr, &room, &e);
	}
	free(line);
	fclose(f);
	if (err) {
		mounts_entries_free(*out, *nr);
		*out = NULL;
		*nr = 0;
	}
	return err;
}

bool mounts_option(const char *options, const char *name, char *value, size_t size)
{
	size_t len = strlen(name);
	const char *p = options;

	if (size)
		value[0] = '\0';
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n >= len && !strncmp(p, name, len) && (n == len || p[len] == '=')) {
			if (n > len && size)
				snprintf(value, size, "%.*s", (int)(n - len - 1), p + len + 1);
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

void mounts_free(char **v, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

int mounts_of_type(const struct procroot *root, const char *fstype, char ***out, size_t *nr)
{
	struct mount_entry *all;
	char path[PATH_MAX];
	size_t nr_all;
	int err;

	*out = NULL;
	*nr = 0;
	err = procroot_path(root, "self/mountinfo", path, sizeof(path));
	if (!err)
		err = mounts_read(path, fstype, &all, &nr_all);
	if (err)
		return err;
	if (nr_all && !(*out = calloc(nr_all, sizeof(**out)))) {
		mounts_entries_free(all, nr_all);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nr_all; i++) {
		(*out)[i] = all[i].point; /* moved out */
		all[i].point = NULL;
	}
	*nr = nr_all;
	mounts_entries_free(all, nr_all);
	return 0;
}
