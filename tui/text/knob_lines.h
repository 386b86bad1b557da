/* What the knob pane says about a knob: its row in the list and the lines of
 * its detail. The sentences come from core (knob_*, report_*, effects_*);
 * this only arranges them. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_KNOB_LINES_H
#define BPFKNOBS_TUI_TEXT_KNOB_LINES_H

#include <stddef.h>

#include "refresh/snapshot.h"
#include "text/text.h"

/* The list row: the value ("2", "528482304", "?" when unreadable) and a
 * short meaning ("disabled, admin may change", or why there is no value). */
void knob_lines_row(const struct snapshot *snap, const struct snapshot_knob *k, char *value,
		  size_t value_size, char *meaning, size_t meaning_size);

/* The detail's title: "net.core.bpf_jit_harden: constant blinding ..." */
void knob_lines_title(const struct snapshot_knob *k, char *buf, size_t size);

/* The detail, wrapped to t's width: the value's meaning, the live
 * cross-effects, every allowed value (the current one marked), default and
 * origin, recommendation and trade-off, who reads and changes it, when a
 * change takes effect, its other effects and the explanation. */
void knob_lines_detail(const struct snapshot *snap, const struct snapshot_knob *k,
		     struct text_lines *t);

#endif
