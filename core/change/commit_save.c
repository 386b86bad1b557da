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

/* One record per value: what the file set, the new value, the result. */
static enum audit_sink commit_save_audit(const struct commit_context *ctx,
					 const struct commit_save *save, bool ok,
					 const char *result, int error)
{
	enum audit_sink sink = AUDIT_SINK_JOURNAL;

	for (size_t i = 0; i < save->nr_values; i++) {
		char value[32];
		struct audit_record r = {
			.action = AUDIT_SAVE, .knob = knob_table[save->values[i].knob].name,
			.old_value = save->was[i], .new_value = value, .file = save->path,
			.ok = ok, .result = result, .error = error,
		};

		snprintf(value, sizeof(value), "%ld", save->values[i].value);
		if (commit_audit_send(ctx, &r) == AUDIT_SINK_NONE)
			sink = AUDIT_SINK_NONE;
	}
	return sink;
}

/* The file as it is now through the kept directory, and the diff it
 * would get; save->old and save->diff replaced. */
static int commit_save_read(struct commit_save *save)
{
	struct sysctld_assign assigns[SYSCTLD_MAX_ASSIGNS];
	struct sysctld_setting set[SYSCTLD_MAX_ASSIGNS];
	const char *keys[SYSCTLD_MAX_ASSIGNS];
	char *new_text = NULL;
	size_t new_len;
	int err;

	free(save->old);
	free(save->diff);
	save->old = save->diff = NULL;
	save->old_len = 0;
	err = sysctld_target_read(&save->target, &save->old, &save->old_len, &save->old_mode);
	if (err)
		return err;
	commit_save_assigns(save, assigns);
	err = sysctld_edit(save->old ? save->old : "", save->old_len, assigns, save->nr_values,
			   &new_text, &new_len, &save->diff);
	free(new_text);
	if (err)
		return err;
	for (size_t i = 0; i < save->nr_values; i++)
		keys[i] = assigns[i].key;
	memset(set, 0, sizeof(set));
	if (save->old)
		sysctld_apply_text(save->old, save->old_len, save->file, keys, save->nr_values, set);
	for (size_t i = 0; i < save->nr_values; i++)
		snprintf(save->was[i], sizeof(save->was[i]), "%s", set[i].found ? set[i].value : "");
	return 0;
}

int commit_save_prepare(const struct commit_context *ctx, const char *file,
			const struct commit_save_value *values, size_t n, struct commit_save *save)
{
	const struct procroot *root = ctx->root;
	int err;

	memset(save, 0, sizeof(*save));
	save->target.dir_fd = -1;
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
	for (size_t i = 0; i < n; i++) {
		const struct knob_choice *c;

		if ((unsigned)values[i].knob >= KNOB__COUNT)
			return -EINVAL;
		c = knob_choice_of(&knob_table[values[i].knob], values[i].value);
		save->one_way = save->one_way || (c && c->one_way);
	}
	memcpy(save->values, values, n * sizeof(*values));
	save->nr_values = n;
	err = sysctld_target_open(save->root, save->file, &save->target);
	save->live = save->target.root_is_host;
	if (!err)
		err = commit_save_read(save);
	/* the sentence's words for bpfknobs' own error codes, the errno else */
	if (err && save->live)
		commit_save_audit(ctx, save, false,
				  err == -SAFE_READ_ENOTREG ? "refused: not a regular file, not saved"
				  : err == -EPERM && save->target.problem.why != SAFEPATH_OK
					  ? "refused: a directory on the way is not root's alone"
					  : "refused: not saved",
				  err == -SAFE_READ_ENOTREG ? 0 : err);
	return err;
}

