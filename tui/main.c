/* bpfknobs: options, then a report (--list, --json) or the curses browser. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app.h"
#include "procroot.h"
#include "progs.h"
#include "report.h"
#include "snapshot.h"

#define MAIN_DELAY_MIN 0.1
#define MAIN_DELAY_MAX 3600.0

enum main_mode { MAIN_MODE_BROWSE, MAIN_MODE_LIST, MAIN_MODE_JSON };

static const char main_usage[] =
	"Usage: bpfknobs [OPTION]...\n"
	"Show the eBPF kernel knobs, what each value means, and the BPF programs\n"
	"the kernel has loaded. Without --list or --json, opens a full-screen\n"
	"browser in the terminal (press ? in it for the keys, q to quit).\n"
	"\n"
	"  -l, --list        print a readable report of the knobs and exit\n"
	"  -j, --json        print the same report as one JSON object and exit\n"
	"  -p, --proc DIR    read DIR instead of /proc (a captured or fixture tree:\n"
	"                    DIR/sys/..., DIR/config.gz, DIR/boot/config-RELEASE)\n"
	"  -d, --delay SECONDS  browser: read the knobs and programs again every\n"
	"                    SECONDS (0.1 to 3600, default 1)\n"
	"  -h, --help        show this help and exit\n"
	"  -V, --version     show the version and exit\n"
	"\n"
	"Exit status: 0 on success, also when some knobs cannot be read; 1 when the\n"
	"source cannot be read at all, or the browser has no terminal; 2 for a\n"
	"wrong option.\n";

/* Strict: a whole number or decimal of seconds within the range. */
static int main_parse_delay(const char *text, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < MAIN_DELAY_MIN ||
	    v > MAIN_DELAY_MAX)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The browser needs a terminal on both ends; scripts get pointed to the
 * reports instead of a screen of escape codes. */
static int main_browse(const struct procroot *root, double delay)
{
	int sig = 0, rc;

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr, "bpfknobs: standard %s is not a terminal, so the full-screen "
				"browser cannot run.\nUse 'bpfknobs --list' for a readable report or "
				"'bpfknobs --json' for scripts.\n",
			isatty(STDOUT_FILENO) ? "input" : "output");
		return 1;
	}
	rc = app_run(root, delay, &sig);
	if (sig) {
		/* the terminal is restored: now die of the signal, as the shell expects */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return rc;
}

static int main_terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 80;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "proc", required_argument, NULL, 'p' },
		{ "delay", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	enum main_mode mode = MAIN_MODE_BROWSE;
	const char *proc_dir = NULL;
	double delay = 1.0;
	struct procroot root;
	struct snapshot *snap;
	int opt, err;

	setlocale(LC_ALL, "");
	/* before anything can load libbpf's messages onto a screen */
	progs_init();
	while ((opt = getopt_long(argc, argv, "ljp:d:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'l':
			mode = MAIN_MODE_LIST;
			break;
		case 'j':
			mode = MAIN_MODE_JSON;
			break;
		case 'p':
			proc_dir = optarg;
			break;
		case 'd':
			if (main_parse_delay(optarg, &delay)) {
				fprintf(stderr, "bpfknobs: --delay '%s': the refresh interval must be a "
						"number of seconds from %g to %g.\n"
						"Try 'bpfknobs --help' for the options.\n",
					optarg, MAIN_DELAY_MIN, MAIN_DELAY_MAX);
				return 2;
			}
			break;
		case 'h':
			fputs(main_usage, stdout);
			return 0;
		case 'V':
			puts(PACKAGE_STRING);
			return 0;
		default:
			fputs("Try 'bpfknobs --help' for the options.\n", stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bpfknobs: unexpected argument '%s'; options start with '-'.\n"
				"Try 'bpfknobs --help' for the options.\n", argv[optind]);
		return 2;
	}
	if (procroot_init(&root, proc_dir)) {
		fprintf(stderr, "bpfknobs: --proc %s: the path is too long.\n", proc_dir);
		return 2;
	}
	if (mode == MAIN_MODE_BROWSE)
		return main_browse(&root, delay);
	snap = calloc(1, sizeof(*snap));
	if (!snap) {
		fputs("bpfknobs: out of memory\n", stderr);
		return 1;
	}
	err = snapshot_take(snap, &root);
	if (err) {
		fprintf(stderr, "bpfknobs: cannot read %s: %s.%s\n", root.proc, strerror(-err),
			proc_dir ? " Give --proc a directory laid out like /proc." : "");
		snapshot_free(snap);
		free(snap);
		return 1;
	}
	if (mode == MAIN_MODE_JSON)
		err = report_json_write(snap, stdout);
	else
		err = report_text_write(snap, stdout, main_terminal_width());
	snapshot_free(snap);
	free(snap);
	if (err) {
		fprintf(stderr, "bpfknobs: could not write the report: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
