/* Where bpfknobs reads the kernel from: /proc on a live system, or a captured
 * or fixture tree given with --proc DIR. Every read of the knobs, the
 * kernel's facts and config, and the processes' fds goes through here, so
 * tests can point the model at a directory. Only what no captured tree can
 * answer is read from the running system directly: the attachment sources
 * (bpffs pins, the cgroup2 and tracefs mounts, /proc/self/ns/net), which
 * run only when live, like every bpf() call, and this process's own
 * /proc/self/loginuid for the audit record. */
#ifndef BPFKNOBS_BASE_PROCROOT_H
#define BPFKNOBS_BASE_PROCROOT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct procroot {
	char proc[PATH_MAX]; /* "/proc", or the --proc directory */
	char boot[PATH_MAX]; /* where config-<release> lives: "/boot", or DIR/boot */
	bool live;           /* reading the running kernel's own /proc: no --proc, or a
			      * --proc directory on procfs */
	/* Where the sysctl configuration files are (etc/sysctl.d/... below
	 * it): "/" for the live kernel, "" (not read) for a --proc tree unless
	 * one is given, since another host's tree says nothing of this one's. */
	char sysctl[PATH_MAX];
	/* Find the processes holding BPF objects by reading /proc only, never
	 * loading bpfknobs' iterator into the kernel (--no-iterator). */
	bool no_iterator;
};

/* proc_dir NULL means the live /proc; so does a proc_dir on procfs
 * (PROC_SUPER_MAGIC), read there. Returns -ENAMETOOLONG for a path that
 * does not fit. Does not check that the directory exists. */
int procroot_init(struct procroot *root, const char *proc_dir);

/* Reads the sysctl configuration files below dir instead. */
int procroot_set_sysctl(struct procroot *root, const char *dir);

/* Joins root->proc and rel ("sys/net/core/bpf_jit_harden") into buf. */
int procroot_path(const struct procroot *root, const char *rel, char *buf, size_t size);

/* Reads at most size-1 bytes of a small file below the root into buf and
 * NUL-terminates it; *len gets the byte count. Never blocks (safe_read.h):
 * returns -errno of open/read, -SAFE_READ_ENOTREG for a FIFO, a device or a
 * directory, -EFBIG when the file holds more than fits. */
int procroot_read(const struct procroot *root, const char *rel, char *buf, size_t size,
		  size_t *len);
/* The same; *mode gets what the file is (st_mode, 0 when absent), which
 * safe_read_explain() names. */
int procroot_read_mode(const struct procroot *root, const char *rel, char *buf, size_t size,
		       size_t *len, mode_t *mode);

#endif
