/* The browser's view logic without a terminal, part 2: what the screens
 * say and what keys do. Filter and sort, the key table and the help made
 * from it, the knob and program texts, the screen digest, and keys acting
 * on the browser's state, over a hand-made snapshot. */
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "out/fields_jitmem.h"

#include "actions.h"
#include "model/app.h"
#include "text/columns.h"
#include "text/digest.h"
#include "text/filter.h"
#include "text/format.h"
#include "text/help.h"
#include "text/keys.h"
#include "text/knob_lines.h"
#include "text/prog_lines.h"
#include "text/role.h"
#include "text/text.h"
#include "views/view.h"
#include "ksyms/ksyms_names.h"

/* curses numbers the tests send, as <curses.h> defines them */
#define T_KEY_DOWN 0402
#define T_KEY_UP 0403
#define T_KEY_NPAGE 0522
#define T_ESC 27

/* ---- a program list for the tests ---- */

static struct prog_owner owners_sd[] = { { .pid = 1, .comm = "systemd" } };
static struct prog_owner owners_many[] = { { .pid = 812, .comm = "bpftrace" },
					    { .pid = 813, .comm = "bpftrace" },
					    { .pid = 900, .comm = "Agent" } };
static struct prog_symbol syms_a[] = { { 0xffffffffc0001000, 312,
					  (char *)"bpf_prog_6deef7357e7b4530_sd_devices" } };
static struct prog_symbol syms_b[] = {
	{ 0xffffffffc0002000, 64, (char *)"bpf_prog_3db48559f0995e56_bk_subprog" },
	{ 0xffffffffc0003000, 37, (char *)"bpf_prog_9e9840eb29ab201f_bk_helper" },
};
static struct prog_symbol syms_hidden[] = { { 0, 20, NULL } };

static struct prog test_progs[] = {
	{ .id = 7, .type_name = "cgroup_device", .name = "sd_devices", .bytes_jited = 312,
	  .owners = owners_sd, .nr_owners = 1, .syms = syms_a, .nr_syms = 1, .user = "root" },
	{ .id = 42, .type_name = "socket_filter", .name = "bk_subprog", .bytes_jited = 64,
	  .owners = owners_many, .nr_owners = 3, .syms = syms_b, .nr_syms = 2, .user = "root" },
	{ .id = 300, .type_name = "kprobe", .name = "", .bytes_jited = 20, .syms = syms_hidden,
	  .nr_syms = 1, .user = "alice",
	  .symbols_missing = "Not listed: net.core.bpf_jit_harden is 2." },
	{ .id = 1234, .type_name = "xdp", .name = "xdp_pass", .bytes_jited = 0, .user = "root" },
};

static struct prog_list test_list = { .progs = test_progs, .nr_progs = 4 };

static void test_format_owner_and_symbol(void **state)
{
	struct prog_list pending = test_list;
	char buf[256];
	bool reason;

	(void)state;
	format_owner(&test_progs[0], buf, sizeof(buf));
	assert_string_equal(buf, "systemd(1)");
	format_owner(&test_progs[1], buf, sizeof(buf));
	assert_string_equal(buf, "bpftrace(812) +2");
	format_owner(&test_progs[2], buf, sizeof(buf));
	assert_string_equal(buf, "kernel");
	format_owner_short(&test_progs[1], buf, sizeof(buf));
	assert_string_equal(buf, "bpftrace +2");
	format_owner_short(&test_progs[0], buf, sizeof(buf));
	assert_string_equal(buf, "systemd");

	format_symbol(&test_list, &test_progs[0], buf, sizeof(buf), &reason);
	assert_string_equal(buf, "bpf_prog_6deef7357e7b4530_sd_devices");
	assert_false(reason);
	format_symbol(&test_list, &test_progs[1], buf, sizeof(buf), &reason);
	assert_string_equal(buf, "bpf_prog_3db48559f0995e56_bk_subprog +1");
	format_symbol(&test_list, &test_progs[2], buf, sizeof(buf), &reason);
	assert_string_equal(buf, "Not listed: net.core.bpf_jit_harden is 2.");
	assert_true(reason);
	format_symbol(&test_list, &test_progs[3], buf, sizeof(buf), &reason);
	assert_string_equal(buf, "not JITed: no symbol");
	pending.symbols_pending = true;
	format_symbol(&pending, &test_progs[2], buf, sizeof(buf), &reason);
	assert_string_equal(buf, "(reading /proc/kallsyms)");
}

