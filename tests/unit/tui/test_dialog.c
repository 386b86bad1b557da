/* The change dialog as a state machine over a fixture tree: the keys a
 * person presses, what the dialog then says, and what is (or is not)
 * written. The screen tests drive the same flow in a terminal; this one
 * reaches the states a terminal test cannot easily set up (a value changed
 * between view and confirm, a non-admin, a locked knob). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "actions.h"
#include "model/app.h"
#include "lib/fixture.h"

#define T_KEY_DOWN 0402
#define T_KEY_UP 0403
#define T_ESC 27
#define T_CTRL_U 21
#define T_CTRL_L 12

#define UNPRIV 0
#define ENABLE 1
#define HARDEN 2
#define LIMIT 4

struct world {
	struct fixture fx;   /* the /proc tree */
	struct fixture etc;  /* the sysctl root */
	struct app *app;
};

static void world_read(struct world *w)
{
	snapshot_free(w->app->snap);
	assert_int_equal(snapshot_take(w->app->snap, &w->app->root), 0);
	/* the checks are of the dialog, not of who runs the test */
	w->app->snap->privs.euid = 0;
	w->app->snap->privs.cap[PRIVS_CAP_SYS_ADMIN] = true;
	w->app->snap->privs.init_userns = true;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	fixture_new(&w->fx);
	fixture_new_empty(&w->etc);
	fixture_write(&w->etc, "etc/sysctl.d/10-other.conf", "# keep\nkernel.foo = 1\n", (size_t)-1);
	w->app = calloc(1, sizeof(*w->app));
	assert_non_null(w->app);
	w->app->snap = calloc(1, sizeof(*w->app->snap));
	assert_non_null(w->app->snap);
	assert_int_equal(procroot_init(&w->app->root, w->fx.dir), 0);
	assert_int_equal(procroot_set_sysctl(&w->app->root, w->etc.dir), 0);
	w->app->opts.interval = 1;
	w->app->opts.save_file = SYSCTLD_DROPIN;
	w->app->term_rows = 24;
	w->app->term_cols = 80;
	world_read(w);
	list_resize(&w->app->knobs, w->app->snap->nr_knobs, 5);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	dialog_close(&w->app->dialog);
	commit_save_free(&w->app->save);
	history_free(&w->app->history);
	text_lines_free(&w->app->text);
	snapshot_free(w->app->snap);
	free(w->app->snap);
	free(w->app->rows);
	free(w->app);
	fixture_free(&w->fx);
	fixture_free(&w->etc);
	free(w);
	return 0;
}

static void keys(struct app *app, const char *typed)
{
	for (const char *p = typed; *p; p++)
		actions_key(app, *p);
}

/* The file's content, for "nothing was written". */
static void file(struct world *w, const char *rel, char *buf, size_t size)
{
	size_t len;

	assert_int_equal(procroot_read(&w->app->root, rel, buf, size, &len), 0);
}

#define KNOB_FILE(i) (knob_table[i].rel_path)

/* All the dialog says, one string. */
static char *dialog_all(struct app *app)
{
	static char all[16384];
	struct text_lines t;
	char title[256];
	int line, col;

	text_lines_init(&t, 70, true);
	dialog_lines(&app->dialog, app->snap, app->opts.dry_run, title, sizeof(title), &t, &line,
		     &col);
	snprintf(all, sizeof(all), "%s\n", title);
	for (size_t i = 0; i < t.nr; i++) {
		strncat(all, t.v[i].s, sizeof(all) - strlen(all) - 2);
		strcat(all, "\n");
	}
	text_lines_free(&t);
	return all;
}

static void select_knob(struct app *app, size_t i)
{
	list_select(&app->knobs, i);
}