enum audit_sink commit_save_refuse_one_way(const struct commit_context *ctx,
					   const struct commit_save *save)
{
	if (!save->live)
		return AUDIT_SINK_NONE;
	return commit_save_audit(ctx, save, false, "refused: one-way, not consented to", 0);
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

int commit_save_write(const struct commit_context *ctx, struct commit_save *save, bool dry_run,
		      struct commit_save_outcome *out)
{
	struct sysctld_assign assigns[SYSCTLD_MAX_ASSIGNS];
	char *shown = NULL, *now = NULL, *new_text = NULL;
	size_t shown_len = save->old_len, now_len = 0, new_len;
	mode_t mode = 0;

	memset(out, 0, sizeof(*out));
	out->dry_run = dry_run;
	save->changed = false;
	if (dry_run)
		return 0;
	out->audited = save->live;
	/* the file as the diff was shown: if it is not that any more, the
	 * person confirmed something else; show the new diff instead */
	out->error = sysctld_target_read(&save->target, &now, &now_len, &mode);
	shown = save->old;
	if (!out->error && (now_len != shown_len || (shown_len && memcmp(now, shown, now_len)) ||
			    (!now) != (!shown))) {
		out->error = commit_save_read(save);
		if (!out->error) {
			save->changed = true;
			out->error = -ESTALE;
		}
	}
	if (!out->error) {
		commit_save_assigns(save, assigns);
		out->error = sysctld_edit(now ? now : "", now_len, assigns, save->nr_values,
					  &new_text, &new_len, NULL);
	}
	/* Nothing to change: leave the file (and its time stamps) alone. */
	if (!out->error && !(now && new_len == now_len && !memcmp(now, new_text, now_len)))
		out->error = sysctld_target_replace(&save->target, new_text, new_len, mode);
	free(now);
	if (!out->error) {
		/* the file is what this save made it: a second write is a no-op */
		free(save->old);
		save->old = new_text;
		save->old_len = new_len;
		new_text = NULL;
	}
	free(new_text);
	if (save->live)
		out->recorded = commit_save_audit(ctx, save, !out->error,
						  !out->error ? "saved"
						  : out->error == -ESTALE
							  ? "not written: the file changed since the "
							    "diff was shown"
							  : "failed: not saved",
						  out->error);
	if (!out->error)
		commit_save_find_overrides(save, out);
	return out->error;
}

void commit_save_explain_prepare(const struct commit_save *save, int err, char *buf, size_t size)
{
	char why[PATH_MAX + 512];

	switch (err) {
	case -ENOENT:
		if (save->target.problem.why != SAFEPATH_OK)
			break;
		snprintf(buf, size, "The sysctl files are not read for a --proc tree, so there is "
				    "nothing to save to. Give --sysctl-root DIR to use the files "
				    "below DIR.");
		return;
	case -ENODATA:
		snprintf(buf, size, "Nothing to save: no knob value was given.");
		return;
	}
	if (save->target.problem.why != SAFEPATH_OK) {
		safepath_explain(&save->target.problem, "the sysctl file", why, sizeof(why));
		snprintf(buf, size, "Cannot save to %s: %s. Nothing was written.", save->path, why);
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

void commit_save_explain_one_way(const struct commit_save *save, char *buf, size_t size)
{
	size_t used = 0;

	for (size_t i = 0; i < save->nr_values && used < size; i++) {
		const struct knob_def *def = &knob_table[save->values[i].knob];
		const struct knob_choice *c = knob_choice_of(def, save->values[i].value);
		int n;

		if (!c || !c->one_way)
			continue;
		n = snprintf(buf + used, size - used, "%s%s = %ld is one-way: saved, it locks the "
			     "knob at every boot, and only removing the line and rebooting clears "
			     "it.", used ? " " : "", def->name, save->values[i].value);
		used += n > 0 ? (size_t)n : 0;
	}
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
	if (out->error == -ESTALE) {
		snprintf(buf, size, "%s changed since its diff was shown, so nothing was written: "
			 "look at the new diff.", save->path);
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
	free(save->old);
	save->diff = save->old = NULL;
	/* a zeroed save (a dialog never prepared) holds no directory */
	if (save->nr_values || save->file[0])
		sysctld_target_close(&save->target);
}
