/* --list: the snapshot for people, every line within the width. The knob
 * and program details are their field lists (fields.c), laid out by
 * fields_render() as the browser lays them out. */
#include "out/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attach/attach_short.h"
#include "out/fields.h"
#include "out/fields_jitmem.h"
#include "base/textwrap.h"
#include "base/units.h"

#define REPORT_TEXT_LABEL_COLS 14 /* "Takes effect: " */

static const struct fields_style report_text_detail = {
	.indent = 2, .label_cols = REPORT_TEXT_LABEL_COLS, .mark = "*", .utf8 = true,
};
static const struct fields_style report_text_top = {
	.indent = 0, .label_cols = 12, .mark = "*", .utf8 = true, /* "Privileges: " */
};
static const struct fields_style report_text_indented = {
	.indent = 2, .label_cols = 0, .mark = "*", .utf8 = true,
};
static const struct fields_style report_text_plain = {
	.indent = 0, .label_cols = 0, .mark = "*", .utf8 = true,
};

static void report_text_emit(void *ctx, const struct field *f, const char *line, int text_col)
{
	(void)f;
	(void)text_col;
	fputs(line, ctx);
	fputc('\n', ctx);
}

/* Renders and frees a field list. */
static int report_text_fields(FILE *out, struct fields *f, const struct fields_style *style,
			      int width)
{
	int err = f->oom ? -ENOMEM : fields_render(f, style, width, report_text_emit, out);

	fields_free(f);
	return err;
}

/* One paragraph without a label, wrapped to the width. */
static int report_text_para(FILE *out, const struct fields_style *style, int width,
			    const char *text)
{
	struct fields f;

	fields_init(&f);
	fields_add(&f, FIELD_NORMAL, "", NULL, "%s", text);
	return report_text_fields(out, &f, style, width);
}

static const char *report_text_kconfig_state(enum kconfig_state state)
{
	return kconfig_state_name(state) ? kconfig_state_name(state) : "?";
}

static int report_text_header(const struct snapshot *snap, FILE *out, int width)
{
	char text[1024], line[1024];
	struct fields f;
	size_t used;

	fields_init(&f);
	snprintf(line, sizeof(line), "%s: the eBPF knobs of %s (Linux %s%s%s)%s", PACKAGE_STRING,
		 snap->hostname[0] ? snap->hostname : "this host",
		 snap->release[0] ? snap->release : "release unknown", snap->machine[0] ? ", " : "",
		 snap->machine, snap->live ? "" : " [from a captured tree]");
	report_text_para(out, &report_text_plain, width, line);
	if (!snap->live)
		fields_add(&f, FIELD_NORMAL, "Source", NULL, "%s", snap->proc_dir);
	if (snap->unreadable[0])
		fields_add(&f, FIELD_ERROR, "Unreadable", NULL, "%s", snap->unreadable);
	used = (size_t)snprintf(text, sizeof(text), "uid %u, euid %u;",
				(unsigned)snap->privs.uid, (unsigned)snap->privs.euid);
	for (int i = 0; i < PRIVS_CAP__COUNT && used < sizeof(text); i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, " %s %s%s",
					 privs_cap_name(i), snap->privs.cap[i] ? "yes" : "no",
					 i + 1 < PRIVS_CAP__COUNT ? "," : "");
	fields_add(&f, FIELD_NORMAL, "Privileges", NULL, "%s", text);
	report_privs_summary(snap, text, sizeof(text));
	fields_add(&f, FIELD_NORMAL, "Access", NULL, "%s", text);
	if (snap->netns != SNAPSHOT_NETNS_UNKNOWN)
		fields_add(&f, FIELD_NORMAL, "Network", NULL, "%s",
			   snap->netns == SNAPSHOT_NETNS_INITIAL
				   ? "the initial network namespace"
				   : "another network namespace than the initial one (a container's): "
				     "the net.core.bpf_jit_* files exist only in the initial one");
	report_kconfig_problem(snap, text, sizeof(text));
	if (!text[0]) {
		used = (size_t)snprintf(text, sizeof(text), "from %s:", snap->kconfig.source);
		for (int i = 0; i < KCONFIG__KNOBS && used < sizeof(text); i++)
			used += (size_t)snprintf(text + used, sizeof(text) - used, " %s=%s%s",
						 kconfig_name(i), report_text_kconfig_state(snap->kconfig.opt[i]),
						 i + 1 < KCONFIG__KNOBS ? "," : "");
	}
	fields_add(&f, FIELD_NORMAL, "Config", NULL, "%s", text);
	if (fields_jitmem_warning(snap, text, sizeof(text)))
		fields_add(&f, FIELD_WARN, "JIT memory", NULL, "%s", text);
	return report_text_fields(out, &f, &report_text_top, width);
}

