#include "text/prog_lines.h"

#include <stdio.h>
#include <string.h>

#include "attach/attach_short.h"
#include "out/fields.h"
#include "out/report.h"
#include "text/format.h"
#include "text/role.h"
#include "text/stats_cells.h"

#define PROGTEXT_LABEL 14 /* the label column of --list too: "Takes effect: " */

/* The columns a cell may take: its column's width, or all of a cell. */
static int prog_lines_cols(const struct prog_cells *c, enum columns_id col)
{
	return c->widths && c->widths[col] > 0 ? c->widths[col] : PROGTEXT_CELL / 4 - 1;
}

/* A cell's whole text. */
static void prog_lines_whole(const struct prog_cells *c, const struct prog *p, enum columns_id col,
			     char *buf, size_t size, bool *dim)
{
	*dim = false;
	switch (col) {
	case COLUMNS_ID:
		snprintf(buf, size, "%u", p->id);
		return;
	case COLUMNS_TYPE:
		snprintf(buf, size, "%s", p->type_name ? p->type_name : "unknown");
		return;
	case COLUMNS_NAME: {
		/* the full name, as --list and bpftool give it */
		const char *full = prog_full_name(p);

		snprintf(buf, size, "%s", full[0] ? full : "(no name)");
		*dim = !full[0];
		return;
	}
	case COLUMNS_JIT:
		/* beside no SYMBOL column, the JIT image's state in a word */
		format_jit(c->list, p, !c->widths || !c->widths[COLUMNS_SYMBOL], buf, size, dim);
		return;
	case COLUMNS_SYMBOL:
		format_symbol(c->list, p, buf, size, dim);
		return;
	case COLUMNS_OWNER:
		format_owner(p, buf, size);
		*dim = !p->nr_owners;
		return;
	case COLUMNS_RUNS:
	case COLUMNS_AVG_NS:
	case COLUMNS_CPU:
		stats_cells_cell(p, col, buf, size, dim);
		return;
	case COLUMNS_ATTACHED: /* made to its width: attach_short_prog() */
	case COLUMNS__COUNT:
		break;
	}
	buf[0] = '\0';
}

/* The shorter form of a COLUMNS_CUT_SHORT cell, in cols where it can. */
static void prog_lines_shorter(const struct prog_cells *c, const struct prog *p,
			       enum columns_id col, int cols, char *buf, size_t size)
{
	const struct format_shown shown = { c->list, c->rows, c->nr_rows };

	switch (col) {
	case COLUMNS_TYPE:
		snprintf(buf, size, "%s", format_type_short(p->type_name ? p->type_name : "unknown"));
		return;
	case COLUMNS_JIT:
		format_jit_short(c->list, p, buf, size);
		return;
	case COLUMNS_SYMBOL:
		format_symbol_short(&shown, p, cols, c->utf8, buf, size);
		return;
	case COLUMNS_OWNER:
		format_owner_short(p, buf, size);
		return;
	default:
		return; /* no shorter form: buf stays as it is */
	}
}

void prog_lines_cell(const struct prog_cells *c, const struct prog *p, enum columns_id col,
		     char *buf, size_t size, bool *dim)
{
	int cols = prog_lines_cols(c, col);
	char whole[PROGTEXT_CELL];
	bool attached;

	switch (columns_table[col].cut) {
	case COLUMNS_CUT_NONE:
		prog_lines_whole(c, p, col, buf, size, dim);
		return;
	case COLUMNS_CUT_ATTACH:
		attach_short_prog(p, cols, c->utf8, buf, size, &attached);
		*dim = !attached;
		return;
	case COLUMNS_CUT_SHORT:
		prog_lines_whole(c, p, col, whole, sizeof(whole), dim);
		if (text_width(whole, c->utf8) > cols)
			prog_lines_shorter(c, p, col, cols, whole, sizeof(whole));
		break;
	case COLUMNS_CUT_END:
		prog_lines_whole(c, p, col, whole, sizeof(whole), dim);
		break;
	}
	/* no shorter form fits: cut at the end, with an ellipsis */
	text_fit(whole, cols, c->utf8, buf, size);
}

const struct prog *prog_lines_find(const struct prog_list *list, uint32_t id)
{
	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].id == id)
			return &list->progs[i];
	return NULL;
}

void prog_lines_unavailable(const struct snapshot *snap, char *buf, size_t size)
{
	const struct prog_list *l = &snap->progs;

	if (l->error)
		snprintf(buf, size, "%s",
			 l->error_text ? l->error_text : "The programs could not be listed.");
	else if (!snap->live && !l->nr_progs)
		snprintf(buf, size, "Programs are listed only for the running kernel, not for "
				    "a tree read with --proc.");
	else
		buf[0] = '\0';
}

void prog_lines_detail(const struct snapshot *snap, uint32_t id, struct text_lines *t)
{
	const struct prog *p = prog_lines_find(&snap->progs, id);
	struct fields f;
	char ids[512], holders[1280];

	if (!p) {
		snprintf(ids, sizeof(ids), "Program %u is gone: the kernel no longer has it (it was "
			 "unloaded). Esc goes back.", id);
		text_lines_wrap(t, ROLE_WARN, "", 0, ids);
		return;
	}
	fields_init(&f);
	fields_prog(&snap->progs, p, &f);
	/* what --list says once above the programs: here, where holders show */
	if (report_holders_text(&snap->progs.holders, holders, sizeof(holders)))
		fields_add(&f, FIELD_WARN, "Holders", NULL, "%s", holders);
	text_lines_fields(t, &f, PROGTEXT_LABEL);
	fields_free(&f);
}
