#include "text/format.h"

#include <stdio.h>
#include <string.h>

#include "ksyms/ksyms_names.h"
#include "text/text.h"

#define FORMAT_SYM_PREFIX "bpf_prog_"
#define FORMAT_TAG_LEN 16 /* BPF_TAG_SIZE bytes in hex */
#define FORMAT_CELL 512   /* a whole cell before it is fitted */

void format_size_cell(uint64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, size, "%u B", (unsigned)bytes);
		return;
	}
	v /= 1024;
	/* from 999.5 on, "1000 KiB" would be 8 wide: "1.0 MiB" instead */
	while (v >= 999.5 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (v < 9.95)
		snprintf(buf, size, "%.1f %s", v, units[u]);
	else
		snprintf(buf, size, "%.0f %s", v, units[u]);
}

void format_interval(double seconds, char *buf, size_t size)
{
	bool whole = seconds == (double)(long long)seconds;

	if (whole && seconds >= 60 && (long long)seconds % 60 == 0)
		snprintf(buf, size, "%lld min", (long long)seconds / 60);
	else
		snprintf(buf, size, "%g s", seconds);
}

/* The processes holding p, each once (owners come by pid, one entry per
 * way a process holds it: program fd, link fd, perf-event fd, socket). */
static size_t format_nr_holders(const struct prog *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nr_owners; i++)
		if (!i || p->owners[i].pid != p->owners[i - 1].pid)
			n++;
	return n;
}

/* "kernel" only when a hook or pin bpfknobs sees holds it; "?" when what
 * holds it is not known (a socket the kernel does not name) */
static const char *format_no_owner(const struct prog *p)
{
	return p->holder_unknown ? "?" : "kernel";
}

void format_owner(const struct prog *p, char *buf, size_t size)
{
	size_t holders = format_nr_holders(p);
	int n;

	if (!p->nr_owners) {
		snprintf(buf, size, "%s", format_no_owner(p));
		return;
	}
	n = snprintf(buf, size, "%s(%d)", p->owners[0].comm, (int)p->owners[0].pid);
	if (holders > 1 && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " +%zu", holders - 1);
}

void format_owner_short(const struct prog *p, char *buf, size_t size)
{
	size_t holders = format_nr_holders(p);

	if (!p->nr_owners)
		snprintf(buf, size, "%s", format_no_owner(p));
	else if (holders > 1)
		snprintf(buf, size, "%s +%zu", p->owners[0].comm, holders - 1);
	else
		snprintf(buf, size, "%s", p->owners[0].comm);
}

void format_symbol(const struct prog_list *list, const struct prog *p, char *buf,
		   size_t size, bool *is_reason)
{
	*is_reason = true;
	if (p->nr_syms && p->syms[0].name) {
		*is_reason = false;
		if (p->nr_syms > 1)
			snprintf(buf, size, "%s +%zu", p->syms[0].name, p->nr_syms - 1);
		else
			snprintf(buf, size, "%s", p->syms[0].name);
	} else if (list->symbols_pending) {
		snprintf(buf, size, "(reading /proc/kallsyms)");
	} else if (p->symbols_missing) {
		snprintf(buf, size, "%s", p->symbols_missing);
	} else if (!p->bytes_jited) {
		snprintf(buf, size, "not JITed: no symbol");
	} else {
		snprintf(buf, size, "not in /proc/kallsyms");
	}
}

/* What follows "bpf_prog_" in a program's symbol (tag, "_", name), NULL
 * for a symbol of another form. */
static const char *format_after_prefix(const char *sym)
{
	size_t n = strlen(FORMAT_SYM_PREFIX);

	return sym && !strncmp(sym, FORMAT_SYM_PREFIX, n) && strlen(sym + n) >= FORMAT_TAG_LEN
		       ? sym + n : NULL;
}

/* The name after the tag: bpf_get_prog_name() writes "bpf_prog_<tag>_<name>",
 * and "bpf_prog_<tag>" alone for a program without a name. */
static const char *format_after_tag(const char *sym)
{
	const char *t = format_after_prefix(sym);

	if (!t)
		return sym;
	return t[FORMAT_TAG_LEN] == '_' && t[FORMAT_TAG_LEN + 1] ? t + FORMAT_TAG_LEN + 1 : t;
}

