/* A fingerprint of what the screen shows, so the main loop can tell that a
 * refresh changed nothing visible and skip drawing. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_DIGEST_H
#define BPFKNOBS_TUI_TEXT_DIGEST_H

#include <stdint.h>

#include "refresh/snapshot.h"
#include "text/text.h"

/* Of everything in the snapshot the screens can show: host, kernel,
 * privileges, every knob's reading, and every program's fields. */
uint64_t digest_snapshot(const struct snapshot *snap);

/* Of a text's lines (for screens whose text also depends on the clock). */
uint64_t digest_lines(const struct text_lines *t);

#endif
