#include "text/filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/attach_short.h"
#include "text/stats_cells.h"

#define FILTER_CELL 512 /* a short form, whole */

static bool filter_in(const char *field, const char *term)
{
	return field && strcasestr(field, term);
}

static bool filter_term(const struct prog *p, const char *term)
{
	char num[24];

	snprintf(num, sizeof(num), "%u", p->id);
	if (filter_in(p->name, term) || filter_in(p->btf_name, term) ||
	    filter_in(p->type_name, term) || filter_in(num, term) || filter_in(p->user, term))
		return true;
	if (p->nr_syms && filter_in(p->syms[0].name, term))
		return true;
	for (size_t i = 0; i < p->nr_owners; i++) {
		snprintf(num, sizeof(num), "%d", (int)p->owners[i].pid);
		if (filter_in(p->owners[i].comm, term) || filter_in(num, term))
			return true;
	}
	/* "/eth0" or "/sshd" finds what is attached there, and the short
	 * form what the ATTACHED column says ("tc in") */
	for (size_t i = 0; i < p->nr_attachments; i++) {
		struct attach_short s;
		char brief[FILTER_CELL];

		if (filter_in(p->attachments[i].target, term))
			return true;
		attach_short_parts(p, &p->attachments[i], &s);
		attach_short_fit(&s, "", 0, true, brief, sizeof(brief));
		if (filter_in(brief, term))
			return true;
	}
	return false;
}

bool filter_match(const struct prog *p, const char *filter)
{
	char term[128];

	while (*filter) {
		size_t len;

		filter += strspn(filter, " \t");
		len = strcspn(filter, " \t");
		if (!len)
			break;
		if (len >= sizeof(term))
			len = sizeof(term) - 1;
		memcpy(term, filter, len);
		term[len] = '\0';
		filter += strcspn(filter, " \t");
		if (!filter_term(p, term))
			return false;
	}
	return true;
}

static int filter_num(unsigned long long a, unsigned long long b)
{
	return a < b ? -1 : a > b;
}

static int filter_str(const char *a, const char *b)
{
	/* empty last, so unnamed programs do not crowd the top */
	if (!a || !*a || !b || !*b)
		return (!a || !*a) - (!b || !*b);
	return strcmp(a, b);
}

int filter_compare(const struct prog *a, const struct prog *b, enum columns_id col)
{
	int r = 0;

	switch (col) {
	case COLUMNS_TYPE:
		r = filter_str(a->type_name, b->type_name);
		break;
	case COLUMNS_NAME:
		r = filter_str(prog_full_name(a), prog_full_name(b));
		break;
	case COLUMNS_JIT:
		r = filter_num(a->bytes_jited, b->bytes_jited);
		break;
	case COLUMNS_SYMBOL:
		r = filter_str(a->nr_syms ? a->syms[0].name : NULL,
			       b->nr_syms ? b->syms[0].name : NULL);
		break;
	case COLUMNS_OWNER:
		r = filter_str(a->nr_owners ? a->owners[0].comm : NULL,
			       b->nr_owners ? b->owners[0].comm : NULL);
		if (!r && a->nr_owners && b->nr_owners)
			r = filter_num((unsigned)a->owners[0].pid, (unsigned)b->owners[0].pid);
		break;
	case COLUMNS_ATTACHED: {
		/* as the column reads; "-" and "?" (attached nowhere, not known) last */
		char x[FILTER_CELL], y[FILTER_CELL];
		bool ax, ay;

		attach_short_prog(a, 0, true, x, sizeof(x), &ax);
		attach_short_prog(b, 0, true, y, sizeof(y), &ay);
		r = filter_str(ax ? x : NULL, ay ? y : NULL);
		break;
	}
	case COLUMNS_RUNS:
	case COLUMNS_AVG_NS:
	case COLUMNS_CPU:
		r = stats_cells_compare(a, b, col);
		break;
	case COLUMNS_ID:
	case COLUMNS__COUNT:
		break;
	}
	return r ? r : filter_num(a->id, b->id);
}

struct filter_sort {
	const struct prog *progs;
	enum columns_id col;
	bool descending;
};

static int filter_qsort(const void *a, const void *b, void *arg)
{
	const struct filter_sort *s = arg;
	int r = filter_compare(&s->progs[*(const size_t *)a], &s->progs[*(const size_t *)b], s->col);

	return s->descending ? -r : r;
}

size_t filter_rows(const struct prog_list *list, const char *filter, enum columns_id col,
		   bool descending, size_t *rows)
{
	struct filter_sort s = { list->progs, col, descending };
	size_t n = 0;

	for (size_t i = 0; i < list->nr_progs; i++)
		if (filter_match(&list->progs[i], filter))
			rows[n++] = i;
	qsort_r(rows, n, sizeof(*rows), filter_qsort, &s);
	return n;
}

void filter_backspace(char *s)
{
	size_t n = strlen(s);

	while (n && ((unsigned char)s[n - 1] & 0xc0) == 0x80)
		n--;
	if (n)
		n--;
	s[n] = '\0';
}
