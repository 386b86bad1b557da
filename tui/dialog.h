/* Changing a knob from the browser: a dialog to pick or type a value, a
 * confirmation that says what will change, the write through core's
 * change_apply(), and a message with what the kernel did. Undo and saving
 * to a sysctl file go through the same confirmation. Every write waits for
 * an explicit y (or a typed "yes" for a one-way value); every other key
 * leaves things as they are. No curses: dialog_text.c builds what the box
 * shows and pane_dialog.c draws it. */
#ifndef BPFKNOBS_TUI_DIALOG_H
#define BPFKNOBS_TUI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "history.h"
#include "keys.h"
#include "knob.h"
#include "role.h"
#include "sysctld.h"
#include "text.h"

struct app;

enum dialog_kind {
	DIALOG_NONE,
	DIALOG_PICK,    /* the allowed values, or a typed one */
	DIALOG_CONFIRM, /* old -> new, what changes, y/N */
	DIALOG_SAVE,    /* the file's diff, y/N */
	DIALOG_NOTICE,  /* a message: an outcome, or why nothing can be changed */
};

#define DIALOG_MAX_OPTIONS (KNOB_MAX_CHOICES + 2)

struct dialog {
	enum dialog_kind kind;
	size_t knob;                 /* index in the snapshot's knobs */
	const struct knob_def *def;
	long shown;                  /* the value the user saw when it opened */
	char input[48];              /* PICK: the typed value; CONFIRM: the typed "yes" */
	char error[1024];            /* PICK: why the last choice was refused */

	long options[DIALOG_MAX_OPTIONS]; /* PICK: the values offered */
	size_t nr_options, sel;

	long value;                  /* CONFIRM: the chosen value */
	bool need_yes;               /* CONFIRM: one-way, so "yes" must be typed */
	size_t undo_of;              /* CONFIRM: the history entry undone, HISTORY_NONE */

	struct sysctld_assign assigns[SYSCTLD_MAX_ASSIGNS]; /* SAVE */
	size_t nr_assigns;
	char *diff;                  /* SAVE: malloc'd */

	char title[256];             /* NOTICE */
	char notice[4096];
	enum role notice_role;
};

/* Enter (or a digit, given as first_key; 0 for none) on the selected knob. */
unsigned dialog_open_change(struct app *app, int first_key);
/* u: the newest change that took effect, back to its old value. */
unsigned dialog_open_undo(struct app *app);
/* S: the knobs changed in this session, else the selected one, to the
 * drop-in file. */
unsigned dialog_open_save(struct app *app);
/* A key while a dialog is open. */
unsigned dialog_key(struct app *app, int key);
void dialog_close(struct dialog *d);

/* The key context of the open dialog, for the key bar. */
enum keys_context dialog_context(const struct dialog *d);

/* dialog_text.c: the box's title and lines at t's width. *cursor_line gets
 * the line where typing shows (-1 for none), *cursor_col its column. */
void dialog_text(const struct app *app, char *title, size_t title_size, struct text_lines *t,
		 int *cursor_line, int *cursor_col);

#endif