static void test_pick_confirm_write(void **state)
{
	struct world *w = *state;
	struct app *app = w->app;
	char buf[64];

	select_knob(app, HARDEN);
	actions_key(app, '\r');
	assert_int_equal(app->dialog.kind, DIALOG_PICK);
	assert_int_equal(app->dialog.nr_options, 3);
	assert_int_equal(app->dialog.options[app->dialog.sel], 0); /* the current one */
	assert_non_null(strstr(dialog_all(app), "(now) off"));

	/* not a value: refused in the dialog, which stays open */
	keys(app, "9\r");
	assert_int_equal(app->dialog.kind, DIALOG_PICK);
	assert_non_null(strstr(app->dialog.error, "0, 1 or 2"));
	actions_key(app, T_CTRL_U);
	keys(app, "x\r");
	assert_non_null(strstr(app->dialog.error, "Not a value"));
	file(w, KNOB_FILE(HARDEN), buf, sizeof(buf));
	assert_string_equal(buf, "0\n");

	/* typed 2: the confirmation, and n or any other key writes nothing */
	actions_key(app, T_CTRL_U);
	keys(app, "2\r");
	assert_int_equal(app->dialog.kind, DIALOG_CONFIRM);
	assert_int_equal(app->dialog.value, 2);
	assert_false(app->dialog.need_yes);
	assert_non_null(strstr(dialog_all(app), "sysctl -w net.core.bpf_jit_harden=2"));
	assert_non_null(strstr(dialog_all(app), "net.core.bpf_jit_harden 0 → 2"));
	assert_non_null(strstr(dialog_all(app), "now listed in /proc/kallsyms; after: hidden by"));
	assert_int_equal(actions_key(app, 'x'), APP_NOTHING);
	assert_int_equal(app->dialog.kind, DIALOG_CONFIRM);
	actions_key(app, '\r'); /* the default is no */
	assert_int_equal(app->dialog.kind, DIALOG_NONE);
	assert_non_null(strstr(app->dialog.status, "nothing was written"));
	file(w, KNOB_FILE(HARDEN), buf, sizeof(buf));
	assert_string_equal(buf, "0\n");
	assert_int_equal(app->history.nr, 0);

	/* arrows then y: written, read back, recorded */
	actions_key(app, '\r');
	actions_key(app, T_KEY_DOWN);
	actions_key(app, T_KEY_DOWN);
	actions_key(app, '\r');
	assert_int_equal(app->dialog.value, 2);
	assert_true(actions_key(app, 'y') & APP_REFRESH);
	assert_int_equal(app->dialog.kind, DIALOG_NOTICE);
	assert_string_equal(app->dialog.title, "Changed");
	file(w, KNOB_FILE(HARDEN), buf, sizeof(buf));
	assert_string_equal(buf, "2\n");
	assert_int_equal(app->history.nr, 1);
	assert_int_equal(app->history.v[0].out.stage, CHANGE_STAGE_DONE);
	/* boot sets the default 0: the message says it lasts until reboot */
	assert_non_null(strstr(app->dialog.notice, "lasts until reboot"));
	actions_key(app, '\r');
	assert_int_equal(app->dialog.kind, DIALOG_NONE);

	/* u: back to 0 through the same confirmation; then nothing to undo */
	world_read(w);
	actions_key(app, 'u');
	assert_int_equal(app->dialog.kind, DIALOG_CONFIRM);
	assert_int_equal(app->dialog.value, 0);
	assert_non_null(strstr(dialog_all(app), "Undo"));
	actions_key(app, 'y');
	file(w, KNOB_FILE(HARDEN), buf, sizeof(buf));
	assert_string_equal(buf, "0\n");
	assert_true(app->history.v[0].undone);
	actions_key(app, '\r');
	world_read(w);
	actions_key(app, 'u');
	assert_int_equal(app->dialog.kind, DIALOG_NONE);
	assert_non_null(strstr(app->dialog.status, "Nothing left to undo"));
}

static void test_value_changed_since_shown(void **state)
{
	struct world *w = *state;
	struct app *app = w->app;
	char buf[64];

	select_knob(app, HARDEN);
	keys(app, "1\r"); /* a digit opens the dialog with it typed */
	assert_int_equal(app->dialog.kind, DIALOG_CONFIRM);
	/* someone else writes 2 meanwhile */
	fixture_write(&w->fx, KNOB_FILE(HARDEN), "2\n", (size_t)-1);
	actions_key(app, 'y');
	assert_int_equal(app->dialog.kind, DIALOG_NOTICE);
	assert_string_equal(app->dialog.title, "Nothing was written");
	assert_non_null(strstr(app->dialog.notice, "changed since it was shown"));
	file(w, KNOB_FILE(HARDEN), buf, sizeof(buf));
	assert_string_equal(buf, "2\n");
	assert_int_equal(app->history.nr, 1); /* the try is recorded, as refused */
	assert_int_equal(app->history.v[0].out.error, -ESTALE);
}

static void test_one_way_needs_yes(void **state)
{
	struct world *w = *state;
	struct app *app = w->app;
	char buf[64];

	select_knob(app, UNPRIV);
	keys(app, "1\r");
	assert_int_equal(app->dialog.kind, DIALOG_CONFIRM);
	assert_true(app->dialog.need_yes);
	assert_non_null(strstr(dialog_all(app), "cannot be undone"));
	/* Ctrl-L redraws here too, and types nothing */
	actions_key(app, 'y');
	assert_int_equal(actions_key(app, T_CTRL_L), APP_CLEAR | APP_DRAW);
	assert_string_equal(app->dialog.input, "y");
	/* y is a letter of the answer, not the answer */
	actions_key(app, '\r');
	assert_int_equal(app->dialog.kind, DIALOG_NONE);
	assert_non_null(strstr(app->dialog.status, "not typed"));
	file(w, KNOB_FILE(UNPRIV), buf, sizeof(buf));
	assert_string_equal(buf, "2\n");
	keys(app, "1\ryes\r");
	assert_string_equal(app->dialog.title, "Changed");
	assert_null(strstr(app->dialog.notice, "u undoes it"));
	file(w, KNOB_FILE(UNPRIV), buf, sizeof(buf));
	assert_string_equal(buf, "1\n");
	actions_key(app, '\r');
	/* locked now: no dialog, and u cannot take it back */
	world_read(w);
	actions_key(app, '\r');
	assert_int_equal(app->dialog.kind, DIALOG_NOTICE);
	assert_string_equal(app->dialog.title, "Locked until reboot");
	actions_key(app, '\r');
	actions_key(app, 'u');
	/* too long for the key bar: a message box */
	assert_int_equal(app->dialog.kind, DIALOG_NOTICE);
	assert_non_null(strstr(app->dialog.notice, "locked at 1 until reboot"));
	file(w, KNOB_FILE(UNPRIV), buf, sizeof(buf));
	assert_string_equal(buf, "1\n");
}

