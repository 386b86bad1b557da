/* The sysctl files' settings, kept while the files stay the same (see
 * sysctld_cache.h). */
#include "knobs/sysctld_cache.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* A file or directory modified within this many seconds of the read may
 * be modified again unseen within the same time stamp: not trusted until
 * it is older. */
#define SYSCTLD_CACHE_SETTLE_S 2

struct sysctld_cache {
	bool valid;
	char root[PATH_MAX];
	char **keys;      /* copies of the keys asked for */
	size_t nr_keys;
	char **rels;      /* the files applied, below root */
	size_t nr_rels;
	uint64_t stamp;
	unsigned long writes; /* sysctld_writes() when read */
	struct sysctld_setting *settings;
	unsigned long nr_reads;
};

struct sysctld_cache *sysctld_cache_new(void)
{
	return calloc(1, sizeof(struct sysctld_cache));
}

static void sysctld_cache_forget(struct sysctld_cache *c)
{
	sysctld_boot_files_free(c->rels, c->nr_rels);
	sysctld_boot_files_free(c->keys, c->nr_keys);
	free(c->settings);
	c->rels = c->keys = NULL;
	c->nr_rels = c->nr_keys = 0;
	c->settings = NULL;
	c->valid = false;
}

/* Keeps out, the settings of keys below root, for the next call; false
 * when out of memory (nothing is kept then). */
static bool sysctld_cache_keep(struct sysctld_cache *c, const char *root, const char *const *keys,
			       size_t nr_keys, const struct sysctld_setting *out)
{
	if (strlen(root) >= sizeof(c->root))
		return false;
	snprintf(c->root, sizeof(c->root), "%s", root);
	c->settings = malloc((nr_keys ? nr_keys : 1) * sizeof(*c->settings));
	c->keys = calloc(nr_keys ? nr_keys : 1, sizeof(*c->keys));
	if (!c->settings || !c->keys)
		return false;
	memcpy(c->settings, out, nr_keys * sizeof(*out));
	for (; c->nr_keys < nr_keys; c->nr_keys++)
		if (!(c->keys[c->nr_keys] = strdup(keys[c->nr_keys])))
			return false;
	return true;
}

void sysctld_cache_free(struct sysctld_cache *c)
{
	if (!c)
		return;
	sysctld_cache_forget(c);
	free(c);
}

unsigned long sysctld_cache_nr_reads(const struct sysctld_cache *c)
{
	return c->nr_reads;
}

static uint64_t sysctld_cache_mix(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * 0x100000001b3ull; /* FNV-1a */
	return h;
}

/* Mixes what stat() says of root/rel into h; *newest gets the latest
 * modification time seen. */
static uint64_t sysctld_cache_stat(uint64_t h, const char *root, const char *rel, time_t *newest)
{
	char path[PATH_MAX * 2];
	struct stat st;

	sysctld_join(root, rel, path, sizeof(path));
	if (stat(path, &st))
		return sysctld_cache_mix(h, (uint64_t)errno);
	h = sysctld_cache_mix(h, (uint64_t)st.st_dev);
	h = sysctld_cache_mix(h, (uint64_t)st.st_ino);
	h = sysctld_cache_mix(h, (uint64_t)st.st_size);
	h = sysctld_cache_mix(h, (uint64_t)st.st_mtim.tv_sec);
	h = sysctld_cache_mix(h, (uint64_t)st.st_mtim.tv_nsec);
	h = sysctld_cache_mix(h, (uint64_t)st.st_ctim.tv_sec);
	h = sysctld_cache_mix(h, (uint64_t)st.st_ctim.tv_nsec);
	if (st.st_mtim.tv_sec > *newest)
		*newest = st.st_mtim.tv_sec;
	return h;
}

/* The stamp of the directories (a file added, removed or renamed changes
 * one's times) and of the files (a file rewritten in place changes its
 * own). Symbolic links are followed: their target is what is read. */
static uint64_t sysctld_cache_stamp(const char *root, char *const *rels, size_t nr_rels,
				    time_t *newest)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const char *dir;

	*newest = 0;
	for (size_t d = 0; (dir = sysctld_boot_dir(d)); d++)
		h = sysctld_cache_stat(h, root, dir, newest);
	for (size_t i = 0; i < nr_rels; i++)
		h = sysctld_cache_stat(h, root, rels[i], newest);
	return sysctld_cache_mix(h, nr_rels);
}

static bool sysctld_cache_holds(const struct sysctld_cache *c, const char *root,
				const char *const *keys, size_t nr_keys)
{
	time_t newest;

	if (!c->valid || strcmp(c->root, root) || c->nr_keys != nr_keys ||
	    c->writes != sysctld_writes())
		return false;
	for (size_t i = 0; i < nr_keys; i++)
		if (strcmp(c->keys[i], keys[i]))
			return false;
	return sysctld_cache_stamp(root, c->rels, c->nr_rels, &newest) == c->stamp;
}

int sysctld_cache_settings(struct sysctld_cache *c, const char *root, const char *const *keys,
			   size_t nr_keys, struct sysctld_setting *out)
{
	time_t newest;
	int err;

	if (sysctld_cache_holds(c, root, keys, nr_keys)) {
		memcpy(out, c->settings, nr_keys * sizeof(*out));
		return 0;
	}
	sysctld_cache_forget(c);
	/* what may change the files is noted before they are read: a change
	 * during the read shows at the next call */
	c->writes = sysctld_writes();
	err = sysctld_boot_files(root, &c->rels, &c->nr_rels);
	if (err)
		return err;
	c->stamp = sysctld_cache_stamp(root, c->rels, c->nr_rels, &newest);
	sysctld_boot_apply(root, c->rels, c->nr_rels, keys, nr_keys, out);
	c->nr_reads++;
	if (!sysctld_cache_keep(c, root, keys, nr_keys, out)) {
		sysctld_cache_forget(c);
		return 0; /* the settings are right; only not kept */
	}
	c->valid = time(NULL) - newest > SYSCTLD_CACHE_SETTLE_S;
	return 0;
}
