/* bpfknobs: options, then a report (--list, --json), a change (--set), or
 * the curses browser. The work is in core/; this file parses and prints. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/app.h"
#include "base/procroot.h"
#include "refresh/prog_session.h"
#include "base/parse.h"
#include "fleet/check.h"
#include "fleet/prom.h"
#include "out/report.h"
#include "fleet/set.h"
#include "refresh/snapshot.h"
#include "knobs/sysctld.h"

#define MAIN_DELAY_MIN 0.1
#define MAIN_DELAY_MAX 3600.0

enum main_mode { MAIN_MODE_BROWSE, MAIN_MODE_LIST, MAIN_MODE_JSON };
enum {
	MAIN_OPT_SYSCTL_ROOT = 0x100,
	MAIN_OPT_SAVE_FILE,
	MAIN_OPT_SET,
	MAIN_OPT_EXPECT,
	MAIN_OPT_ALLOW_ONE_WAY,
	MAIN_OPT_SAVE,
	MAIN_OPT_CHECK,
	MAIN_OPT_PROMETHEUS,
	MAIN_OPT_STATS,
};

/* --set NAME=VALUE [--expect OLD], as given: core/fleet/set.c parses them. */
struct main_set {
	const char *text[SET_MAX];
	const char *expect[SET_MAX];
	size_t n;
	struct set_options opts;
};

static const char main_usage[] =
	"Usage: bpfknobs [OPTION]...\n"
	"       bpfknobs --check [PROFILE] [--json]\n"
	"       bpfknobs --prometheus FILE\n"
	"       bpfknobs --set NAME=VALUE [--expect OLD]... [--save] [--dry-run]\n"
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
	"  -r, --read-only   browser: never offer to change a knob\n"
	"      --stats       browser: start by offering runtime statistics for this\n"
	"                    session (as the t key does): after a confirmation the\n"
	"                    browser holds them on until it exits; the program table\n"
	"                    then shows runs per second, run time and CPU%\n"
	"  -n, --dry-run     browser and --set: go through every change and save,\n"
	"                    checking everything, but write nothing\n"
	"      --sysctl-root DIR  read and save the sysctl files below DIR instead\n"
	"                    of / (DIR/etc/sysctl.d/...); with --proc they are\n"
	"                    only read when this is given\n"
	"      --save-file FILE  where the browser's save key and --save write (below\n"
	"                    the sysctl root): a *.conf in a sysctl.d directory, default\n"
	"                    /" SYSCTLD_DROPIN "\n"
	"\n"
	"For fleets: monitoring, policy checks and scripted changes:\n"
	"      --prometheus FILE  write the knobs and a program summary in\n"
	"                    Prometheus' text format for node_exporter's textfile\n"
	"                    collector, atomically; - writes to standard output\n"
	"      --check [PROFILE]  compare the knobs with a profile and exit 0 when\n"
	"                    all comply: recommended (the default), kspp, or a file\n"
	"                    of sysctl.conf lines (name = value); with --json, a\n"
	"                    verdict object per knob\n"
	"      --set NAME=VALUE  write VALUE to the knob NAME (repeatable, up to\n"
	"                    16): every request is checked first, and one refused\n"
	"                    request refuses them all; then each is written once and\n"
	"                    read back, and logged to syslog\n"
	"      --expect OLD  with the --set before it: refuse unless the knob holds OLD\n"
	"      --allow-one-way  write a one-way value too\n"
	"                    (kernel.unprivileged_bpf_disabled=1 locks until reboot)\n"
	"      --save        --set: also save the values to the sysctl file\n"
	"                    (--save-file), as the browser's save does\n"
	"\n"
	"  -h, --help        show this help and exit\n"
	"  -V, --version     show the version and exit\n"
	"\n"
	"In the browser, Enter on a knob changes it (root only), after a\n"
	"confirmation; every change is checked, read back and logged to syslog.\n"
	"\n"
	"Exit status: 0 on success, also when some knobs cannot be read; 1 when the\n"
	"source cannot be read at all, or the browser has no terminal; 2 for a\n"
	"wrong option.\n"
	"--check: 0 every knob complies, 1 some do not, 2 a wrong option or\n"
	"profile, 3 some could not be read (and none differs).\n"
	"--prometheus: 0 written, 1 not written, 2 a wrong option.\n"
	"--set: 0 applied (every value in place), 1 failed (a write did not take,\n"
	"or the save failed), 2 a malformed request (nothing written), 3 refused\n"
	"by a check before writing (nothing written).\n";

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
static int main_browse(const struct procroot *root, const struct app_options *opts)
{
	int sig = 0, rc;

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr, "bpfknobs: standard %s is not a terminal, so the full-screen "
				"browser cannot run.\nUse 'bpfknobs --list' for a readable report or "
				"'bpfknobs --json' for scripts.\n",
			isatty(STDOUT_FILENO) ? "input" : "output");
		return 1;
	}
	rc = app_run(root, opts, &sig);
	if (sig) {
		/* the terminal is restored: now die of the signal, as the shell expects */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return rc;
}

