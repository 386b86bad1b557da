#include "out/fields.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"
#include "out/fields_attach.h"
#include "knobs/effects.h"
#include "out/fields_jitmem.h"
#include "out/fields_stats.h"
#include "progs/prog_maps.h"
#include "out/report.h"
#include "base/textwrap.h"
#include "base/units.h"

#define FIELDS_MAX_EFFECTS 8
#define FIELDS_MIN_TEXT_COLS 12

void fields_init(struct fields *f)
{
	memset(f, 0, sizeof(*f));
}

void fields_free(struct fields *f)
{
	for (size_t i = 0; i < f->nr; i++)
		free(f->v[i].text);
	free(f->v);
	fields_init(f);
}

void fields_add(struct fields *f, enum field_role role, const char *label, const char *item,
		const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (VEC_RESERVE(f->v, f->cap, f->nr + 1)) {
		f->oom = true;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0) {
		f->oom = true;
		text = NULL;
	}
	va_end(ap);
	if (text)
		f->v[f->nr++] = (struct field){ .label = label, .item = item, .text = text,
						.role = role };
}

/* ---- a knob ---- */

static void fields_knob_values(const struct snapshot_knob *k, const struct knob_env *env,
			       struct fields *out)
{
	static const char *const items[] = { "0", "1", "2", "3" };
	const struct knob_def *def = k->def;
	char text[1024];

