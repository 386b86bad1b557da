/* Renders a snapshot for people (--list) and for programs (--json), and the
 * sentences both share with the curses screen. */
#ifndef BPFKNOBS_REPORT_H
#define BPFKNOBS_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "snapshot.h"

/* "root: changes allowed" or the read-only state and how to change it. */
void report_privs_summary(const struct snapshot *snap, char *buf, size_t size);

/* Why no kernel config could be read; "" when one was. */
void report_kconfig_problem(const struct snapshot *snap, char *buf, size_t size);

/* Why a knob has no value; "" when it has one. */
void report_knob_problem(const struct snapshot *snap, const struct snapshot_knob *knob,
			 char *buf, size_t size);

/* Prints text word-wrapped to width, every line after the first indented by
 * indent columns; the first line starts at column first_col. */
void report_text_wrap(FILE *out, const char *text, int first_col, int indent, int width);

/* The program list (report_progs.c). One program as a JSON object, in
 * bpftool's names and formats where bpftool has the field, written as
 * json-c's pretty printer would at that indent (the opening brace where
 * out stands); the [bpf] images that are no program, as an array; the
 * --list section. */
void report_progs_json_prog(FILE *out, const struct progs_prog *prog, int indent);
void report_progs_json_others(FILE *out, const struct progs_list *list, int indent);
void report_progs_text(const struct snapshot *snap, FILE *out, int width);

/* Return 0 or -EIO when out could not be written. */
int report_json_write(const struct snapshot *snap, FILE *out);
int report_text_write(const struct snapshot *snap, FILE *out, int width);

#endif
