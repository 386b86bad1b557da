/* --list: the readable report (out/report_text.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "base/parse.h"
#include "out/report.h"

/* The width --list wraps to: $COLUMNS when it holds a width (as ls and
 * other tools take it, so scripts and tests can choose), else the
 * terminal's, else 80. */
static int cli_list_width(void)
{
	const char *columns = getenv("COLUMNS");
	struct winsize ws;
	long width;

	if (columns && !parse_long_strict(columns, strlen(columns), &width) && width > 0 &&
	    width <= 10000)
		return (int)width;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 80;
}

int cli_list(const struct procroot *root, const struct cli_args *args)
{
	struct snapshot *snap = cli_snapshot_take_reach(root, args);
	int err;

	if (!snap)
		return 1;
	err = report_text_write(snap, stdout, cli_list_width());
	cli_snapshot_drop(snap);
	if (err) {
		fprintf(stderr, "bpfknobs: could not write the report: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
