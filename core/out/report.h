/* Renders a snapshot for people (--list, report_text.c) and for programs
 * (--json, report_json*.c), and the sentences both share with the curses
 * screen (report_sentences.c). */
#ifndef BPFKNOBS_OUT_REPORT_H
#define BPFKNOBS_OUT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "refresh/snapshot.h"

/* ---- sentences (report_sentences.c) ---- */

/* "root: changes allowed" or the read-only state and how to change it. */
void report_privs_summary(const struct snapshot *snap, char *buf, size_t size);

/* Why no kernel config could be read; "" when one was. */
void report_kconfig_problem(const struct snapshot *snap, char *buf, size_t size);

/* Why a knob has no value; "" when it has one. */
void report_knob_problem(const struct snapshot *snap, const struct snapshot_knob *knob,
			 char *buf, size_t size);

/* How holders were found: "iterator", "proc", or NULL (not looked for),
 * --json's words. */
const char *report_holders_source(enum prog_holders_source source);

/* The same for people, one paragraph after a label: "found in the kernel
 * by bpfknobs' own task_file iterator ...", else the reason word for word
 * ("Read from /proc, because ...", "Not looked for: ..."); returns whether
 * it says something a person should know (not complete, or not from the
 * iterator). */
bool report_holders_text(const struct prog_holders *st, char *buf, size_t size);

struct jsonw;
/* One program as a JSON object, in bpftool's names where bpftool has the
 * field (report_json.c). */
void report_json_prog(struct jsonw *w, const struct prog *prog);

/* report_json_stats.c: a program's run_cnt, run_time_ns and recursion_misses
 * (null when statistics never counted it and are not on), and the
 * top-level "stats" object: whether the kernel counts runs now, the
 * sysctl, and who holds statistics on. */
void report_json_prog_stats(struct jsonw *w, const struct prog *prog);
void report_json_stats(struct jsonw *w, const struct snapshot *snap);

/* report_json_jitmem.c: the top-level "jit_memory" object. */
void report_json_jitmem(struct jsonw *w, const struct snapshot *snap);
/* report_json_reach.c: the top-level "reach" object: identities with
 * their program and map types (true, or the gate that refused and the
 * errno), and the gates. */
void report_json_reach(struct jsonw *w, const struct snapshot *snap);

/* Return 0 or -EIO when out could not be written. */
int report_json_write(const struct snapshot *snap, FILE *out);
int report_text_write(const struct snapshot *snap, FILE *out, int width);

#endif