/* ---- filter and sort ---- */

static void test_filter_match(void **state)
{
	(void)state;
	assert_true(filter_match(&test_progs[0], ""));
	assert_true(filter_match(&test_progs[0], "   "));
	assert_true(filter_match(&test_progs[0], "SD_DEV"));  /* name, any case */
	assert_true(filter_match(&test_progs[0], "cgroup"));  /* type */
	assert_true(filter_match(&test_progs[0], "7"));       /* id */
	assert_true(filter_match(&test_progs[0], "systemd")); /* owner */
	assert_true(filter_match(&test_progs[1], "813"));     /* an owner's pid */
	assert_true(filter_match(&test_progs[1], "agent"));   /* a later owner */
	assert_true(filter_match(&test_progs[2], "alice"));   /* the loading user */
	assert_true(filter_match(&test_progs[1], "bk_helper") == false);
	assert_true(filter_match(&test_progs[1], "f0995e56_bk")); /* the symbol */
	assert_true(filter_match(&test_progs[0], "cgroup sd_"));   /* all terms */
	assert_false(filter_match(&test_progs[0], "cgroup xdp"));
	assert_false(filter_match(&test_progs[3], "systemd"));
}

static void test_filter_rows_and_sort(void **state)
{
	size_t rows[4];

	(void)state;
	assert_int_equal(filter_rows(&test_list, "", COLUMNS_ID, false, rows), 4);
	assert_int_equal(test_progs[rows[0]].id, 7);
	assert_int_equal(test_progs[rows[3]].id, 1234);
	assert_int_equal(filter_rows(&test_list, "", COLUMNS_ID, true, rows), 4);
	assert_int_equal(test_progs[rows[0]].id, 1234);
	filter_rows(&test_list, "", COLUMNS_NAME, false, rows);
	assert_string_equal(test_progs[rows[0]].name, "bk_subprog");
	assert_string_equal(test_progs[rows[3]].name, ""); /* unnamed last */
	filter_rows(&test_list, "", COLUMNS_JIT, true, rows);
	assert_int_equal(test_progs[rows[0]].bytes_jited, 312);
	filter_rows(&test_list, "", COLUMNS_TYPE, false, rows);
	assert_string_equal(test_progs[rows[0]].type_name, "cgroup_device");
	filter_rows(&test_list, "", COLUMNS_OWNER, false, rows);
	assert_int_equal(test_progs[rows[0]].id, 42); /* bpftrace < systemd < none */
	assert_int_equal(filter_rows(&test_list, "socket", COLUMNS_ID, false, rows), 1);
	assert_int_equal(test_progs[rows[0]].id, 42);
	assert_int_equal(filter_rows(&test_list, "nothing-like-it", COLUMNS_ID, false, rows), 0);
}

static void test_filter_backspace(void **state)
{
	char s[16] = "ab\xc3\xa9";

	(void)state;
	filter_backspace(s);
	assert_string_equal(s, "ab");
	filter_backspace(s);
	assert_string_equal(s, "a");
	filter_backspace(s);
	filter_backspace(s);
	assert_string_equal(s, "");
}

/* ---- keys and help ---- */

