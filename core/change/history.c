#include "change/history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"

static bool history_took_effect(const struct history_entry *e)
{
	return e->out.stage == CHANGE_STAGE_DONE && !e->out.dry_run;
}

int history_add(struct history *h, const struct knob_def *def, const struct change_outcome *out,
		time_t when, size_t undo_of)
{
	struct history_entry *e = VEC_PUSH(h->v, h->nr, h->cap);

	if (!e)
		return -ENOMEM;
	e->when = when;
	e->def = def;
	e->out = *out;
	e->undo_of = undo_of;
	e->undone = false;
	if (undo_of < h->nr - 1 && history_took_effect(e))
		h->v[undo_of].undone = true;
	return 0;
}

size_t history_undo_target(const struct history *h)
{
	for (size_t i = h->nr; i-- > 0;) {
		const struct history_entry *e = &h->v[i];

		if (history_took_effect(e) && !e->undone && e->undo_of == HISTORY_NONE)
			return i;
	}
	return HISTORY_NONE;
}

bool history_changed(const struct history *h, const struct knob_def *def)
{
	for (size_t i = 0; i < h->nr; i++)
		if (h->v[i].def == def && history_took_effect(&h->v[i]))
			return true;
	return false;
}

void history_result(const struct history_entry *e, char *buf, size_t size)
{
	const char *err = e->out.error ? strerrorname_np(-e->out.error) : NULL;

	switch (e->out.stage) {
	case CHANGE_STAGE_DONE:
		snprintf(buf, size, "%s%s", e->out.dry_run ? "dry run, nothing written" : "applied",
			 e->undone ? ", undone later" : "");
		return;
	case CHANGE_STAGE_PARSE:
	case CHANGE_STAGE_PATH:
	case CHANGE_STAGE_VALIDATE:
		snprintf(buf, size, "refused before writing (%s)", err ? err : "?");
		return;
	case CHANGE_STAGE_REREAD:
		if (e->out.error == -ESTALE)
			snprintf(buf, size, "stopped: changed since shown");
		else
			snprintf(buf, size, "stopped: could not re-read (%s)", err ? err : "?");
		return;
	case CHANGE_STAGE_WRITE:
		snprintf(buf, size, "refused by the kernel (%s)", err ? err : "?");
		return;
	case CHANGE_STAGE_VERIFY:
		snprintf(buf, size, "written, but reads back as %ld", e->out.after);
		return;
	}
	snprintf(buf, size, "?");
}

void history_free(struct history *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}
