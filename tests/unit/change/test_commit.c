/* The write transaction as a non-interactive caller (a future --set) would
 * use it: no curses, no browser, a fixture tree, and an audit sink of the
 * test's own. What is written, what is recorded, and what is audited, for
 * an applied change, a stale one, a refused one, a dry run and an undo. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "change/commit.h"
#include "change/commit_save.h"
#include "lib/fixture.h"
#include "knobs/kconfig.h"

#define HARDEN (&knob_table[KNOB_JIT_HARDEN])
#define UNPRIV (&knob_table[KNOB_UNPRIV_DISABLED])
#define ENABLE (&knob_table[KNOB_JIT_ENABLE])

/* The audit sink: the records a commit sent (the last one kept). */
static struct {
	size_t nr;
	char knob[64], old_value[32], new_value[32], result[128];
	enum audit_action action;
	int error;
	uid_t uid;
} audited;

static enum audit_sink audit_sink(const struct audit_record *r, const struct audit_who *who)
{
	audited.nr++;
	snprintf(audited.knob, sizeof(audited.knob), "%s", r->knob ? r->knob : "");
	snprintf(audited.old_value, sizeof(audited.old_value), "%s",
		 r->old_value ? r->old_value : "");
	snprintf(audited.new_value, sizeof(audited.new_value), "%s",
		 r->new_value ? r->new_value : "");
	snprintf(audited.result, sizeof(audited.result), "%s", r->result);
	audited.action = r->action;
	audited.error = r->error;
	audited.uid = who->uid;
	return AUDIT_SINK_JOURNAL;
}

struct world {
	struct fixture fx;
	struct procroot root;
	struct kconfig cfg;
	struct knob_env env;
	struct history history;
	struct commit_context ctx;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	fixture_new(&w->fx);
	assert_int_equal(procroot_init(&w->root, w->fx.dir), 0);
	kconfig_load(&w->cfg, &w->root, "6.18.0-test");
	w->env = (struct knob_env){ .kconfig = &w->cfg, .machine = "x86_64" };
	w->ctx = (struct commit_context){ .root = &w->root, .env = &w->env,
					  .history = &w->history, .audit = audit_sink,
					  .uid = 4242 };
	memset(&audited, 0, sizeof(audited));
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	history_free(&w->history);
	fixture_free(&w->fx);
	free(w);
	return 0;
}

static long value_of(struct world *w, const struct knob_def *def)
{
	struct knob_reading r;

	knob_read(def, &w->root, &w->env, &r);
	assert_int_equal(r.error, 0);
	return r.value;
}

static struct commit_request change(const struct knob_def *def, long shown, long value)
{
	return (struct commit_request){ .def = def, .shown = shown, .value = value,
					.undo_of = HISTORY_NONE };
}

static void test_applied_is_written_recorded_not_audited_for_a_tree(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(HARDEN, 0, 2);
	struct commit_outcome out;

	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_int_equal(out.change.stage, CHANGE_STAGE_DONE);
	assert_int_equal(out.change.before, 0);
	assert_int_equal(out.change.after, 2);
	assert_int_equal(value_of(w, HARDEN), 2);
	assert_true(out.undoable);
	/* a --proc tree is a copy of some kernel: no audit record */
	assert_false(out.audited);
	assert_int_equal(audited.nr, 0);
	assert_int_equal(out.history_at, 0);
	assert_int_equal(w->history.nr, 1);
	assert_ptr_equal(w->history.v[0].def, HARDEN);
	assert_int_equal(w->history.v[0].out.requested, 2);
	assert_int_equal(w->history.v[0].undo_of, HISTORY_NONE);
}

/* root->live is what makes a commit audited; a tree marked live stands
 * for the running kernel without writing to it. */
static void test_audited_only_for_the_live_kernel(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(HARDEN, 0, 1);
	struct commit_outcome out;

	w->root.live = true;
	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_true(out.audited);
	assert_int_equal(out.recorded, AUDIT_SINK_JOURNAL);
	assert_int_equal(audited.nr, 1);
	assert_string_equal(audited.knob, HARDEN->name);
	assert_int_equal(audited.action, AUDIT_CHANGE);
	assert_string_equal(audited.result, "applied");
	assert_string_equal(audited.old_value, "0");
	assert_string_equal(audited.new_value, "1");
	assert_int_equal(audited.uid, 4242);

	/* a refused try is audited too, a dry run is not */
	req = change(HARDEN, 0, 2);
	assert_int_not_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_true(out.audited);
	assert_int_equal(audited.nr, 2);
	assert_string_equal(audited.result, "not written: could not re-read or changed meanwhile");
	/* the value found, not the one shown */
	assert_string_equal(audited.old_value, "1");
	req = change(HARDEN, 1, 2);
	req.dry_run = true;
	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_false(out.audited);
	assert_int_equal(audited.nr, 2);
	assert_int_equal(value_of(w, HARDEN), 1);
}