static void test_key_table(void **state)
{
	static const enum keys_context contexts[] = { KEYS_MAIN, KEYS_TEXT, KEYS_PROMPT };

	(void)state;
	assert_int_equal(keys_lookup('q', KEYS_MAIN)->action, KEYS_QUIT);
	assert_int_equal(keys_lookup('q', KEYS_TEXT)->action, KEYS_BACK);
	assert_int_equal(keys_lookup('\t', KEYS_MAIN)->action, KEYS_NEXT_PANE);
	assert_int_equal(keys_lookup('?', KEYS_MAIN)->action, KEYS_HELP);
	assert_int_equal(keys_lookup('/', KEYS_MAIN)->action, KEYS_FILTER);
	assert_int_equal(keys_lookup('j', KEYS_MAIN)->action, KEYS_DOWN);
	assert_int_equal(keys_lookup(T_ESC, KEYS_PROMPT)->action, KEYS_CANCEL);
	assert_null(keys_lookup('q', KEYS_PROMPT)); /* types a q */
	assert_null(keys_lookup('x', KEYS_MAIN));
	for (int a = 1; a < KEYS__COUNT; a++) {
		assert_true(strlen(keys_action_help(a)) > 5);
	}
	/* one key means one thing in a context */
	for (size_t c = 0; c < 3; c++)
		for (size_t i = 0; i < keys_nr_bindings; i++)
			for (size_t j = i + 1; j < keys_nr_bindings; j++) {
				const struct keys_binding *a = &keys_bindings[i], *b = &keys_bindings[j];

				if ((a->contexts & contexts[c]) && (b->contexts & contexts[c]))
					assert_true(a->key != b->key);
			}
	/* every binding does something and says what it is */
	for (size_t i = 0; i < keys_nr_bindings; i++) {
		assert_true(keys_bindings[i].action > KEYS_NONE);
		assert_true(keys_bindings[i].action < KEYS__COUNT);
		assert_non_null(keys_bindings[i].label);
		assert_true(keys_bindings[i].contexts != 0);
	}
}

/* Whether a help line is the action's and lists label as one of its keys:
 * "  Esc, q, Left" padded to the label column, then the action's help. */
static bool help_line_lists(const struct text_line *l, const char *label, enum keys_action action)
{
	const char *help = keys_action_help(action);
	char keys[128], *item, *save;
	size_t n;

	if (l->label_cols < 3 || strncmp(l->s, "  ", 2) || l->s[2] == ' ' ||
	    strlen(l->s) < (size_t)l->label_cols)
		return false;
	/* the first words of the help: the rest may wrap */
	n = strlen(help) < 20 ? strlen(help) : 20;
	if (strncmp(l->s + l->label_cols, help, n))
		return false;
	snprintf(keys, sizeof(keys), "%.*s", l->label_cols - 2, l->s + 2);
	for (n = strlen(keys); n && keys[n - 1] == ' ';)
		keys[--n] = '\0';
	for (item = strtok_r(keys, ",", &save); item; item = strtok_r(NULL, ",", &save))
		if (!strcmp(item + (*item == ' '), label))
			return true;
	return false;
}

/* Whether the help's section for context (from its heading to the next)
 * has such a line. */
static bool help_lists(const struct text_lines *t, enum keys_context context, const char *label,
		       enum keys_action action)
{
	bool in_section = false;

	for (size_t i = 0; i < t->nr; i++) {
		if (t->v[i].role == ROLE_HEAD)
			in_section = !strcmp(t->v[i].s, keys_context_title(context));
		else if (in_section && help_line_lists(&t->v[i], label, action))
			return true;
	}
	return false;
}

static void test_help_lists_every_key(void **state)
{
	struct text_lines t;
	char *all;
	size_t size = 1;

	(void)state;
	text_lines_init(&t, 78, true);
	help_build(&t, 1.0);
	assert_false(t.oom);
	for (size_t i = 0; i < t.nr; i++)
		size += strlen(t.v[i].s) + 1;
	all = calloc(1, size);
	assert_non_null(all);
	for (size_t i = 0; i < t.nr; i++) {
		assert_true(text_width(t.v[i].s, true) <= 78);
		strcat(all, t.v[i].s);
		strcat(all, "\n");
	}
	/* every key, as a whole label, on its action's line in every section
	 * it is bound in ("k" must be a key of that line, not a letter of it) */
	for (size_t i = 0; i < keys_nr_bindings; i++) {
		const struct keys_binding *b = &keys_bindings[i];

		for (unsigned c = 1; c <= KEYS_EVERYWHERE; c <<= 1)
			if ((b->contexts & c) && !help_lists(&t, c, b->label, b->action))
				fail_msg("the help of \"%s\" does not list %s for \"%s\"",
					 keys_context_title(c), b->label, keys_action_help(b->action));
	}
	for (int a = 1; a < KEYS__COUNT; a++) {
		char start[40];

		/* the first words of each action's help (the rest may wrap) */
		snprintf(start, sizeof(start), "%.20s", keys_action_help(a));
		assert_non_null(strstr(all, start));
	}
	/* Enter is three codes and listed once */
	{
		char keys[64];

		help_keys_of(KEYS_OPEN, KEYS_MAIN, keys, sizeof(keys));
		assert_string_equal(keys, "Enter");
		help_keys_of(KEYS_DISMISS, KEYS_CONFIRM, keys, sizeof(keys));
		assert_string_equal(keys, "n, N, Esc, Enter");
		help_keys_of(KEYS_ERASE, KEYS_PROMPT, keys, sizeof(keys));
		assert_string_equal(keys, "Backspace, Ctrl-H");
	}
	assert_non_null(strstr(all, "every 1 s"));
	free(all);
	text_lines_free(&t);
}

