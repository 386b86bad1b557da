/* Keys to actions to reaction flags: a key is looked up in the context of
 * what is open (the dialog, the filter prompt, else the view), the actions
 * that mean the same everywhere are handled once, and the rest go to the
 * dialog's flows, the prompt or the view's own keys (view.h). Actions
 * change the state and return flags; they never draw. No curses. */
#ifndef BPFKNOBS_TUI_ACTIONS_H
#define BPFKNOBS_TUI_ACTIONS_H

#include "model/app.h"
#include "text/keys.h"

/* One key; returns the reaction flags. */
unsigned actions_key(struct app *app, int key);

#endif
