/* What the dialog box says: built from core's sentences, wrapped to the
 * box's width. No curses. */
#include <stdio.h>
#include <string.h>

#include "change/audit.h"
#include "change/change.h"
#include "change/commit_save.h"
#include "model/dialog.h"
#include "stats/stats_state.h"
#include "knobs/effects.h"
#include "reach/reach_text.h"

#define DIALOG_LABEL 10 /* "New value " */
#define DIALOG_MAX_PREVIEW 8

#define DIALOG_STATS_LABEL 10

/* A try that would be recorded nowhere says so before the yes. */
static void dialog_lines_unrecorded(const struct dialog *d, struct text_lines *t)
{
	char text[256];

	if (!d->unrecorded)
		return;
	audit_unrecorded_text(text, sizeof(text));
	text_lines_wrap(t, ROLE_WARN, "Audit:", DIALOG_LABEL, text);
}

/* t: the statistics confirmation. */
static void dialog_lines_stats(const struct dialog *d, const struct snapshot *snap, bool dry_run,
			       char *title, size_t title_size, struct text_lines *t)
{
	const struct stats_state *st = &snap->progs.stats;
	char text[1024], state[768];

	snprintf(title, title_size, "Runtime statistics for this session");
	stats_state_text(st, state, sizeof(state));
	text_lines_wrap(t, ROLE_NORMAL, "Now:", DIALOG_STATS_LABEL, state);
	text_lines_wrap(t, ROLE_WARN, "Cost:", DIALOG_STATS_LABEL,
			"The kernel times every run of every BPF program on this host, for "
			"everyone: tens of nanoseconds per run, which adds up on a busy hook "
			"(XDP, tc, tracing).");
	text_lines_wrap(t, ROLE_NORMAL, "Ends:", DIALOG_STATS_LABEL,
			"When you press t again or this browser exits, also by a crash or a "
			"kill: the kernel drops this browser's share when its file descriptor "
			"closes.");
	snprintf(text, sizeof(text), "kernel.bpf_stats_enabled is not changed%s.",
		 st->sysctl == 0 ? " (it keeps reading 0)" : "");
	text_lines_wrap(t, ROLE_NORMAL, "Sysctl:", DIALOG_STATS_LABEL, text);
	text_lines_wrap(t, ROLE_NORMAL, "Shows:", DIALOG_STATS_LABEL,
			"RUNS/S, AVG NS and CPU% (of one core) for each program, over each "
			"refresh interval; a program's details add its last minute.");
	text_lines_wrap(t, ROLE_NORMAL, "Same as:", DIALOG_STATS_LABEL,
			"what bpftop does: bpf(BPF_ENABLE_STATS, BPF_STATS_RUN_TIME), holding "
			"the file descriptor. Recorded in the journal or syslog.");
	dialog_lines_unrecorded(d, t);
	if (dry_run)
		text_lines_wrap(t, ROLE_WARN, "Dry run:", DIALOG_STATS_LABEL,
				"bpfknobs turns nothing on (--dry-run).");
	text_lines_blank(t);
	text_lines_wrap(t, ROLE_HEAD, "", 0, dry_run
			? "Go through with the dry run? y: yes; n, Esc or Enter: no [y/N]"
			: "Turn them on? y: yes; n, Esc or Enter: no [y/N]");
}

static void dialog_lines_paragraphs(struct text_lines *t, enum role first, const char *text)
{
	char para[2048];
	enum role role = first;

	while (*text) {
		const char *end = strstr(text, "\n\n");
		size_t len = end ? (size_t)(end - text) : strlen(text);

		snprintf(para, sizeof(para), "%.*s", (int)len, text);
		text_lines_wrap(t, role, "", 0, para);
		role = ROLE_NORMAL;
		text += len;
		if (end) {
			text_lines_blank(t);
			text += 2;
		}
	}
}

