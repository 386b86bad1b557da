#include "flows/dialog_stats.h"

#include <stdio.h>
#include <unistd.h>

#include "change/audit.h"
#include "model/app.h"
#include "stats/stats_state.h"


/* Who else keeps them on once this browser lets go. */
static void dialog_stats_others(const struct stats_state *st, char *buf, size_t size)
{
	char state[768];

	if (st->sysctl == 1 || st->nr_holders_all > (st->self ? 1u : 0u)) {
		stats_state_text(st, state, sizeof(state));
		snprintf(buf, size, " They stay on for others (%s).", state);
	} else {
		buf[0] = '\0';
	}
}

unsigned dialog_stats_toggle(struct app *app)
{
	char text[1024], others[1024];

	if (stats_session_held(&app->stats)) {
		dialog_stats_others(&app->snap->progs.stats, others, sizeof(others));
		stats_session_stop(&app->stats, NULL, getuid());
		snprintf(text, sizeof(text), "Runtime statistics off for this session: this "
			 "browser no longer holds them.%s", others);
		dialog_say(&app->dialog, app->term_cols, ROLE_NORMAL, text);
		return APP_REFRESH | APP_DRAW;
	}
	if (app->opts.read_only) {
		dialog_say(&app->dialog, app->term_cols, ROLE_WARN, "Read-only (--read-only): "
			   "bpfknobs turns no statistics on in this run.");
		return APP_DRAW;
	}
	if (!app->root.live) {
		/* BPF_ENABLE_STATS is a call to the running kernel, whatever
		 * tree the screen shows: it would time every program here */
		dialog_notice(&app->dialog, ROLE_WARN, "Statistics are live only",
			      "Runtime statistics are the running kernel's: turning them on times "
			      "every BPF program on this host, while this browser shows a captured "
			      "tree (--proc). Run bpfknobs without --proc and press t.");
		return APP_DRAW;
	}
	if (!privs_can_admin(&app->snap->privs)) {
		dialog_notice(&app->dialog, ROLE_WARN, "Only root can turn statistics on",
			      "Holding runtime statistics on (BPF_ENABLE_STATS) needs CAP_SYS_ADMIN, "
			      "as does listing the programs they are about. Run sudo bpfknobs and "
			      "press t.");
		return APP_DRAW;
	}
	dialog_close(&app->dialog);
	app->dialog.kind = DIALOG_STATS;
	app->dialog.unrecorded = !app->opts.dry_run && audit_sink_find() == AUDIT_SINK_NONE;
	return APP_DRAW;
}

unsigned dialog_stats_apply(struct app *app)
{
	char text[1024];
	int err;

	if (app->opts.dry_run) {
		dialog_say(&app->dialog, app->term_cols, ROLE_WARN, "Dry run: no statistics were "
			   "turned on (--dry-run).");
		return APP_DRAW;
	}
	err = stats_session_start(&app->stats, NULL, getuid());
	if (err) {
		stats_session_explain(err, text, sizeof(text));
		dialog_notice(&app->dialog, ROLE_ERROR, "Statistics not turned on", text);
		return APP_REFRESH | APP_DRAW;
	}
	dialog_say(&app->dialog, app->term_cols, ROLE_GOOD, "Runtime statistics on for this "
		   "session: rates show from the next refresh. t turns them off.");
	return APP_REFRESH | APP_DRAW;
}

void dialog_stats_end(struct app *app)
{
	stats_session_stop(&app->stats, NULL, getuid());
}