/* A sysctl root that is not a directory would read as "no file sets it". */
static int main_check_dir(const char *option, const char *dir, struct procroot *root)
{
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "bpfknobs: %s '%s': %s. Give a directory laid out like / "
				"(DIR/etc/sysctl.d/...).\n", option, dir,
			stat(dir, &st) ? strerror(errno) : "not a directory");
		return -1;
	}
	if (procroot_set_sysctl(root, dir)) {
		fprintf(stderr, "bpfknobs: %s: the path is too long.\n", option);
		return -1;
	}
	return 0;
}

/* The snapshot the reports render; NULL, after saying why, when the
 * source cannot be read at all. */
static struct snapshot *main_take(const struct procroot *root, bool proc_given)
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
			proc_given ? " Give --proc a directory laid out like /proc." : "");
		snapshot_free(snap);
		free(snap);
		return NULL;
	}
	return snap;
}

static void main_drop(struct snapshot *snap)
{
	snapshot_free(snap);
	free(snap);
}

/* --check [PROFILE]: the profile first, so that a broken one is a usage
 * error whatever the knobs hold. */
static int main_check(const struct procroot *root, bool proc_given, const char *arg, bool json)
{
	struct check_profile profile;
	struct check_problem problem;
	struct check_result result;
	struct snapshot *snap;
	char text[PATH_MAX + 1024];
	int err;

	err = check_load(arg, &profile, &problem);
	if (err) {
		check_load_explain(arg, err, &problem, text, sizeof(text));
		fprintf(stderr, "bpfknobs: %s\nTry 'bpfknobs --help' for the options.\n", text);
		return CHECK_USAGE;
	}
	snap = main_take(root, proc_given);
	if (!snap)
		return CHECK_UNREADABLE;
	check_check(&profile, snap, &result);
	err = json ? check_json_write(&profile, snap, &result, stdout)
		   : check_text_write(&profile, snap, &result, stdout);
	main_drop(snap);
	if (err) {
		fprintf(stderr, "bpfknobs: could not write the verdicts: %s\n", strerror(-err));
		return CHECK_UNREADABLE;
	}
	return check_status(&result);
}

/* --prometheus FILE|-: 0 written, 1 not. */
static int main_prometheus(const struct procroot *root, bool proc_given, const char *path)
{
	struct prom_facts facts;
	struct snapshot *snap;
	char text[PATH_MAX + 512];
	int err;

	snap = main_take(root, proc_given);
	if (!snap)
		return 1;
	prom_facts_read(&facts, root);
	if (!strcmp(path, "-"))
		err = prom_write(snap, &facts, stdout);
	else
		err = prom_save(snap, &facts, path);
	main_drop(snap);
	if (err) {
		prom_save_explain(strcmp(path, "-") ? path : "standard output", err, text,
				  sizeof(text));
		fprintf(stderr, "bpfknobs: %s\n", text);
		return 1;
	}
	return 0;
}