static void test_stale_writes_nothing(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(HARDEN, 0, 2);
	struct commit_outcome out;
	char text[512];

	/* someone else writes 1 after the person was shown 0 */
	fixture_write(&w->fx, HARDEN->rel_path, "1\n", (size_t)-1);
	assert_int_equal(commit_change(&w->ctx, &req, &out), -ESTALE);
	assert_int_equal(out.change.stage, CHANGE_STAGE_REREAD);
	assert_false(out.change.written);
	assert_false(out.undoable);
	assert_int_equal(value_of(w, HARDEN), 1);
	/* the try is recorded, as stopped */
	assert_int_equal(w->history.nr, 1);
	assert_int_equal(w->history.v[0].out.error, -ESTALE);
	assert_int_equal(history_undo_target(&w->history), HISTORY_NONE);
	change_explain(HARDEN, &w->env, &out.change, text, sizeof(text));
	assert_non_null(strstr(text, "it was 0 and is now 1"));
}

static void test_refused_by_validation_writes_nothing(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(HARDEN, 0, 5);
	struct commit_outcome out;
	struct change_outcome check;
	struct knob_reading shown = { .value = 0 };

	assert_int_equal(commit_check(&w->env, &shown, &req, &check), -EDOM);
	assert_int_equal(commit_change(&w->ctx, &req, &out), -EDOM);
	assert_int_equal(out.change.stage, CHANGE_STAGE_VALIDATE);
	assert_false(out.change.written);
	assert_int_equal(value_of(w, HARDEN), 0);

	/* the build pins the JIT on (CONFIG_BPF_JIT_ALWAYS_ON): 0 is refused */
	req = change(ENABLE, 1, 0);
	assert_int_equal(commit_change(&w->ctx, &req, &out), -EINVAL);
	assert_int_equal(value_of(w, ENABLE), 1);
	assert_int_equal(w->history.nr, 2);

	/* asking for the value it holds is nothing to ask about */
	req = change(HARDEN, 0, 0);
	assert_int_equal(commit_check(&w->env, &shown, &req, &check), -EALREADY);
}

static void test_dry_run_writes_nothing_and_is_recorded_as_such(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(HARDEN, 0, 2);
	struct commit_outcome out;
	char result[128];

	req.dry_run = true;
	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_int_equal(out.change.stage, CHANGE_STAGE_DONE);
	assert_true(out.change.dry_run);
	assert_false(out.change.written);
	assert_false(out.undoable);
	assert_int_equal(value_of(w, HARDEN), 0);
	assert_int_equal(w->history.nr, 1);
	history_result(&w->history.v[0], result, sizeof(result));
	assert_string_equal(result, "dry run, nothing written");
	assert_int_equal(history_undo_target(&w->history), HISTORY_NONE);
}

static void test_undo_commits_the_value_before(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(HARDEN, 0, 2), undo;
	struct commit_outcome out;
	struct change_outcome why;
	char text[512];

	assert_int_equal(commit_undo_prepare(&w->ctx, &undo, &why), -ENOENT);
	assert_null(undo.def);
	commit_undo_explain(&w->ctx, &undo, &why, text, sizeof(text));
	assert_string_equal(text, "Nothing to undo: no knob has been changed in this session.");

	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_int_equal(commit_undo_prepare(&w->ctx, &undo, &why), 0);
	assert_ptr_equal(undo.def, HARDEN);
	assert_int_equal(undo.shown, 2);
	assert_int_equal(undo.value, 0);
	assert_int_equal(undo.undo_of, 0);
	assert_int_equal(commit_change(&w->ctx, &undo, &out), 0);
	assert_false(out.undoable); /* an undo is not undone again */
	assert_int_equal(value_of(w, HARDEN), 0);
	assert_int_equal(w->history.nr, 2);
	assert_int_equal(w->history.v[1].undo_of, 0);
	assert_true(w->history.v[0].undone);

	assert_int_equal(commit_undo_prepare(&w->ctx, &undo, &why), -ENOENT);
	commit_undo_explain(&w->ctx, &undo, &why, text, sizeof(text));
	assert_string_equal(text, "Nothing left to undo: every change of this session is undone.");

	/* changed, then put back by someone else: nothing to undo */
	req = change(HARDEN, 0, 1);
	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	fixture_write(&w->fx, HARDEN->rel_path, "0\n", (size_t)-1);
	assert_int_equal(commit_undo_prepare(&w->ctx, &undo, &why), -EALREADY);
	commit_undo_explain(&w->ctx, &undo, &why, text, sizeof(text));
	assert_non_null(strstr(text, "is 0 again already"));

	/* gone meanwhile: cannot be read */
	fixture_write(&w->fx, HARDEN->rel_path, "1\n", (size_t)-1);
	fixture_remove(&w->fx, HARDEN->rel_path);
	assert_int_equal(commit_undo_prepare(&w->ctx, &undo, &why), -ENOENT);
	assert_non_null(undo.def);
	assert_int_equal(why.stage, CHANGE_STAGE_REREAD);
	commit_undo_explain(&w->ctx, &undo, &why, text, sizeof(text));
	assert_non_null(strstr(text, "cannot be read now"));
}

