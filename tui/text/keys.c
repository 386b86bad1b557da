/* The key table. curses.h is included for its KEY_* numbers only: nothing
 * here calls curses, so the unit tests link this file without ncurses. */
#include "text/keys.h"

#include <curses.h>

#define CTRL(c) ((c) & 0x1f)
#define KEY(k, l, a, ctx) .key = (k), .label = (l), .action = (a), .contexts = (ctx)

const struct keys_binding keys_bindings[] = {
	/* main screen, in key bar order */
	{ KEY('\t', "Tab", KEYS_NEXT_PANE, KEYS_MAIN), .bar = "Pane" },
	{ KEY(KEY_BTAB, "Shift-Tab", KEYS_PREV_PANE, KEYS_MAIN) },
	{ KEY(KEY_UP, "Up", KEYS_UP, KEYS_MAIN | KEYS_TEXT), .bar = "Move", .bar_key = "Up/Dn",
	  .bar_pane = KEYS_BAR_PROGS, .bar_spare = true },
	{ KEY('k', "k", KEYS_UP, KEYS_MAIN | KEYS_TEXT) },
	{ KEY(KEY_DOWN, "Down", KEYS_DOWN, KEYS_MAIN | KEYS_TEXT) },
	{ KEY('j', "j", KEYS_DOWN, KEYS_MAIN | KEYS_TEXT) },
	{ KEY(KEY_PPAGE, "PgUp", KEYS_PAGE_UP, KEYS_MAIN | KEYS_TEXT) },
	{ KEY(CTRL('b'), "Ctrl-B", KEYS_PAGE_UP, KEYS_MAIN | KEYS_TEXT) },
	{ KEY(KEY_NPAGE, "PgDn", KEYS_PAGE_DOWN, KEYS_MAIN) },
	{ KEY(KEY_NPAGE, "PgDn", KEYS_PAGE_DOWN, KEYS_TEXT), .bar = "Page", .bar_key = "PgUp/PgDn" },
	{ KEY(CTRL('f'), "Ctrl-F", KEYS_PAGE_DOWN, KEYS_MAIN | KEYS_TEXT) },
	{ KEY(' ', "Space", KEYS_PAGE_DOWN, KEYS_TEXT) },
	/* inside a program and its maps */
	{ KEY('c', "c", KEYS_CODE, KEYS_PROG_VIEW), .bar = "Code" },
	{ KEY('m', "m", KEYS_MAPS, KEYS_PROG_VIEW), .bar = "Maps" },
	{ KEY('\n', "Enter", KEYS_MAP_OPEN, KEYS_MAPS_VIEW), .bar = "Open" },
	{ KEY('\r', "Enter", KEYS_MAP_OPEN, KEYS_MAPS_VIEW) },
	{ KEY(KEY_ENTER, "Enter", KEYS_MAP_OPEN, KEYS_MAPS_VIEW) },
	{ KEY('x', "x", KEYS_MACHINE, KEYS_CODE_VIEW), .bar = "Machine/BPF" },
	{ KEY('n', "n", KEYS_NEXT_FUNC, KEYS_CODE_VIEW), .bar = "Func", .bar_key = "n/p" },
	{ KEY('p', "p", KEYS_PREV_FUNC, KEYS_CODE_VIEW) },
	{ KEY(']', "]", KEYS_NEXT_CHUNK, KEYS_CODE_VIEW | KEYS_MAP_VIEW), .bar = "More",
	  .bar_key = "[/]" },
	{ KEY('[', "[", KEYS_PREV_CHUNK, KEYS_CODE_VIEW | KEYS_MAP_VIEW) },
	{ KEY(KEY_HOME, "Home", KEYS_HOME, KEYS_MAIN | KEYS_TEXT) },
	{ KEY('g', "g", KEYS_HOME, KEYS_MAIN | KEYS_TEXT) },
	{ KEY(KEY_END, "End", KEYS_END, KEYS_MAIN | KEYS_TEXT) },
	{ KEY('G', "G", KEYS_END, KEYS_MAIN | KEYS_TEXT) },
	{ KEY('\n', "Enter", KEYS_OPEN, KEYS_MAIN), .bar = "Open", .bar_knobs = "Change" },
	{ KEY('\r', "Enter", KEYS_OPEN, KEYS_MAIN) },
	{ KEY(KEY_ENTER, "Enter", KEYS_OPEN, KEYS_MAIN) },
	{ KEY('i', "i", KEYS_DETAIL, KEYS_MAIN), .bar = "Info" },
	{ KEY(KEY_RIGHT, "Right", KEYS_DETAIL, KEYS_MAIN) },
	/* digits: the whole range is handled in actions_key(); this row is for the help */
	{ KEY('0', "0-9", KEYS_TYPE_VALUE, KEYS_MAIN) },
	{ KEY('u', "u", KEYS_UNDO, KEYS_MAIN), .bar = "Undo", .bar_pane = KEYS_BAR_KNOBS,
	  .changes = true },
	{ KEY('S', "S", KEYS_SAVE, KEYS_MAIN), .bar = "Save", .bar_pane = KEYS_BAR_KNOBS,
	  .changes = true },
	{ KEY('H', "H", KEYS_HISTORY, KEYS_MAIN), .bar = "History", .bar_pane = KEYS_BAR_KNOBS },
	{ KEY('/', "/", KEYS_FILTER, KEYS_MAIN), .bar = "Filter", .bar_pane = KEYS_BAR_PROGS },
	{ KEY('o', "o", KEYS_IMAGES, KEYS_MAIN) },
	{ KEY('w', "w", KEYS_REACH, KEYS_MAIN) },
	{ KEY('M', "M", KEYS_MAPS, KEYS_MAIN) },
	{ KEY('s', "s", KEYS_SORT, KEYS_MAIN), .bar = "Sort", .bar_pane = KEYS_BAR_PROGS },
	{ KEY('r', "r", KEYS_REVERSE, KEYS_MAIN) },
	{ KEY('t', "t", KEYS_STATS, KEYS_MAIN), .bar = "Stats", .bar_pane = KEYS_BAR_PROGS },
	{ KEY('z', "z", KEYS_ZOOM, KEYS_MAIN), .bar = "Zoom", .bar_pane = KEYS_BAR_PROGS },
	{ KEY(27, "Esc", KEYS_BACK, KEYS_MAIN) },
	{ KEY(27, "Esc", KEYS_BACK, KEYS_TEXT), .bar = "Back" },
	{ KEY('q', "q", KEYS_BACK, KEYS_TEXT) },
	{ KEY(KEY_LEFT, "Left", KEYS_BACK, KEYS_TEXT) },
	{ KEY(KEY_BACKSPACE, "Backspace", KEYS_BACK, KEYS_TEXT) },
	{ KEY('?', "?", KEYS_HELP, KEYS_MAIN | KEYS_TEXT), .bar = "Help" },
	{ KEY(KEY_F(1), "F1", KEYS_HELP, KEYS_MAIN | KEYS_TEXT) },
	{ KEY(CTRL('l'), "Ctrl-L", KEYS_REDRAW, KEYS_EVERYWHERE) },
	{ KEY('q', "q", KEYS_QUIT, KEYS_MAIN), .bar = "Quit" },
	{ KEY(KEY_F(10), "F10", KEYS_QUIT, KEYS_MAIN | KEYS_PROMPT) },
	{ KEY(KEY_F(10), "F10", KEYS_QUIT, KEYS_TEXT), .bar = "Quit" },
	/* typing a filter */
	{ KEY('\n', "Enter", KEYS_ACCEPT, KEYS_PROMPT), .bar = "Keep" },
	{ KEY('\r', "Enter", KEYS_ACCEPT, KEYS_PROMPT) },
	{ KEY(KEY_ENTER, "Enter", KEYS_ACCEPT, KEYS_PROMPT) },
	{ KEY(27, "Esc", KEYS_CANCEL, KEYS_PROMPT), .bar = "Cancel" },
	{ KEY(KEY_BACKSPACE, "Backspace", KEYS_ERASE, KEYS_PROMPT), .bar = "Erase" },
	{ KEY(127, "Backspace", KEYS_ERASE, KEYS_PROMPT) },
	{ KEY(CTRL('h'), "Ctrl-H", KEYS_ERASE, KEYS_PROMPT) },
	{ KEY(CTRL('u'), "Ctrl-U", KEYS_CLEAR, KEYS_PROMPT), .bar = "Clear" },
	/* the change dialog; other keys type the value */
	{ KEY('\n', "Enter", KEYS_CHOOSE, KEYS_PICK), .bar = "Choose" },
	{ KEY('\r', "Enter", KEYS_CHOOSE, KEYS_PICK) },
	{ KEY(KEY_ENTER, "Enter", KEYS_CHOOSE, KEYS_PICK) },
	{ KEY(KEY_UP, "Up", KEYS_UP, KEYS_PICK), .bar = "Pick", .bar_key = "Up/Dn" },
	{ KEY(KEY_DOWN, "Down", KEYS_DOWN, KEYS_PICK) },
	{ KEY(KEY_BACKSPACE, "Backspace", KEYS_ERASE, KEYS_PICK), .bar = "Erase" },
	{ KEY(127, "Backspace", KEYS_ERASE, KEYS_PICK) },
	{ KEY(CTRL('h'), "Ctrl-H", KEYS_ERASE, KEYS_PICK) },
	{ KEY(CTRL('u'), "Ctrl-U", KEYS_CLEAR, KEYS_PICK) },
	{ KEY(27, "Esc", KEYS_CANCEL, KEYS_PICK), .bar = "Cancel" },
	/* confirming: y writes, anything meaning no closes; Enter alone is no */
	{ KEY('y', "y", KEYS_APPLY, KEYS_CONFIRM), .bar = "Yes, write",
	  .bar_dry_run = "Yes (dry run: no write)" },
	{ KEY('Y', "Y", KEYS_APPLY, KEYS_CONFIRM) },
	{ KEY('n', "n", KEYS_DISMISS, KEYS_CONFIRM), .bar = "No" },
	{ KEY('N', "N", KEYS_DISMISS, KEYS_CONFIRM) },
	{ KEY(27, "Esc", KEYS_DISMISS, KEYS_CONFIRM) },
	{ KEY('\n', "Enter", KEYS_DISMISS, KEYS_CONFIRM) },
	{ KEY('\r', "Enter", KEYS_DISMISS, KEYS_CONFIRM) },
	{ KEY(KEY_ENTER, "Enter", KEYS_DISMISS, KEYS_CONFIRM) },
	/* a one-way value: other keys type the answer */
	{ KEY('\n', "Enter", KEYS_APPLY_TYPED, KEYS_TYPE_YES), .bar = "Write if yes",
	  .bar_dry_run = "Go on if yes (dry run: no write)" },
	{ KEY('\r', "Enter", KEYS_APPLY_TYPED, KEYS_TYPE_YES) },
	{ KEY(KEY_ENTER, "Enter", KEYS_APPLY_TYPED, KEYS_TYPE_YES) },
	{ KEY(KEY_BACKSPACE, "Backspace", KEYS_ERASE, KEYS_TYPE_YES), .bar = "Erase" },
	{ KEY(127, "Backspace", KEYS_ERASE, KEYS_TYPE_YES) },
	{ KEY(CTRL('h'), "Ctrl-H", KEYS_ERASE, KEYS_TYPE_YES) },
	{ KEY(27, "Esc", KEYS_DISMISS, KEYS_TYPE_YES), .bar = "Cancel" },
	/* a message */
	{ KEY('\n', "Enter", KEYS_CLOSE, KEYS_NOTICE), .bar = "Close" },
	{ KEY('\r', "Enter", KEYS_CLOSE, KEYS_NOTICE) },
	{ KEY(KEY_ENTER, "Enter", KEYS_CLOSE, KEYS_NOTICE) },
	{ KEY(27, "Esc", KEYS_CLOSE, KEYS_NOTICE) },
	{ KEY(' ', "Space", KEYS_CLOSE, KEYS_NOTICE) },
	{ KEY('q', "q", KEYS_CLOSE, KEYS_NOTICE) },
	{ KEY(KEY_F(10), "F10", KEYS_QUIT, KEYS_PICK | KEYS_CONFIRM | KEYS_NOTICE | KEYS_TYPE_YES) },
};

