/* Numbers from /proc/<pid>/fdinfo/<fd>: the kernel prints one "key:\t<n>"
 * line per fact of a BPF object's fd (bpf_prog_show_fdinfo(),
 * bpf_link_show_fdinfo(), bpf_map_show_fdinfo() in kernel/bpf/syscall.c):
 * "memlock:\t4096", "prog_id:\t42". One strict reader for all of them. */
#ifndef BPFKNOBS_BASE_FDINFO_H
#define BPFKNOBS_BASE_FDINFO_H

#include <stdint.h>

#include "base/procroot.h"

/* The number of the first line of text that starts with key ("memlock:"):
 * blanks, then decimal digits, then the line's end; nothing else. 0, or
 * -ENOENT when no line starts with key, -EINVAL when its value is not such
 * a number ("12 ", "x", "-1"), -ERANGE when it does not fit 64 bits. */
int fdinfo_u64(const char *text, const char *key, uint64_t *out);

/* fdinfo_u64() of this process's own fd, read below root
 * (root->proc/self/fdinfo/<fd>); -errno of the read when it fails. */
int fdinfo_own_u64(const struct procroot *root, int fd, const char *key, uint64_t *out);

#endif
