/* The bars around the panes: the header (host, kernel, privileges, JIT
 * symbols), the key bar generated from the key table, the filter prompt,
 * and the message for a terminal that is too small. They only read the
 * state. */
#ifndef BPFKNOBS_TUI_DRAW_BARS_H
#define BPFKNOBS_TUI_DRAW_BARS_H

#include "model/app.h"
#include "text/keys.h"

/* The header's rows at a width: 2, or 3 when its two fields need a row
 * each. */
int bars_header_rows(const struct app *app, int cols);
void bars_header(const struct app *app);
/* The key bar of context, or the line the last dialog left there. */
void bars_keys(const struct app *app, enum keys_context context);
void bars_prompt(const struct app *app);
void bars_too_small(void);

#endif