static int report_text_knob(const struct snapshot *snap, const struct snapshot_knob *k,
			    FILE *out, int width)
{
	char line[512], value[32];
	struct fields f;


	if (k->reading.error)
		snprintf(value, sizeof(value), "(no value)");
	else
		snprintf(value, sizeof(value), "%ld", k->reading.value);
	snprintf(line, sizeof(line), "%s = %s", k->def->name, value);
	fputc('\n', out);
	report_text_para(out, &report_text_plain, width, line);
	report_text_para(out, &report_text_indented, width, k->def->summary);
	fields_init(&f);
	fields_knob(snap, k, &f);
	return report_text_fields(out, &f, &report_text_detail, width);
}

/* The table of programs: id, type and size in fixed columns, then the
 * name and where it is attached (the browser's short form) in what is
 * left: the name gets 16 columns at least (a kernel name whole), the
 * attachment up to REPORT_TEXT_ATTACHED; each is cut only when it does
 * not fit. */
#define REPORT_TEXT_ATTACHED 40

static void report_text_prog_table(const struct prog_list *list, FILE *out, int width)
{
	int id_cols = prog_list_id_width(list) > 2 ? prog_list_id_width(list) : 2;
	int fixed = 2 + id_cols + 2 + 16 + 1 + 10 + 2, rest = width - fixed - 2;
	int attached_cols = rest - 16 < REPORT_TEXT_ATTACHED ? rest - 16 : REPORT_TEXT_ATTACHED;
	int name_cols = rest - attached_cols, pad;
	char jited[32], name[256], line[1024], attached[512];
	bool is_attached;

	if (attached_cols < 8)
		attached_cols = 0; /* too narrow to cut sensibly: whole, and the row wraps */

	snprintf(line, sizeof(line), "  %*s  %-16s %10s  %-*s  %s", id_cols, "ID", "TYPE", "JITED",
		 name_cols, "NAME", "ATTACHED");
	report_text_para(out, &report_text_plain, width, line);
	for (size_t i = 0; i < list->nr_progs; i++) {
		const struct prog *p = &list->progs[i];
		const char *full = prog_full_name(p);
		size_t n = textwrap_prefix(full, name_cols, true);

		units_format_bytes(p->bytes_jited, jited, sizeof(jited));
		if (full[n] && name_cols > 3)
			n = textwrap_prefix(full, name_cols - 3, true);
		else if (full[n])
			n = strlen(full); /* no room to cut it sensibly: the row wraps */
		textwrap_copy(full, n, true, name, sizeof(name));
		if (full[n])
			strncat(name, "...", sizeof(name) - strlen(name) - 1);
		attach_short_prog(p, attached_cols, true, attached, sizeof(attached), &is_attached);
		pad = name_cols - textwrap_width(full[0] ? name : "(no name)", true);
		snprintf(line, sizeof(line), "  %*u  %-16.16s %10s  %s%*s  %s", id_cols, (unsigned)p->id,
			 p->type_name, p->bytes_jited ? jited : "not JITed",
			 full[0] ? name : "(no name)", pad > 0 ? pad : 0, "", attached);
		report_text_para(out, &report_text_plain, width, line);
	}
}

