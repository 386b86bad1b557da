/* The option table, --help made from it, and parsing argv into cli_args
 * (see cli.h). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/parse.h"
#include "knobs/sysctld.h"

#define CLI_DELAY_MIN 0.1
#define CLI_DELAY_MAX 3600.0
/* --help's second column */
#define CLI_HELP_COLUMN 20

#define CLI_TRY_HELP "Try 'bpfknobs --help' for the options.\n"

const struct cli_option cli_options[] = {
	{ "list", 'l', NULL, CLI_VALUE_NONE, CLI_SECTION_MAIN,
	  "print a readable report of the knobs and exit" },
	{ "json", 'j', NULL, CLI_VALUE_NONE, CLI_SECTION_MAIN,
	  "print the same report as one JSON object and exit" },
	{ "proc", 'p', "DIR", CLI_VALUE_DIR, CLI_SECTION_MAIN,
	  "read DIR instead of /proc (a captured or fixture tree:\n"
	  "DIR/sys/..., DIR/config.gz, DIR/boot/config-RELEASE)" },
	{ "delay", 'd', "SECONDS", CLI_VALUE_SECONDS, CLI_SECTION_MAIN,
	  "browser: read the knobs and programs again every\n"
	  "SECONDS (0.1 to 3600, default 1)" },
	{ "read-only", 'r', NULL, CLI_VALUE_NONE, CLI_SECTION_MAIN,
	  "browser: never offer to change a knob" },
	{ "stats", 0, NULL, CLI_VALUE_NONE, CLI_SECTION_MAIN,
	  "browser: start by offering runtime statistics for this\n"
	  "session (as the t key does): after a confirmation the\n"
	  "browser holds them on until it exits; the program table\n"
	  "then shows runs per second, run time and CPU%" },
	{ "dry-run", 'n', NULL, CLI_VALUE_NONE, CLI_SECTION_MAIN,
	  "browser and --set: go through every change and save,\n"
	  "checking everything, but write nothing" },
	{ "no-iterator", 0, NULL, CLI_VALUE_NONE, CLI_SECTION_MAIN,
	  "find the processes holding BPF objects by reading\n"
	  "/proc, the programs' ids a system call each, and their\n"
	  "symbols from /proc/kallsyms, without loading bpfknobs'\n"
	  "own iterators into the kernel (slower, and programs\n"
	  "held only by a socket are not traced to their process)" },
	{ "sysctl-root", 0, "DIR", CLI_VALUE_DIR, CLI_SECTION_MAIN,
	  "read and save the sysctl files below DIR instead\n"
	  "of / (DIR/etc/sysctl.d/...); with --proc they are\n"
	  "only read when this is given" },
	{ "save-file", 0, "FILE", CLI_VALUE_FILE, CLI_SECTION_MAIN,
	  "where the browser's save key and --save write (below\n"
	  "the sysctl root): a *.conf in a sysctl.d directory, default\n"
	  "/" SYSCTLD_DROPIN },
	{ "prometheus", 0, "FILE", CLI_VALUE_FILE_OR_STDOUT, CLI_SECTION_FLEET,
	  "write the knobs and a program summary in\n"
	  "Prometheus' text format for node_exporter's textfile\n"
	  "collector, atomically; - writes to standard output" },
	{ "check", 0, "[PROFILE]", CLI_VALUE_PROFILE, CLI_SECTION_FLEET,
	  "compare the knobs with a profile and exit 0 when\n"
	  "all comply: recommended (the default), kspp, or a file\n"
	  "of sysctl.conf lines (name = value); with --json, a\n"
	  "verdict object per knob" },
	{ "set", 0, "NAME=VALUE", CLI_VALUE_KNOB_ASSIGN, CLI_SECTION_FLEET,
	  "write VALUE to the knob NAME (repeatable, up to\n"
	  "16): every request is checked first, and one refused\n"
	  "request refuses them all; then each is written once and\n"
	  "read back, and recorded in the journal or syslog" },
	{ "expect", 0, "OLD", CLI_VALUE_KNOB_VALUE, CLI_SECTION_FLEET,
	  "with the --set before it: refuse unless the knob holds OLD" },
	{ "allow-one-way", 0, NULL, CLI_VALUE_NONE, CLI_SECTION_FLEET,
	  "write a one-way value too\n"
	  "(kernel.unprivileged_bpf_disabled=1 locks until reboot)" },
	{ "save", 0, NULL, CLI_VALUE_NONE, CLI_SECTION_FLEET,
	  "--set: also save the values to the sysctl file\n"
	  "(--save-file), as the browser's save does" },
	{ "dump-prog", 0, "ID", CLI_VALUE_PROG_ID, CLI_SECTION_INSPECT,
	  "print program ID's code: its translated instructions\n"
	  "with their source lines, as bpftool prog dump xlated\n"
	  "linum does, then its machine code disassembled (with\n"
	  "--json: one JSON object)" },
	{ "dump-map", 0, "ID", CLI_VALUE_MAP_ID, CLI_SECTION_INSPECT,
	  "print map ID: its facts and every entry, formatted from\n"
	  "its BTF and in hex, read without changing it (with\n"
	  "--json: one JSON object)" },
	{ "help", 'h', NULL, CLI_VALUE_NONE, CLI_SECTION_INFO, "show this help and exit" },
	{ "version", 'V', NULL, CLI_VALUE_NONE, CLI_SECTION_INFO, "show the version and exit" },
	{ 0 },
};

