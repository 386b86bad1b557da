#include "progtext.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "role.h"
#include "units.h"

#define PROGTEXT_LABEL 13 /* "Verified in: " */

void progtext_cell(const struct progs_list *list, const struct progs_prog *p, enum columns_id col,
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
	case COLUMNS_NAME:
		snprintf(buf, size, "%s", p->name[0] ? p->name : "(no name)");
		*dim = !p->name[0];
		return;
	case COLUMNS_JIT:
		if (p->bytes_jited)
			format_size(p->bytes_jited, buf, size);
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
	case COLUMNS__COUNT:
		break;
	}
	buf[0] = '\0';
}

const struct progs_prog *progtext_find(const struct progs_list *list, uint32_t id)
{
	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].id == id)
			return &list->progs[i];
	return NULL;
}

void progtext_unavailable(const struct snapshot *snap, char *buf, size_t size)
{
	const struct progs_list *l = &snap->progs;

	if (l->error)
		snprintf(buf, size, "%s",
			 l->error_text ? l->error_text : "The programs could not be listed.");
	else if (!snap->live && !l->nr_progs)
		snprintf(buf, size, "Programs are listed only for the running kernel, not for "
				    "a tree read with --proc.");
	else
		buf[0] = '\0';
}

static void progtext_field(struct text_lines *t, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void progtext_field(struct text_lines *t, const char *label, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	text_lines_wrap(t, ROLE_NORMAL, label, PROGTEXT_LABEL, text);
}

static void progtext_owners(const struct progs_prog *p, struct text_lines *t)
{
	char text[64];

	if (!p->nr_owners) {
		text_lines_wrap(t, ROLE_DIM, "Held by:", PROGTEXT_LABEL,
				"no process: the kernel keeps it loaded because it is attached to "
				"a hook or pinned in a BPF file system.");
		return;
	}
	for (size_t i = 0; i < p->nr_owners; i++) {
		snprintf(text, sizeof(text), "%s (pid %d)", p->owners[i].comm, (int)p->owners[i].pid);
		text_lines_wrap(t, ROLE_NORMAL, i ? "" : "Held by:", PROGTEXT_LABEL, text);
	}
}

static void progtext_symbols(const struct progs_list *list, const struct progs_prog *p,
			     struct text_lines *t)
{
	char line[1024], addr[24], why[512];
	bool dim;

	progtext_field(t, "Functions:", "%zu JITed function%s%s", p->nr_syms,
		       p->nr_syms == 1 ? "" : "s",
		       p->nr_syms > 1 ? ", the main program first, then its subprograms" : "");
	if (!p->nr_syms)
		return;
	snprintf(line, sizeof(line), "  %-18s %7s  %s", "ADDRESS", "LENGTH",
		 "SYMBOL IN /proc/kallsyms");
	text_lines_add(t, ROLE_HEAD, line);
	for (size_t i = 0; i < p->nr_syms; i++) {
		const struct progs_symbol *s = &p->syms[i];
		const char *name = s->name ? s->name : "(not listed)";
		int n;

		if (s->addr)
			snprintf(addr, sizeof(addr), "%016" PRIx64, s->addr);
		else
			snprintf(addr, sizeof(addr), "(hidden)");
		n = snprintf(line, sizeof(line), "  %-18s %7" PRIu32 "  %s", addr, s->len, name);
		/* a long name goes on a line of its own rather than being cut */
		if (n > t->cols) {
			snprintf(line, sizeof(line), "  %-18s %7" PRIu32, addr, s->len);
			text_lines_add(t, s->name ? ROLE_NORMAL : ROLE_DIM, line);
			snprintf(line, sizeof(line), "    %s", name);
		}
		text_lines_add(t, s->name ? ROLE_NORMAL : ROLE_DIM, line);
	}
	if (p->nr_syms && !p->syms[0].name) {
		format_symbol(list, p, why, sizeof(why), &dim);
		text_lines_wrap(t, ROLE_WARN, "No symbol:", PROGTEXT_LABEL, why);
	}
}

void progtext_detail(const struct snapshot *snap, uint32_t id, struct text_lines *t)
{
	const struct progs_prog *p = progtext_find(&snap->progs, id);
	char when[64], age[32], size[3][32], ids[512];
	struct timespec now;

	if (!p) {
		snprintf(ids, sizeof(ids), "Program %u is gone: the kernel no longer has it (it was "
			 "unloaded). Esc goes back.", id);
		text_lines_wrap(t, ROLE_WARN, "", 0, ids);
		return;
	}
	progtext_field(t, "Name:", "%s%s%s%s", p->name[0] ? p->name : "(none)",
		       p->btf_name ? " (BTF name " : "", p->btf_name ? p->btf_name : "",
		       p->btf_name ? ")" : "");
	progtext_field(t, "Type:", "%s (%u)", p->type_name ? p->type_name : "unknown", p->type);
	progtext_field(t, "Tag:", "%s", p->tag);
	clock_gettime(CLOCK_REALTIME, &now);
	format_time(&p->load_time, when, sizeof(when));
	format_age(p->load_time.tv_sec, now.tv_sec, age, sizeof(age));
	progtext_field(t, "Loaded:", "%s (%s ago) by uid %u (%s)", when, age, p->uid, p->user);
	units_format_bytes(p->bytes_xlated, size[0], sizeof(size[0]));
	units_format_bytes(p->bytes_jited, size[1], sizeof(size[1]));
	units_format_bytes(p->memlock, size[2], sizeof(size[2]));
	progtext_field(t, "Sizes:", "%s of BPF instructions, %s%s%s%s; %u instructions verified",
		       size[0], p->bytes_jited ? size[1] : "not JITed",
		       p->bytes_jited ? " JITed" : "", p->memlock ? ", locked memory " : "",
		       p->memlock ? size[2] : "", p->verified_insns);
	progtext_field(t, "License:", "%s", p->gpl_compatible ? "GPL-compatible"
							     : "not GPL-compatible");
	format_ids(p->map_ids, p->nr_map_ids, ids, sizeof(ids));
	progtext_field(t, "Map ids:", "%s", ids);
	if (p->btf_id)
		progtext_field(t, "BTF id:", "%u", p->btf_id);
	else
		progtext_field(t, "BTF id:", "none (no type information)");
	progtext_owners(p, t);
	progtext_symbols(&snap->progs, p, t);
}
