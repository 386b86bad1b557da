/* Saving knob values to a sysctl file, so that boot applies them too: the
 * other half of a commit. Prepared first (the file's directory opened once
 * below the sysctl root, the file read, what it would become as a diff to
 * show), then written whole through the same directory (a temporary file,
 * fsync, rename) after checking that the file is still what the diff was
 * made from, then checked against the files boot reads after it. A save
 * to this host's own files (sysctl root /) is audited, refused or not.
 * Nothing here asks or draws; commit_save_explain() says what happened. */
#ifndef BPFKNOBS_CHANGE_COMMIT_SAVE_H
#define BPFKNOBS_CHANGE_COMMIT_SAVE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "change/commit.h"
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
	bool one_way;            /* a value saved is one-way (kernel.unprivileged_bpf_disabled=1):
				  * every boot will lock the knob, so it needs the consent a
				  * write of it needs (--allow-one-way, a typed yes) */
	bool live;               /* the sysctl root is this host's /: audited */
	bool changed;            /* commit_save_write() found the file changed since the
				  * diff was made: diff is the new one, to show again */
	/* the file as the diff was made from it, and its directory, kept from
	 * the prepare to the write */
	struct sysctld_target target;
	char *old;               /* malloc'd; NULL for no file */
	size_t old_len;
	mode_t old_mode;
	char was[SYSCTLD_MAX_ASSIGNS][64]; /* what the file set each key to, "" for nothing */
};

/* What the write did. */
struct commit_save_outcome {
	int error;     /* 0, or -errno of the write: the file is as it was; -ESTALE
			* when it changed since the diff (save->changed) */
	bool dry_run;  /* checked, nothing written */
	bool audited;  /* a record was due (save->live, not a dry run) */
	enum audit_sink recorded; /* where the records went */
	/* a file boot reads later sets a saved knob otherwise, so it wins at
	 * boot: overridden[i].found for values[i] */
	struct sysctld_setting overridden[SYSCTLD_MAX_ASSIGNS];
};

/* Prepares saving values[0..n) to file below ctx->root->sysctl: fills
 * *save and its diff; writes nothing. 0, or -errno: -ENOENT when this run
 * reads no sysctl files (a --proc tree without a sysctl root), -ENODATA
 * for no values, -E2BIG for more than SYSCTLD_MAX_ASSIGNS, the walk's
 * refusal (-ELOOP, -EPERM: save->target.problem says where), or the
 * file's read error. A refusal of a save to this host's files is audited.
 * commit_save_free() frees it, also after an error. */
int commit_save_prepare(const struct commit_context *ctx, const char *file,
			const struct commit_save_value *values, size_t n, struct commit_save *save);

/* Refuses a prepared one-way save that was not consented to (--set
 * without --allow-one-way): its audit record. */
enum audit_sink commit_save_refuse_one_way(const struct commit_context *ctx,
					   const struct commit_save *save);

/* Writes the prepared values (unless dry_run) if the file is still what
 * the diff was made from, else prepares again (save->changed, the new
 * diff) and returns -ESTALE without writing; then looks for later files
 * that override them at boot. Returns out->error. */
int commit_save_write(const struct commit_context *ctx, struct commit_save *save, bool dry_run,
		      struct commit_save_outcome *out);

/* "Cannot save to FILE: ..." for a commit_save_prepare() error. */
void commit_save_explain_prepare(const struct commit_save *save, int err, char *buf,
				 size_t size);
/* "kernel.unprivileged_bpf_disabled = 1 is one-way: ..." */
void commit_save_explain_one_way(const struct commit_save *save, char *buf, size_t size);
/* "Saved to FILE. ..." with what overrides it at boot, the dry run, or why
 * it could not be written. */
void commit_save_explain(const struct commit_save *save, const struct commit_save_outcome *out,
			 char *buf, size_t size);

void commit_save_free(struct commit_save *save);

#endif
