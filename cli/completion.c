/* bpfknobs-completion bash|zsh|fish: prints bpfknobs' completion script for
 * that shell, made from what --help is made from: the option table
 * (cli_options[], each option's kind of value), the knob table (names,
 * values and their labels, for --set and --expect) and the built-in --check
 * profiles. The build runs it (Makefile.am), so the scripts cannot drift
 * from the options. It is a program of the build machine, not installed; a
 * cross build cannot run it (see configure.ac). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "fleet/check.h"
#include "knobs/knob.h"

#define COMPLETION_HEAD "generated from bpfknobs' option table by cli/completion.c; do not edit"

/* The ids of the programs or maps loaded now, for --dump-prog and
 * --dump-map: what "bpftool prog show" or "bpftool map show" lists (as
 * bpftool's own completion does; it takes root), one "ID<TAB>type name"
 * line each; arg is the shell's word for "prog" or "map". */
static void completion_ids(FILE *out, const char *arg)
{
	fprintf(out, "bpftool %s show 2>/dev/null | sed -n "
		     "-e 's/^\\([0-9][0-9]*\\): \\([^ ]*\\)  name \\([^ ]*\\).*/\\1\\t\\2 \\3/p' "
		     "-e t -e 's/^\\([0-9][0-9]*\\): \\([^ ]*\\).*/\\1\\t\\2/p'", arg);
}

/* Where a description goes: inside single quotes, and for zsh also inside
 * _arguments' [...] or after _describe's "word:". */
enum completion_quote {
	QUOTE_ZSH,
	QUOTE_FISH,
};

/* A help text on one line, for the descriptions of zsh and fish. */
static void completion_help(FILE *out, const char *help, enum completion_quote quote)
{
	for (const char *c = help; *c; c++) {
		if (*c == '\n')
			fputc(' ', out);
		else if (*c == '\'')
			fputs(quote == QUOTE_ZSH ? "'\\''" : "\\'", out);
		else if (*c == '\\' || (quote == QUOTE_ZSH && (*c == '[' || *c == ']' || *c == ':')))
			fprintf(out, "\\%c", *c);
		else
			fputc(*c, out);
	}
}

/* ---------------------------------------------------------------- bash */

static void completion_bash_values(FILE *out)
{
	fputs("# The values of a knob, for --set NAME=VALUE and --expect.\n"
	      "_bpfknobs_values()\n{\n\tcase $1 in\n", out);
	for (size_t i = 0; i < knob_count; i++) {
		const struct knob_def *def = &knob_table[i];

		if (!knob_nr_choices(def))
			continue; /* a size: any number of bytes */
		fprintf(out, "\t%s) echo", def->name);
		for (size_t c = 0; c < knob_nr_choices(def); c++)
			fprintf(out, " %ld", def->choices[c].value);
		fputs(" ;;\n", out);
	}
	fputs("\tesac\n}\n\n", out);
}

/* What follows an option of this kind; NULL: it takes no value. A kind
 * added to enum cli_value without an answer in the three shells is a
 * warning (-Wswitch), an error with --enable-werror. */
static const char *completion_bash_action(enum cli_value value)
{
	switch (value) {
	case CLI_VALUE_NONE:
		return NULL;
	case CLI_VALUE_FILE:
		return "_filedir";
	case CLI_VALUE_DIR:
		return "_filedir -d";
	case CLI_VALUE_SECONDS:
		return "COMPREPLY=()";
	case CLI_VALUE_KNOB_ASSIGN:
		return "_bpfknobs_assign";
	case CLI_VALUE_KNOB_VALUE:
		return "_bpfknobs_expect";
	case CLI_VALUE_PROFILE:
		return "if [[ $cur != -* ]]; then\n"
		       "\t\t\tCOMPREPLY=($(compgen -W \"$_bpfknobs_profiles\" -- \"$cur\"))\n"
		       "\t\t\t_filedir\n"
		       "\t\t\treturn\n"
		       "\t\tfi";
	case CLI_VALUE_FILE_OR_STDOUT:
		return "COMPREPLY=($(compgen -W - -- \"$cur\"))\n\t\t_filedir";
	case CLI_VALUE_PROG_ID:
		return "COMPREPLY=($(compgen -W \"$(_bpfknobs_ids prog | cut -f1)\" -- \"$cur\"))";
	case CLI_VALUE_MAP_ID:
		return "COMPREPLY=($(compgen -W \"$(_bpfknobs_ids map | cut -f1)\" -- \"$cur\"))";
	}
	return NULL;
}

