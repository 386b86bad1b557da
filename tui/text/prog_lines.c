#include "text/prog_lines.h"

#include <stdio.h>
#include <string.h>

#include "out/fields_attach.h"
#include "out/fields.h"
#include "text/format.h"
#include "text/role.h"
#include "text/stats_cells.h"

#define PROGTEXT_LABEL 14 /* the label column of --list too: "Takes effect: " */

void prog_lines_cell(const struct prog_list *list, const struct prog *p, enum columns_id col,
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
		/* the full name, as --list and bpftool give it: the screen cuts
		 * it with an ellipsis only where the column is too narrow */
		const char *full = prog_full_name(p);

		snprintf(buf, size, "%s", full[0] ? full : "(no name)");
		*dim = !full[0];
		return;
	}
	case COLUMNS_JIT:
		if (p->bytes_jited)
			format_size_cell(p->bytes_jited, buf, size);
		else
			snprintf(buf, size, "-");
		return;
	case COLUMNS_SYMBOL:
		format_symbol(list, p, buf, size, dim);
		return;
	case COLUMNS_OWNER:
		format_owner(p, buf, size);
		*dim = !p->nr_owners;
		return;
	case COLUMNS_ATTACHED:
		attach_brief(p, buf, size);
		*dim = !p->nr_attachments;
		return;
	case COLUMNS_RUNS:
	case COLUMNS_AVG_NS:
	case COLUMNS_CPU:
		stats_cells_cell(p, col, buf, size, dim);
		return;
	case COLUMNS__COUNT:
		break;
	}
	buf[0] = '\0';
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
	char ids[512];

	if (!p) {
		snprintf(ids, sizeof(ids), "Program %u is gone: the kernel no longer has it (it was "
			 "unloaded). Esc goes back.", id);
		text_lines_wrap(t, ROLE_WARN, "", 0, ids);
		return;
	}
	fields_init(&f);
	fields_prog(&snap->progs, p, &f);
	text_lines_fields(t, &f, PROGTEXT_LABEL);
	fields_free(&f);
}
