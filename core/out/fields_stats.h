/* The runtime statistics' part of the detail lists (fields.h): the
 * effective state beside the statistics switch, and a program's counters. */
#ifndef BPFKNOBS_OUT_FIELDS_STATS_H
#define BPFKNOBS_OUT_FIELDS_STATS_H

#include "out/fields.h"

/* "In effect: on: held by bpftop (pid 4242)", for a knob whose state also
 * depends on fds (knob_def.held_by_fds); nothing for the others. */
void fields_stats_knob(const struct snapshot *snap, const struct knob_def *def,
		       struct fields *out);

/* A program's cumulative counters (not rates: a one-shot report has one
 * reading), or why there are none to read. */
void fields_stats_prog(const struct prog_list *list, const struct prog *p,
		       struct fields *out);

/* "850 ns", "12.3 us", "4.56 ms", "7.89 s" */
void fields_stats_duration(double ns, char *buf, size_t size);

#endif