static void completion_bash(FILE *out)
{
	fputs("# bash completion for bpfknobs(8); " COMPLETION_HEAD ".\n\n", out);
	fputs("_bpfknobs_knobs=\"", out);
	for (size_t i = 0; i < knob_count; i++)
		fprintf(out, "%s%s", i ? " " : "", knob_table[i].name);
	fputs("\"\n_bpfknobs_profiles=\"", out);
	for (const struct check_builtin *b = check_builtins; b->name; b++)
		fprintf(out, "%s%s", b == check_builtins ? "" : " ", b->name);
	fputs("\"\n_bpfknobs_options=\"", out);
	for (const struct cli_option *o = cli_options; o->name; o++)
		fprintf(out, "%s--%s", o == cli_options ? "" : " ", o->name);
	fputs("\"\n\n", out);
	completion_bash_values(out);
	/* _init_completion -n = keeps NAME=VALUE one word, and -s splits
	 * --opt=value; readline still replaces only what follows the last '='
	 * (it is in COMP_WORDBREAKS), so the answers lose what cur has up to
	 * there, as bash-completion's __ltrim_colon_completions does for ':'. */
	fputs("# NAME=VALUE for --set: the knob names, then the values of the one named.\n"
	      "_bpfknobs_assign()\n{\n"
	      "\tlocal knob v answers=\n"
	      "\tif [[ $cur == *=* ]]; then\n"
	      "\t\tknob=${cur%%=*}\n"
	      "\t\tfor v in $(_bpfknobs_values \"$knob\"); do answers+=\" $knob=$v\"; done\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$answers\" -- \"$cur\"))\n"
	      "\telse\n"
	      "\t\tCOMPREPLY=($(compgen -S = -W \"$_bpfknobs_knobs\" -- \"$cur\"))\n"
	      "\t\tcompopt -o nospace\n"
	      "\tfi\n"
	      "\tif [[ $cur == *=* && $COMP_WORDBREAKS == *=* ]]; then\n"
	      "\t\tCOMPREPLY=(\"${COMPREPLY[@]#\"${cur%\"${cur##*=}\"}\"}\")\n"
	      "\tfi\n}\n\n", out);
	fputs("# --expect OLD: the values of the knob of the --set before it.\n"
	      "_bpfknobs_expect()\n{\n"
	      "\tlocal i knob=\n"
	      "\tfor ((i = cword - 1; i > 0; i--)); do\n"
	      "\t\tcase ${words[i]} in\n"
	      "\t\t--set) knob=${words[i + 1]%%=*}; break ;;\n"
	      "\t\t--set=*) knob=${words[i]#--set=}; knob=${knob%%=*}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tCOMPREPLY=($(compgen -W \"$(_bpfknobs_values \"$knob\")\" -- \"$cur\"))\n}\n\n", out);
	fputs("# The ids of the programs (prog) or maps (map) loaded now, a tab and\n"
	      "# their type and name, as bpftool lists them.\n"
	      "_bpfknobs_ids()\n{\n\t", out);
	completion_ids(out, "\"$1\"");
	fputs("\n}\n\n", out);
	fputs("_bpfknobs()\n{\n"
	      "\tlocal cur prev words cword split\n"
	      "\t_init_completion -s -n = || return\n\n"
	      "\tcase $prev in\n", out);
	for (const struct cli_option *o = cli_options; o->name; o++) {
		const char *action = completion_bash_action(o->value);

		if (!action)
			continue;
		fprintf(out, "\t--%s", o->name);
		if (o->short_name)
			fprintf(out, "|-%c", o->short_name);
		fprintf(out, ")\n\t\t%s\n", action);
		/* an optional argument: after "--check" may come an option */
		fputs(o->arg && o->arg[0] == '[' ? "\t\t;;\n" : "\t\treturn\n\t\t;;\n", out);
	}
	fputs("\tesac\n"
	      "\t$split && return\n\n"
	      "\tCOMPREPLY=($(compgen -W \"$_bpfknobs_options\" -- \"$cur\"))\n"
	      "} &&\n"
	      "\tcomplete -F _bpfknobs bpfknobs\n", out);
}

/* ----------------------------------------------------------------- zsh */

