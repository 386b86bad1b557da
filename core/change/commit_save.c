#include "change/commit_save.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/safe_read.h"

/* The sysctl keys and values, as sysctld writes them. */
static void commit_save_assigns(const struct commit_save *save, struct sysctld_assign *assigns)
{
	for (size_t i = 0; i < save->nr_values; i++)
		assigns[i] = (struct sysctld_assign){ knob_table[save->values[i].knob].name,
						      save->values[i].value };
}

int commit_save_prepare(const struct procroot *root, const char *file,
			const struct commit_save_value *values, size_t n, struct commit_save *save)
{
	struct sysctld_assign assigns[SYSCTLD_MAX_ASSIGNS];

	memset(save, 0, sizeof(*save));
	file += strspn(file, "/");
	if ((size_t)snprintf(save->file, sizeof(save->file), "%s", file) >= sizeof(save->file))
		return -ENAMETOOLONG;
	snprintf(save->root, sizeof(save->root), "%s", root->sysctl);
	sysctld_join(save->root, save->file, save->path, sizeof(save->path));
	if (!root->sysctl[0])
		return -ENOENT;
	if (!n)
		return -ENODATA;
	if (n > SYSCTLD_MAX_ASSIGNS)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		if ((unsigned)values[i].knob >= KNOB__COUNT)
			return -EINVAL;
	memcpy(save->values, values, n * sizeof(*values));
	save->nr_values = n;
	commit_save_assigns(save, assigns);
	return sysctld_save_many(save->root, save->file, assigns, n, true, &save->diff);
}

/* systemd-sysctl applies the files in order and the last assignment wins:
 * one read after this file undoes the save at every boot. */
static void commit_save_find_overrides(const struct commit_save *save,
				       struct commit_save_outcome *out)
{
	struct sysctld_setting won[SYSCTLD_MAX_ASSIGNS];
	const char *keys[SYSCTLD_MAX_ASSIGNS];
	char ours[PATH_MAX + 2];

	snprintf(ours, sizeof(ours), "/%s", save->file);
	for (size_t i = 0; i < save->nr_values; i++)
		keys[i] = knob_table[save->values[i].knob].name;
	if (sysctld_boot_settings(save->root, keys, save->nr_values, won))
		return; /* out of memory: the save stands, unchecked */
	for (size_t i = 0; i < save->nr_values; i++)
		if (won[i].found && strcmp(won[i].file, ours))
			out->overridden[i] = won[i];
}

int commit_save_write(const struct commit_save *save, bool dry_run,
		      struct commit_save_outcome *out)
{
	struct sysctld_assign assigns[SYSCTLD_MAX_ASSIGNS];

	memset(out, 0, sizeof(*out));
	out->dry_run = dry_run;
	if (dry_run)
		return 0;
	commit_save_assigns(save, assigns);
	out->error = sysctld_save_many(save->root, save->file, assigns, save->nr_values, false, NULL);
	if (!out->error)
		commit_save_find_overrides(save, out);
	return out->error;
}

void commit_save_explain_prepare(const struct commit_save *save, int err, char *buf, size_t size)
{
	switch (err) {
	case -ENOENT:
		snprintf(buf, size, "The sysctl files are not read for a --proc tree, so there is "
				    "nothing to save to. Give --sysctl-root DIR to use the files "
				    "below DIR.");
		return;
	case -ENODATA:
		snprintf(buf, size, "Nothing to save: no knob value was given.");
		return;
	}
	if (err == -SAFE_READ_ENOTREG) {
		struct stat st;

		snprintf(buf, size, "Cannot save to %s: it is %s, not a regular file, so bpfknobs "
				    "neither reads nor replaces it; remove it, or point --save-file at "
				    "a regular file. Nothing was written.", save->path,
			 lstat(save->path, &st) ? "no longer there" : safe_read_type_name(st.st_mode));
		return;
	}
	snprintf(buf, size, "Cannot save to %s: %s%s. Nothing was written.", save->path,
		 strerror(-err), err == -ELOOP ? " (it is a symbolic link, which bpfknobs never "
		 "writes through; point --save-file at the real file)" : "");
}

void commit_save_explain(const struct commit_save *save, const struct commit_save_outcome *out,
			 char *buf, size_t size)
{
	size_t used;
	int n;

	if (out->dry_run) {
		snprintf(buf, size, "Dry run: %s would change as shown. Nothing was written.",
			 save->path);
		return;
	}
	if (out->error) {
		snprintf(buf, size, "Could not save to %s: %s. The file is as it was.", save->path,
			 strerror(-out->error));
		return;
	}
	n = snprintf(buf, size, "Saved to %s. systemd-sysctl applies it at every boot; \"sysctl "
				"--system\" applies it now (the running values already match).",
		     save->path);
	used = n > 0 ? (size_t)n : 0;
	for (size_t i = 0; i < save->nr_values && used < size; i++) {
		const struct sysctld_setting *o = &out->overridden[i];

		if (!o->found)
			continue;
		n = snprintf(buf + used, size - used, "\n\nBut %s line %d sets %s = %s after this "
			     "file, and the last one wins at boot: change or remove that line.",
			     o->file, o->line, knob_table[save->values[i].knob].name, o->value);
		if (n > 0)
			used += (size_t)n;
	}
}

void commit_save_free(struct commit_save *save)
{
	free(save->diff);
	save->diff = NULL;
}