/* --set: every request parsed, then the batch through core/fleet/set.c; one
 * line per request on stdout, usage errors on stderr. */
static int main_set(const struct procroot *root, struct main_set *set)
{
	struct set_request req[SET_MAX];
	struct snapshot_facts facts;
	struct history history = { 0 };
	struct commit_context ctx;
	struct set_save save;
	struct knob_env env;
	char text[PATH_MAX * 2 + 2048];
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
			fprintf(stderr, "bpfknobs: %s\n", text);
			return SET_USAGE;
		}
	}
	i = set_find_repeat(req, set->n);
	if (i < set->n) {
		set_parse_explain(set->text[i], NULL, -EEXIST, &env, text, sizeof(text));
		fprintf(stderr, "bpfknobs: %s\n", text);
		return SET_USAGE;
	}
	ctx = (struct commit_context){ .root = root, .env = &env, .history = &history,
				       .uid = getuid() };
	status = set_run(&ctx, req, set->n, &set->opts, &save);
	for (i = 0; i < set->n; i++) {
		set_explain(&env, &req[i], text, sizeof(text));
		printf("%s: %s\n", set_result_word(&req[i]), text);
	}
	if (save.tried && save.prepare_error) {
		commit_save_explain_prepare(&save.save, save.prepare_error, text, sizeof(text));
		printf("refused: %s\n", text);
	} else if (save.written) {
		commit_save_explain(&save.save, &save.out, text, sizeof(text));
		fputs(save.save.diff, stdout);
		printf("%s: %s\n", save.out.error ? "failed" : save.out.dry_run ? "would save" : "saved",
		       text);
	}
	set_save_free(&save);
	history_free(&history);
	return fflush(stdout) ? SET_FAILED : status;
}

/* The width --list wraps to: $COLUMNS when it holds a width (as ls and
 * other tools take it, so scripts and tests can choose), else the
 * terminal's, else 80. */
