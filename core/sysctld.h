/* What the sysctl configuration files will apply at boot, and saving a
 * value to bpfknobs' own drop-in file. Everything below a root directory
 * ("/" on a live system, a fixture tree in tests). */
#ifndef BPFKNOBS_SYSCTLD_H
#define BPFKNOBS_SYSCTLD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define SYSCTLD_DROPIN "etc/sysctl.d/60-bpfknobs.conf"

/* The assignment that wins at boot for one key. */
struct sysctld_setting {
	bool found;
	char value[64];      /* as written in the file, blanks trimmed */
	char file[PATH_MAX]; /* the file it comes from, below the root */
	int line;
};

/* Applies the files as systemd-sysctl and "sysctl --system" do: *.conf from
 * /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d
 * and /lib/sysctl.d (a name in an earlier directory hides the same name in a
 * later one), in the lexical order of their names, then /etc/sysctl.conf; the
 * last assignment wins. Keys match with '.' or '/' as separator. */
int sysctld_boot_setting(const char *root, const char *key, struct sysctld_setting *out);

/* Sets key = value in the drop-in file path (relative to root), keeping every
 * other line and comment byte for byte; adds the line if the key is not
 * there. Writes a temporary file in the same directory, fsyncs it and
 * renames it over the old one, so a crash leaves the old or the new file
 * whole. Refuses a symlink (-ELOOP). With diff non-NULL, stores a malloc'd
 * "-old\n+new\n" description of the change there (before writing). With
 * dry_run, computes the diff and writes nothing. */
int sysctld_save(const char *root, const char *path, const char *key, long value, bool dry_run,
		 char **diff);

#endif
