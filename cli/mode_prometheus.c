/* --prometheus FILE|-: metrics for node_exporter's textfile collector
 * (fleet/prom.c). 0 written, 1 not. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "fleet/prom.h"

int cli_prometheus(const struct procroot *root, const struct cli_args *args)
{
	const char *path = args->prometheus;
	struct safepath_problem problem = { .why = SAFEPATH_OK };
	struct prom_facts facts;
	struct snapshot *snap;
	char text[2 * PATH_MAX + 1024];
	int err;

	snap = cli_snapshot_take(root, args);
	if (!snap)
		return 1;
	prom_facts_read(&facts, root);
	if (!strcmp(path, "-"))
		err = prom_write(snap, &facts, stdout);
	else
		err = prom_save(snap, &facts, path, &problem);
	cli_snapshot_drop(snap);
	if (err) {
		prom_save_explain(strcmp(path, "-") ? path : "standard output", err, &problem, text,
				  sizeof(text));
		cli_print_line(stderr, "bpfknobs", text);
		return 1;
	}
	return 0;
}
