/* --dump-map ID: a map's facts and contents, as text or JSON
 * (inspect/dump_map.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "inspect/dump_map.h"

/* entries read at a time: what one batch lookup returns */
#define CLI_DUMP_MAP_PAGE 256

int cli_dump_map(const struct procroot *root, const struct cli_args *args)
{
	struct map_dump d;
	int err;

	if (!root->live) {
		fputs("bpfknobs: --dump-map reads the running kernel, not a --proc tree.\n", stderr);
		return 2;
	}
	err = map_dump_open(args->dump_id, root, CLI_DUMP_MAP_PAGE, &d);
	if (err) {
		fprintf(stderr, "bpfknobs: map %u: %s\n", args->dump_id, map_dump_error_text(err));
		return 1;
	}
	err = args->json ? dump_map_json(&d, stdout) : dump_map_text(&d, stdout);
	map_dump_close(&d);
	if (err) {
		fprintf(stderr, "bpfknobs: map %u: %s\n", args->dump_id,
			err == -EIO ? "could not write the output" : strerror(-err));
		return 1;
	}
	return 0;
}