/* ---- the knob text, the digest, and keys acting on the state ---- */

static struct snapshot *snap_new(void)
{
	/* the five and the related kernel.bpf_stats_enabled, in knob_table order */
	static const long values[KNOB__COUNT] = { 2, 1, 0, 1, 528482304, 0 };
	struct snapshot *snap = calloc(1, sizeof(*snap));

	assert_non_null(snap);
	assert_int_equal(knob_count, KNOB__COUNT);
	for (size_t i = 0; i < knob_count; i++) {
		snap->knobs[i].def = &knob_table[i];
		snap->knobs[i].reading.value = values[i];
	}
	snap->nr_knobs = knob_count;
	snap->live = true;
	snprintf(snap->hostname, sizeof(snap->hostname), "testhost");
	snap->progs = test_list;
	return snap;
}

/* The bpf_jit_limit row says how much of it is in use once that is known,
 * and the detail and the header warn past 80 % with what this kernel then
 * does (the knob's version fact). */
static void test_jit_memory_text(void **state)
{
	struct snapshot *snap = snap_new();
	const struct knob_fact *fact;
	struct knob_env env;
	char value[64], meaning[512], warning[512], want[512];
	struct text_lines t;
	bool warned = false, gauge = false;

	(void)state;
	assert_true(snap->knobs[KNOB_JIT_LIMIT].def->shows_jit_memory);
	snap->jitmem.method = JITMEM_ESTIMATE;
	snap->jitmem.used_bytes = 64000;
	snap->jitmem.limit_known = true;
	snap->jitmem.limit_bytes = 528482304;
	knob_lines_row(snap, &snap->knobs[KNOB_JIT_LIMIT], value, sizeof(value), meaning,
		       sizeof(meaning));
	assert_string_equal(meaning, "about 62.5 KiB of 504 MiB, estimated");
	assert_false(fields_jitmem_warning(snap, warning, sizeof(warning)));
	/* no other knob shows it */
	knob_lines_row(snap, &snap->knobs[KNOB_JIT_HARDEN], value, sizeof(value), meaning,
		       sizeof(meaning));
	assert_string_equal(meaning, "off");

	/* 85 % of the limit, exact, on a kernel without an interpreter */
	snap->kver = KVER(6, 18, 0);
	snap->kconfig.opt[KCONFIG_BPF_JIT_ALWAYS_ON] = KCONFIG_YES;
	snapshot_knob_env(snap, &env);
	fact = knob_fact_brief(&knob_table[KNOB_JIT_LIMIT], &env);
	assert_non_null(fact);
	snprintf(snap->jitmem.past_limit, sizeof(snap->jitmem.past_limit), "%s", fact->text);
	snprintf(snap->jitmem.past_limit_brief, sizeof(snap->jitmem.past_limit_brief), "%s",
		 fact->brief);
	snap->jitmem.method = JITMEM_COUNTER;
	snap->jitmem.exact = true;
	snap->jitmem.used_bytes = 449209958; /* 85 % */
	knob_lines_row(snap, &snap->knobs[KNOB_JIT_LIMIT], value, sizeof(value), meaning,
		       sizeof(meaning));
	assert_string_equal(meaning, "in use 428.4 MiB of 504 MiB, exact");
	assert_true(fields_jitmem_warning(snap, warning, sizeof(warning)));
	snprintf(want, sizeof(want), "428.4 MiB of 504 MiB in use (85 %%, exact): past the limit %s",
		 fact->brief);
	assert_string_equal(warning, want);
	assert_non_null(strstr(warning, "errno 524"));
	text_lines_init(&t, 76, true);
	knob_lines_detail(snap, &snap->knobs[KNOB_JIT_LIMIT], &t);
	for (size_t i = 0; i < t.nr; i++) {
		if (strstr(t.v[i].s, "[##################################.....")) {
			gauge = true;
			assert_int_equal(t.v[i].role, ROLE_WARN);
		}
		warned |= strstr(t.v[i].s, "More than 80 % of the limit is in use.") != NULL;
	}
	assert_true(gauge);
	assert_true(warned);
	text_lines_free(&t);
	free(snap);
}

