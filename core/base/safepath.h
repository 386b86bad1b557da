/* Resolving the paths bpfknobs writes below (a --proc tree, a sysctl root,
 * the --prometheus directory) so that no other user can steer the write.
 * A path given by name is resolved afresh by every call that takes it, so
 * a user who can rename a directory on the way could swap it for a
 * symbolic link between a read and the write. Here a directory is opened
 * once, walking from "/" one component at a time with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) (openat(O_NOFOLLOW) where
 * the kernel has no openat2, before Linux 5.6), and every later read,
 * write, temporary file and rename goes through that directory's fd.
 *
 * Each directory on the way can be checked as logrotate and
 * systemd-tmpfiles check theirs: owned by root or by the calling user, and
 * not writable by its group or by others unless the sticky bit is set
 * (/tmp), since whoever may rename entries in a directory decides what is
 * below it. */
#ifndef BPFKNOBS_BASE_SAFEPATH_H
#define BPFKNOBS_BASE_SAFEPATH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Which directories of a walk must pass the ownership check. */
enum safepath_check {
	SAFEPATH_CHECK_NONE, /* none: only symbolic links and ".." are refused */
	SAFEPATH_CHECK_LAST, /* the directory written into (its parents are walked
			      * without following links, so a parent's owner can at
			      * most put a directory of its own there, which fails) */
	SAFEPATH_CHECK_ALL,  /* every directory from "/" down */
};

/* Why a walk stopped. */
enum safepath_why {
	SAFEPATH_OK,
	SAFEPATH_ERRNO,    /* an open or stat failed: problem->error */
	SAFEPATH_SYMLINK,  /* a component is a symbolic link */
	SAFEPATH_DOTDOT,   /* the path has a ".." component */
	SAFEPATH_NOT_DIR,  /* a component is no directory */
	SAFEPATH_OWNER,    /* a directory is owned by another user */
	SAFEPATH_WRITABLE, /* a directory others may write, without the sticky bit */
};

struct safepath_problem {
	enum safepath_why why;
	int error;           /* the -errno returned */
	char path[PATH_MAX]; /* the component it stopped at, as a path */
	uid_t owner;         /* SAFEPATH_OWNER, SAFEPATH_WRITABLE: that directory's */
	mode_t mode;
};

/* Opens the directory path (relative paths are taken from the current
 * directory's real path), walking from "/" without following any symbolic
 * link and checking the directories that check names. Returns an
 * O_RDONLY|O_DIRECTORY fd, or -errno with *problem saying where and why:
 * -ELOOP (a symbolic link), -EINVAL (".."), -ENOTDIR, -EPERM (owner or
 * permissions), or the open's error. */
int safepath_open_dir(const char *path, enum safepath_check check,
		      struct safepath_problem *problem);

/* The same below an open directory: rel ("etc/sysctl.d") one component at
 * a time; shown is dir_fd's path, for problem->path. With check
 * SAFEPATH_CHECK_LAST only the last directory is checked. */
int safepath_open_below(int dir_fd, const char *shown, const char *rel, enum safepath_check check,
			struct safepath_problem *problem);

/* openat2(dir_fd, name, flags, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), or
 * openat(O_NOFOLLOW) without openat2. name is one component: a name with
 * '/' or "." or ".." is refused (-EINVAL). Returns the fd or -errno. */
int safepath_openat(int dir_fd, const char *name, int flags, mode_t mode);

/* Whether fd is on procfs: the running kernel's /proc (PROC_SUPER_MAGIC). */
bool safepath_is_procfs(int fd);

/* Replaces dir_fd/name with text atomically: a temporary file
 * "name.XXXXXX" created in dir_fd (O_EXCL, never following a link), mode
 * (and owner root:root when run as root), written, fsynced, renamed over
 * name in the same directory, and the directory synced. 0 or -errno;
 * nothing is left behind on failure. A link at name is replaced, never
 * followed. */
int safepath_replace(int dir_fd, const char *name, const char *text, size_t len, mode_t mode);

/* Why a walk stopped, as a sentence without the final period: "/x/t/sys
 * is owned by uid 1000 (alice), not by root: ...". what says what was to
 * be written ("the knob", "the sysctl file"). */
void safepath_explain(const struct safepath_problem *problem, const char *what, char *buf,
		      size_t size);

/* Whether the directory walks use openat2 (false where the kernel has
 * none: each component is then opened with O_NOFOLLOW). */
bool safepath_has_openat2(void);

#endif
