/* The dialog box over the main screen, as a state machine: PICK a value (or
 * type one), CONFIRM it (y, or "yes" typed in full for a one-way value),
 * SAVE (a file's diff, y), STATS (runtime statistics for this session, y),
 * or a NOTICE. Keys move it between these states and every key but a yes
 * leaves the knobs as they are; what a choice or a yes leads to is for the
 * flows (flows/dialog_change.c, dialog_save.c, dialog_stats.c), which get
 * it as an event. When it closes it may leave one line in the key bar,
 * until the next key. No curses and no browser state: dialog_lines.c
 * builds what the box says, draw/pane_dialog.c draws it. */
#ifndef BPFKNOBS_TUI_MODEL_DIALOG_H
#define BPFKNOBS_TUI_MODEL_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "change/history.h"
#include "text/keys.h"
#include "knobs/knob.h"
#include "text/role.h"
#include "refresh/snapshot.h"
#include "text/text.h"

enum dialog_kind {
	DIALOG_NONE,
	DIALOG_PICK,    /* the allowed values, or a typed one */
	DIALOG_CONFIRM, /* old -> new, what changes, y/N */
	DIALOG_SAVE,    /* the file's diff, y/N */
	DIALOG_NOTICE,  /* a message: an outcome, or why nothing can be changed */
	DIALOG_STATS,   /* runtime statistics for this session: the cost, y/N */
};

/* What a key did, for the flows. */
enum dialog_event {
	DIALOG_EVENT_NONE,   /* nothing */
	DIALOG_EVENT_DRAW,   /* the box changed, or closed */
	DIALOG_EVENT_CHOOSE, /* PICK: a value was chosen (the typed one, else the highlighted) */
	DIALOG_EVENT_APPLY,  /* CONFIRM, SAVE: yes */
};

#define DIALOG_MAX_OPTIONS (KNOB_MAX_CHOICES + 2)

struct commit_save;

struct dialog {
	enum dialog_kind kind;
	const struct knob_def *def;  /* PICK, CONFIRM: the knob, snap->knobs[def->id] */
	long shown;                  /* the value the person saw when it opened */
	char input[48];              /* PICK: the typed value; CONFIRM: the typed "yes" */
	char error[1024];            /* PICK: why the last choice was refused */

	long options[DIALOG_MAX_OPTIONS]; /* PICK: the values offered */
	size_t nr_options, sel;

	long value;                  /* CONFIRM: the chosen value */
	bool need_yes;               /* CONFIRM, SAVE: one-way, so "yes" must be typed */
	bool unrecorded;             /* CONFIRM, SAVE, STATS: audited, but neither journald
				      * nor syslog listens: the box says so */
	size_t undo_of;              /* CONFIRM: the history entry undone, HISTORY_NONE */

	/* SAVE: what goes where, and the diff: the save flow's plan, which it
	 * owns (app.h), shown here */
	const struct commit_save *save;

	char title[256];             /* NOTICE */
	char notice[4096];
	enum role notice_role;

	char status[1024];           /* closed: a one-line outcome in the key bar */
	enum role status_role;
};

void dialog_close(struct dialog *d);

/* PICK over options (the one equal to shown highlighted); first_key, when
 * a digit, is typed already. */
void dialog_pick(struct dialog *d, const struct knob_def *def, long shown, const long *options,
		 size_t nr_options, int first_key);
/* CONFIRM def: shown -> value; undo_of as in struct dialog. */
void dialog_confirm(struct dialog *d, const struct knob_def *def, long shown, long value,
		    size_t undo_of);
void dialog_notice(struct dialog *d, enum role role, const char *title, const char *text);
/* Closes the box and leaves text in the key bar; in a NOTICE when it is
 * wider than the bar's cols. */
void dialog_say(struct dialog *d, int cols, enum role role, const char *text);

/* A key with its action in dialog_context() (KEYS_NONE for a key bound to
 * nothing there, which types); cols for dialog_say(). The actions that
 * mean the same everywhere (quit, redraw) are the caller's. */
enum dialog_event dialog_key(struct dialog *d, int cols, int key, enum keys_action action);

/* The key context of the open dialog, for key lookups and the key bar. */
enum keys_context dialog_context(const struct dialog *d);

/* dialog_lines.c: the box's title and lines at t's width, over the
 * snapshot the dialog was opened on; dry_run: --dry-run. *cursor_line
 * gets the line where typing shows (-1 for none), *cursor_col its column. */
void dialog_lines(const struct dialog *d, const struct snapshot *snap, bool dry_run, char *title,
		  size_t title_size, struct text_lines *t, int *cursor_line, int *cursor_col);

#endif