static void test_knob_text(void **state)
{
	struct snapshot *snap = snap_new();
	char value[64], meaning[512];
	struct text_lines t;
	bool marked = false, effect = false;

	(void)state;
	knob_lines_row(snap, &snap->knobs[0], value, sizeof(value), meaning, sizeof(meaning));
	assert_string_equal(value, "2");
	assert_string_equal(meaning, knob_table[0].choices[2].label);
	knob_lines_row(snap, &snap->knobs[4], value, sizeof(value), meaning, sizeof(meaning));
	assert_string_equal(value, "528482304");
	assert_true(!strncmp(meaning, "504 MiB: ", 9));
	snap->knobs[2].reading.error = -EACCES;
	knob_lines_row(snap, &snap->knobs[2], value, sizeof(value), meaning, sizeof(meaning));
	assert_string_equal(value, "?");
	assert_non_null(strstr(meaning, "root"));

	/* the detail marks the current value and shows live effects */
	snap->knobs[2].reading.error = 0;
	snap->knobs[2].reading.value = 2;
	text_lines_init(&t, 76, true);
	knob_lines_detail(snap, &snap->knobs[3], &t);
	for (size_t i = 0; i < t.nr; i++) {
		assert_true(text_width(t.v[i].s, true) <= 76);
		if (strstr(t.v[i].s, "\xe2\x96\xb8 1  listed")) {
			marked = true;
			assert_int_equal(t.v[i].role, ROLE_CURRENT);
		}
	}
	assert_true(marked);
	assert_true(!strncmp(t.v[0].s, "Now:", 4));
	/* the live effect comes right after the meaning, before the values */
	for (size_t i = 0; i < t.nr; i++) {
		if (!strstr(t.v[i].s, "bpf_jit_harden=2: no program's symbol"))
			continue;
		assert_true(!strncmp(t.v[i].s, "Live effect:", 12));
		assert_int_equal(t.v[i].role, ROLE_WARN);
		assert_true(i < 4);
		effect = true;
	}
	assert_true(effect);
	text_lines_free(&t);
	free(snap);
}

static void test_digest(void **state)
{
	struct snapshot *a = snap_new(), *b = snap_new();
	struct prog copy[4];

	(void)state;
	assert_true(digest_snapshot(a) == digest_snapshot(b));
	b->knobs[3].reading.value = 0;
	assert_true(digest_snapshot(a) != digest_snapshot(b));
	b->knobs[3].reading.value = 1;
	memcpy(copy, test_progs, sizeof(copy));
	b->progs.progs = copy;
	assert_true(digest_snapshot(a) == digest_snapshot(b)); /* same content, new memory */
	copy[1].bytes_jited++;
	assert_true(digest_snapshot(a) != digest_snapshot(b));
	copy[1].bytes_jited--;
	b->progs.nr_progs = 3; /* a program vanished */
	assert_true(digest_snapshot(a) != digest_snapshot(b));
	b->progs.nr_progs = 4;
	b->progs.symbols_pending = true;
	assert_true(digest_snapshot(a) != digest_snapshot(b));
	free(a);
	free(b);
}

static struct app *app_new(void)
{
	struct app *app = calloc(1, sizeof(*app));

	assert_non_null(app);
	app->snap = snap_new();
	app->opts.interval = 1;
	app->term_rows = 24;
	app->term_cols = 80;
	app->utf8 = true;
	app->knobs.height = 5;
	list_resize(&app->knobs, app->snap->nr_knobs, 5);
	app->progs.height = 6;
	view_main_rows(app);
	return app;
}

