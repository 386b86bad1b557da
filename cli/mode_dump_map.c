/* --dump-map ID: a map's facts and contents, as text or JSON (inspect/map_dump.c). */
#include <stdio.h>

#include "cli.h"

int cli_dump_map(const struct procroot *root, const struct cli_args *args)
{
	(void)root;
	(void)args;
	fputs("bpfknobs: --dump-map: not yet\n", stderr);
	return 1;
}