const size_t keys_nr_bindings = sizeof(keys_bindings) / sizeof(keys_bindings[0]);

static const char *const keys_helps[KEYS__COUNT] = {
	[KEYS_NONE] = "",
#define KEYS_HELP_ROW(id, help) [KEYS_##id] = help,
	KEYS_ACTIONS(KEYS_HELP_ROW)
#undef KEYS_HELP_ROW
};

const struct keys_binding *keys_lookup(int key, enum keys_context context)
{
	for (size_t i = 0; i < keys_nr_bindings; i++)
		if (keys_bindings[i].key == key && (keys_bindings[i].contexts & context))
			return &keys_bindings[i];
	return NULL;
}

const char *keys_action_help(enum keys_action action)
{
	return action < KEYS__COUNT ? keys_helps[action] : "";
}

const char *keys_context_title(enum keys_context context)
{
	switch (context) {
	case KEYS_MAIN:
		return "Main screen (knob pane and program pane)";
	case KEYS_TEXT:
		return "Help and detail screens";
	case KEYS_PROMPT:
		return "Typing a filter (other keys type into it)";
	case KEYS_PICK:
		return "Changing a knob: picking a value (other keys type one, e.g. 2 or 512M)";
	case KEYS_CONFIRM:
		return "Confirming a change or a save";
	case KEYS_TYPE_YES:
		return "Confirming a one-way value (type yes, then Enter; other keys type)";
	case KEYS_NOTICE:
		return "A message";
	case KEYS_PROG_VIEW:
		return "A program's details";
	case KEYS_CODE_VIEW:
		return "A program's code";
	case KEYS_MAPS_VIEW:
		return "The maps";
	case KEYS_MAP_VIEW:
		return "A map's contents";
	case KEYS_EVERYWHERE:
		break;
	}
	return "Everywhere";
}
