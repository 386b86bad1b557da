/* Keys are data: one table maps a key, in a context, to an action. The main
 * loop looks keys up here, the key bar and the help screen are generated
 * from the same table, so the help can never drift from the keys. */
#ifndef BPFKNOBS_TUI_KEYS_H
#define BPFKNOBS_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* X(id, name, help) */
#define KEYS_ACTIONS(X)                                                                        \
	X(QUIT, "quit", "Quit bpfknobs and restore the terminal")                               \
	X(BACK, "back", "Go back: close this screen; on the main screen, clear the filter")    \
	X(HELP, "help", "Show this help")                                                       \
	X(NEXT_PANE, "next-pane", "Switch between the knob pane and the program pane")          \
	X(PREV_PANE, "prev-pane", "Switch panes the other way")                                 \
	X(UP, "up", "Move up a line")                                                           \
	X(DOWN, "down", "Move down a line")                                                     \
	X(PAGE_UP, "page-up", "Move up a page")                                                 \
	X(PAGE_DOWN, "page-down", "Move down a page")                                           \
	X(HOME, "home", "Go to the first line")                                                 \
	X(END, "end", "Go to the last line")                                                    \
	X(OPEN, "open", "Open the selection: a knob's full detail, or a program's "             \
			"symbols, maps, owners, load time and sizes")                           \
	X(FILTER, "filter", "Filter the programs by name, type, id, owner or user "             \
			    "(several words: all must match)")                                  \
	X(SORT, "sort", "Sort the programs by the next column")                                 \
	X(REVERSE, "reverse", "Reverse the sort order")                                         \
	X(REDRAW, "redraw", "Redraw the whole screen")                                          \
	X(ACCEPT, "accept", "Keep the filter as typed")                                         \
	X(CANCEL, "cancel", "Go back to the filter as it was")                                  \
	X(ERASE, "erase", "Delete the last character")                                          \
	X(CLEAR, "clear", "Clear the filter")

enum keys_action {
	KEYS_NONE,
#define KEYS_ENUM(id, name, help) KEYS_##id,
	KEYS_ACTIONS(KEYS_ENUM)
#undef KEYS_ENUM
	KEYS__COUNT,
};

/* Where a binding applies. A change dialog for knobs would add a context
 * of its own (with its y/n keys) and an action for undo. */
enum keys_context {
	KEYS_MAIN = 1 << 0,   /* the knob and program panes */
	KEYS_TEXT = 1 << 1,   /* a full-screen text: help, knob or program details */
	KEYS_PROMPT = 1 << 2, /* typing a filter */
	KEYS_EVERYWHERE = KEYS_MAIN | KEYS_TEXT | KEYS_PROMPT,
};

struct keys_binding {
	int key;              /* a character or a curses KEY_* code */
	const char *label;    /* the key as the help shows it: "PgDn", "F10" */
	enum keys_action action;
	unsigned contexts;
	const char *bar;      /* its word in the key bar, NULL when not there */
	const char *bar_key;  /* the key as the bar shows it, when not label */
};

extern const struct keys_binding keys_bindings[];
extern const size_t keys_nr_bindings;

/* The binding of key in context, NULL when none. */
const struct keys_binding *keys_lookup(int key, enum keys_context context);

const char *keys_action_name(enum keys_action action);
const char *keys_action_help(enum keys_action action);

/* "Main screen", for the help's section heads. */
const char *keys_context_title(enum keys_context context);

#endif