static int main_terminal_width(void)
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

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "proc", required_argument, NULL, 'p' },
		{ "delay", required_argument, NULL, 'd' },
		{ "read-only", no_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "sysctl-root", required_argument, NULL, MAIN_OPT_SYSCTL_ROOT },
		{ "save-file", required_argument, NULL, MAIN_OPT_SAVE_FILE },
		{ "set", required_argument, NULL, MAIN_OPT_SET },
		{ "expect", required_argument, NULL, MAIN_OPT_EXPECT },
		{ "allow-one-way", no_argument, NULL, MAIN_OPT_ALLOW_ONE_WAY },
		{ "save", no_argument, NULL, MAIN_OPT_SAVE },
		{ "check", optional_argument, NULL, MAIN_OPT_CHECK },
		{ "prometheus", required_argument, NULL, MAIN_OPT_PROMETHEUS },
		{ "stats", no_argument, NULL, MAIN_OPT_STATS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	enum main_mode mode = MAIN_MODE_BROWSE;
	const char *proc_dir = NULL, *sysctl_root = NULL, *check = NULL, *prometheus = NULL;
	struct app_options opts = { .interval = 1.0, .save_file = SYSCTLD_DROPIN };
	struct main_set set = { .opts.save_file = SYSCTLD_DROPIN };
	struct procroot root;
	struct snapshot *snap;
	int opt, err;

	setlocale(LC_ALL, "");
	/* before anything can load libbpf's messages onto a screen */
	prog_quiet_libbpf();
	while ((opt = getopt_long(argc, argv, "ljp:d:rnhV", options, NULL)) != -1) {
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
			if (main_parse_delay(optarg, &opts.interval)) {
				fprintf(stderr, "bpfknobs: --delay '%s': the refresh interval must be a "
						"number of seconds from %g to %g.\n"
						"Try 'bpfknobs --help' for the options.\n",
					optarg, MAIN_DELAY_MIN, MAIN_DELAY_MAX);
				return 2;
			}
			break;
		case 'r':
			opts.read_only = true;
			break;
		case 'n':
			opts.dry_run = true;
			break;
		case MAIN_OPT_SYSCTL_ROOT:
			sysctl_root = optarg;
			break;
		case MAIN_OPT_SAVE_FILE:
			if (sysctld_check_file(optarg)) {
				fprintf(stderr, "bpfknobs: --save-file '%s': boot never reads that file. "
						"Give a *.conf file in /etc/sysctl.d (or /run/sysctl.d, "
						"/usr/local/lib/sysctl.d, /usr/lib/sysctl.d), or "
						"/etc/sysctl.conf.\n", optarg);
				return 2;
			}
			opts.save_file = optarg + strspn(optarg, "/");
			set.opts.save_file = opts.save_file;
			break;
		case MAIN_OPT_SET:
			if (set.n == SET_MAX) {
				fprintf(stderr, "bpfknobs: --set: at most %d at a time.\n", SET_MAX);
				return 2;
			}
			set.text[set.n++] = optarg;
			break;
		case MAIN_OPT_EXPECT:
			if (!set.n || set.expect[set.n - 1]) {
				fprintf(stderr, "bpfknobs: --expect '%s': give it after the --set it "
						"belongs to, once: --set NAME=VALUE --expect OLD.\n"
						"Try 'bpfknobs --help' for the options.\n", optarg);
				return 2;
			}
			set.expect[set.n - 1] = optarg;
			break;
		case MAIN_OPT_ALLOW_ONE_WAY:
			set.opts.allow_one_way = true;
			break;
		case MAIN_OPT_SAVE:
			set.opts.save = true;
			break;
		case MAIN_OPT_CHECK:
			/* "--check kspp" as well as "--check=kspp"; alone, the default */
			if (optarg)
				check = optarg;
			else if (optind < argc && argv[optind][0] != '-')
				check = argv[optind++];
			else
				check = "recommended";
			break;
		case MAIN_OPT_PROMETHEUS:
			prometheus = optarg;
			break;
		case MAIN_OPT_STATS:
			opts.stats = true;
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
	if (sysctl_root && main_check_dir("--sysctl-root", sysctl_root, &root))
		return 2;
	if (!set.n && (set.opts.allow_one_way || set.opts.save)) {
		fprintf(stderr, "bpfknobs: --%s goes with --set NAME=VALUE.\n"
				"Try 'bpfknobs --help' for the options.\n",
			set.opts.save ? "save" : "allow-one-way");
		return 2;
	}
	if ((set.n > 0) + !!check + !!prometheus > 1 ||
	    ((set.n || prometheus) && mode != MAIN_MODE_BROWSE) || (check && mode == MAIN_MODE_LIST) ||
	    (set.n && opts.read_only)) {
		fputs("bpfknobs: give one of --list, --json, --check, --prometheus and --set "
		      "(--check takes --json), and --set without --read-only.\n"
		      "Try 'bpfknobs --help' for the options.\n", stderr);
		return 2;
	}
	if (opts.stats && (mode != MAIN_MODE_BROWSE || set.n || check || prometheus ||
			   opts.read_only)) {
		fputs("bpfknobs: --stats is for the browser, and not with --read-only (statistics "
		      "on is a change to the kernel); --list and --json report the counters "
		      "without it.\nTry 'bpfknobs --help' for the options.\n", stderr);
		return 2;
	}
	if (set.n) {
		set.opts.dry_run = opts.dry_run;
		return main_set(&root, &set);
	}
	if (check)
		return main_check(&root, proc_dir != NULL, check, mode == MAIN_MODE_JSON);
	if (prometheus)
		return main_prometheus(&root, proc_dir != NULL, prometheus);
	if (mode == MAIN_MODE_BROWSE)
		return main_browse(&root, &opts);
	snap = main_take(&root, proc_dir != NULL);
	if (!snap)
		return 1;
	if (mode == MAIN_MODE_JSON)
		err = report_json_write(snap, stdout);
	else
		err = report_text_write(snap, stdout, main_terminal_width());
	main_drop(snap);
	if (err) {
		fprintf(stderr, "bpfknobs: could not write the report: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
