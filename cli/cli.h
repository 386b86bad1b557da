/* The command line: the option table (--help and the shell completions are
 * made from it), the arguments it parses into, and the modes, one file
 * each, in a table as bpftool's cmds[] (main.c). */
#ifndef BPFKNOBS_CLI_CLI_H
#define BPFKNOBS_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/procroot.h"
#include "fleet/set.h"
#include "model/app.h"
#include "refresh/snapshot.h"

/* The modes, in the order of the mode table. */
enum cli_mode {
	CLI_BROWSER,    /* the default */
	CLI_LIST,       /* --list */
	CLI_JSON,       /* --json */
	CLI_CHECK,      /* --check [PROFILE] (with --json: verdict objects) */
	CLI_PROMETHEUS, /* --prometheus FILE */
	CLI_SET,        /* --set NAME=VALUE... */
	CLI_DUMP_PROG,  /* --dump-prog ID (with --json: one JSON object) */
	CLI_DUMP_MAP,   /* --dump-map ID (with --json: one JSON object) */
	CLI__COUNT,
};

/* What an option's argument is, for --help and the completions. */
enum cli_value {
	CLI_VALUE_NONE,
	CLI_VALUE_FILE,
	CLI_VALUE_DIR,
	CLI_VALUE_SECONDS,
	CLI_VALUE_KNOB_ASSIGN, /* NAME=VALUE: a knob's name and one of its values */
	CLI_VALUE_KNOB_VALUE,  /* a value of the knob of the --set before it */
	CLI_VALUE_PROFILE,     /* a built-in profile's name, or a file */
	CLI_VALUE_FILE_OR_STDOUT,
	CLI_VALUE_PROG_ID,     /* a loaded program's id */
	CLI_VALUE_MAP_ID,      /* a map's id */
};

/* The option table's sections, in --help's order. */
enum cli_section {
	CLI_SECTION_MAIN,
	CLI_SECTION_FLEET,
	CLI_SECTION_INSPECT,
	CLI_SECTION_INFO,
};

struct cli_option {
	const char *name;       /* long name, without "--" */
	char short_name;        /* 0: none */
	const char *arg;        /* "DIR", "[PROFILE]" (optional), NULL: none */
	enum cli_value value;
	enum cli_section section;
	const char *help;       /* lines joined by '\n', as --help prints them */
};

/* Every option, in --help's order, ended by a row without a name. */
extern const struct cli_option cli_options[];

/* --set NAME=VALUE [--expect OLD], as given: fleet/set.c parses them. */
struct cli_set {
	const char *text[SET_MAX];
	const char *expect[SET_MAX];
	size_t n;
	struct set_options opts;
};

/* What the command line asked. */
struct cli_args {
	enum cli_mode mode;
	const char *proc_dir;    /* --proc, NULL: /proc */
	const char *sysctl_root; /* --sysctl-root, NULL: / (or none with --proc) */
	const char *check;       /* --check's profile */
	const char *prometheus;  /* --prometheus's file, "-" for standard output */
	bool json;               /* --json (a mode of its own, or --check's and --dump-*'s form) */
	bool no_iterator;        /* --no-iterator: holders from /proc only */
	uint32_t dump_id;        /* --dump-prog's or --dump-map's id */
	struct app_options browser;
	struct cli_set set;
};

/* Parses argv into args. Returns -1 to go on, or the exit status to end
 * with at once (0 after --help or --version, 2 for a wrong option, after
 * saying why on standard error). */
int cli_parse(int argc, char **argv, struct cli_args *args);

/* --help: generated from cli_options[]. */
void cli_usage(FILE *out);

/* One mode. */
struct cli_mode_ops {
	const char *name; /* "--list"; "the browser" */
	int (*run)(const struct procroot *root, const struct cli_args *args);
};

/* cli_snapshot_take() with what eBPF may do here (snap->reach), probed in
 * a thread while the snapshot is read. NULL after saying why. */
struct snapshot *cli_snapshot_take_reach(const struct procroot *root, const struct cli_args *args);

int cli_browser(const struct procroot *root, const struct cli_args *args);
int cli_list(const struct procroot *root, const struct cli_args *args);
int cli_json(const struct procroot *root, const struct cli_args *args);
int cli_check(const struct procroot *root, const struct cli_args *args);
int cli_prometheus(const struct procroot *root, const struct cli_args *args);
int cli_set(const struct procroot *root, const struct cli_args *args);
int cli_dump_prog(const struct procroot *root, const struct cli_args *args);
int cli_dump_map(const struct procroot *root, const struct cli_args *args);

/* Prints "PREFIX: TEXT" (TEXT alone when prefix is NULL), each line of
 * TEXT through the one sanitiser (base/textwrap.h): text that comes from
 * files or command lines never reaches the terminal with a control
 * character or a byte that is not UTF-8. Each line ends with a newline;
 * an empty TEXT prints the prefix alone on its line (nothing without one). */
void cli_print_line(FILE *out, const char *prefix, const char *text);

/* The snapshot the one-shot modes render; NULL, after saying why, when
 * the source cannot be read at all. cli_snapshot_drop() frees it. */
struct snapshot *cli_snapshot_take(const struct procroot *root, const struct cli_args *args);
void cli_snapshot_drop(struct snapshot *snap);

#endif