static const char cli_usage_head[] =
	"Usage: bpfknobs [OPTION]...\n"
	"       bpfknobs --check [PROFILE] [--json]\n"
	"       bpfknobs --prometheus FILE\n"
	"       bpfknobs --set NAME=VALUE [--expect OLD]... [--save] [--dry-run]\n"
	"       bpfknobs --dump-prog ID [--json] | --dump-map ID [--json]\n"
	"Show the eBPF kernel knobs, what each value means, and the BPF programs\n"
	"the kernel has loaded. Without --list or --json, opens a full-screen\n"
	"browser in the terminal (press ? in it for the keys, q to quit).\n";

static const char *const cli_section_heads[] = {
	[CLI_SECTION_MAIN] = "",
	[CLI_SECTION_FLEET] = "For fleets: monitoring, policy checks and scripted changes:\n",
	[CLI_SECTION_INSPECT] = "Inside a program or a map (as root; nothing is changed):\n",
	[CLI_SECTION_INFO] = "",
};

static const char cli_usage_tail[] =
	"\n"
	"In the browser, Enter on a knob changes it (root only), after a\n"
	"confirmation; every change is checked, read back and recorded in the\n"
	"journal (or syslog).\n"
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

static void cli_usage_option(FILE *out, const struct cli_option *o)
{
	char left[64];
	const char *line = o->help, *end;
	int n;

	if (o->short_name)
		n = snprintf(left, sizeof(left), "  -%c, --%s", o->short_name, o->name);
	else
		n = snprintf(left, sizeof(left), "      --%s", o->name);
	if (o->arg)
		n += snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->arg);
	/* at least two spaces before the help, at its column when it fits */
	fprintf(out, "%-*s", n + 2 > CLI_HELP_COLUMN ? n + 2 : CLI_HELP_COLUMN, left);
	for (;;) {
		end = strchr(line, '\n');
		fprintf(out, "%.*s\n", end ? (int)(end - line) : (int)strlen(line), line);
		if (!end)
			break;
		line = end + 1;
		fprintf(out, "%*s", CLI_HELP_COLUMN, "");
	}
}

void cli_usage(FILE *out)
{
	int section = -1;

	fputs(cli_usage_head, out);
	for (const struct cli_option *o = cli_options; o->name; o++) {
		if ((int)o->section != section) {
			section = (int)o->section;
			fputs("\n", out);
			fputs(cli_section_heads[section], out);
		}
		cli_usage_option(out, o);
	}
	fputs(cli_usage_tail, out);
}

/* Strict: a whole number or decimal of seconds within the range. */
static int cli_parse_delay(const char *text, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < CLI_DELAY_MIN ||
	    v > CLI_DELAY_MAX)
		return -EINVAL;
	*out = v;
	return 0;
}

