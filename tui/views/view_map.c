/* The map view (Enter on the map list): one map's contents, a page at a
 * time (] and [), each key and value formatted from the map's BTF and in
 * hex, per-CPU values per CPU; a map whose entries are no data says what
 * it is instead. Read when it opens and when the page turns
 * (core/inspect/map_dump.c), never changing the map; a refresh only lays
 * out the page again. */
#include "views/view.h"

#include <stdio.h>
#include <string.h>

#include "draw/pane.h"
#include "inspect/dump_map.h"
#include "text/role.h"

/* entries on a page */
#define VIEW_MAP_PAGE 64

void view_map_close(struct app *app)
{
	if (app->map_open)
		map_dump_close(&app->map);
	app->map_open = false;
}

static unsigned view_map_load(struct app *app, size_t page)
{
	app->map_error = map_dump_page(&app->map, page);
	list_home(&app->text_list);
	return APP_TEXT | APP_DRAW;
}

unsigned view_map_open(struct app *app, uint32_t map_id)
{
	view_map_close(app);
	app->map_error = map_dump_open(map_id, &app->root, VIEW_MAP_PAGE, &app->map);
	app->map_open = !app->map_error;
	app->view = APP_VIEW_MAP;
	app->text_list.scroll_only = true;
	if (!app->map_open) {
		list_home(&app->text_list);
		return APP_TEXT | APP_DRAW;
	}
	return view_map_load(app, 0);
}

static void view_map_entry(struct map_dump *d, size_t i, struct text_lines *t)
{
	char hex[3 * 256 + 1], line[2048];
	const char *s = map_dump_key_text(d, i);

	map_dump_hex(map_dump_key(d, i), d->info.key_size, " ", hex, sizeof(hex));
	snprintf(line, sizeof(line), "key:   %s%s%s", s ? s : hex, s ? "  " : "", s ? hex : "");
	text_lines_wrap(t, ROLE_NORMAL, "", 0, line);
	for (int cpu = 0; cpu < d->nr_cpus; cpu++) {
		char head[24];

		s = map_dump_value_text(d, i, cpu);
		map_dump_hex(map_dump_value(d, i, cpu), d->info.value_size, " ", hex, sizeof(hex));
		snprintf(head, sizeof(head), d->percpu ? "cpu %d: " : "value: ", cpu);
		snprintf(line, sizeof(line), "%s%s%s%s", head, s ? s : hex, s ? "  " : "",
			 s ? hex : "");
		text_lines_wrap(t, ROLE_NORMAL, "", 0, line);
	}
}

static void view_map_build(const struct app *app, struct text_lines *t)
{
	/* formatting writes only the dump's own scratch text */
	struct map_dump *d = (struct map_dump *)&app->map;
	char line[512], facts[400];

	if (!app->map_open) {
		text_lines_wrap(t, ROLE_ERROR, "", 0, map_dump_error_text(app->map_error));
		return;
	}
	dump_map_facts(d, facts, sizeof(facts));
	snprintf(line, sizeof(line), "Map %u: %s", d->info.id, facts);
	text_lines_wrap(t, ROLE_HEAD, "", 0, line);
	if (d->why) {
		text_lines_wrap(t, ROLE_DIM, "", 0, d->why);
		return;
	}
	snprintf(line, sizeof(line), "Keys %s, values %s%s; read without changing the map (%s).",
		 d->key_dump ? "from its BTF" : "in hex (no BTF)",
		 d->value_dump ? "from its BTF" : "in hex (no BTF)",
		 d->percpu ? ", one per possible CPU" : "", d->method);
	text_lines_wrap(t, ROLE_DIM, "", 0, line);
	text_lines_blank(t);
	if (app->map_error) {
		snprintf(line, sizeof(line), "Reading the map failed: %s.", strerror(-app->map_error));
		text_lines_wrap(t, ROLE_ERROR, "", 0, line);
		return;
	}
	for (size_t i = 0; i < d->nr; i++)
		view_map_entry(d, i, t);
	if (!d->nr)
		text_lines_wrap(t, ROLE_DIM, "", 0, d->page ? "No more entries." : "The map is empty.");
	text_lines_blank(t);
	snprintf(line, sizeof(line), "Page %zu: entries %zu-%zu.%s%s", d->page + 1,
		 d->page * d->page_size + (d->nr ? 1 : 0), d->page * d->page_size + d->nr,
		 d->last ? "" : " ] shows the next page.", d->page ? " [ the previous." : "");
	text_lines_wrap(t, ROLE_DIM, "", 0, line);
}

static void view_map_title(const struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Map %u: %s", app->map.info.id,
		 app->map.info.name[0] ? app->map.info.name : "no name");
}

static unsigned view_map_key(struct app *app, int key, enum keys_action action)
{
	switch (action) {
	case KEYS_BACK:
		view_map_close(app);
		app->view = APP_VIEW_MAPS;
		app->text_list.scroll_only = false;
		list_select(&app->text_list, app->maps_sel);
		return APP_TEXT | APP_DRAW;
	case KEYS_NEXT_CHUNK:
		if (!app->map_open || app->map.last)
			return APP_NOTHING;
		return view_map_load(app, app->map.page + 1);
	case KEYS_PREV_CHUNK:
		if (!app->map_open || !app->map.page)
			return APP_NOTHING;
		return view_map_load(app, app->map.page - 1);
	default:
		return view_text_key(app, key, action);
	}
}

DEFINE_TEXT_VIEW_KEYS(map, KEYS_MAP_VIEW);
