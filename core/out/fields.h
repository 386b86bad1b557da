/* The detail of a knob or a program as one ordered list of (label, text)
 * fields, built once here so a label or a sentence can never differ
 * between the outputs that show it: a knob's fields are rendered by
 * --list, --json (its "detail") and the browser; a program's by --list and
 * the browser (its --json is written from the model's data, in bpftool's
 * names: report_json.c). fields_render() is the one layout of such a list
 * in columns. */
#ifndef BPFKNOBS_OUT_FIELDS_H
#define BPFKNOBS_OUT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "refresh/snapshot.h"

enum field_role {
	FIELD_NORMAL,
	FIELD_CURRENT, /* the knob's current value among its values */
	FIELD_WARN,    /* a live cross-effect, drift from boot, a missing symbol */
	FIELD_ERROR,   /* why a knob has no value */
	FIELD_DIM,     /* a fact of lesser weight: held by the kernel only */
	FIELD_HEAD,    /* the head row of a small table (the symbols) */
};

struct field {
	/* "Allowed", without the colon: a field with the label of the one
	 * before it continues it (an owner, a value, a symbol), and "" has none */
	const char *label;
	const char *item;  /* NULL, or the value an item of a list stands for: "0" */
	char *text;        /* the sentence (owned) */
	enum field_role role;
};

struct fields {
	struct field *v;
	size_t nr, cap;
	bool oom; /* an allocation failed: some fields are missing */
};

void fields_init(struct fields *f);
void fields_free(struct fields *f);
void fields_add(struct fields *f, enum field_role role, const char *label, const char *item,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Everything known about a knob (its summary is the title of the list):
 * its value's meaning (or why
 * it has none), the live cross-effects, every value (the current one as
 * FIELD_CURRENT), default and origin, boot value, recommendation, who reads
 * and changes it, when a change takes effect, other effects, explanation. */
void fields_knob(const struct snapshot *snap, const struct snapshot_knob *k, struct fields *out);

/* Everything known about a program: names, type, tag, load time and user,
 * sizes, maps, BTF, owners, and each JITed function with its address,
 * length and symbol, or why it has none. */
void fields_prog(const struct prog_list *list, const struct prog *p, struct fields *out);

/* The other BPF JIT images (fields_images.c): the struct_ops maps
 * registered now, then each image of /proc/kallsyms that belongs to no
 * program with what it serves (trampolines, dispatchers, struct_ops), or
 * "none listed". */
void fields_jit_images(const struct prog_list *list, struct fields *out);

/* What eBPF may do here, and for whom (fields_reach.c): when and how it
 * was probed, each identity with what it loads and, types with the same
 * reason together, why the rest is refused; then each gate explained and
 * each delegating bpffs. Only the state line until the probes are done. */
void fields_reach(const struct snapshot *snap, struct fields *out);
/* Every type against every identity shown, a line each at fixed widths,
 * and a legend; nothing until the probes are done. */
void fields_reach_table(const struct reach *r, struct fields *out);
/* The columns the table's rows take. */
int fields_reach_table_width(const struct reach *r);

/* How a list is laid out in columns. */
struct fields_style {
	int indent;       /* columns before the label */
	int label_cols;   /* columns of the label column, from indent on */
	const char *mark; /* marks a FIELD_CURRENT item: "*", "▸" (one column) */
	bool utf8;        /* how to measure and sanitise (textwrap.h) */
};

/* One laid-out line: sanitised, at most width columns wide; text_col is
 * where the text starts (the label and an item's mark come before it). */
typedef void fields_emit_fn(void *ctx, const struct field *f, const char *line, int text_col);

/* Word-wraps every field to width columns: the label (with its colon) in
 * the label column, the text after it, further lines indented to the text.
 * Returns 0 or -ENOMEM. */
int fields_render(const struct fields *f, const struct fields_style *style, int width,
		  fields_emit_fn *emit, void *ctx);

/* "2026-11-21 05:52:11 UTC" in the local time zone; "unknown" for 0. */
void fields_format_time(const struct timespec *ts, char *buf, size_t size);

#endif