/* A one-way value locks the knob: it is not offered for undo, and undo
 * cannot take it back. */
static void test_one_way_is_never_offered_back(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(UNPRIV, 2, 1), undo;
	struct commit_outcome out;
	struct change_outcome why;
	char text[512], locked[512];

	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_false(out.undoable);
	assert_int_equal(commit_undo_prepare(&w->ctx, &undo, &why), -EPERM);
	assert_int_equal(why.stage, CHANGE_STAGE_VALIDATE);
	commit_undo_explain(&w->ctx, &undo, &why, text, sizeof(text));
	change_explain_locked(UNPRIV, 1, locked, sizeof(locked));
	assert_true(!strncmp(text, "Cannot undo: ", 13));
	assert_true(!strncmp(text + 13, locked, strlen(locked)));
	assert_int_equal(value_of(w, UNPRIV), 1);
}

/* Without a history (a one-shot command line) a commit still works. */
static void test_no_history(void **state)
{
	struct world *w = *state;
	struct commit_request req = change(HARDEN, 0, 1);
	struct commit_outcome out;

	w->ctx.history = NULL;
	assert_int_equal(commit_change(&w->ctx, &req, &out), 0);
	assert_int_equal(out.history_at, HISTORY_NONE);
	assert_int_equal(out.history_error, 0);
	assert_int_equal(value_of(w, HARDEN), 1);
}

/* Saving: prepared (the diff), written whole, checked against later files. */
static void test_save_prepares_then_writes(void **state)
{
	struct world *w = *state;
	const struct commit_save_value harden_1 = { KNOB_JIT_HARDEN, 1 };
	struct commit_save save;
	struct commit_save_outcome out;
	struct fixture etc;
	char path[PATH_MAX], text[2048];
	struct stat st;
	FILE *f;

	/* a --proc tree says nothing of this host's files */
	assert_int_equal(commit_save_prepare(&w->ctx, SYSCTLD_DROPIN, &harden_1, 1, &save),
			 -ENOENT);
	commit_save_explain_prepare(&save, -ENOENT, text, sizeof(text));
	assert_non_null(strstr(text, "--sysctl-root DIR"));
	commit_save_free(&save);

	fixture_new_empty(&etc);
	fixture_write(&etc, "etc/sysctl.d/10-other.conf", "kernel.foo = 1\n", (size_t)-1);
	assert_int_equal(procroot_set_sysctl(&w->root, etc.dir), 0);
	assert_int_equal(commit_save_prepare(&w->ctx, SYSCTLD_DROPIN, &harden_1, 0, &save),
			 -ENODATA);
	commit_save_free(&save);
	assert_int_equal(commit_save_prepare(&w->ctx, "/" SYSCTLD_DROPIN, &harden_1, 1, &save), 0);
	assert_string_equal(save.diff, "+net.core.bpf_jit_harden = 1\n");
	snprintf(text, sizeof(text), "%s/%s", etc.dir, SYSCTLD_DROPIN);
	assert_string_equal(save.path, text);
	fixture_path(&etc, SYSCTLD_DROPIN, path, sizeof(path));

	assert_int_equal(commit_save_write(&w->ctx, &save, true, &out), 0);
	assert_true(out.dry_run);
	assert_int_not_equal(stat(path, &st), 0);
	commit_save_explain(&save, &out, text, sizeof(text));
	assert_non_null(strstr(text, "would change as shown"));

	assert_int_equal(commit_save_write(&w->ctx, &save, false, &out), 0);
	assert_false(out.overridden[0].found);
	f = fopen(path, "r");
	assert_non_null(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = '\0';
	fclose(f);
	assert_non_null(strstr(text, "\nnet.core.bpf_jit_harden = 1\n"));

	/* a file boot reads after this one wins: the outcome names it */
	fixture_write(&etc, "etc/sysctl.conf", "net.core.bpf_jit_harden = 0\n", (size_t)-1);
	assert_int_equal(commit_save_write(&w->ctx, &save, false, &out), 0);
	assert_true(out.overridden[0].found);
	commit_save_explain(&save, &out, text, sizeof(text));
	assert_non_null(strstr(text, "But /etc/sysctl.conf line 1 sets net.core.bpf_jit_harden = 0"));
	commit_save_free(&save);

	/* never written through a symbolic link */
	fixture_remove(&etc, SYSCTLD_DROPIN);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(commit_save_prepare(&w->ctx, SYSCTLD_DROPIN, &harden_1, 1, &save), -ELOOP);
	commit_save_explain_prepare(&save, -ELOOP, text, sizeof(text));
	assert_non_null(strstr(text, "symbolic link"));
	commit_save_free(&save);
	fixture_free(&etc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_applied_is_written_recorded_not_audited_for_a_tree,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_audited_only_for_the_live_kernel, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stale_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_by_validation_writes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing_and_is_recorded_as_such,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_commits_the_value_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_way_is_never_offered_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_prepares_then_writes, setup, teardown),
	};

	return cmocka_run_group_tests_name("commit", tests, NULL, NULL);
}
