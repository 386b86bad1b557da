/* Changing a knob from the browser, and undoing a change: the dialog asks
 * (pick or type a value, confirm it), core's commit does the rest
 * (commit_change(): re-read, write once, read back, audit, history), and
 * this says what happened. Every function returns reaction flags. */
#ifndef BPFKNOBS_TUI_FLOWS_DIALOG_CHANGE_H
#define BPFKNOBS_TUI_FLOWS_DIALOG_CHANGE_H

#include <stdbool.h>

#include "change/commit.h"
#include "model/app.h"

/* Enter (or a digit, given as first_key; 0 for none) on the selected knob. */
unsigned dialog_change_open(struct app *app, int first_key);
/* Enter in PICK: the value chosen, refused with the reason or on to CONFIRM. */
unsigned dialog_change_choose(struct app *app);
/* y (or "yes") in CONFIRM: the commit, then what the kernel did. */
unsigned dialog_change_apply(struct app *app);
/* u: the newest change that took effect, back to its old value, through
 * the same confirmation. */
unsigned dialog_change_undo(struct app *app);

/* What every commit of this run shares; env points into the snapshot. */
void dialog_change_context(struct app *app, struct knob_env *env, struct commit_context *ctx);

/* Whether this run may not change knobs (--read-only, or no CAP_SYS_ADMIN);
 * when so, says why (for def, or for changing in general when NULL: undo,
 * save) and returns true. */
bool dialog_change_refused(struct app *app, const struct knob_def *def);

#endif
