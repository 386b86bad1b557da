/* The mount points of a file system type, from /proc/self/mountinfo
 * below a proc root. */
#ifndef BPFKNOBS_BASE_MOUNTS_H
#define BPFKNOBS_BASE_MOUNTS_H

#include <stddef.h>

#include "base/procroot.h"

/* The mount points of file systems of type fstype ("cgroup2", "bpf",
 * "tracefs") in /proc/self/mountinfo below root, into a malloc'd array of
 * malloc'd strings. Returns 0 or -errno. */
int mounts_of_type(const struct procroot *root, const char *fstype, char ***out, size_t *nr);
void mounts_free(char **v, size_t nr);

#endif
