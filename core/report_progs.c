/* The program list for people (--list) and programs (--json). */
#include "report.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "units.h"

/* ---- --json: written directly, one program at a time, in the layout
 * json-c's pretty printer gives the rest of the document ---- */

static void report_progs_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < 0x20)
			fprintf(out, "\\u%04x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

/* "<indent>"key": " */
static void report_progs_json_key(FILE *out, int indent, bool first, const char *key)
{
	fprintf(out, "%s\n%*s\"%s\": ", first ? "" : ",", indent, "", key);
}

static void report_progs_json_kstr(FILE *out, int indent, const char *key, const char *s)
{
	report_progs_json_key(out, indent, false, key);
	if (s)
		report_progs_json_str(out, s);
	else
		fputs("null", out);
}

static void report_progs_json_kint(FILE *out, int indent, const char *key, uint64_t v)
{
	report_progs_json_key(out, indent, false, key);
	fprintf(out, "%" PRIu64, v);
}

static void report_progs_json_symbols(FILE *out, const struct progs_symbol *syms, size_t nr,
				      bool with_len, int indent)
{
	if (!nr) {
		fputs("[]", out);
		return;
	}
	fputc('[', out);
	for (size_t i = 0; i < nr; i++) {
		fprintf(out, "%s\n%*s{", i ? "," : "", indent + 2, "");
		report_progs_json_key(out, indent + 4, true, "name");
		if (syms[i].name)
			report_progs_json_str(out, syms[i].name);
		else
			fputs("null", out);
		report_progs_json_key(out, indent + 4, false, "addr");
		fprintf(out, "\"0x%" PRIx64 "\"", syms[i].addr);
		if (with_len)
			report_progs_json_kint(out, indent + 4, "len", syms[i].len);
		fprintf(out, "\n%*s}", indent + 2, "");
	}
	fprintf(out, "\n%*s]", indent, "");
}

void report_progs_json_prog(FILE *out, const struct progs_prog *p, int indent)
{
	const char *name = progs_prog_full_name(p);
	int in = indent + 2;

	/* bpftool -j prog show: id, type (a number when libbpf has no name),
	 * name (absent when empty), tag, loaded_at (wall seconds), uid,
	 * bytes_xlated, jited, bytes_jited, bytes_memlock, map_ids, btf_id */
	fputc('{', out);
	report_progs_json_key(out, in, true, "id");
	fprintf(out, "%u", (unsigned)p->id);
	if (strcmp(p->type_name, "unknown"))
		report_progs_json_kstr(out, in, "type", p->type_name);
	else
		report_progs_json_kint(out, in, "type", p->type);
	report_progs_json_kstr(out, in, "name", name[0] ? name : NULL);
	report_progs_json_kstr(out, in, "btf_name", p->btf_name);
	report_progs_json_kstr(out, in, "tag", p->tag);
	report_progs_json_key(out, in, false, "gpl_compatible");
	fputs(p->gpl_compatible ? "true" : "false", out);
	report_progs_json_key(out, in, false, "loaded_at");
	fprintf(out, "%lld", (long long)p->load_time.tv_sec);
	report_progs_json_kint(out, in, "uid", p->uid);
	report_progs_json_kstr(out, in, "user", p->user);
	report_progs_json_kint(out, in, "bytes_xlated", p->bytes_xlated);
	report_progs_json_key(out, in, false, "jited");
	fputs(p->bytes_jited ? "true" : "false", out);
	report_progs_json_kint(out, in, "bytes_jited", p->bytes_jited);
	if (p->memlock)
		report_progs_json_kint(out, in, "bytes_memlock", p->memlock);
	else
		report_progs_json_kstr(out, in, "bytes_memlock", NULL);
	report_progs_json_key(out, in, false, "map_ids");
	fputc('[', out);
	for (size_t i = 0; i < p->nr_map_ids; i++)
		fprintf(out, "%s%u", i ? ", " : "", (unsigned)p->map_ids[i]);
	fputc(']', out);
	if (p->btf_id)
		report_progs_json_kint(out, in, "btf_id", p->btf_id);
	else
		report_progs_json_kstr(out, in, "btf_id", NULL);
	report_progs_json_kint(out, in, "verified_insns", p->verified_insns);
	report_progs_json_key(out, in, false, "owners");
	fputs(p->nr_owners ? "[" : "[]", out);
	for (size_t i = 0; i < p->nr_owners; i++) {
		fprintf(out, "%s\n%*s{", i ? "," : "", in + 2, "");
		report_progs_json_key(out, in + 4, true, "pid");
		fprintf(out, "%d", (int)p->owners[i].pid);
		report_progs_json_kstr(out, in + 4, "comm", p->owners[i].comm);
		fprintf(out, "\n%*s}%s", in + 2, "",
			i + 1 < p->nr_owners ? "" : "\n");
		if (i + 1 == p->nr_owners)
			fprintf(out, "%*s]", in, "");
	}
	report_progs_json_key(out, in, false, "held_by_kernel_only");
	fputs(p->nr_owners ? "false" : "true", out);
	report_progs_json_key(out, in, false, "symbols");
	report_progs_json_symbols(out, p->syms, p->nr_syms, true, in);
	report_progs_json_kstr(out, in, "symbols_missing", p->symbols_missing);
	fprintf(out, "\n%*s}", indent, "");
}

void report_progs_json_others(FILE *out, const struct progs_list *list, int indent)
{
	report_progs_json_symbols(out, list->others, list->nr_others, false, indent);
}

/* ---- --list ---- */

static void report_progs_time(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;
	time_t t = ts->tv_sec;

	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, size, "%lld", (long long)ts->tv_sec);
}

