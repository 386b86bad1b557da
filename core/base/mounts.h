/* Mounts, from a mountinfo file (proc(5)): this process's below a proc
 * root, or another mount namespace's through /proc/PID/mountinfo. */
#ifndef BPFKNOBS_BASE_MOUNTS_H
#define BPFKNOBS_BASE_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/procroot.h"

/* One line of a mountinfo file, its fields unescaped (\040 is a space). */
struct mount_entry {
	char *point;         /* where it is mounted: "/sys/fs/bpf" */
	char *options;       /* this mount's options: "rw,nosuid,relatime" */
	char *fstype;        /* "bpf", "cgroup2" */
	char *source;        /* "bpf", "/dev/vda" */
	char *super_options; /* the file system's: "rw,delegate_cmds=prog_load" */
};

/* Splits one mountinfo line (NUL-terminated, its newline optional) in
 * place: e's members point into line. Returns 0, or -EINVAL for a line
 * without the " - " separator or with fields missing. */
int mounts_parse_line(char *line, struct mount_entry *e);

/* Every mount of type fstype (NULL: every mount) in the mountinfo file at
 * path, into a malloc'd array whose members are malloc'd too. Returns 0 or
 * -errno (of fopen, or -ENOMEM). */
int mounts_read(const char *path, const char *fstype, struct mount_entry **out, size_t *nr);
void mounts_entries_free(struct mount_entry *v, size_t nr);

/* The value of name in a comma-separated option list ("rw,mode=700",
 * "mode"): copied into value, true when the option is there (value is ""
 * for an option without "="). A value that does not fit is cut. */
bool mounts_option(const char *options, const char *name, char *value, size_t size);

/* The mount points of file systems of type fstype ("cgroup2", "bpf",
 * "tracefs") in /proc/self/mountinfo below root, into a malloc'd array of
 * malloc'd strings. Returns 0 or -errno. */
int mounts_of_type(const struct procroot *root, const char *fstype, char ***out, size_t *nr);
void mounts_free(char **v, size_t nr);

#endif