static void app_free(struct app *app)
{
	free(app->rows);
	text_lines_free(&app->text);
	free(app->snap);
	free(app);
}

static void test_keys_act_on_the_state(void **state)
{
	struct app *app = app_new();

	(void)state;
	/* focus starts on the knobs, the first knob selected */
	assert_int_equal(app->focus, APP_PANE_KNOBS);
	assert_int_equal(app->knobs.sel, 0);
	assert_true(actions_key(app, 'j') & APP_DRAW);
	assert_int_equal(app->knobs.sel, 1);
	actions_key(app, T_KEY_UP);
	assert_int_equal(app->knobs.sel, 0);
	assert_int_equal(actions_key(app, 'x'), APP_NOTHING);

	/* Tab to the programs, move, open one, Esc back */
	actions_key(app, '\t');
	assert_int_equal(app->focus, APP_PANE_PROGS);
	actions_key(app, T_KEY_DOWN);
	assert_int_equal(app->sel_id, 42);
	assert_true(actions_key(app, '\r') & APP_TEXT);
	assert_int_equal(app->view, APP_VIEW_PROG);
	assert_int_equal(app->text_prog, 42);
	view_build(app);
	assert_non_null(strstr(app->text.v[0].s, "bk_subprog"));
	actions_key(app, T_ESC);
	assert_int_equal(app->view, APP_VIEW_MAIN);

	/* the filter narrows, Esc in the prompt goes back to what it was */
	actions_key(app, '/');
	assert_true(app->prompt);
	assert_true(actions_key(app, 'x') & APP_ROWS);
	actions_key(app, 'd');
	actions_key(app, 'p');
	view_main_rows(app);
	assert_string_equal(app->filter, "xdp");
	assert_int_equal(app->nr_rows, 1);
	actions_key(app, T_ESC);
	view_main_rows(app);
	assert_false(app->prompt);
	assert_string_equal(app->filter, "");
	assert_int_equal(app->nr_rows, 4);
	/* kept with Enter, cleared with Esc on the main screen */
	actions_key(app, '/');
	actions_key(app, 'k');
	actions_key(app, '\r');
	view_main_rows(app);
	assert_false(app->prompt);
	assert_string_equal(app->filter, "k");
	assert_int_equal(app->nr_rows, 2); /* bk_subprog, and kprobe */
	actions_key(app, T_ESC);
	view_main_rows(app);
	assert_int_equal(app->nr_rows, 4);
	/* the selection follows its program through a new sort */
	actions_key(app, 'g');
	actions_key(app, 'j');
	assert_int_equal(app->sel_id, 42);
	actions_key(app, 'r');
	view_main_rows(app);
	assert_int_equal(app->snap->progs.progs[app->rows[app->progs.sel]].id, 42);
	assert_int_equal(app->progs.sel, 2);

	/* z: the programs on the whole screen and back; Tab from there brings
	 * the knobs back, focused */
	actions_key(app, '\t');
	assert_int_equal(app->focus, APP_PANE_KNOBS);
	assert_true(actions_key(app, 'z') & APP_DRAW);
	assert_true(app->zoomed);
	assert_int_equal(app->focus, APP_PANE_PROGS);
	actions_key(app, 'z');
	assert_false(app->zoomed);
	actions_key(app, 'z');
	actions_key(app, '\t');
	assert_false(app->zoomed);
	assert_int_equal(app->focus, APP_PANE_KNOBS);
	actions_key(app, '\t');
	assert_int_equal(app->focus, APP_PANE_PROGS);

	/* s goes through the columns shown at the width: at 80 no SYMBOL */
	app->sort = COLUMNS_JIT;
	actions_key(app, 's');
	assert_int_equal(app->sort, COLUMNS_OWNER);
	app->term_cols = 200;
	app->sort = COLUMNS_JIT;
	actions_key(app, 's');
	assert_int_equal(app->sort, COLUMNS_SYMBOL);
	app->term_cols = 80;
	app->sort = COLUMNS_ID;

	/* help from anywhere, Esc returns where it came from */
	actions_key(app, '?');
	assert_int_equal(app->view, APP_VIEW_HELP);
	view_build(app);
	assert_true(app->text.nr > 20);
	actions_key(app, T_KEY_NPAGE);
	actions_key(app, 'q');
	assert_int_equal(app->view, APP_VIEW_MAIN);
	/* q quits from the main screen only */
	assert_true(actions_key(app, 'q') & APP_QUIT);
	app_free(app);
}