/* Whether the kernel counts runs, and what the counters below are. */
static void report_text_stats(const struct snapshot *snap, FILE *out, int width)
{
	char text[768], line[1024];

	stats_state_text(&snap->progs.stats, text, sizeof(text));
	snprintf(line, sizeof(line), "Runtime statistics: %s. Counters: %s.", text,
		 STATS_STATE_COUNTERS);
	report_text_para(out, &report_text_indented, width, line);
}

static int report_text_progs(const struct snapshot *snap, FILE *out, int width)
{
	const struct prog_list *list = &snap->progs;
	char line[1536], text[1280];
	struct fields f;

	fputs("\nBPF programs\n", out);
	report_text_stats(snap, out, width);
	report_holders_text(&list->holders, text, sizeof(text));
	snprintf(line, sizeof(line), "Holders: %s", text);
	report_text_para(out, &report_text_indented, width, line);
	if (list->error)
		return report_text_para(out, &report_text_indented, width,
					list->error_text ? list->error_text : "Not available.");
	snprintf(line, sizeof(line), "%zu loaded.", list->nr_progs);
	report_text_para(out, &report_text_indented, width, line);
	if (list->nr_progs)
		report_text_prog_table(list, out, width);
	for (size_t i = 0; i < list->nr_progs; i++) {
		const struct prog *p = &list->progs[i];
		const char *name = prog_full_name(p);
		int err;

		snprintf(line, sizeof(line), "Program %u%s%s", (unsigned)p->id,
			 name[0] ? ": " : " (unnamed)", name);
		fputc('\n', out);
		report_text_para(out, &report_text_plain, width, line);
		fields_init(&f);
		fields_prog(list, p, &f);
		err = report_text_fields(out, &f, &report_text_detail, width);
		if (err)
			return err;
	}
	fputc('\n', out);
	report_text_para(out, &report_text_plain, width,
			 "Other BPF JIT images in /proc/kallsyms (trampolines, dispatchers, struct_ops)");
	fields_init(&f);
	fields_jit_images(list, &f);
	return report_text_fields(out, &f, &report_text_detail, width);
}

/* What eBPF may do here, and for whom: the identities, the gates, and the
 * table of every type against every identity. */
static int report_text_reach(const struct snapshot *snap, FILE *out, int width)
{
	struct fields f;
	int err;

	if (snap->reach.state == REACH_NOT_PROBED)
		return 0;
	fputs("\nWhat eBPF may do here, and for whom\n", out);
	fields_init(&f);
	fields_reach(snap, &f);
	err = report_text_fields(out, &f, &report_text_detail, width);
	if (err)
		return err;
	if (snap->reach.state != REACH_DONE)
		return 0;
	fputc('\n', out);
	if (2 + fields_reach_table_width(&snap->reach) > width) {
		char line[128];

		snprintf(line, sizeof(line), "(The table of each type for each identity needs %d "
			 "columns.)", 2 + fields_reach_table_width(&snap->reach));
		return report_text_para(out, &report_text_indented, width, line);
	}
	fields_init(&f);
	fields_reach_table(&snap->reach, &f);
	return report_text_fields(out, &f, &report_text_indented, width);
}

int report_text_write(const struct snapshot *snap, FILE *out, int width)
{
	int err;

	if (width < 40)
		width = 40;
	err = report_text_header(snap, out, width);
	for (size_t i = 0; i < snap->nr_knobs && !err; i++)
		err = report_text_knob(snap, &snap->knobs[i], out, width);
	if (!err)
		err = report_text_reach(snap, out, width);
	if (!err)
		err = report_text_progs(snap, out, width);
	if (fflush(out) || ferror(out))
		return -EIO;
	return err;
}
