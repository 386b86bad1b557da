#include "text/format.h"

#include <stdio.h>
#include <string.h>

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
