#include "knobs/sysctld.h"
#include "base/sorted.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/safe_read.h"
#include "base/safepath.h"
#include "base/vec.h"

/* systemd's CONF_PATHS("sysctl.d"), in order of precedence. */
static const char *const sysctld_dirs[SYSCTLD_NR_DIRS] = {
	"etc/sysctl.d", "run/sysctl.d", "usr/local/lib/sysctl.d", "usr/lib/sysctl.d", "lib/sysctl.d",
};

/* The sysctl files this process replaced: what tells a cache of their
 * settings that a save made them stale, however coarse the file system's
 * time stamps are (sysctld_cache.c). */
static atomic_ulong sysctld_nr_replaced;

unsigned long sysctld_writes(void)
{
	return atomic_load(&sysctld_nr_replaced);
}

void sysctld_join(const char *root, const char *rel, char *buf, size_t size)
{
	size_t len = strlen(root);

	/* "/" and "etc/x" make "/etc/x", not "//etc/x" */
	while (len && root[len - 1] == '/')
		len--;
	while (*rel == '/')
		rel++;
	snprintf(buf, size, "%.*s/%s", (int)len, root, rel);
}

/* "net/core/x" and "net.core.x" name the same key (systemd's sysctl_normalize()). */
static bool sysctld_key_equal(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen && b[i]; i++) {
		char x = a[i] == '/' ? '.' : a[i], y = b[i] == '/' ? '.' : b[i];

		if (x != y)
			return false;
	}
	return i == alen && b[i] == '\0';
}

const char *sysctld_trim(const char *s, const char *end, size_t *len)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	*len = (size_t)(end - s);
	return s;
}

/* Finds "key = value" in one line of len bytes (without or with its '\n');
 * *value and *vlen get the value. The reader and the rewriter both judge
 * lines with this, whole, so they always agree on what a file sets. */
static bool sysctld_line_sets(const char *line, size_t len, const char *key, const char **value,
			      size_t *vlen)
{
	const char *eq = memchr(line, '=', len), *k;
	size_t klen;

	if (!eq)
		return false;
	k = sysctld_trim(line, eq, &klen);
	if (klen && *k == '-') { /* "-key = v": ignore failures to apply */
		k++;
		klen--;
	}
	if (!klen || *k == '#' || *k == ';' || !sysctld_key_equal(k, klen, key))
		return false;
	*value = sysctld_trim(eq + 1, line + len, vlen);
	return true;
}

/* The length of the line at p (up to end), with its '\n' when it has one. */
static size_t sysctld_line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
}

static void sysctld_apply_file(const char *root, const char *rel, const char *const *keys,
			       size_t nr_keys, struct sysctld_setting *out)
{
	char path[PATH_MAX * 2], *text;
	size_t len;
	mode_t mode;
	int err;

	sysctld_join(root, rel, path, sizeof(path));
	err = safe_read_alloc(path, 0, SYSCTLD_MAX_BYTES, &text, &len, &mode);
	if (err == -ENOENT)
		return;
	if (err) {
		/* It may set any key, after every file read so far. */
		for (size_t k = 0; k < nr_keys; k++) {
			out[k].unreadable_error = err;
			out[k].unreadable_mode = mode;
			snprintf(out[k].unreadable, sizeof(out[k].unreadable), "/%s", rel);
		}
		return;
	}
	sysctld_apply_text(text, len, rel, keys, nr_keys, out);
	free(text);
}

void sysctld_apply_text(const char *text, size_t text_len, const char *rel,
			const char *const *keys, size_t nr_keys, struct sysctld_setting *out)
{
	const char *value, *p, *end;
	size_t vlen, len;
	int lineno = 0;

	for (p = text, end = text + text_len; p < end; p += len) {
		len = sysctld_line_len(p, end);
		lineno++;
		for (size_t k = 0; k < nr_keys; k++) {
			if (!sysctld_line_sets(p, len, keys[k], &value, &vlen))
				continue;
			out[k].found = true;
			snprintf(out[k].value, sizeof(out[k].value), "%.*s", (int)vlen, value);
			snprintf(out[k].file, sizeof(out[k].file), "/%s", rel);
			out[k].line = lineno;
			out[k].unreadable_error = 0; /* this one wins over any unreadable before */
		}
	}
}

/* A *.conf file's path below the root: its directory, then its name. */
static const char *sysctld_name_of(const char *rel)
{
	return strrchr(rel, '/') + 1;
}

static int sysctld_cmp(const void *a, const void *b)
{
	return strcmp(sysctld_name_of(*(char *const *)a), sysctld_name_of(*(char *const *)b));
}

static bool sysctld_listed(char *const *rels, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(sysctld_name_of(rels[i]), name))
			return true;
	return false;
}

void sysctld_boot_files_free(char **rels, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rels[i]);
	free(rels);
}

