/* The help screen's text, generated from the key table. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_HELP_H
#define BPFKNOBS_TUI_TEXT_HELP_H

#include "text/keys.h"
#include "text/text.h"

/* Every action of every context with all its keys, then a few notes on
 * what the screen shows. interval: the refresh interval in seconds. */
void help_build(struct text_lines *t, double interval);

/* "Esc, q, Left" for action in context; "" when it has no key there. */
void help_keys_of(enum keys_action action, enum keys_context context, char *buf, size_t size);

#endif
