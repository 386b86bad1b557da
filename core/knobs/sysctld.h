/* What the sysctl configuration files will apply at boot, and saving a
 * value to bpfknobs' own drop-in file. Everything below a root directory
 * ("/" on a live system, a fixture tree in tests). */
#ifndef BPFKNOBS_KNOBS_SYSCTLD_H
#define BPFKNOBS_KNOBS_SYSCTLD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/safepath.h"

#define SYSCTLD_DROPIN "etc/sysctl.d/60-bpfknobs.conf"
/* What procps applies after the directories below. */
#define SYSCTLD_CONF "etc/sysctl.conf"
#define SYSCTLD_NR_DIRS 5

/* Far more than any real sysctl file holds (they are a few KB at most). */
#define SYSCTLD_MAX_BYTES (4u << 20)

/* The assignment that wins at boot for one key. */
struct sysctld_setting {
	bool found;
	char value[64];      /* as written in the file, blanks trimmed */
	char file[PATH_MAX]; /* the file it comes from, below the root */
	int line;
	/* A file applied after that assignment (or anywhere, when none was
	 * found) could not be read, so it may set the key: -errno, else 0.
	 * unreadable names it, below the root; unreadable_mode is what it is. */
	int unreadable_error;
	mode_t unreadable_mode;
	char unreadable[PATH_MAX];
};

/* What the files set for several keys in one pass: out[i] for keys[i].
 * Applies the files as systemd-sysctl and "sysctl --system" do: *.conf from
 * /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d
 * and /lib/sysctl.d (a name in an earlier directory hides the same name in a
 * later one), in the lexical order of their names, then /etc/sysctl.conf; the
 * last assignment wins. Keys match with '.' or '/' as separator. Lines
 * are read whole, however long. A file that cannot be read (a FIFO, a
 * device, larger than SYSCTLD_MAX_BYTES, no permission) is recorded in the
 * settings it may decide (unreadable_error), and the rest is read. */
int sysctld_boot_settings(const char *root, const char *const *keys, size_t nr_keys,
			  struct sysctld_setting *out);

/* sysctld_boot_settings() in two steps, for a cache of what the files
 * say (sysctld_cache.h). The files boot applies, in order, as paths below
 * root: the *.conf of the directories, then SYSCTLD_CONF (malloc'd, each
 * malloc'd; 0 or -ENOMEM). */
int sysctld_boot_files(const char *root, char ***rels, size_t *n);
void sysctld_boot_files_free(char **rels, size_t n);
/* What those files set for keys: out[i] for keys[i]. */
void sysctld_boot_apply(const char *root, char *const *rels, size_t n, const char *const *keys,
			size_t nr_keys, struct sysctld_setting *out);
/* The i-th directory of the sysctl files (below the root), NULL past the
 * last. */
const char *sysctld_boot_dir(size_t i);

/* How many sysctl files this process has replaced (sysctld_target_replace()). */
unsigned long sysctld_writes(void);

#define SYSCTLD_MAX_ASSIGNS 16

struct sysctld_assign {
	const char *key;
	long value;
};

/* Sets key = value for each of the n (at most SYSCTLD_MAX_ASSIGNS) assigns
 * in the drop-in file path (relative to root), keeping every other line and
 * comment byte for byte; adds the line of a key that is not there. A key
 * whose last assignment already holds the value is left as it is; when
 * nothing changes the file is not rewritten and *diff is "". Opens the
 * file's directory once (sysctld_target_open()), reads the file and
 * replaces it through that directory: a temporary file in it, fsynced and
 * renamed over the old one, so a crash leaves the old or the new file
 * whole. Refuses a symlink (-ELOOP) anywhere on the way, a directory
 * another user could change (-EPERM), and a FIFO, device or directory in
 * the file's place (-SAFE_READ_ENOTREG) without blocking. With diff
 * non-NULL, stores a malloc'd "-old\n+new\n" description of the change
 * there (before writing). With dry_run, computes the diff and writes
 * nothing. */
int sysctld_save_many(const char *root, const char *path, const struct sysctld_assign *assigns,
		      size_t n, bool dry_run, char **diff);

/* What one file's text (text_len bytes, rel its path below the root) sets,
 * applied over out[] as sysctld_boot_settings() applies each file. */
void sysctld_apply_text(const char *text, size_t text_len, const char *rel,
			const char *const *keys, size_t nr_keys, struct sysctld_setting *out);

/* What sysctld_save_many() writes: old's text with each key's last
 * assignment replaced, or the line added at the end; everything else byte
 * for byte. *new_text (and *diff, when not NULL) are malloc'd. */
int sysctld_edit(const char *old, size_t old_len, const struct sysctld_assign *assigns, size_t n,
		 char **new_text, size_t *new_len, char **diff);

/* Whether boot reads path ("/etc/sysctl.d/60-bpfknobs.conf"): a *.conf
 * directly in one of the sysctl.d directories above, or /etc/sysctl.conf.
 * 0 or -EINVAL. */
int sysctld_check_file(const char *path);

/* [s, end) without the blanks around it (and a line end): the start, and
 * the length in *len. Also used for --check's profile files. */
const char *sysctld_trim(const char *s, const char *end, size_t *len);

/* A sysctl file's directory, opened once below a sysctl root with
 * safepath.h's walk (no symbolic link, every directory from / down root's
 * or the caller's and writable by no one else): every read and write of
 * the file goes through dir_fd, so the file read is the file replaced. */
struct sysctld_target {
	int dir_fd;                     /* -1 when not open */
	char name[NAME_MAX + 1];        /* the file's name in it */
	bool root_is_host;              /* the root is this host's / (not a copy) */
	struct safepath_problem problem; /* why sysctld_target_open() failed */
};

/* Opens rel's directory below root (rel: "etc/sysctl.d/60-bpfknobs.conf").
 * 0 or -errno (safepath_open_dir()'s), with t->problem saying why. */
int sysctld_target_open(const char *root, const char *rel, struct sysctld_target *t);
void sysctld_target_close(struct sysctld_target *t);

/* The file's text (malloc'd, NUL-terminated) and mode; an absent file
 * reads as empty (*text NULL) with mode 0. Never blocks on a FIFO nor
 * reads a device in its place; a link there is -ELOOP. */
int sysctld_target_read(const struct sysctld_target *t, char **text, size_t *len, mode_t *mode);

/* Replaces the file with text atomically (safepath_replace()): a new file
 * gets 0644 (root:root when run as root), an old one keeps at most 0644 of
 * old_mode. 0 or -errno. */
int sysctld_target_replace(const struct sysctld_target *t, const char *text, size_t len,
			   mode_t old_mode);

/* root and a path below it: "/" and "etc/x" give "/etc/x". */
void sysctld_join(const char *root, const char *rel, char *buf, size_t size);

#endif
