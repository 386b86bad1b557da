/* --json: the report as one JSON object (out/report_json.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "out/report.h"

int cli_json(const struct procroot *root, const struct cli_args *args)
{
	struct snapshot *snap;
	int err;

	/* 1.4 MB at 1,000 programs: in 64 KiB writes, not stdio's 4 KiB */
	setvbuf(stdout, NULL, _IOFBF, 64 * 1024);
	snap = cli_snapshot_take_reach(root, args);
	if (!snap)
		return 1;
	err = report_json_write(snap, stdout);
	cli_snapshot_drop(snap);
	if (err) {
		fprintf(stderr, "bpfknobs: could not write the report: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