/* Every view is one row of operations: keys and a frame, and a text with
 * its title for all but the main view. */
static void test_view_table(void **state)
{
	struct app *app = app_new();

	(void)state;
	for (int v = 0; v < APP_VIEW__COUNT; v++) {
		const struct view_ops *ops;

		app->view = v;
		ops = view_of(app);
		assert_non_null(ops->on_key);
		assert_non_null(ops->draw);
		/* every text view has the text keys, some more of their own */
		if (v == APP_VIEW_MAIN)
			assert_true(ops->context == KEYS_MAIN);
		else
			assert_true(ops->context & KEYS_TEXT);
		assert_true(!ops->build == (v == APP_VIEW_MAIN));
		assert_true(!ops->title == (v == APP_VIEW_MAIN));
	}
	/* the history view: its title counts, its text says there is none */
	app->view = APP_VIEW_HISTORY;
	{
		char title[128];

		view_of(app)->title(app, title, sizeof(title));
		assert_string_equal(title, "Changes tried in this session (0)");
		view_build(app);
		assert_non_null(strstr(app->text.v[0].s, "No change has been tried"));
	}
	app_free(app);
}

static void test_prog_text(void **state)
{
	struct snapshot *snap = snap_new();
	struct text_lines t;
	char cell[PROGTEXT_CELL];
	bool dim, found = false;

	(void)state;
	text_lines_init(&t, 78, true);
	prog_lines_detail(snap, 42, &t);
	for (size_t i = 0; i < t.nr; i++) {
		assert_true(text_width(t.v[i].s, true) <= 78);
		if (strstr(t.v[i].s, "ffffffffc0003000") && strstr(t.v[i].s, "37") &&
		    strstr(t.v[i].s, "bpf_prog_9e9840eb29ab201f_bk_helper"))
			found = true;
	}
	assert_true(found);
	text_lines_free(&t);
	text_lines_init(&t, 78, true);
	prog_lines_detail(snap, 999, &t);
	assert_non_null(strstr(t.v[0].s, "gone"));
	text_lines_free(&t);
	{
		struct prog_cells whole = { .list = &snap->progs, .utf8 = true };

		prog_lines_cell(&whole, &snap->progs.progs[2], COLUMNS_NAME, cell, sizeof(cell), &dim);
		assert_string_equal(cell, "(no name)");
		assert_true(dim);
		prog_lines_cell(&whole, &snap->progs.progs[3], COLUMNS_JIT, cell, sizeof(cell), &dim);
		assert_string_equal(cell, "no JIT");
		assert_true(dim);
	}
	free(snap);
}

/* Each cell at the widths of 80 and 120 columns: a shorter form before a
 * cut word, the JIT's state in a word where no symbol column is beside it,
 * the readable part of a symbol, a tag only where two would read alike. */
