/* The changes made in this session, oldest first: what the history view
 * lists and what undo walks back through. */
#ifndef BPFKNOBS_CHANGE_HISTORY_H
#define BPFKNOBS_CHANGE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "change/change.h"

#define HISTORY_NONE ((size_t)-1)

struct history_entry {
	time_t when;
	const struct knob_def *def;
	struct change_outcome out;
	size_t undo_of; /* the entry this one undoes, HISTORY_NONE for a change */
	bool undone;    /* a later entry put the old value back */
};

struct history {
	struct history_entry *v;
	size_t nr, cap;
};

/* Records an attempt, whatever its outcome. When it undoes an entry and the
 * old value is back, that entry is marked undone. Returns 0 or -ENOMEM. */
int history_add(struct history *h, const struct knob_def *def, const struct change_outcome *out,
		time_t when, size_t undo_of);

/* The newest change that took effect and is not undone yet (undoes are not
 * undone again: u walks back). HISTORY_NONE when there is none. */
size_t history_undo_target(const struct history *h);

/* Whether def was changed in this session (a change that took effect). */
bool history_changed(const struct history *h, const struct knob_def *def);

/* "applied", "dry run", "refused by the kernel: EINVAL", "stopped: changed
 * since shown", ... */
void history_result(const struct history_entry *e, char *buf, size_t size);

void history_free(struct history *h);

#endif
