#include "base/procroot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "base/safe_read.h"

static int procroot_copy(char *dst, size_t size, const char *src)
{
	int n = snprintf(dst, size, "%s", src);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int procroot_init(struct procroot *root, const char *proc_dir)
{
	struct statfs sfs;
	int n;

	/* --proc naming a procfs mount (/proc, /proc/self/root/proc...) reads
	 * the running kernel: live, and what is changed there is audited */
	root->live = proc_dir == NULL ||
		     (!statfs(proc_dir, &sfs) && sfs.f_type == PROC_SUPER_MAGIC);
	root->no_iterator = false;
	root->sysctl[0] = '\0';
	if (root->live) {
		procroot_copy(root->sysctl, sizeof(root->sysctl), "/");
		if (procroot_copy(root->proc, sizeof(root->proc), proc_dir ? proc_dir : "/proc"))
			return -ENAMETOOLONG;
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

int procroot_read_mode(const struct procroot *root, const char *rel, char *buf, size_t size,
		       size_t *len, mode_t *mode)
{
	char path[PATH_MAX];
	int err = procroot_path(root, rel, path, sizeof(path));

	if (mode)
		*mode = 0;
	return err ? err : safe_read_buf(path, buf, size, len, mode);
}

int procroot_read(const struct procroot *root, const char *rel, char *buf, size_t size,
		  size_t *len)
{
	return procroot_read_mode(root, rel, buf, size, len, NULL);
}
