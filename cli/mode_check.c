/* --check [PROFILE]: the knobs against a profile (fleet/check.c). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "fleet/check.h"

int cli_check(const struct procroot *root, const struct cli_args *args)
{
	struct check_profile profile;
	struct check_problem problem;
	struct check_result result;
	struct snapshot *snap;
	char text[PATH_MAX + 1024];
	int err;

	/* the profile first, so that a broken one is a usage error whatever
	 * the knobs hold */
	err = check_load(args->check, &profile, &problem);
	if (err) {
		check_load_explain(args->check, err, &problem, text, sizeof(text));
		/* the offending line is the file's text: through the sanitiser */
		cli_print_line(stderr, "bpfknobs", text);
		fputs("Try 'bpfknobs --help' for the options.\n", stderr);
		return CHECK_USAGE;
	}
	snap = cli_snapshot_take(root, args);
	if (!snap)
		return CHECK_UNREADABLE;
	check_check(&profile, snap, &result);
	err = args->json ? check_json_write(&profile, snap, &result, stdout)
			 : check_text_write(&profile, snap, &result, stdout);
	cli_snapshot_drop(snap);
	if (err) {
		fprintf(stderr, "bpfknobs: could not write the verdicts: %s\n", strerror(-err));
		return CHECK_UNREADABLE;
	}
	return check_status(&result);
}