/* Adds rel to the list; false when out of memory. */
static bool sysctld_add_file(char ***rels, size_t *n, size_t *cap, const char *rel)
{
	char *copy = strdup(rel), **slot = copy ? VEC_PUSH(*rels, *n, *cap) : NULL;

	if (!slot)
		free(copy);
	else
		*slot = copy;
	return slot;
}

int sysctld_boot_files(const char *root, char ***rels, size_t *n)
{
	size_t cap = 0;

	*rels = NULL;
	*n = 0;
	for (size_t d = 0; d < SYSCTLD_NR_DIRS; d++) {
		char dir[PATH_MAX * 2], rel[PATH_MAX];
		struct dirent *de;
		DIR *dp;

		sysctld_join(root, sysctld_dirs[d], dir, sizeof(dir));
		dp = opendir(dir);
		if (!dp)
			continue;
		while ((de = readdir(dp))) {
			size_t len = strlen(de->d_name);

			if (len < 6 || strcmp(de->d_name + len - 5, ".conf") ||
			    sysctld_listed(*rels, *n, de->d_name))
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", sysctld_dirs[d], de->d_name);
			if (!sysctld_add_file(rels, n, &cap, rel)) {
				closedir(dp);
				goto oom;
			}
		}
		closedir(dp);
	}
	sorted_qsort(*rels, *n, sizeof(**rels), sysctld_cmp);
	/* procps applies it after the directories; Debian also links it as
	 * /etc/sysctl.d/99-sysctl.conf, which applies the same lines again. */
	if (sysctld_add_file(rels, n, &cap, SYSCTLD_CONF))
		return 0;
oom:
	sysctld_boot_files_free(*rels, *n);
	*rels = NULL;
	*n = 0;
	return -ENOMEM;
}

void sysctld_boot_apply(const char *root, char *const *rels, size_t n, const char *const *keys,
			size_t nr_keys, struct sysctld_setting *out)
{
	memset(out, 0, nr_keys * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		sysctld_apply_file(root, rels[i], keys, nr_keys, out);
}

int sysctld_boot_settings(const char *root, const char *const *keys, size_t nr_keys,
			  struct sysctld_setting *out)
{
	char **rels;
	size_t n;
	int err = sysctld_boot_files(root, &rels, &n);

	if (err)
		return err;
	sysctld_boot_apply(root, rels, n, keys, nr_keys, out);
	sysctld_boot_files_free(rels, n);
	return 0;
}

const char *sysctld_boot_dir(size_t i)
{
	return i < SYSCTLD_NR_DIRS ? sysctld_dirs[i] : NULL;
}

int sysctld_check_file(const char *path)
{
	const char *name;
	size_t len;

	while (*path == '/')
		path++;
	if (!strcmp(path, SYSCTLD_CONF))
		return 0;
	name = strrchr(path, '/');
	if (!name || strstr(path, "/../") || strstr(path, "/./"))
		return -EINVAL;
	len = strlen(++name);
	if (len < 6 || strcmp(name + len - 5, ".conf") || name[0] == '.')
		return -EINVAL;
	for (size_t d = 0; d < SYSCTLD_NR_DIRS; d++) {
		size_t dl = strlen(sysctld_dirs[d]);

		if (!strncmp(path, sysctld_dirs[d], dl) && path + dl + 1 == name)
			return 0;
	}
	return -EINVAL;
}

/* Where each key's last assignment in text starts (NULL: none), and its length. */
static void sysctld_find_last(const char *text, size_t text_len,
			      const struct sysctld_assign *assigns, size_t n, const char **at,
			      size_t *len)
{
	const char *p = text, *end = text + text_len;

	for (size_t k = 0; k < n; k++)
		at[k] = NULL;
	for (size_t l; p < end; p += l) {
		const char *v;
		size_t vlen;

		l = sysctld_line_len(p, end);
		for (size_t k = 0; k < n; k++) {
			if (sysctld_line_sets(p, l, assigns[k].key, &v, &vlen)) {
				at[k] = p;
				len[k] = l;
			}
		}
	}
}

/* Whether the assignment line already sets value, as "2" or " 2 ". */
static bool sysctld_line_has(const char *line, size_t len, const char *key, long value)
{
	char want[32];
	const char *v;
	size_t vlen;

	snprintf(want, sizeof(want), "%ld", value);
	return sysctld_line_sets(line, len, key, &v, &vlen) && vlen == strlen(want) &&
	       !memcmp(v, want, vlen);
}

int sysctld_edit(const char *old, size_t old_len, const struct sysctld_assign *assigns,
			size_t n, char **new_text, size_t *new_len, char **diff)
{
	const char *at[SYSCTLD_MAX_ASSIGNS];
	size_t len[SYSCTLD_MAX_ASSIGNS], diff_len = 0;
	const char *p = old, *end = old + old_len;
	bool added = false, ends_line = true; /* the text written so far ends a line */
	FILE *out, *d;

	if (n > SYSCTLD_MAX_ASSIGNS)
		return -E2BIG;
	sysctld_find_last(old, old_len, assigns, n, at, len);
	out = open_memstream(new_text, new_len);
	d = diff ? open_memstream(diff, &diff_len) : NULL;
	if (!out || (diff && !d)) {
		if (out)
			fclose(out);
		if (d)
			fclose(d);
		return -ENOMEM;
	}
	while (p < end) {
		size_t l = sysctld_line_len(p, end);
		size_t k;

		for (k = 0; k < n && at[k] != p; k++)
			;
		if (k == n || sysctld_line_has(p, l, assigns[k].key, assigns[k].value)) {
			fwrite(p, 1, l, out);
			ends_line = p[l - 1] == '\n';
		} else {
			fprintf(out, "%s = %ld\n", assigns[k].key, assigns[k].value);
			ends_line = true;
			if (d)
				fprintf(d, "-%.*s%s+%s = %ld\n", (int)l, p, p[l - 1] == '\n' ? "" : "\n",
					assigns[k].key, assigns[k].value);
		}
		p += l;
	}
	for (size_t k = 0; k < n; k++) {
		if (at[k])
			continue;
		if (!added) {
			/* What was written so far decides: a last line without its
			 * '\n' that was replaced got one already. */
			if (!ends_line)
				fputc('\n', out);
			if (!old_len)
				fputs("# Written by bpfknobs; other lines are kept as they are.\n", out);
			added = true;
		}
		fprintf(out, "%s = %ld\n", assigns[k].key, assigns[k].value);
		if (d)
			fprintf(d, "+%s = %ld\n", assigns[k].key, assigns[k].value);
	}
	if (d)
		fclose(d);
	return fclose(out) ? -ENOMEM : 0;
}

int sysctld_target_open(const char *root, const char *rel, struct sysctld_target *t)
{
	char dir[PATH_MAX];
	struct stat st, host;
	const char *slash;
	int root_fd;

	memset(t, 0, sizeof(*t));
	t->dir_fd = -1;
	while (*rel == '/')
		rel++;
	slash = strrchr(rel, '/');
	if ((size_t)snprintf(t->name, sizeof(t->name), "%s", slash ? slash + 1 : rel) >=
	    sizeof(t->name))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - rel) : 0, rel);
	/* every directory from / down to the file's: whoever may rename in
	 * one of them decides where the file goes */
	root_fd = safepath_open_dir(root, SAFEPATH_CHECK_ALL, &t->problem);
	if (root_fd < 0)
		return root_fd;
	t->root_is_host = !fstat(root_fd, &st) && !stat("/", &host) && st.st_dev == host.st_dev &&
			  st.st_ino == host.st_ino;
	t->dir_fd = safepath_open_below(root_fd, t->problem.path, dir, SAFEPATH_CHECK_ALL,
					&t->problem);
	close(root_fd);
	return t->dir_fd < 0 ? t->dir_fd : 0;
}

