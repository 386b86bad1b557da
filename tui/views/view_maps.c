/* The maps view (M on the main screen, m on a program's details): every
 * map, or the program's, as bpftool map show lists them, with the programs
 * using each and the processes holding it; Enter opens one's contents (the
 * map view). Read when it opens (core/inspect/map_list.c). */
#include "views/view.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/units.h"
#include "draw/pane.h"
#include "text/role.h"

void view_maps_close(struct app *app)
{
	map_list_free(&app->maps);
	view_map_close(app);
}

unsigned view_maps_open(struct app *app, uint32_t prog_id)
{
	unsigned react;

	view_maps_close(app);
	app->maps_from = app->view;
	app->maps_prog = prog_id;
	if (map_list_read(&app->root, &app->snap->progs, prog_session_holders(app->cache), prog_id,
			  &app->maps))
		app->maps.error = -ENOMEM;
	react = view_open(app, APP_VIEW_MAPS);
	app->text_list.sel = 1; /* the first map, under the column heads */
	return react;
}

static void view_maps_row(const struct map_entry *e, char *buf, size_t size)
{
	char mem[32], progs[64] = "", held[64] = "-";
	size_t used = 0;

	units_format_bytes(e->map.memlock, mem, sizeof(mem));
	for (size_t i = 0; i < e->nr_progs && used + 12 < sizeof(progs); i++)
		used += (size_t)snprintf(progs + used, sizeof(progs) - used, "%s%u", i ? "," : "",
					 e->progs[i]);
	if (!e->nr_progs)
		snprintf(progs, sizeof(progs), "-");
	if (e->nr_holders)
		snprintf(held, sizeof(held), "%s (%d)%s", e->holders[0].comm, (int)e->holders[0].pid,
			 e->nr_holders > 1 ? " +more" : "");
	snprintf(buf, size, "%8u %-16s %-16s %5u %6u %8u %9s  %-12s %s", e->map.id,
		 e->map.type_name, e->map.name[0] ? e->map.name : "(no name)", e->map.key_size,
		 e->map.value_size, e->map.max_entries, e->map.memlock ? mem : "?", progs, held);
}

static void view_maps_build(const struct app *app, struct text_lines *t)
{
	char line[512];

	text_lines_add(t, ROLE_HEAD, "      ID TYPE             NAME               KEY  VALUE  "
				     "ENTRIES   MEMLOCK  PROGRAMS     HELD BY");
	for (size_t i = 0; i < app->maps.nr; i++) {
		view_maps_row(&app->maps.v[i], line, sizeof(line));
		text_lines_add(t, ROLE_NORMAL, line);
	}
	if (app->maps.error)
		text_lines_wrap(t, ROLE_ERROR, "", 0, map_list_error_text(app->maps.error));
	else if (!app->maps.nr)
		text_lines_wrap(t, ROLE_DIM, "", 0, app->maps_prog ? "The program uses no map."
								  : "The kernel holds no map.");
	if (app->maps.holders_error)
		text_lines_wrap(t, ROLE_DIM, "", 0,
				"Not every process's files have been read (a program's details say "
				"why, on their Holders line): some holders may be missing.");
}

static void view_maps_title(const struct app *app, char *buf, size_t size)
{
	if (app->maps_prog)
		snprintf(buf, size, "Maps of program %u (%zu): Enter shows one's contents",
			 app->maps_prog, app->maps.nr);
	else
		snprintf(buf, size, "Maps (%zu): Enter shows one's contents", app->maps.nr);
}

static unsigned view_maps_key(struct app *app, int key, enum keys_action action)
{
	unsigned react;

	switch (action) {
	case KEYS_BACK:
		view_maps_close(app);
		app->view = app->maps_from == APP_VIEW_PROG ? APP_VIEW_PROG : APP_VIEW_MAIN;
		app->text_list.scroll_only = true;
		list_home(&app->text_list);
		return APP_TEXT | APP_DRAW;
	case KEYS_MAP_OPEN: {
		size_t i = app->text_list.sel;

		if (!i || i > app->maps.nr)
			return APP_NOTHING;
		app->maps_sel = i;
		return view_map_open(app, app->maps.v[i - 1].map.id);
	}
	default:
		react = view_text_key(app, key, action);
		if (!app->text_list.sel && app->text_list.nr > 1)
			list_select(&app->text_list, 1); /* not the column heads */
		return react;
	}
}

DEFINE_TEXT_VIEW_KEYS(maps, KEYS_MAPS_VIEW, .select = true);

