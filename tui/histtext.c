#include "histtext.h"

#include <stdio.h>
#include <time.h>

#include "role.h"

void histtext_build(const struct history *h, bool dry_run, struct text_lines *t)
{
	const char *arrow = t->utf8 ? "→" : "->";
	char line[512], when[16], result[128], change[64];

	if (!h->nr) {
		text_lines_wrap(t, ROLE_DIM, " ", 1, "No change has been tried in this session. Enter "
				"on a knob changes it; every try, written or refused, is listed here "
				"and logged to syslog (authpriv).");
		return;
	}
	if (dry_run)
		text_lines_wrap(t, ROLE_WARN, " ", 1, "Dry run (--dry-run): nothing was written.");
	snprintf(line, sizeof(line), " %-9s %-33s %-23s %s", "TIME", "KNOB", "CHANGE", "RESULT");
	text_lines_add(t, ROLE_HEAD, line);
	for (size_t i = 0; i < h->nr; i++) {
		const struct history_entry *e = &h->v[i];
		struct tm tm;

		if (!localtime_r(&e->when, &tm) || !strftime(when, sizeof(when), "%H:%M:%S", &tm))
			snprintf(when, sizeof(when), "?");
		snprintf(change, sizeof(change), "%ld %s %ld%s", e->out.shown, arrow,
			 e->out.requested, e->undo_of != HISTORY_NONE ? " (undo)" : "");
		history_result(e, result, sizeof(result));
		snprintf(line, sizeof(line), " %-9s %-33s %-*s %s", when, e->def->name,
			 23 + (t->utf8 ? 2 : 0), change, result);
		text_lines_add(t, e->out.stage == CHANGE_STAGE_DONE ? ROLE_NORMAL : ROLE_ERROR, line);
	}
}