void sysctld_target_close(struct sysctld_target *t)
{
	if (t->dir_fd >= 0)
		close(t->dir_fd);
	t->dir_fd = -1;
}

int sysctld_target_read(const struct sysctld_target *t, char **text, size_t *len, mode_t *mode)
{
	int fd = safe_openat(t->dir_fd, t->name, SYSCTLD_MAX_BYTES, mode), err;

	*text = NULL;
	*len = 0;
	if (fd == -ENOENT) {
		*mode = 0;
		return 0;
	}
	if (fd < 0)
		return fd;
	err = safe_read_fd_alloc(fd, SYSCTLD_MAX_BYTES, text, len);
	close(fd);
	return err;
}

int sysctld_target_replace(const struct sysctld_target *t, const char *text, size_t len,
			   mode_t old_mode)
{
	/* a new file is 0644; an old one keeps no more than that (a 0666
	 * file others could rewrite stops being one), nor set-id bits */
	mode_t mode = old_mode ? (old_mode & 0644) : 0644;

	int err = safepath_replace(t->dir_fd, t->name, text, len, mode);

	if (!err)
		atomic_fetch_add(&sysctld_nr_replaced, 1);
	return err;
}

int sysctld_save_many(const char *root, const char *path, const struct sysctld_assign *assigns,
		      size_t n, bool dry_run, char **diff)
{
	struct sysctld_target t;
	char *old = NULL, *new_text = NULL;
	size_t old_len = 0, new_len;
	mode_t mode = 0;
	int err;

	if (diff)
		*diff = NULL;
	err = sysctld_target_open(root, path, &t);
	if (!err)
		err = sysctld_target_read(&t, &old, &old_len, &mode);
	if (!err)
		err = sysctld_edit(old ? old : "", old_len, assigns, n, &new_text, &new_len, diff);
	/* Nothing to change: leave the file (and its time stamps) alone. */
	if (!err && !dry_run && !(old && new_len == old_len && !memcmp(old, new_text, old_len)))
		err = sysctld_target_replace(&t, new_text, new_len, mode);
	sysctld_target_close(&t);
	free(old);
	free(new_text);
	if (err && diff) {
		free(*diff);
		*diff = NULL;
	}
	return err;
}
