/* Saving knob values to a sysctl file, so that boot applies them too: the
 * other half of a commit. Prepared first (what the file would become, as a
 * diff to show), then written whole (sysctld_save_many(): a temporary
 * file, fsync, rename), then checked against the files boot reads after
 * it. Nothing here asks or draws; commit_save_explain() says what
 * happened. */
#ifndef BPFKNOBS_CHANGE_COMMIT_SAVE_H
#define BPFKNOBS_CHANGE_COMMIT_SAVE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "knobs/knob.h"
#include "base/procroot.h"
#include "knobs/sysctld.h"

struct commit_save_value {
	enum knob_id knob;
	long value;
};

/* A prepared save. */
struct commit_save {
	char root[PATH_MAX];     /* the sysctl root the file is below */
	char file[PATH_MAX];     /* "etc/sysctl.d/60-bpfknobs.conf" */
	char path[PATH_MAX * 2]; /* the two joined, for people */
	struct commit_save_value values[SYSCTLD_MAX_ASSIGNS];
	size_t nr_values;
	char *diff;              /* malloc'd "-old line\n+new line\n"; "" when the file
				  * holds the values already */
};

/* What the write did. */
struct commit_save_outcome {
	int error;     /* 0, or -errno of the write: the file is as it was */
	bool dry_run;  /* checked, nothing written */
	/* a file boot reads later sets a saved knob otherwise, so it wins at
	 * boot: overridden[i].found for values[i] */
	struct sysctld_setting overridden[SYSCTLD_MAX_ASSIGNS];
};

/* Prepares saving values[0..n) to file below root->sysctl: fills *save
 * and its diff; writes nothing. 0, or -errno: -ENOENT when this run reads
 * no sysctl files (a --proc tree without a sysctl root), -ENODATA for no
 * values, -E2BIG for more than SYSCTLD_MAX_ASSIGNS, -ELOOP when the file
 * is a symbolic link (never written through), or the file's read error.
 * commit_save_free() frees it, also after an error. */
int commit_save_prepare(const struct procroot *root, const char *file,
			const struct commit_save_value *values, size_t n, struct commit_save *save);

/* Writes the prepared values (unless dry_run), then looks for later files
 * that override them at boot. Returns out->error. */
int commit_save_write(const struct commit_save *save, bool dry_run,
		      struct commit_save_outcome *out);

/* "Cannot save to FILE: ..." for a commit_save_prepare() error. */
void commit_save_explain_prepare(const struct commit_save *save, int err, char *buf,
				 size_t size);
/* "Saved to FILE. ..." with what overrides it at boot, the dry run, or why
 * it could not be written. */
void commit_save_explain(const struct commit_save *save, const struct commit_save_outcome *out,
			 char *buf, size_t size);

void commit_save_free(struct commit_save *save);

#endif