/* An offered value: "2  hardened for everyone: ..." with its status. */
static void dialog_lines_option(const struct dialog *d, const struct snapshot *snap,
				const struct snapshot_knob *k, long value, bool selected,
				struct text_lines *t)
{
	const struct knob_choice *c = knob_choice_of(d->def, value);
	struct knob_env env;
	char text[1024], label[48];
	long dflt;

	snapshot_knob_env(snap, &env);
	if (c) {
		knob_choice_text(d->def, &env, &k->reading, c, text, sizeof(text));
	} else {
		knob_format_value(d->def, value, text, sizeof(text));
		if (!knob_default(d->def, &env, &dflt) && dflt == value)
			strncat(text, ": the default", sizeof(text) - strlen(text) - 1);
	}
	if (value == d->shown) {
		char now[1024];

		snprintf(now, sizeof(now), "(now) %s", text);
		memcpy(text, now, sizeof(text));
	}
	snprintf(label, sizeof(label), "%s %ld", selected ? text_glyphs(t->utf8)->current : " ",
		 value);
	if (c || d->def->kind != KNOB_BYTES) {
		text_lines_wrap(t, selected ? ROLE_SELECT : ROLE_NORMAL, label, 5, text);
	} else {
		snprintf(label, sizeof(label), "%s ", selected ? text_glyphs(t->utf8)->current : " ");
		text_lines_wrap(t, selected ? ROLE_SELECT : ROLE_NORMAL, label, 2, text);
	}
	if (selected) /* the whole option in the selection's look, label too */
		for (size_t i = 0; i < t->nr; i++)
			if (t->v[i].role == ROLE_SELECT)
				t->v[i].label_cols = 0;
}

static void dialog_lines_pick(const struct dialog *d, const struct snapshot *snap, char *title,
			      size_t title_size, struct text_lines *t, int *cursor_line,
			      int *cursor_col)
{
	const struct snapshot_knob *k = &snap->knobs[d->def->id];
	struct knob_env env;
	char text[1024], line[128];

	snapshot_knob_env(snap, &env);
	snprintf(title, title_size, "Change %s", d->def->name);
	knob_value_meaning(d->def, d->shown, text, sizeof(text));
	text_lines_wrap(t, ROLE_NORMAL, "Now:", DIALOG_LABEL, text);
	knob_writable_summary(d->def, &env, &k->reading, text, sizeof(text));
	text_lines_wrap(t, ROLE_NORMAL, "Takes:", DIALOG_LABEL, text);
	text_lines_blank(t);
	for (size_t i = 0; i < d->nr_options; i++)
		dialog_lines_option(d, snap, k, d->options[i], i == d->sel && !d->input[0], t);
	text_lines_blank(t);
	snprintf(line, sizeof(line), "%-*s%s", DIALOG_LABEL, "Or type:", d->input);
	*cursor_line = (int)t->nr;
	*cursor_col = DIALOG_LABEL + text_width(d->input, t->utf8);
	text_lines_add(t, ROLE_LABEL, line);
	t->v[t->nr - 1].label_cols = DIALOG_LABEL;
	t->v[t->nr - 1].role = ROLE_NORMAL;
	if (d->def->kind == KNOB_BYTES)
		text_lines_wrap(t, ROLE_DIM, "", DIALOG_LABEL, "bytes, or with K, M or G (512M)");
	if (d->error[0]) {
		text_lines_blank(t);
		text_lines_wrap(t, ROLE_ERROR, "", 0, d->error);
	}
}

/* "Type yes": the line the typed word shows on, and where the cursor is. */
static void dialog_lines_type_yes(const struct dialog *d, struct text_lines *t, int *cursor_line,
				  int *cursor_col)
{
	char text[128];

	text_lines_wrap(t, ROLE_HEAD, "", 0, "Type yes and press Enter to write it; Esc cancels.");
	snprintf(text, sizeof(text), "%-*s%s", DIALOG_LABEL, "Confirm:", d->input);
	*cursor_line = (int)t->nr;
	*cursor_col = DIALOG_LABEL + text_width(d->input, t->utf8);
	text_lines_add(t, ROLE_NORMAL, text);
	t->v[t->nr - 1].label_cols = DIALOG_LABEL;
}