/* getopt_long's table and short options, from cli_options[]: each option's
 * value is its index in the table (short options map to the same). */
static void cli_getopt_table(struct option *longs, char *shorts)
{
	size_t i, s = 0;

	for (i = 0; cli_options[i].name; i++) {
		const struct cli_option *o = &cli_options[i];
		bool optional = o->arg && o->arg[0] == '[';

		longs[i] = (struct option){ o->name,
					    !o->arg ? no_argument
					    : optional ? optional_argument : required_argument,
					    NULL, (int)(0x100 + i) };
		if (o->short_name) {
			shorts[s++] = o->short_name;
			if (o->arg)
				shorts[s++] = ':';
		}
	}
	longs[i] = (struct option){ 0 };
	shorts[s] = '\0';
}

static int cli_option_index(int opt)
{
	if (opt >= 0x100)
		return opt - 0x100;
	for (int i = 0; cli_options[i].name; i++)
		if (cli_options[i].short_name == opt)
			return i;
	return -1;
}

/* A second mode where one is already chosen. */
static int cli_one_mode(struct cli_args *args, enum cli_mode mode)
{
	if (args->mode != CLI_BROWSER && args->mode != mode) {
		fputs("bpfknobs: give one of --list, --json, --check, --prometheus, --set, "
		      "--dump-prog and --dump-map (--check and --dump-* take --json), and --set "
		      "without --read-only.\n" CLI_TRY_HELP,
		      stderr);
		return 2;
	}
	args->mode = mode;
	return -1;
}

/* One option; -1 to go on, else the exit status. */
static int cli_parse_one(int argc, char **argv, const char *name, struct cli_args *args)
{
	struct cli_set *set = &args->set;

	if (!strcmp(name, "list"))
		return cli_one_mode(args, CLI_LIST);
	if (!strcmp(name, "json")) {
		args->json = true;
		return args->mode == CLI_CHECK || args->mode == CLI_DUMP_PROG ||
		       args->mode == CLI_DUMP_MAP ? -1 : cli_one_mode(args, CLI_JSON);
	}
	if (!strcmp(name, "proc")) {
		args->proc_dir = optarg;
	} else if (!strcmp(name, "delay")) {
		if (cli_parse_delay(optarg, &args->browser.interval)) {
			fprintf(stderr, "bpfknobs: --delay '%s': the refresh interval must be a "
					"number of seconds from %g to %g.\n" CLI_TRY_HELP,
				optarg, CLI_DELAY_MIN, CLI_DELAY_MAX);
			return 2;
		}
	} else if (!strcmp(name, "read-only")) {
		args->browser.read_only = true;
	} else if (!strcmp(name, "dry-run")) {
		args->browser.dry_run = true;
	} else if (!strcmp(name, "stats")) {
		args->browser.stats = true;
	} else if (!strcmp(name, "no-iterator")) {
		args->no_iterator = true;
	} else if (!strcmp(name, "sysctl-root")) {
		args->sysctl_root = optarg;
	} else if (!strcmp(name, "save-file")) {
		if (sysctld_check_file(optarg)) {
			fprintf(stderr, "bpfknobs: --save-file '%s': boot never reads that file. "
					"Give a *.conf file in /etc/sysctl.d (or /run/sysctl.d, "
					"/usr/local/lib/sysctl.d, /usr/lib/sysctl.d), or "
					"/etc/sysctl.conf.\n", optarg);
			return 2;
		}
		args->browser.save_file = optarg + strspn(optarg, "/");
		set->opts.save_file = args->browser.save_file;
	} else if (!strcmp(name, "set")) {
		if (set->n == SET_MAX) {
			fprintf(stderr, "bpfknobs: --set: at most %d at a time.\n", SET_MAX);
			return 2;
		}
		set->text[set->n++] = optarg;
		return cli_one_mode(args, CLI_SET);
	} else if (!strcmp(name, "expect")) {
		if (!set->n || set->expect[set->n - 1]) {
			fprintf(stderr, "bpfknobs: --expect '%s': give it after the --set it "
					"belongs to, once: --set NAME=VALUE --expect OLD.\n" CLI_TRY_HELP,
				optarg);
			return 2;
		}
		set->expect[set->n - 1] = optarg;
	} else if (!strcmp(name, "allow-one-way")) {
		set->opts.allow_one_way = true;
	} else if (!strcmp(name, "save")) {
		set->opts.save = true;
	} else if (!strcmp(name, "check")) {
		/* "--check kspp" as well as "--check=kspp"; alone, the default */
		if (optarg)
			args->check = optarg;
		else if (optind < argc && argv[optind][0] != '-')
			args->check = argv[optind++];
		else
			args->check = "recommended";
		if (args->mode == CLI_JSON)
			args->mode = CLI_BROWSER;
		return cli_one_mode(args, CLI_CHECK);
	} else if (!strcmp(name, "dump-prog") || !strcmp(name, "dump-map")) {
		long id;

		if (parse_long_strict(optarg, strlen(optarg), &id) || id <= 0 || id > UINT32_MAX) {
			fprintf(stderr, "bpfknobs: --%s '%s': give the id of a %s, a whole number "
					"as bpftool %s show prints it.\n" CLI_TRY_HELP,
				name, optarg, name[5] == 'p' ? "program" : "map",
				name[5] == 'p' ? "prog" : "map");
			return 2;
		}
		args->dump_id = (uint32_t)id;
		if (args->mode == CLI_JSON)
			args->mode = CLI_BROWSER;
		return cli_one_mode(args, name[5] == 'p' ? CLI_DUMP_PROG : CLI_DUMP_MAP);
	} else if (!strcmp(name, "prometheus")) {
		args->prometheus = optarg;
		return cli_one_mode(args, CLI_PROMETHEUS);
	} else if (!strcmp(name, "help")) {
		cli_usage(stdout);
		return 0;
	} else if (!strcmp(name, "version")) {
		puts(PACKAGE_STRING);
		return 0;
	}
	return -1;
}