	knob_writable_summary(def, env, &k->reading, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Allowed", NULL, "%s", text);
	for (size_t i = 0; i < knob_nr_choices(def); i++) {
		const struct knob_choice *c = &def->choices[i];
		bool current = !k->reading.error && k->reading.value == c->value;

		/* choices are small numbers (knob_table.c); items[] names them */
		if (c->value < 0 || (size_t)c->value >= sizeof(items) / sizeof(items[0]))
			continue;
		knob_choice_text(def, env, &k->reading, c, text, sizeof(text));
		fields_add(out, current ? FIELD_CURRENT : FIELD_NORMAL, "Allowed", items[c->value], "%s",
			   text);
	}
}

void fields_knob(const struct snapshot *snap, const struct snapshot_knob *k, struct fields *out)
{
	struct knob_values values;
	struct effects_line effects[FIELDS_MAX_EFFECTS];
	const struct knob_def *def = k->def;
	struct knob_env env;
	char text[1024], value[64];
	size_t n;
	long v;

	snapshot_knob_env(snap, &env);
	if (k->reading.error) {
		report_knob_problem(snap, k, text, sizeof(text));
		fields_add(out, FIELD_ERROR, "No value", NULL, "%s", text);
	} else {
		knob_value_meaning(def, k->reading.value, text, sizeof(text));
		fields_add(out, FIELD_NORMAL, "Now", NULL, "%s", text);
	}
	fields_stats_knob(snap, def, out);
	fields_jitmem_knob(snap, def, out);
	snapshot_knob_values(snap, &values);
	n = effects_for_knob(&values, snap->kver, def, effects, FIELDS_MAX_EFFECTS);
	for (size_t i = 0; i < n; i++)
		fields_add(out, FIELD_WARN, "Live effect", NULL, "%s", effects[i].text);
	fields_knob_values(k, &env, out);
	knob_default_origin(def, &env, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Default", NULL, "%s", text);
	drift_describe(def, &k->reading, &k->drift, text, sizeof(text));
	fields_add(out, k->drift.drifts ? FIELD_WARN : FIELD_NORMAL, "At boot", NULL, "%s", text);
	v = def->recommended;
	if (def->recommend_default && knob_default(def, &env, &v))
		snprintf(value, sizeof(value), "the default");
	else
		knob_format_value(def, v, value, sizeof(value));
	fields_add(out, FIELD_NORMAL, "Recommended", NULL, "%s, by %s. %s", value,
		   def->recommended_by, def->tradeoff);
	fields_add(out, FIELD_NORMAL, "Read by", NULL, "%s", def->read_who);
	fields_add(out, FIELD_NORMAL, "Changed by", NULL, "%s", def->write_who);
	fields_add(out, FIELD_NORMAL, "Takes effect", NULL, "%s", def->takes_effect);
	knob_effects_text(def, &env, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Also", NULL, "%s", text);
	fields_add(out, FIELD_NORMAL, "About", NULL, "%s", def->explanation);
}

/* ---- a program ---- */

void fields_format_time(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;

	if (!ts->tv_sec || !localtime_r(&ts->tv_sec, &tm) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M:%S %Z", &tm))
		snprintf(buf, size, "unknown");
}

static void fields_prog_symbols(const struct prog_list *list, const struct prog *p,
				struct fields *out)
{
	char addr[24];

	fields_add(out, FIELD_NORMAL, "Functions", NULL, "%zu JITed function%s%s", p->nr_syms,
		   p->nr_syms == 1 ? "" : "s",
		   p->nr_syms > 1 ? ", the main program first, then its subprograms" : "");
	if (p->nr_syms)
		fields_add(out, FIELD_HEAD, "Functions", NULL, "%-18s %7s  %s", "ADDRESS", "LENGTH",
			   "SYMBOL IN /proc/kallsyms");
	for (size_t i = 0; i < p->nr_syms; i++) {
		const struct prog_symbol *s = &p->syms[i];

		if (s->addr)
			snprintf(addr, sizeof(addr), "%016" PRIx64, s->addr);
		else
			snprintf(addr, sizeof(addr), "(hidden)");
		fields_add(out, s->name ? FIELD_NORMAL : FIELD_DIM, "Functions", NULL,
			   "%-18s %7" PRIu32 "  %s",
			   addr, s->len, s->name ? s->name : "(not listed)");
	}
	if (p->nr_syms && p->syms[0].name)
		return;
	if (list->symbols_pending && !p->symbols_missing)
		fields_add(out, FIELD_WARN, "No symbol", NULL, "(reading /proc/kallsyms)");
	else if (p->symbols_missing)
		fields_add(out, FIELD_WARN, "No symbol", NULL, "%s", p->symbols_missing);
}

/* One line per map: what bpftool map show says of it. */
static void fields_prog_maps(const struct prog *p, struct fields *out)
{
	char memory[32], flags[32];

	if (!p->nr_map_ids) {
		fields_add(out, FIELD_NORMAL, "Maps", NULL, "none");
		return;
	}
	fields_add(out, FIELD_NORMAL, "Maps", NULL, "%u map%s", (unsigned)p->nr_map_ids,
		   p->nr_map_ids == 1 ? "" : "s");
	for (size_t i = 0; i < p->nr_maps; i++) {
		const struct prog_map *m = &p->maps[i];

		if (m->memlock)
			units_format_bytes(m->memlock, memory, sizeof(memory));
		else
			snprintf(memory, sizeof(memory), "unknown");
		flags[0] = '\0';
		if (m->flags)
			snprintf(flags, sizeof(flags), ", flags 0x%x", (unsigned)m->flags);
		fields_add(out, FIELD_NORMAL, "Maps", NULL,
			   "%u %s: %s, key %u B, value %u B, %u entries at most, memory %s%s",
			   (unsigned)m->id, m->name[0] ? m->name : "(no name)", m->type_name,
			   (unsigned)m->key_size, (unsigned)m->value_size,
			   (unsigned)m->max_entries, memory, flags);
	}
	if (p->maps_error)
		fields_add(out, FIELD_WARN, "Maps", NULL, "%s",
			   prog_maps_error_text(p->maps_error));
}

void fields_prog(const struct prog_list *list, const struct prog *p, struct fields *out)
{
	char when[64], size[4][32], verified[64], charged[96];

	fields_add(out, FIELD_NORMAL, "Name", NULL, "%s%s%s%s", p->name[0] ? p->name : "(none)",
		   p->btf_name ? " (BTF name " : "", p->btf_name ? p->btf_name : "",
		   p->btf_name ? ")" : "");
	fields_add(out, FIELD_NORMAL, "Type", NULL, "%s (%u)", p->type_name ? p->type_name
									   : "unknown",
		   (unsigned)p->type);
	fields_add(out, FIELD_NORMAL, "Tag", NULL, "%s", p->tag);
	if (p->ours)
		fields_add(out, FIELD_NORMAL, "Whose", NULL, "bpfknobs' own: this process "
			   "loaded it to read the kernel, and it goes when the process exits");
	fields_format_time(&p->load_time, when, sizeof(when));
	fields_add(out, FIELD_NORMAL, "Loaded", NULL, "%s by uid %u (%s)", when, (unsigned)p->uid,
		   p->user);
	units_format_bytes(p->bytes_xlated, size[0], sizeof(size[0]));
	units_format_bytes(p->bytes_jited, size[1], sizeof(size[1]));
	units_format_bytes(p->memlock, size[2], sizeof(size[2]));
	if (p->verified_insns_absent)
		snprintf(verified, sizeof(verified), "instructions verified: not reported by this "
			 "kernel");
	else
		snprintf(verified, sizeof(verified), "%u instructions verified",
			 (unsigned)p->verified_insns);
	charged[0] = '\0';
	if (p->jit_charge) {
		units_format_bytes(p->jit_charge, size[3], sizeof(size[3]));
		snprintf(charged, sizeof(charged), " (%s charged against bpf_jit_limit)",
			 size[3]);
	}
	fields_add(out, FIELD_NORMAL, "Sizes", NULL, "%s of BPF instructions, %s%s%s%s%s; %s",
		   size[0], p->bytes_jited ? size[1] : "not JITed", p->bytes_jited ? " JITed" : "",
		   charged, p->memlock ? ", locked memory " : "", p->memlock ? size[2] : "",
		   verified);
	fields_add(out, FIELD_NORMAL, "License", NULL, "%s",
		   p->gpl_compatible ? "GPL-compatible" : "not GPL-compatible");
	fields_prog_maps(p, out);
	if (p->btf_id)
		fields_add(out, FIELD_NORMAL, "BTF id", NULL, "%u", (unsigned)p->btf_id);
	else
		fields_add(out, FIELD_NORMAL, "BTF id", NULL, "none (no type information)");
	fields_attach_prog(p, out);
	fields_stats_prog(list, p, out);
	fields_prog_symbols(list, p, out);
}

/* ---- the layout ---- */

/* Appends s (sanitised) to line at *used. */
static void fields_put(char *line, size_t size, size_t *used, const char *s, size_t n, bool utf8)
{
	*used += textwrap_copy(s, n, utf8, line + *used, size - *used);
}

static void fields_pad(char *line, size_t size, size_t *used, int cols)
{
	while (cols-- > 0 && *used + 1 < size)
		line[(*used)++] = ' ';
	line[*used] = '\0';
}

int fields_render(const struct fields *f, const struct fields_style *st, int width,
		  fields_emit_fn *emit, void *ctx)
{
	size_t size = (size_t)(width > 0 ? width : 1) * 4 + 64;
	char *line = malloc(size), label[64];

	if (!line)
		return -ENOMEM;
	for (size_t i = 0; i < f->nr; i++) {
		const struct field *fl = &f->v[i];
		const char *para = fl->text, *rest;
		size_t used = 0;
		int col = st->indent, text_col;

		line[0] = '\0';
		fields_pad(line, size, &used, st->indent);
		if (fl->item) {
			/* "   * 0  " with the value ending at the label column */
			fields_pad(line, size, &used, st->label_cols - 3);
			fields_put(line, size, &used, fl->role == FIELD_CURRENT ? st->mark : " ",
				   strlen(st->mark), st->utf8);
			fields_pad(line, size, &used, 1);
			fields_put(line, size, &used, fl->item, strlen(fl->item), st->utf8);
			fields_pad(line, size, &used, 2);
			col += st->label_cols - 1 + textwrap_width(fl->item, st->utf8) + 2;
		} else if (fl->label[0] && (!i || strcmp(fl->label, f->v[i - 1].label))) {
			snprintf(label, sizeof(label), "%s:", fl->label);
			fields_put(line, size, &used, label, strlen(label), st->utf8);
			col += textwrap_width(label, st->utf8);
			/* a label never runs into its text */
			fields_pad(line, size, &used, col < st->indent + st->label_cols
							      ? st->indent + st->label_cols - col : 1);
			col = col < st->indent + st->label_cols ? st->indent + st->label_cols
								   : col + 1;
		} else {
			fields_pad(line, size, &used, st->label_cols);
			col += st->label_cols;
		}
		text_col = col;
		if (width - text_col < FIELDS_MIN_TEXT_COLS) {
			/* too narrow beside the label: the text goes below it */
			while (used && line[used - 1] == ' ')
				line[--used] = '\0';
			emit(ctx, fl, line, text_col);
			text_col = width / 4;
			used = 0;
			fields_pad(line, size, &used, text_col);
			col = text_col;
		}
		do {
			size_t n = textwrap_line(para, width - col, st->utf8, &rest);

			fields_put(line, size, &used, para, n, st->utf8);
			emit(ctx, fl, line, text_col);
			para = rest;
			used = 0;
			line[0] = '\0';
			fields_pad(line, size, &used, text_col);
			col = text_col;
		} while (*para);
	}
	free(line);
	return 0;
}
