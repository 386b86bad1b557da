/* The history view's text: one line per change tried in this session. No
 * curses. */
#ifndef BPFKNOBS_TUI_TEXT_HISTORY_LINES_H
#define BPFKNOBS_TUI_TEXT_HISTORY_LINES_H

#include "change/history.h"
#include "text/text.h"

/* "12:03:04  net.core.bpf_jit_harden  0 -> 2  applied", newest last. */
void history_lines_build(const struct history *h, bool dry_run, struct text_lines *t);

#endif
