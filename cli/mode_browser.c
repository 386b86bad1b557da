/* The default mode: the curses browser (tui/app.c). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

int cli_browser(const struct procroot *root, const struct cli_args *args)
{
	int sig = 0, rc;

	/* statistics are the running kernel's, whatever tree the screen shows */
	if (args->browser.stats && !root->live) {
		fputs("bpfknobs: --stats turns runtime statistics on in the running kernel (every "
		      "program on this host is timed), but --proc shows a captured tree: run it "
		      "without --proc.\nTry 'bpfknobs --help' for the options.\n", stderr);
		return 2;
	}

	/* The browser needs a terminal on both ends; scripts get pointed to
	 * the reports instead of a screen of escape codes. */
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr, "bpfknobs: standard %s is not a terminal, so the full-screen "
				"browser cannot run.\nUse 'bpfknobs --list' for a readable report or "
				"'bpfknobs --json' for scripts.\n",
			isatty(STDOUT_FILENO) ? "input" : "output");
		return 1;
	}
	rc = app_run(root, &args->browser, &sig);
	if (sig) {
		/* the terminal is restored: now die of the signal, as the shell expects */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return rc;
}