static void completion_zsh_values(FILE *out)
{
	fputs("# The values of a knob, with their labels.\n"
	      "(( $+functions[_bpfknobs_values] )) ||\n"
	      "_bpfknobs_values() {\n"
	      "  local -a values\n"
	      "  case $1 in\n", out);
	for (size_t i = 0; i < knob_count; i++) {
		const struct knob_def *def = &knob_table[i];

		fprintf(out, "  (%s)\n", def->name);
		if (!knob_nr_choices(def)) {
			fputs("    _message -e values 'bytes, or a size such as 512M or 1G'\n"
			      "    return ;;\n", out);
			continue;
		}
		fputs("    values=(", out);
		for (size_t c = 0; c < knob_nr_choices(def); c++) {
			fprintf(out, "%s'%ld:", c ? " " : "", def->choices[c].value);
			completion_help(out, def->choices[c].label, QUOTE_ZSH);
			fputs("'", out);
		}
		fputs(") ;;\n", out);
	}
	fputs("  (*) return 1 ;;\n"
	      "  esac\n"
	      "  _describe -t values \"value of $1\" values\n"
	      "}\n\n", out);
}

static void completion_zsh(FILE *out)
{
	fputs("#compdef bpfknobs\n# zsh completion for bpfknobs(8); " COMPLETION_HEAD ".\n\n",
	      out);
	completion_zsh_values(out);
	fputs("# NAME=VALUE for --set: the knob names, then the values of the one named.\n"
	      "(( $+functions[_bpfknobs_assign] )) ||\n"
	      "_bpfknobs_assign() {\n"
	      "  local -a knobs\n"
	      "  local knob=${PREFIX%%=*}\n"
	      "  if compset -P '*='; then\n"
	      "    _bpfknobs_values $knob\n"
	      "    return\n"
	      "  fi\n"
	      "  knobs=(\n", out);
	for (size_t i = 0; i < knob_count; i++) {
		fprintf(out, "    '%s:", knob_table[i].name);
		completion_help(out, knob_table[i].summary, QUOTE_ZSH);
		fputs("'\n", out);
	}
	fputs("  )\n"
	      "  _describe -t knobs 'knob' knobs -S = -q\n"
	      "}\n\n", out);
	fputs("# --expect OLD: the values of the knob of the --set before it.\n"
	      "(( $+functions[_bpfknobs_expect] )) ||\n"
	      "_bpfknobs_expect() {\n"
	      "  local i knob\n"
	      "  for (( i = CURRENT - 1; i > 1; i-- )); do\n"
	      "    case $words[i] in\n"
	      "    (--set) knob=${words[i+1]%%=*}; break ;;\n"
	      "    (--set=*) knob=${${words[i]#--set=}%%=*}; break ;;\n"
	      "    esac\n"
	      "  done\n"
	      "  _bpfknobs_values \"$knob\"\n"
	      "}\n\n", out);
	fputs("# --check PROFILE: a built-in profile or a file.\n"
	      "(( $+functions[_bpfknobs_profiles] )) ||\n"
	      "_bpfknobs_profiles() {\n"
	      "  local -a profiles\n"
	      "  profiles=(\n", out);
	for (const struct check_builtin *b = check_builtins; b->name; b++) {
		fprintf(out, "    '%s:", b->name);
		completion_help(out, b->summary, QUOTE_ZSH);
		fputs("'\n", out);
	}
	fputs("  )\n"
	      "  _alternative 'profiles:built-in profile:{_describe -t profiles \"built-in profile\" profiles}' \\\n"
	      "    'files:profile file:_files'\n"
	      "}\n\n", out);
	fputs("# The ids of the programs (prog) or maps (map) loaded now, with their\n"
	      "# type and name, as bpftool lists them.\n"
	      "(( $+functions[_bpfknobs_ids] )) ||\n"
	      "_bpfknobs_ids() {\n"
	      "  # _arguments passes its own options first: the kind comes last\n"
	      "  local kind=${@[-1]}\n"
	      "  local -a ids\n"
	      "  ids=(${(f)\"$(", out);
	completion_ids(out, "\"$kind\"");
	fputs(")\"})\n"
	      "  ids=(${ids//$'\\t'/:})\n"
	      "  _describe -t ids \"$kind id\" ids\n"
	      "}\n\n", out);
	fputs("# FILE or - for standard output.\n"
	      "(( $+functions[_bpfknobs_output] )) ||\n"
	      "_bpfknobs_output() {\n"
	      "  _alternative 'stdout:standard output:((-\\:\"standard output\"))' 'files:file:_files'\n"
	      "}\n\n", out);
	fputs("_bpfknobs() {\n"
	      "  _arguments -s -S \\\n", out);
	for (const struct cli_option *o = cli_options; o->name; o++) {
		const char *action = NULL, *form = "", *repeat = "", *exclude = "";
		bool optional = o->arg && o->arg[0] == '[';

		switch (o->value) {
		case CLI_VALUE_NONE:
			break;
		case CLI_VALUE_FILE:
			action = "_files";
			break;
		case CLI_VALUE_DIR:
			action = "_files -/";
			break;
		case CLI_VALUE_SECONDS:
			action = " ";
			break;
		case CLI_VALUE_KNOB_ASSIGN:
			action = "_bpfknobs_assign";
			repeat = "*";
			break;
		case CLI_VALUE_KNOB_VALUE:
			action = "_bpfknobs_expect";
			repeat = "*";
			break;
		case CLI_VALUE_PROFILE:
			action = "_bpfknobs_profiles";
			break;
		case CLI_VALUE_FILE_OR_STDOUT:
			action = "_bpfknobs_output";
			break;
		case CLI_VALUE_PROG_ID:
			action = "_bpfknobs_ids prog";
			break;
		case CLI_VALUE_MAP_ID:
			action = "_bpfknobs_ids map";
			break;
		}
		/* --help and --version take the whole command line */
		if (o->section == CLI_SECTION_INFO)
			exclude = "(- *)";
		/* "--proc DIR" or "--proc=DIR"; an optional argument only as
		 * "--check=PROFILE" or the next word, which zsh takes as the
		 * argument when it does not start with '-' */
		if (o->arg)
			form = "=";
		if (o->short_name && *exclude) {
			fprintf(out, "    '%s%s'{-%c,--%s%s}'[", repeat, exclude, o->short_name,
				o->name, form);
		} else if (o->short_name) {
			fprintf(out, "    '%s(-%c --%s)'{-%c,--%s%s}'[", repeat, o->short_name,
				o->name, o->short_name, o->name, form);
		} else {
			fprintf(out, "    '%s%s--%s%s[", repeat, exclude, o->name, form);
		}
		completion_help(out, o->help, QUOTE_ZSH);
		fputs("]", out);
		if (o->arg) {
			const char *arg = o->arg + optional;
			size_t len = strcspn(arg, "]");

			fprintf(out, ":%s%.*s:%s", optional ? ":" : "", (int)len, arg, action);
		}
		fputs("' \\\n", out);
	}
	fputs("    && return 0\n"
	      "  return 1\n"
	      "}\n\n"
	      "_bpfknobs \"$@\"\n", out);
}

