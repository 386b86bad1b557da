/* --set NAME=VALUE...: every request parsed, then the batch through
 * fleet/set.c (the browser's commit); one line per request on standard
 * output, usage errors on standard error. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "change/audit.h"
#include "change/commit.h"

int cli_set(const struct procroot *root, const struct cli_args *args)
{
	const struct cli_set *set = &args->set;
	struct set_request req[SET_MAX];
	struct snapshot_facts facts;
	struct history history = { 0 };
	struct commit_context ctx;
	struct set_save save;
	struct knob_env env;
	char text[PATH_MAX * 2 + 2048];
	bool unrecorded = false;
	size_t i;
	int err, status;

	snapshot_facts_read(&facts, root);
	env = (struct knob_env){ .kconfig = &facts.kconfig, .machine = facts.machine,
				 .kver = facts.kver };
	for (i = 0; i < set->n; i++) {
		err = set_parse(set->text[i], set->expect[i], &req[i]);
		if (err) {
			set_parse_explain(set->text[i], set->expect[i], err, &env, text,
					  sizeof(text));
			cli_print_line(stderr, "bpfknobs", text);
			return SET_USAGE;
		}
	}
	i = set_find_repeat(req, set->n);
	if (i < set->n) {
		set_parse_explain(set->text[i], NULL, -EEXIST, &env, text, sizeof(text));
		cli_print_line(stderr, "bpfknobs", text);
		return SET_USAGE;
	}
	ctx = (struct commit_context){ .root = root, .env = &env, .history = &history,
				       .uid = getuid() };
	status = set_run(&ctx, req, set->n, &set->opts, &save);
	for (i = 0; i < set->n; i++) {
		set_explain(&env, &req[i], text, sizeof(text));
		cli_print_line(stdout, set_result_word(&req[i]), text);
		unrecorded = unrecorded || req[i].unrecorded;
	}
	if (save.tried && save.prepare_error) {
		commit_save_explain_prepare(&save.save, save.prepare_error, text, sizeof(text));
		cli_print_line(stdout, "refused", text);
	} else if (save.one_way_refused) {
		commit_save_explain_one_way(&save.save, text, sizeof(text));
		cli_print_line(stdout, "refused", text);
		cli_print_line(stdout, "refused", "Nothing was written; give --allow-one-way to "
			       "save it anyway.");
	} else if (save.written) {
		commit_save_explain(&save.save, &save.out, text, sizeof(text));
		/* the old lines come from files anyone's package may have
		 * written: shown through the one sanitiser */
		cli_print_line(stdout, NULL, save.save.diff);
		cli_print_line(stdout, save.out.error ? "failed" : save.out.dry_run ? "would save"
			       : "saved", text);
	}
	if (unrecorded || (save.out.audited && save.out.recorded == AUDIT_SINK_NONE)) {
		audit_unrecorded_text(text, sizeof(text));
		cli_print_line(stdout, "warning", text);
	}
	set_save_free(&save);
	history_free(&history);
	return fflush(stdout) ? SET_FAILED : status;
}
