/* Saving knobs to a sysctl file from the browser: which knobs, the diff to
 * confirm, and what the save did. Core prepares and writes the file
 * (commit_save.h); this picks the knobs and shows. Reaction flags out. */
#ifndef BPFKNOBS_TUI_FLOWS_DIALOG_SAVE_H
#define BPFKNOBS_TUI_FLOWS_DIALOG_SAVE_H

#include "model/app.h"

/* S: the knobs changed in this session, else the selected one, as the
 * drop-in file would change, to confirm. */
unsigned dialog_save_open(struct app *app);
/* y in SAVE: the write (or, in a dry run, none), and what it did. */
unsigned dialog_save_apply(struct app *app);

#endif
