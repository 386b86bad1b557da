#include "text/history_lines.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "knobs/effects.h"
#include "text/role.h"

#define HISTTEXT_FULL_NAMES 100 /* from this width "net.core.bpf_jit_harden" */

static const char *history_lines_name(const struct history_entry *e, bool full)
{
	return full ? e->def->name : effects_short_name(e->def->name);
}

/* "0 → 2 (undo)" */
static void history_lines_change(const struct history_entry *e, bool utf8, char *buf, size_t size)
{
	snprintf(buf, size, "%ld %s %ld%s", e->out.shown, utf8 ? "→" : "->", e->out.requested,
		 e->undo_of != HISTORY_NONE ? " (undo)" : "");
}

void history_lines_build(const struct history *h, bool dry_run, struct text_lines *t)
{
	bool full = t->cols >= HISTTEXT_FULL_NAMES;
	int name_cols = 4, change_cols = 6; /* "KNOB", "CHANGE" */
	char line[512], when[16], result[128], change[64], prefix[256];

	if (!h->nr) {
		text_lines_wrap(t, ROLE_DIM, " ", 1, "No change has been tried in this session. Every "
				"try, written or refused, is listed here, and recorded in the journal "
				"(or syslog) when it concerns the running kernel.");
		return;
	}
	if (dry_run)
		text_lines_wrap(t, ROLE_WARN, " ", 1, "Dry run (--dry-run): nothing was written.");
	/* columns as wide as their widest entry, so the result keeps the most room */
	for (size_t i = 0; i < h->nr; i++) {
		int n = (int)strlen(history_lines_name(&h->v[i], full));

		history_lines_change(&h->v[i], t->utf8, change, sizeof(change));
		name_cols = n > name_cols ? n : name_cols;
		n = text_width(change, t->utf8);
		change_cols = n > change_cols ? n : change_cols;
	}
	snprintf(line, sizeof(line), " %-8s  %-*s  %-*s  %s", "TIME", name_cols, "KNOB", change_cols,
		 "CHANGE", "RESULT");
	text_lines_add(t, ROLE_HEAD, line);
	for (size_t i = 0; i < h->nr; i++) {
		const struct history_entry *e = &h->v[i];
		struct tm tm;
		int pad;

		if (!localtime_r(&e->when, &tm) || !strftime(when, sizeof(when), "%H:%M:%S", &tm))
			snprintf(when, sizeof(when), "?");
		history_lines_change(e, t->utf8, change, sizeof(change));
		/* %-*s counts bytes; the arrow is one column of three bytes */
		pad = change_cols - text_width(change, t->utf8);
		snprintf(prefix, sizeof(prefix), " %-8s  %-*s  %s%*s  ", when, name_cols,
			 history_lines_name(e, full), change, pad, "");
		history_result(e, result, sizeof(result));
		/* the result wraps under itself rather than off the screen */
		text_lines_wrap(t, e->out.stage == CHANGE_STAGE_DONE ? ROLE_NORMAL : ROLE_ERROR,
				prefix, text_width(prefix, t->utf8), result);
	}
}