static void test_build_refuses(void **state)
{
	struct world *w = *state;
	struct app *app = w->app;
	char buf[64];

	select_knob(app, ENABLE);
	keys(app, "0\r");
	assert_int_equal(app->dialog.kind, DIALOG_PICK);
	assert_non_null(strstr(app->dialog.error, "CONFIG_BPF_JIT_ALWAYS_ON"));
	file(w, KNOB_FILE(ENABLE), buf, sizeof(buf));
	assert_string_equal(buf, "1\n");
	actions_key(app, T_ESC);
	assert_non_null(strstr(app->dialog.status, "Cancelled"));

	/* a size takes suffixes */
	select_knob(app, LIMIT);
	keys(app, "256M\r");
	assert_int_equal(app->dialog.kind, DIALOG_CONFIRM);
	assert_int_equal(app->dialog.value, 256L << 20);
}

static void test_who_may_change(void **state)
{
	struct world *w = *state;
	struct app *app = w->app;

	app->snap->privs.euid = 1000;
	app->snap->privs.cap[PRIVS_CAP_SYS_ADMIN] = false;
	select_knob(app, HARDEN);
	actions_key(app, '\r');
	assert_int_equal(app->dialog.kind, DIALOG_NOTICE);
	assert_non_null(strstr(app->dialog.notice, "CAP_SYS_ADMIN"));
	assert_non_null(strstr(app->dialog.notice, "sudo"));
	actions_key(app, '\r');

	/* --read-only: Enter is the detail, a digit a refusal */
	world_read(w);
	app->opts.read_only = true;
	actions_key(app, '\r');
	assert_int_equal(app->view, APP_VIEW_KNOB);
	actions_key(app, T_ESC);
	actions_key(app, '2');
	assert_int_equal(app->dialog.kind, DIALOG_NONE);
	assert_non_null(strstr(app->dialog.status, "Read-only"));
}

static void test_dry_run_and_save(void **state)
{
	struct world *w = *state;
	struct app *app = w->app;
	char buf[256], path[PATH_MAX];
	FILE *f;

	app->opts.dry_run = true;
	select_knob(app, HARDEN);
	keys(app, "1\ry");
	assert_string_equal(app->dialog.title, "Dry run: nothing written");
	file(w, KNOB_FILE(HARDEN), buf, sizeof(buf));
	assert_string_equal(buf, "0\n");
	actions_key(app, '\r');
	app->opts.dry_run = false;

	/* nothing changed and the selected knob boots as it runs: nothing to save */
	actions_key(app, 'S');
	assert_int_equal(app->dialog.kind, DIALOG_NONE);
	assert_non_null(strstr(app->dialog.status, "Nothing to save"));

	keys(app, "1\ry\r");
	world_read(w);
	assert_true(app->snap->knobs[HARDEN].drift.drifts);
	actions_key(app, 'S');
	assert_int_equal(app->dialog.kind, DIALOG_SAVE);
	assert_non_null(strstr(app->dialog.save->diff, "+net.core.bpf_jit_harden = 1\n"));
	actions_key(app, 'n');
	fixture_path(&w->etc, SYSCTLD_DROPIN, path, sizeof(path));
	assert_null(fopen(path, "r"));
	actions_key(app, 'S');
	actions_key(app, 'y');
	assert_string_equal(app->dialog.title, "Saved");
	assert_non_null(strstr(app->dialog.notice, "sysctl --system"));
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf) - 1, f) > 0, 1);
	fclose(f);
	assert_non_null(strstr(buf, "\nnet.core.bpf_jit_harden = 1\n"));
	world_read(w);
	assert_false(app->snap->knobs[HARDEN].drift.drifts);
	actions_key(app, '\r');

	/* a later file that sets it otherwise wins at boot: the save says so */
	fixture_write(&w->etc, "etc/sysctl.conf", "net.core.bpf_jit_harden = 0\n", (size_t)-1);
	world_read(w);
	assert_true(app->snap->knobs[HARDEN].drift.drifts);
	actions_key(app, 'S');
	actions_key(app, 'y');
	assert_non_null(strstr(app->dialog.notice, "/etc/sysctl.conf line 1"));
}

int main(void)
{
	/* the dialog's arrows are UTF-8, as in a UTF-8 terminal */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 77;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pick_confirm_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_changed_since_shown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_way_needs_yes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_may_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_and_save, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