static void test_cells_fit(void **state)
{
	static struct prog_symbol twin_syms[] = {
		{ 0xffffffffc0004000, 30, (char *)"bpf_prog_1111111111111111_sd_devices" } };
	struct prog progs[6], *twin = &progs[4];
	struct prog_list list = { .progs = progs, .nr_progs = 4 };
	int w80[COLUMNS__COUNT], w120[COLUMNS__COUNT];
	struct prog_cells at80 = { .list = &list, .widths = w80, .utf8 = true };
	struct prog_cells at120 = { .list = &list, .widths = w120, .utf8 = true };
	const size_t without_twin[] = { 0, 1, 2, 3 };
	char cell[PROGTEXT_CELL];
	bool dim;

	(void)state;
	memcpy(progs, test_progs, sizeof(test_progs));
	progs[2].symbols_missing = ksyms_names_sentence(KSYMS_NAMES_HARDEN_2);
	columns_widths(78, 4, false, w80);
	columns_widths(118, 4, false, w120);
	assert_int_equal(w80[COLUMNS_SYMBOL], 0);
	assert_true(w120[COLUMNS_SYMBOL] > 0);

	/* TYPE: "socket_filter" and "cgroup_device" are 13 wide, the column 12 */
	prog_lines_cell(&at80, &progs[1], COLUMNS_TYPE, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "sk_filter");
	prog_lines_cell(&at80, &progs[0], COLUMNS_TYPE, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "cg_device");
	at120.widths = NULL; /* whole */
	prog_lines_cell(&at120, &progs[1], COLUMNS_TYPE, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "socket_filter");
	at120.widths = w120;

	/* JIT at 80: the size, +N subprograms, or why there is no symbol */
	prog_lines_cell(&at80, &progs[0], COLUMNS_JIT, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "312 B");
	assert_false(dim);
	prog_lines_cell(&at80, &progs[1], COLUMNS_JIT, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "64 B +1");
	prog_lines_cell(&at80, &progs[2], COLUMNS_JIT, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "hardened");
	assert_true(dim);
	prog_lines_cell(&at80, &progs[3], COLUMNS_JIT, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "no JIT");
	/* beside the symbol column (120), the size alone */
	prog_lines_cell(&at120, &progs[1], COLUMNS_JIT, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "64 B");

	/* SYMBOL at 120: the name after bpf_prog_<tag>_, the subprograms kept */
	prog_lines_cell(&at120, &progs[0], COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "sd_devices");
	prog_lines_cell(&at120, &progs[1], COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "bk_subprog +1");
	prog_lines_cell(&at120, &progs[2], COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "hardened");
	assert_true(dim);
	/* a program whose symbol reads the same with another tag: both show it */
	*twin = progs[0];
	twin->id = 8;
	twin->syms = twin_syms;
	list.nr_progs = 5;
	prog_lines_cell(&at120, &progs[0], COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "6deef735_sd_devices");
	prog_lines_cell(&at120, twin, COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "11111111_sd_devices");
	/* alike only on the screen: with the other one filtered out, no tag */
	at120.rows = without_twin;
	at120.nr_rows = 4;
	prog_lines_cell(&at120, &progs[0], COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "sd_devices");
	at120.rows = NULL;
	/* the same tag (an identical program): the name says all there is */
	twin->syms = progs[0].syms;
	prog_lines_cell(&at120, &progs[0], COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "sd_devices");
	/* where the whole symbol fits, the whole symbol */
	at120.widths = NULL;
	prog_lines_cell(&at120, &progs[0], COLUMNS_SYMBOL, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "bpf_prog_6deef7357e7b4530_sd_devices");

	/* OWNER at 80 (8): the command without its pid, cut only then */
	prog_lines_cell(&at80, &progs[0], COLUMNS_OWNER, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "systemd");
	prog_lines_cell(&at120, &progs[0], COLUMNS_OWNER, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "systemd(1)");
	/* NAME: 16 characters whole at 80 */
	snprintf(progs[3].name, sizeof(progs[3].name), "rl_xdp_pass_wit");
	progs[3].btf_name = (char *)"rl_xdp_pass_with_a_long_name";
	prog_lines_cell(&at80, &progs[3], COLUMNS_NAME, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "rl_xdp_pass_wit\u2026");
	progs[3].btf_name = (char *)"rl_xdp_16_chars_";
	prog_lines_cell(&at80, &progs[3], COLUMNS_NAME, cell, sizeof(cell), &dim);
	assert_string_equal(cell, "rl_xdp_16_chars_");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_owner_and_symbol),
		cmocka_unit_test(test_filter_match),
		cmocka_unit_test(test_filter_rows_and_sort),
		cmocka_unit_test(test_filter_backspace),
		cmocka_unit_test(test_key_table),
		cmocka_unit_test(test_help_lists_every_key),
		cmocka_unit_test(test_knob_text),
		cmocka_unit_test(test_jit_memory_text),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_keys_act_on_the_state),
		cmocka_unit_test(test_prog_text),
		cmocka_unit_test(test_cells_fit),
		cmocka_unit_test(test_view_table),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fputs("test_view_state: the C.UTF-8 locale is missing\n", stderr);
		return 1;
	}
	return cmocka_run_group_tests_name("view_state", tests, NULL, NULL);
}