/* What holds only for some modes. */
static int cli_check_combination(const struct cli_args *args)
{
	const struct cli_set *set = &args->set;

	if (!set->n && (set->opts.allow_one_way || set->opts.save)) {
		fprintf(stderr, "bpfknobs: --%s goes with --set NAME=VALUE.\n" CLI_TRY_HELP,
			set->opts.save ? "save" : "allow-one-way");
		return 2;
	}
	if (args->mode == CLI_SET && args->browser.read_only) {
		fputs("bpfknobs: give one of --list, --json, --check, --prometheus, --set, "
		      "--dump-prog and --dump-map (--check and --dump-* take --json), and --set "
		      "without --read-only.\n" CLI_TRY_HELP,
		      stderr);
		return 2;
	}
	if (args->browser.stats && (args->mode != CLI_BROWSER || args->browser.read_only)) {
		fputs("bpfknobs: --stats is for the browser, and not with --read-only (statistics "
		      "on is a change to the kernel); --list and --json report the counters "
		      "without it.\n" CLI_TRY_HELP, stderr);
		return 2;
	}
	return -1;
}

int cli_parse(int argc, char **argv, struct cli_args *args)
{
	struct option longs[sizeof(cli_options) / sizeof(cli_options[0])];
	char shorts[2 * sizeof(cli_options) / sizeof(cli_options[0]) + 1];
	int opt, status;

	*args = (struct cli_args){ .mode = CLI_BROWSER,
				   .browser = { .interval = 1.0, .save_file = SYSCTLD_DROPIN },
				   .set.opts.save_file = SYSCTLD_DROPIN };
	cli_getopt_table(longs, shorts);
	while ((opt = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		int i = cli_option_index(opt);

		if (i < 0) {
			fputs(CLI_TRY_HELP, stderr);
			return 2;
		}
		status = cli_parse_one(argc, argv, cli_options[i].name, args);
		if (status >= 0)
			return status;
	}
	if (optind < argc) {
		fprintf(stderr, "bpfknobs: unexpected argument '%s'; options start with '-'.\n"
				CLI_TRY_HELP, argv[optind]);
		return 2;
	}
	status = cli_check_combination(args);
	if (status >= 0)
		return status;
	args->set.opts.dry_run = args->browser.dry_run;
	return -1;
}
