/* The main loop. It sleeps in poll() on the terminal, a self-pipe for
 * signals, the program cache's "symbols are ready" descriptor and the
 * refresh timer; nothing else wakes it. Refreshes never wait for
 * /proc/kallsyms (wait=false): its read runs in core's background thread,
 * and the loop refreshes again when the cache says the names are there.
 * Keys become actions, actions return reaction flags, and only this loop
 * acts on them; it draws only when a flag says the screen would change. */
#include <curses.h> /* KEY_RESIZE only: drawing is in screen.c and the panes */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "model/app.h"
#include "flows/dialog_stats.h"
#include "text/digest.h"
#include "draw/screen.h"
#include "views/view.h"

static int app_pipe[2] = { -1, -1 };
static volatile sig_atomic_t app_stop_signal;

static void app_on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig != SIGWINCH)
		app_stop_signal = sig;
	if (app_pipe[1] >= 0 && write(app_pipe[1], &c, 1) < 0) {
		/* the pipe is full: the loop wakes for the bytes already there */
	}
	errno = saved;
}

static void app_on_fatal(int sig)
{
	screen_emergency_end();
	/* SA_RESETHAND restored the default action: die of the same signal */
	raise(sig);
}

static int app_signals(void)
{
	static const int stop[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;

	if (pipe2(app_pipe, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* SIGWINCH too: installed before newterm(), so ncurses keeps ours and
	 * the resize reaches poll() without a race */
	sa.sa_handler = app_on_signal;
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		sigaction(stop[i], &sa, NULL);
	sa.sa_handler = app_on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	return 0;
}

static long long app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned app_refresh(struct app *app)
{
	struct snapshot *tmp;
	uint64_t digest;
	bool had_error = app->refresh_error[0];
	int err;

	err = snapshot_refresh(app->spare, &app->root, &app->facts, app->cache, app->boot, false);
	if (err) {
		snprintf(app->refresh_error, sizeof(app->refresh_error),
			 "Cannot read %s any more (%s); showing what it held before.",
			 app->root.proc, strerror(-err));
		snapshot_free(app->spare);
		return had_error ? APP_NOTHING : APP_DRAW;
	}
	app->refresh_error[0] = '\0';
	app->spare->reach = *app->reach;
	tmp = app->snap;
	app->snap = app->spare;
	app->spare = tmp;
	snapshot_free(app->spare);
	digest = digest_snapshot(app->snap);
	/* Nothing visible changed: the rows still index the same programs in
	 * the same order, so neither they nor the screen need work. Text
	 * screens compare their own text (a program's age moves on). */
	if (digest == app->digest && app->snap->progs.nr_progs == app->digest_nr_progs &&
	    !had_error)
		return APP_TEXT;
	app->digest = digest;
	app->digest_nr_progs = app->snap->progs.nr_progs;
	return APP_ROWS | APP_TEXT | APP_DRAW;
}

static void app_draw(struct app *app, bool clear_all)
{
	screen_begin(clear_all);
	view_of(app)->draw(app);
	screen_finish();
}

/* Probes again what each identity may load (after a change of a knob),
 * or as soon as the run under way is collected. The screen keeps the last
 * result, marked as being probed again. */
static unsigned app_probe(struct app *app)
{
	if (!app->reach_session)
		return APP_NOTHING; /* out of memory at start: the view says not probed */
	if (reach_session_running(app->reach_session)) {
		app->reach_again = true;
		return APP_NOTHING;
	}
	if (reach_session_start(app->reach_session))
		return APP_NOTHING;
	app->reach->again = app->reach->state == REACH_DONE;
	app->snap->reach = *app->reach;
	return APP_TEXT | APP_DRAW;
}

/* The probes finished: their result goes into the snapshot shown. */
static unsigned app_probed(struct app *app)
{
	if (!app->reach_session || !reach_session_collect(app->reach_session, false, app->reach))
		return APP_NOTHING;
	app->snap->reach = *app->reach;
	if (app->reach_again) {
		app->reach_again = false;
		app_probe(app);
	}
	return APP_TEXT | APP_DRAW;
}

/* Acts on the flags, in the order they depend on each other. */
static void app_react(struct app *app, unsigned react)
{
	if (react & APP_REFRESH)
		react |= app_refresh(app);
	if (react & APP_PROBE)
		react |= app_probe(app);
	if (react & APP_LAYOUT) {
		app->term_rows = screen_rows();
		app->term_cols = screen_cols();
		react |= APP_TEXT | APP_DRAW;
	}
	if (react & APP_ROWS)
		view_main_rows(app);
	if ((react & APP_TEXT) && view_of(app)->build) {
		uint64_t d;

		view_build(app);
		d = digest_lines(&app->text);
		if (d != app->text_digest)
			react |= APP_DRAW;
		app->text_digest = d;
	}
	if (react & APP_DRAW)
		app_draw(app, react & APP_CLEAR);
}

static unsigned app_read_signals(void)
{
	unsigned react = APP_NOTHING;
	char buf[64];
	ssize_t n;

	while ((n = read(app_pipe[0], buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == SIGWINCH) {
				screen_resize();
				react |= APP_LAYOUT;
			}
	return react | (app_stop_signal ? APP_QUIT : 0);
}

static unsigned app_read_keys(struct app *app)
{
	unsigned react = APP_NOTHING;
	int key;

	/* all of them: curses may hold more than poll() sees */
	while (!(react & APP_QUIT) && (key = screen_key()) >= 0) {
		react |= key == KEY_RESIZE ? APP_LAYOUT : actions_key(app, key);
		/* a write happened: read the kernel before the next key acts, so
		 * that keys typed ahead (u right after y) see the value it has now */
		if (react & APP_REFRESH) {
			app_react(app, react);
			react = APP_NOTHING;
		}
	}
	return react;
}

static void app_loop(struct app *app)
{
	long long period = (long long)(app->opts.interval * 1000 + 0.5), next = app_now_ms() + period;
	unsigned react = APP_LAYOUT | APP_ROWS | APP_DRAW;
	bool cache_quiet = false;

	for (;;) {
		struct pollfd fds[4] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = app_pipe[0], .events = POLLIN },
			{ .fd = cache_quiet ? -1 : prog_session_fd(app->cache), .events = POLLIN },
			{ .fd = app->reach_session && reach_session_running(app->reach_session)
					? reach_session_fd(app->reach_session) : -1,
			  .events = POLLIN },
		};
		long long now, timeout;

		if (react & APP_QUIT)
			return;
		app_react(app, react);
		react = APP_NOTHING;

		now = app_now_ms();
		timeout = next > now ? next - now : 0;
		if (poll(fds, 4, (int)timeout) < 0 && errno != EINTR)
			return;
		react |= app_read_signals();
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return; /* the terminal is gone */
		if (fds[0].revents & POLLIN)
			react |= app_read_keys(app);
		if (fds[3].revents & POLLIN)
			react |= app_probed(app);
		if (fds[2].revents & POLLIN) {
			/* a descriptor that stays readable without a ready cache
			 * would spin the loop: ignore it until the next refresh */
			if (prog_session_ready(app->cache))
				react |= APP_REFRESH;
			else
				cache_quiet = true;
		}
		now = app_now_ms();
		if (now >= next) {
			react |= APP_REFRESH;
			next += period;
			if (next <= now)
				next = now + period;
			cache_quiet = false;
		}
	}
}

static void app_free(struct app *app)
{
	dialog_stats_end(app);
	/* waits for probes under way: their children are killed after a
	 * timeout, so this is bounded */
	reach_session_free(app->reach_session);
	free(app->reach);
	view_code_close(app);
	view_maps_close(app);
	kernel_syms_free(&app->ksyms);
	if (app->cache)
		prog_session_free(app->cache);
	sysctld_cache_free(app->boot);
	if (app->snap)
		snapshot_free(app->snap);
	if (app->spare)
		snapshot_free(app->spare);
	free(app->snap);
	free(app->spare);
	free(app->rows);
	dialog_close(&app->dialog);
	commit_save_free(&app->save);
	history_free(&app->history);
	text_lines_free(&app->text);
	text_lines_free(&app->detail);
	free(app);
}

int app_run(const struct procroot *root, const struct app_options *opts, int *signal_out)
{
	struct app *app = calloc(1, sizeof(*app));
	char err[256], ignored[512];
	int rc;

	*signal_out = 0;
	if (app) {
		stats_session_init(&app->stats); /* before any app_free(): holds no fd 0 */
		app->snap = calloc(1, sizeof(*app->snap));
		app->spare = calloc(1, sizeof(*app->spare));
		app->reach = calloc(1, sizeof(*app->reach));
	}
	if (!app || !app->snap || !app->spare || !app->reach ||
	    !(app->cache = prog_session_new(root)) || !(app->boot = sysctld_cache_new())) {
		fputs("bpfknobs: out of memory\n", stderr);
		if (app)
			app_free(app);
		return 1;
	}
	app->root = *root;
	app->opts = *opts;
	snapshot_facts_read(&app->facts, root);
	rc = snapshot_refresh(app->snap, root, &app->facts, app->cache, app->boot, false);
	if (rc) {
		fprintf(stderr, "bpfknobs: cannot read %s: %s.%s\n", root->proc, strerror(-rc),
			root->live ? "" : " Give --proc a directory laid out like /proc.");
		app_free(app);
		return 1;
	}
	app->digest = digest_snapshot(app->snap);
	app->digest_nr_progs = app->snap->progs.nr_progs;
	/* the probes run beside the first paint, which never waits for them */
	app->reach_session = reach_session_new(root, &app->facts.kconfig, app->facts.kver);
	if (app->reach_session && !reach_session_start(app->reach_session))
		app->reach->state = REACH_PROBING;
	app->snap->reach = *app->reach;
	screen_distrust_env(ignored, sizeof(ignored));
	if (ignored[0]) {
		/* said twice: on the terminal left after the browser, and in
		 * the key bar until the first key */
		snprintf(app->dialog.status, sizeof(app->dialog.status), "Ignored, not root's: %s "
			 "(root reads no terminal description another user could change).", ignored);
		app->dialog.status_role = ROLE_WARN;
		fprintf(stderr, "bpfknobs: %s\n", app->dialog.status);
	}
	if (app_signals() || screen_start(err, sizeof(err))) {
		if (app_pipe[0] < 0)
			snprintf(err, sizeof(err), "cannot create a pipe: %s", strerror(errno));
		fprintf(stderr, "bpfknobs: %s.\n", err);
		app_free(app);
		return 1;
	}
	app->utf8 = screen_utf8();
	if (opts->stats)
		dialog_stats_toggle(app); /* asks first, as t does */
	app_loop(app);
	screen_end();
	*signal_out = app_stop_signal;
	app_free(app);
	return 0;
}
