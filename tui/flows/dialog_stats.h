/* Runtime statistics for this session, from the browser: t (or --stats at
 * start) asks with the cost and when they end, y has core hold them
 * (stats_session.c, audited), t again lets go. Reaction flags. */
#ifndef BPFKNOBS_TUI_FLOWS_DIALOG_STATS_H
#define BPFKNOBS_TUI_FLOWS_DIALOG_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "refresh/snapshot.h"
#include "text/text.h"

struct app;

/* t: the confirmation when this browser holds nothing, else let go. */
unsigned dialog_stats_toggle(struct app *app);
/* y in the confirmation. */
unsigned dialog_stats_apply(struct app *app);
/* The exit: let go (audited). The kernel would drop the share anyway. */
void dialog_stats_end(struct app *app);

#endif