static void dialog_lines_confirm(const struct dialog *d, const struct snapshot *snap, bool dry_run,
				 char *title, size_t title_size, struct text_lines *t,
				 int *cursor_line, int *cursor_col)
{
	struct knob_values values;
	struct effects_line preview[DIALOG_MAX_PREVIEW];
	const char *arrow = t->utf8 ? "→" : "->";
	char text[1024], cmd[128];
	size_t n;

	snprintf(title, title_size, "%s %s", d->undo_of != HISTORY_NONE ? "Undo: change back"
				   : "Confirm: change", d->def->name);
	snprintf(text, sizeof(text), "%s %ld %s %ld", d->def->name, d->shown, arrow, d->value);
	text_lines_wrap(t, ROLE_HEAD, "Change:", DIALOG_LABEL, text);
	knob_value_meaning(d->def, d->value, text, sizeof(text));
	text_lines_wrap(t, ROLE_NORMAL, "Means:", DIALOG_LABEL, text);
	snapshot_knob_values(snap, &values);
	n = effects_preview(&values, snap->kver, d->def, d->value, preview, DIALOG_MAX_PREVIEW);
	for (size_t i = 0; i < n; i++)
		text_lines_wrap(t, ROLE_WARN, i ? "" : "Effect:", DIALOG_LABEL, preview[i].text);
	if (knob_decides_user_loads(d->def)) {
		const struct knob_choice *c = knob_choice_of(d->def, d->value);
		char now[512], after[768], users[1536];

		/* from the probes (reach/): what a plain user loads now, and then */
		reach_user_now_text(&snap->reach, now, sizeof(now));
		reach_user_after_text(&snap->reach, c && c->opens_to_users, after, sizeof(after));
		snprintf(users, sizeof(users), "A plain user (uid 65534, no capabilities) loads now: "
			 "%s. After: %s. The probes run again after the change (w shows them).", now,
			 after);
		text_lines_wrap(t, ROLE_WARN, "Users:", DIALOG_LABEL, users);
	}
	text_lines_wrap(t, ROLE_NORMAL, "When:", DIALOG_LABEL, d->def->takes_effect);
	change_sysctl_command(d->def, d->value, cmd, sizeof(cmd));
	text_lines_wrap(t, ROLE_NORMAL, "Same as:", DIALOG_LABEL, cmd);
	if (dry_run)
		text_lines_wrap(t, ROLE_WARN, "Dry run:", DIALOG_LABEL,
				"bpfknobs checks everything but writes nothing (--dry-run).");
	else
		dialog_lines_unrecorded(d, t);
	text_lines_blank(t);
	if (d->need_yes) {
		snprintf(text, sizeof(text), "%s=%ld is one-way: once it is set, the kernel refuses "
			 "any other value until reboot. This cannot be undone, not even with u.",
			 d->def->name, d->value);
		text_lines_wrap(t, ROLE_ERROR, "", 0, text);
		dialog_lines_type_yes(d, t, cursor_line, cursor_col);
		return;
	}
	text_lines_wrap(t, ROLE_HEAD, "", 0, dry_run
			? "Go through with the dry run? y: yes; n, Esc or Enter: no [y/N]"
			: "Write it? y: yes; n, Esc or Enter: no [y/N]");
}

/* A path is one long word: cut it into lines rather than behind an ellipsis. */
static void dialog_lines_path(struct text_lines *t, const char *label, const char *path)
{
	int avail = t->cols - DIALOG_LABEL;
	char chunk[PATH_MAX];

	do {
		size_t n = avail > 0 ? text_prefix(path, avail, t->utf8) : strlen(path);

		if (!n || n >= sizeof(chunk))
			n = strlen(path) < sizeof(chunk) ? strlen(path) : sizeof(chunk) - 1;
		memcpy(chunk, path, n);
		chunk[n] = '\0';
		text_lines_wrap(t, ROLE_NORMAL, label, DIALOG_LABEL, chunk);
		label = "";
		path += n;
	} while (*path);
}