static const char *format_main_symbol(const struct prog *p)
{
	return p->nr_syms ? p->syms[0].name : NULL;
}

void format_symbol_readable(const struct format_shown *shown, const struct prog *p, char *buf,
			    size_t size)
{
	const struct prog_list *list = shown->list;
	size_t nr = shown->rows ? shown->nr_rows : list->nr_progs;
	const char *sym = format_main_symbol(p), *name, *tag;

	buf[0] = '\0';
	if (!sym)
		return;
	name = format_after_tag(sym);
	tag = format_after_prefix(sym);
	snprintf(buf, size, "%s", name);
	if (!tag || name == tag)
		return;
	for (size_t i = 0; i < nr; i++) {
		const struct prog *q = &list->progs[shown->rows ? shown->rows[i] : i];
		const char *other = format_main_symbol(q);
		const char *other_tag = format_after_prefix(other);

		/* alike: the tag tells them apart; its first 8 digits do in a column */
		if (q != p && other_tag && !strcmp(format_after_tag(other), name) &&
		    strncmp(other_tag, tag, FORMAT_TAG_LEN)) {
			snprintf(buf, size, "%.8s_%s", tag, name);
			return;
		}
	}
}

static void format_more_syms(const struct prog *p, char *more, size_t size)
{
	if (p->nr_syms > 1)
		snprintf(more, size, " +%zu", p->nr_syms - 1);
	else
		more[0] = '\0';
}

/* Why p has no symbol, in a word: "hardened", "reading" */
static const char *format_missing_word(const struct prog_list *list, const struct prog *p)
{
	const char *word = !p->bytes_jited ? "no JIT" : list->symbols_pending ? "reading"
			   : ksyms_names_missing_word(p->symbols_missing);

	return word ? word : "unlisted";
}

void format_symbol_short(const struct format_shown *shown, const struct prog *p, int cols,
			 bool utf8, char *buf, size_t size)
{
	char readable[FORMAT_CELL], more[32];
	int room;

	if (!p->nr_syms || !p->syms[0].name) {
		snprintf(buf, size, "%s", format_missing_word(shown->list, p));
		return;
	}
	format_more_syms(p, more, sizeof(more));
	format_symbol_readable(shown, p, readable, sizeof(readable));
	room = cols - text_width(more, utf8);
	/* the subprograms' count stays where the name is cut */
	if (text_width(readable, utf8) > room && more[0] && room > 1) {
		char cut[FORMAT_CELL];

		text_fit(readable, room, utf8, cut, sizeof(cut));
		snprintf(buf, size, "%s%s", cut, more);
		return;
	}
	snprintf(buf, size, "%s%s", readable, more);
}

void format_jit(const struct prog_list *list, const struct prog *p, bool compact, char *buf,
		size_t size, bool *is_reason)
{
	char jited[16], more[32];

	*is_reason = false;
	if (p->bytes_jited)
		format_size_cell(p->bytes_jited, jited, sizeof(jited));
	if (!compact) {
		snprintf(buf, size, "%s", p->bytes_jited ? jited : "-");
		return;
	}
	if (p->bytes_jited && format_main_symbol(p)) {
		format_more_syms(p, more, sizeof(more));
		snprintf(buf, size, "%s%s", jited, more);
		return;
	}
	*is_reason = true;
	snprintf(buf, size, "%s", format_missing_word(list, p));
}

void format_jit_short(const struct prog_list *list, const struct prog *p, char *buf, size_t size)
{
	if (p->bytes_jited && format_main_symbol(p))
		format_size_cell(p->bytes_jited, buf, size);
	else
		snprintf(buf, size, "%s", format_missing_word(list, p));
}

const char *format_type_short(const char *name)
{
	static const struct {
		const char *name, *short_name;
	} forms[] = {
		{ "socket_filter", "sk_filter" },
		{ "cgroup_device", "cg_device" },
		{ "cgroup_sysctl", "cg_sysctl" },
		{ "cgroup_sockopt", "cg_sockopt" },
		{ "cgroup_sock_addr", "cg_sock_addr" },
		{ "raw_tracepoint", "raw_tp" },
		{ "raw_tracepoint_writable", "raw_tp_w" },
		{ "flow_dissector", "flow_dissect" },
		{ "lwt_seg6local", "seg6local" },
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (!strcmp(name, forms[i].name))
			return forms[i].short_name;
	return name;
}
