/* bpfknobs: the options (options.c), then one mode from the table below:
 * the browser, a report (--list, --json), a policy check (--check),
 * metrics (--prometheus), a change (--set), or the inside of a program or
 * a map (--dump-prog, --dump-map). The work is in core/ and
 * tui/; the modes parse, call and print. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "base/textwrap.h"
#include "progs/prog.h"
#include "reach/reach_session.h"

static const struct cli_mode_ops cli_modes[CLI__COUNT] = {
	[CLI_BROWSER] = { "the browser", cli_browser },
	[CLI_LIST] = { "--list", cli_list },
	[CLI_JSON] = { "--json", cli_json },
	[CLI_CHECK] = { "--check", cli_check },
	[CLI_PROMETHEUS] = { "--prometheus", cli_prometheus },
	[CLI_SET] = { "--set", cli_set },
	[CLI_DUMP_PROG] = { "--dump-prog", cli_dump_prog },
	[CLI_DUMP_MAP] = { "--dump-map", cli_dump_map },
};

/* A sysctl root that is not a directory would read as "no file sets it". */
static int cli_sysctl_root(const char *dir, struct procroot *root)
{
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "bpfknobs: --sysctl-root '%s': %s. Give a directory laid out "
				"like / (DIR/etc/sysctl.d/...).\n", dir,
			stat(dir, &st) ? strerror(errno) : "not a directory");
		return -1;
	}
	if (procroot_set_sysctl(root, dir)) {
		fprintf(stderr, "bpfknobs: --sysctl-root: the path is too long.\n");
		return -1;
	}
	return 0;
}

void cli_print_line(FILE *out, const char *prefix, const char *text)
{
	if (prefix)
		fprintf(out, "%s: ", prefix);
	if (!*text && prefix)
		fputc('\n', out);
	while (*text) {
		size_t len = strcspn(text, "\n");
		/* the sanitiser never makes a line longer: '?' stands for one
		 * byte or more */
		char *clean = malloc(len + 1);

		if (clean) {
			textwrap_copy(text, len, true, clean, len + 1);
			fputs(clean, out);
			free(clean);
		}
		fputc('\n', out);
		text += len;
		if (*text)
			text++;
	}
}

struct snapshot *cli_snapshot_take(const struct procroot *root, const struct cli_args *args)
{
	struct snapshot *snap = calloc(1, sizeof(*snap));
	int err;

	if (!snap) {
		fputs("bpfknobs: out of memory\n", stderr);
		return NULL;
	}
	err = snapshot_take(snap, root);
	if (err) {
		fprintf(stderr, "bpfknobs: cannot read %s: %s.%s\n", root->proc, strerror(-err),
			args->proc_dir ? " Give --proc a directory laid out like /proc." : "");
		snapshot_free(snap);
		free(snap);
		return NULL;
	}
	return snap;
}

struct snapshot *cli_snapshot_take_reach(const struct procroot *root, const struct cli_args *args)
{
	/* the probes fork and wait on the kernel while this thread lists the
	 * programs: --list and --json take the longer of the two, not both */
	struct reach_session *probes = reach_session_new(root, NULL, 0);
	struct snapshot *snap;
	struct reach *r = NULL;

	if (probes && reach_session_start(probes)) {
		reach_session_free(probes);
		probes = NULL;
	}
	snap = cli_snapshot_take(root, args);
	if (probes && (r = malloc(sizeof(*r))) && reach_session_collect(probes, true, r)) {
		if (snap)
			snapshot_reach_adopt(snap, r);
	} else if (snap && snapshot_reach(snap, root)) {
		fputs("bpfknobs: out of memory\n", stderr);
		cli_snapshot_drop(snap);
		snap = NULL;
	}
	free(r);
	reach_session_free(probes);
	return snap;
}

void cli_snapshot_drop(struct snapshot *snap)
{
	snapshot_free(snap);
	free(snap);
}

int main(int argc, char **argv)
{
	struct cli_args args;
	struct procroot root;
	int status;

	setlocale(LC_ALL, "");
	/* before anything can load libbpf's messages onto a screen */
	prog_quiet_libbpf();
	status = cli_parse(argc, argv, &args);
	if (status >= 0)
		return status;
	if (procroot_init(&root, args.proc_dir)) {
		fprintf(stderr, "bpfknobs: --proc %s: the path is too long.\n", args.proc_dir);
		return 2;
	}
	if (args.sysctl_root && cli_sysctl_root(args.sysctl_root, &root))
		return 2;
	root.no_iterator = args.no_iterator;
	return cli_modes[args.mode].run(&root, &args);
}