static void dialog_lines_save(const struct dialog *d, const struct snapshot *snap, bool dry_run,
			      char *title, size_t title_size, struct text_lines *t,
			      int *cursor_line, int *cursor_col)
{
	const struct commit_save *save = d->save;
	const char *p = save->diff ? save->diff : "";
	char text[1024];

	snprintf(title, title_size, "Save to a sysctl file");
	if (save->changed)
		text_lines_wrap(t, ROLE_WARN, "", 0, "The file changed since its diff was shown, "
				"and nothing was written: this is what it would change now.");
	dialog_lines_path(t, "File:", save->path);
	for (size_t i = 0; i < save->nr_values; i++) {
		const struct commit_save_value *v = &save->values[i];

		if ((size_t)v->knob >= snap->nr_knobs)
			continue;
		snprintf(text, sizeof(text), "%s = %ld (boot gives %ld now)", knob_table[v->knob].name,
			 v->value, snap->knobs[v->knob].drift.boot_value);
		text_lines_wrap(t, ROLE_NORMAL, i ? "" : "Saves:", DIALOG_LABEL, text);
	}
	text_lines_blank(t);
	text_lines_add(t, ROLE_LABEL, "The file changes so:");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		snprintf(text, sizeof(text), "  %.*s", (int)len, p);
		text_lines_add(t, *p == '+' ? ROLE_GOOD : ROLE_ERROR, text);
		p += len + (nl ? 1 : 0);
	}
	if (!save->diff || !*save->diff)
		text_lines_add(t, ROLE_NORMAL, "  (it holds these values already)");
	text_lines_blank(t);
	text_lines_wrap(t, ROLE_DIM, "", 0, "Written whole: a temporary file in the same "
			"directory, fsync, then rename. Every other line stays as it is. "
			"systemd-sysctl applies the file at every boot.");
	if (dry_run)
		text_lines_wrap(t, ROLE_WARN, "Dry run:", DIALOG_LABEL,
				"bpfknobs writes nothing (--dry-run).");
	else
		dialog_lines_unrecorded(d, t);
	if (d->need_yes) {
		text_lines_blank(t);
		commit_save_explain_one_way(save, text, sizeof(text));
		text_lines_wrap(t, ROLE_ERROR, "", 0, text);
		dialog_lines_type_yes(d, t, cursor_line, cursor_col);
		return;
	}
	text_lines_wrap(t, ROLE_HEAD, "", 0, "Write it? y: yes; n, Esc or Enter: no [y/N]");
}

void dialog_lines(const struct dialog *d, const struct snapshot *snap, bool dry_run, char *title,
		  size_t title_size, struct text_lines *t, int *cursor_line, int *cursor_col)
{
	*cursor_line = -1;
	*cursor_col = 0;
	title[0] = '\0';
	switch (d->kind) {
	case DIALOG_PICK:
		if ((size_t)d->def->id < snap->nr_knobs)
			dialog_lines_pick(d, snap, title, title_size, t, cursor_line, cursor_col);
		return;
	case DIALOG_CONFIRM:
		dialog_lines_confirm(d, snap, dry_run, title, title_size, t, cursor_line, cursor_col);
		return;
	case DIALOG_SAVE:
		dialog_lines_save(d, snap, dry_run, title, title_size, t, cursor_line, cursor_col);
		return;
	case DIALOG_STATS:
		dialog_lines_stats(d, snap, dry_run, title, title_size, t);
		return;
	case DIALOG_NOTICE:
		snprintf(title, title_size, "%s", d->title);
		dialog_lines_paragraphs(t, d->notice_role, d->notice);
		return;
	case DIALOG_NONE:
		break;
	}
}