/* ---------------------------------------------------------------- fish */

static void completion_fish(FILE *out)
{
	fputs("# fish completion for bpfknobs(8); " COMPLETION_HEAD ".\n\n", out);
	fputs("# The values of a knob, a tab and their labels.\n"
	      "function __bpfknobs_values\n"
	      "    switch $argv[1]\n", out);
	for (size_t i = 0; i < knob_count; i++) {
		const struct knob_def *def = &knob_table[i];

		if (!knob_nr_choices(def))
			continue;
		fprintf(out, "        case %s\n", def->name);
		for (size_t c = 0; c < knob_nr_choices(def); c++) {
			fprintf(out, "            printf '%%s\\t%%s\\n' %ld '", def->choices[c].value);
			completion_help(out, def->choices[c].label, QUOTE_FISH);
			fputs("'\n", out);
		}
	}
	fputs("    end\n"
	      "end\n\n", out);
	fputs("# NAME=VALUE for --set: the knob names, then the values of the one named.\n"
	      "function __bpfknobs_assign\n"
	      "    # fish puts back the \"--set=\" of \"--set=NAME=VALUE\" itself\n"
	      "    set -l token (string replace -r -- '^--set=' '' (commandline -ct))\n"
	      "    if string match -q -- '*=*' $token\n"
	      "        set -l knob (string split -m 1 = -- $token)[1]\n"
	      "        for value in (__bpfknobs_values $knob)\n"
	      "            printf '%s=%s\\n' $knob $value\n"
	      "        end\n"
	      "        return\n"
	      "    end\n", out);
	for (size_t i = 0; i < knob_count; i++) {
		fprintf(out, "    printf '%%s\\t%%s\\n' %s= '", knob_table[i].name);
		completion_help(out, knob_table[i].summary, QUOTE_FISH);
		fputs("'\n", out);
	}
	fputs("end\n\n", out);
	fputs("# --expect OLD: the values of the knob of the --set before it.\n"
	      "function __bpfknobs_expect\n"
	      "    set -l words (commandline -opc)\n"
	      "    set -l knob\n"
	      "    for i in (seq (count $words) -1 1)\n"
	      "        if test \"$words[$i]\" = --set; and test $i -lt (count $words)\n"
	      "            set knob (string split -m 1 = -- $words[(math $i + 1)])[1]\n"
	      "            break\n"
	      "        else if string match -q -- '--set=*' $words[$i]\n"
	      "            set knob (string split -m 1 = -- (string replace -- --set= '' $words[$i]))[1]\n"
	      "            break\n"
	      "        end\n"
	      "    end\n"
	      "    __bpfknobs_values $knob\n"
	      "end\n\n", out);
	fputs("# The ids of the programs (prog) or maps (map) loaded now, a tab and\n"
	      "# their type and name, as bpftool lists them.\n"
	      "function __bpfknobs_ids\n    ", out);
	completion_ids(out, "$argv[1]");
	fputs("\nend\n\n", out);
	fputs("# Whether the word before the one completed is OPTION.\n"
	      "function __bpfknobs_after\n"
	      "    set -l words (commandline -opc)\n"
	      "    test (count $words) -gt 1; and contains -- $words[-1] $argv\n"
	      "end\n\n", out);
	fputs("# bpfknobs takes no file arguments, only options\n"
	      "complete -c bpfknobs -f\n", out);
	for (const struct cli_option *o = cli_options; o->name; o++) {
		const char *args = "";
		bool optional = o->arg && o->arg[0] == '[';

		switch (o->value) {
		case CLI_VALUE_NONE:
			break;
		case CLI_VALUE_FILE:
			args = " -r -F";
			break;
		case CLI_VALUE_DIR:
			args = " -r -f -a '(__fish_complete_directories (commandline -ct))'";
			break;
		case CLI_VALUE_SECONDS:
			args = " -r -f";
			break;
		case CLI_VALUE_KNOB_ASSIGN:
			args = " -r -f -a '(__bpfknobs_assign)'";
			break;
		case CLI_VALUE_KNOB_VALUE:
			args = " -r -f -a '(__bpfknobs_expect)'";
			break;
		case CLI_VALUE_PROFILE:
			/* optional: fish offers an option's -a list only after
			 * "--check=", so the next word gets a rule of its own */
			args = " -F -a '(__bpfknobs_profiles)'";
			break;
		case CLI_VALUE_FILE_OR_STDOUT:
			args = " -r -F -a -";
			break;
		case CLI_VALUE_PROG_ID:
			args = " -r -f -a '(__bpfknobs_ids prog)'";
			break;
		case CLI_VALUE_MAP_ID:
			args = " -r -f -a '(__bpfknobs_ids map)'";
			break;
		}
		fputs("complete -c bpfknobs", out);
		if (o->short_name)
			fprintf(out, " -s %c", o->short_name);
		fprintf(out, " -l %s%s -d '", o->name, args);
		completion_help(out, o->help, QUOTE_FISH);
		fputs("'\n", out);
		if (optional) {
			fprintf(out, "complete -c bpfknobs -n '__bpfknobs_after --%s' -F -a "
				     "'(__bpfknobs_profiles)'\n", o->name);
		}
	}
	fputs("\n# --check PROFILE: the built-in profiles (files come from -F)\n"
	      "function __bpfknobs_profiles\n", out);
	for (const struct check_builtin *b = check_builtins; b->name; b++) {
		fprintf(out, "    printf '%%s\\t%%s\\n' %s '", b->name);
		completion_help(out, b->summary, QUOTE_FISH);
		fputs("'\n", out);
	}
	fputs("end\n", out);
}

static const struct {
	const char *name;
	void (*write)(FILE *out);
} completion_shells[] = {
	{ "bash", completion_bash },
	{ "zsh", completion_zsh },
	{ "fish", completion_fish },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc == 2 && i < sizeof(completion_shells) / sizeof(completion_shells[0]); i++) {
		if (strcmp(argv[1], completion_shells[i].name))
			continue;
		completion_shells[i].write(stdout);
		if (fflush(stdout) || ferror(stdout)) {
			perror("bpfknobs-completion: standard output");
			return 1;
		}
		return 0;
	}
	fputs("usage: bpfknobs-completion bash|zsh|fish: prints bpfknobs' completion script "
	      "for that shell\n", stderr);
	return 2;
}
