#include "text/list.h"

static size_t list_max_top(const struct list *l)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;

	return l->nr > h ? l->nr - h : 0;
}

static void list_clamp(struct list *l)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;

	if (l->sel >= l->nr)
		l->sel = l->nr ? l->nr - 1 : 0;
	if (l->scroll_only) {
		if (l->top > list_max_top(l))
			l->top = list_max_top(l);
		l->sel = l->top;
		return;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top > list_max_top(l))
		l->top = list_max_top(l);
}

void list_resize(struct list *l, size_t nr, int height)
{
	l->nr = nr;
	l->height = height;
	list_clamp(l);
}

void list_move(struct list *l, long delta)
{
	size_t *pos = l->scroll_only ? &l->top : &l->sel;

	if (delta < 0)
		*pos = (size_t)-delta > *pos ? 0 : *pos - (size_t)-delta;
	else
		*pos += (size_t)delta;
	if (!l->scroll_only && l->nr && *pos >= l->nr)
		*pos = l->nr - 1;
	list_clamp(l);
}

void list_page(struct list *l, int direction)
{
	long h = l->height > 1 ? l->height - 1 : 1;
	size_t top = l->top;

	list_move(l, direction * h);
	if (l->scroll_only)
		return;
	/* the view turns a page too, as in less, not just far enough */
	if (direction < 0)
		l->top = top > (size_t)h ? top - (size_t)h : 0;
	else
		l->top = top + (size_t)h;
	list_clamp(l);
}

void list_home(struct list *l)
{
	l->sel = 0;
	l->top = 0;
	list_clamp(l);
}

void list_end(struct list *l)
{
	l->sel = l->nr ? l->nr - 1 : 0;
	l->top = list_max_top(l);
	list_clamp(l);
}

void list_select(struct list *l, size_t i)
{
	l->sel = i;
	list_clamp(l);
}

bool list_more_above(const struct list *l)
{
	return l->top > 0;
}

bool list_more_below(const struct list *l)
{
	return l->top + (size_t)(l->height > 0 ? l->height : 1) < l->nr;
}

bool list_key(struct list *l, enum keys_action action)
{
	switch (action) {
	case KEYS_UP:
		list_move(l, -1);
		return true;
	case KEYS_DOWN:
		list_move(l, 1);
		return true;
	case KEYS_PAGE_UP:
		list_page(l, -1);
		return true;
	case KEYS_PAGE_DOWN:
		list_page(l, 1);
		return true;
	case KEYS_HOME:
		list_home(l);
		return true;
	case KEYS_END:
		list_end(l);
		return true;
	default:
		return false;
	}
}