static void report_progs_owners(const struct progs_prog *p, char *buf, size_t size)
{
	size_t used = 0;

	if (!p->nr_owners) {
		snprintf(buf, size, "the kernel only (attached or pinned; no process has an fd)");
		return;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < p->nr_owners && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s (pid %d)", i ? ", " : "",
					 p->owners[i].comm, (int)p->owners[i].pid);
}

static void report_progs_field(FILE *out, const char *label, const char *text, int width)
{
	fprintf(out, "  %-12s", label);
	report_text_wrap(out, text, 14, 14, width);
}

static void report_progs_detail(const struct progs_prog *p, FILE *out, int width)
{
	char text[1024], a[32], b[32], c[32];
	const char *name = progs_prog_full_name(p);
	size_t used;

	fprintf(out, "\nProgram %u%s%s\n", (unsigned)p->id, name[0] ? ": " : " (unnamed)", name);
	snprintf(text, sizeof(text), "%s%s, tag %s", p->type_name,
		 p->gpl_compatible ? ", GPL-compatible" : "", p->tag);
	report_progs_field(out, "Type:", text, width);
	if (p->btf_name) {
		snprintf(text, sizeof(text), "function %s, BTF id %u", p->btf_name,
			 (unsigned)p->btf_id);
		report_progs_field(out, "BTF:", text, width);
	}
	report_progs_time(&p->load_time, a, sizeof(a));
	snprintf(text, sizeof(text), "%s by %s (uid %u)", a, p->user, (unsigned)p->uid);
	report_progs_field(out, "Loaded:", text, width);
	units_format_bytes(p->bytes_xlated, a, sizeof(a));
	units_format_bytes(p->bytes_jited, b, sizeof(b));
	units_format_bytes(p->memlock, c, sizeof(c));
	snprintf(text, sizeof(text), "%s translated, %s JITed, %s memlock, %u instructions verified",
		 a, p->bytes_jited ? b : "not", p->memlock ? c : "unknown",
		 (unsigned)p->verified_insns);
	report_progs_field(out, "Size:", text, width);
	used = (size_t)snprintf(text, sizeof(text), "%s", p->nr_map_ids ? "" : "none");
	for (size_t i = 0; i < p->nr_map_ids && used < sizeof(text); i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%u", i ? ", " : "",
					 (unsigned)p->map_ids[i]);
	report_progs_field(out, "Maps:", text, width);
	report_progs_owners(p, text, sizeof(text));
	report_progs_field(out, "Held by:", text, width);
	for (size_t i = 0; i < p->nr_syms; i++) {
		const struct progs_symbol *s = &p->syms[i];

		units_format_bytes(s->len, a, sizeof(a));
		if (s->addr)
			snprintf(text, sizeof(text), "0x%016" PRIx64 " %9s  %s", s->addr, a,
				 s->name ? s->name : "(no name)");
		else
			snprintf(text, sizeof(text), "(address hidden) %9s", a);
		fprintf(out, "  %-12s%s\n", i ? "" : "Symbols:", text);
	}
	if (p->symbols_missing)
		report_progs_field(out, p->nr_syms ? "" : "Symbols:", p->symbols_missing, width);
}

void report_progs_text(const struct snapshot *snap, FILE *out, int width)
{
	const struct progs_list *list = &snap->progs;
	char jited[32], loaded[32];
	int id_width = progs_list_id_width(list) > 7 ? progs_list_id_width(list) : 7;

	fputs("\nBPF programs\n", out);
	if (list->error) {
		fputs("  ", out);
		report_text_wrap(out, list->error_text ? list->error_text : "Not available.", 2, 2,
				 width);
		return;
	}
	fprintf(out, "  %zu loaded.\n", list->nr_progs);
	if (list->nr_progs)
		fprintf(out, "  %*s  %-16s %-24s %10s  %-19s  %s\n", id_width, "ID", "TYPE", "NAME",
			"JITED", "LOADED", "USER");
	for (size_t i = 0; i < list->nr_progs; i++) {
		const struct progs_prog *p = &list->progs[i];

		units_format_bytes(p->bytes_jited, jited, sizeof(jited));
		report_progs_time(&p->load_time, loaded, sizeof(loaded));
		const char *name = progs_prog_full_name(p);
		int cut = strlen(name) > 24 ? 21 : 24; /* the detail shows it whole */

		fprintf(out, "  %*u  %-16s %-*.*s%s %10s  %-19s  %s\n", id_width, (unsigned)p->id,
			p->type_name, cut, cut, name, cut < 24 ? "..." : "",
			p->bytes_jited ? jited : "not JITed", loaded, p->user);
	}
	for (size_t i = 0; i < list->nr_progs; i++)
		report_progs_detail(&list->progs[i], out, width);

	fputs("\nOther BPF JIT images in /proc/kallsyms (trampolines, dispatchers)\n", out);
	if (!list->nr_others)
		fputs("  none listed\n", out);
	for (size_t i = 0; i < list->nr_others; i++)
		fprintf(out, "  0x%016" PRIx64 "  %s\n", list->others[i].addr, list->others[i].name);
}
