#include "flows/dialog_stats.h"

#include <stdio.h>
#include <unistd.h>

#include "model/app.h"
#include "stats/stats_state.h"

#define DIALOG_STATS_LABEL 10

void dialog_stats_text(const struct snapshot *snap, bool dry_run, char *title,
		       size_t title_size, struct text_lines *t)
{
	const struct stats_state *st = &snap->progs.stats;
	char text[1024], state[768];

	snprintf(title, title_size, "Runtime statistics for this session");
	stats_state_text(st, state, sizeof(state));
	text_lines_wrap(t, ROLE_NORMAL, "Now:", DIALOG_STATS_LABEL, state);
	text_lines_wrap(t, ROLE_WARN, "Cost:", DIALOG_STATS_LABEL,
			"The kernel times every run of every BPF program on this host, for "
			"everyone: tens of nanoseconds per run, which adds up on a busy hook "
			"(XDP, tc, tracing).");
	text_lines_wrap(t, ROLE_NORMAL, "Ends:", DIALOG_STATS_LABEL,
			"When you press t again or this browser exits, also by a crash or a "
			"kill: the kernel drops this browser's share when its file descriptor "
			"closes.");
	snprintf(text, sizeof(text), "kernel.bpf_stats_enabled is not changed%s.",
		 st->sysctl == 0 ? " (it keeps reading 0)" : "");
	text_lines_wrap(t, ROLE_NORMAL, "Sysctl:", DIALOG_STATS_LABEL, text);
	text_lines_wrap(t, ROLE_NORMAL, "Shows:", DIALOG_STATS_LABEL,
			"RUNS/S, AVG NS and CPU% (of one core) for each program, over each "
			"refresh interval; a program's details add its last minute.");
	text_lines_wrap(t, ROLE_NORMAL, "Same as:", DIALOG_STATS_LABEL,
			"what bpftop does: bpf(BPF_ENABLE_STATS, BPF_STATS_RUN_TIME), holding "
			"the file descriptor. Logged to syslog.");
	if (dry_run)
		text_lines_wrap(t, ROLE_WARN, "Dry run:", DIALOG_STATS_LABEL,
				"bpfknobs turns nothing on (--dry-run).");
	text_lines_blank(t);
	text_lines_wrap(t, ROLE_HEAD, "", 0, dry_run
			? "Go through with the dry run? y: yes; n, Esc or Enter: no [y/N]"
			: "Turn them on? y: yes; n, Esc or Enter: no [y/N]");
}

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
	if (!privs_can_admin(&app->snap->privs)) {
		dialog_notice(&app->dialog, ROLE_WARN, "Only root can turn statistics on",
			      "Holding runtime statistics on (BPF_ENABLE_STATS) needs CAP_SYS_ADMIN, "
			      "as does listing the programs they are about. Run sudo bpfknobs and "
			      "press t.");
		return APP_DRAW;
	}
	dialog_close(&app->dialog);
	app->dialog.kind = DIALOG_STATS;
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
