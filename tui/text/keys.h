/* Keys are data: one table maps a key, in a context, to an action. The main
 * loop looks keys up here, the key bar and the help screen are generated
 * from the same table, so the help can never drift from the keys. */
#ifndef BPFKNOBS_TUI_TEXT_KEYS_H
#define BPFKNOBS_TUI_TEXT_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* X(id, help): the action and the sentence the help screen gives it */
#define KEYS_ACTIONS(X)                                                                         \
	X(QUIT, "Quit bpfknobs and restore the terminal")                                       \
	X(BACK, "Go back: close this screen; on the main screen, clear the filter")             \
	X(HELP, "Show this help")                                                               \
	X(NEXT_PANE, "Switch between the knob pane and the program pane")                       \
	X(PREV_PANE, "Switch panes the other way")                                              \
	X(UP, "Move up a line")                                                                 \
	X(DOWN, "Move down a line")                                                             \
	X(PAGE_UP, "Move up a page")                                                            \
	X(PAGE_DOWN, "Move down a page")                                                        \
	X(HOME, "Go to the first line")                                                         \
	X(END, "Go to the last line")                                                           \
	X(OPEN, "On a knob: change it (root only; a dialog, then a confirmation). "             \
		"On a program: its symbols, maps, owners, load time and sizes")                 \
	X(DETAIL, "Show everything about the selected knob or program")                         \
	X(TYPE_VALUE, "On a knob: start typing a new value for it (root only)")                 \
	X(UNDO, "Undo the last change made in this session (asks first, like any "              \
		"change)")                                                                      \
	X(SAVE, "Save the knobs changed in this session (or the selected one) to a "            \
		"sysctl file, so that boot applies them too; shows the diff and "               \
		"asks")                                                                         \
	X(HISTORY, "List the changes tried in this session: time, knob, old, new, "             \
		"result")                                                                       \
	X(IMAGES, "List the other BPF JIT images: trampolines, the XDP dispatcher and "           \
		"struct_ops trampolines, with what each serves and the struct_ops maps "        \
		"registered")                                                                   \
	X(REACH, "What eBPF may do here, and for whom: for this process, root, an agent with "  \
		 "CAP_BPF+CAP_PERFMON+CAP_NET_ADMIN, CAP_BPF alone, a plain user and a plain "  \
		 "user in a user namespace (with a token from each delegating bpffs), which "    \
		 "program and map types load, probed live, and the gate that refuses the rest; "\
		 "lockdown, perf_event_paranoid, the BPF LSM and the delegations explained")    \
	X(CODE, "Show the program's code: its translated instructions with their source "     \
		"lines, or its machine code, a function and a page at a time")                  \
	X(MAPS, "List the maps (on a program: the maps it uses): type, sizes, entries, "        \
		"memory, the programs using each and the processes holding it")                \
	X(MAP_OPEN, "Show the selected map's contents, a page at a time, formatted from its "   \
		"BTF (read without changing the map)")                                          \
	X(NEXT_FUNC, "Show the next function (subprogram) of the program")                      \
	X(PREV_FUNC, "Show the previous function of the program")                               \
	X(NEXT_CHUNK, "Show the next page of instructions or entries")                          \
	X(PREV_CHUNK, "Show the previous page of instructions or entries")                      \
	X(MACHINE, "Switch between the translated instructions and the machine code the JIT "   \
		"made")                                                                         \
	X(FILTER, "Filter the programs by name, type, id, owner or user (several "              \
		"words: all must match)")                                                       \
	X(SORT, "Sort the programs by the next column")                                         \
	X(REVERSE, "Reverse the sort order")                                                    \
	X(STATS, "Runtime statistics for this session, on or off (root; asks first): while "  \
		 "this browser holds them the kernel times every program's runs, and the table " \
		 "shows RUNS/S (runs per second), AVG NS (average run time) and CPU% (run "   \
		 "time over wall time, in percent of one core), all over the last refresh "      \
		 "interval. They end when the browser exits; the sysctl is not changed")       \
	X(ZOOM, "Show the program list on the whole screen, or the knobs and the programs "     \
		"again")                                                                        \
	X(REDRAW, "Redraw the whole screen")                                                    \
	X(ACCEPT, "Keep the filter as typed")                                                   \
	X(CANCEL, "Go back to the filter as it was")                                            \
	X(ERASE, "Delete the last character")                                                   \
	X(CLEAR, "Clear the filter")                                                            \
	X(CHOOSE, "Choose the value typed, or else the highlighted one")                        \
	X(APPLY, "Yes: write it")                                                               \
	X(APPLY_TYPED, "Write it, if yes was typed in full; else close without "                \
		"writing")                                                                      \
	X(DISMISS, "No: close without writing anything")                                        \
	X(CLOSE, "Close the message")

enum keys_action {
	KEYS_NONE,
#define KEYS_ENUM(id, help) KEYS_##id,
	KEYS_ACTIONS(KEYS_ENUM)
#undef KEYS_ENUM
	KEYS__COUNT,
};

/* Where a binding applies. */
enum keys_context {
	KEYS_MAIN = 1 << 0,    /* the knob and program panes */
	KEYS_TEXT = 1 << 1,    /* a full-screen text: help, details, history */
	KEYS_PROMPT = 1 << 2,  /* typing a filter */
	KEYS_PICK = 1 << 3,    /* the change dialog: picking or typing a value */
	KEYS_CONFIRM = 1 << 4, /* a confirmation before writing */
	KEYS_NOTICE = 1 << 5,  /* a message: what a change did, or why none can be made */
	KEYS_TYPE_YES = 1 << 6, /* confirming a one-way value: yes must be typed */
	KEYS_PROG_VIEW = 1 << 7,    /* a program's details (with KEYS_TEXT) */
	KEYS_CODE_VIEW = 1 << 8,    /* a program's code (with KEYS_TEXT) */
	KEYS_MAPS_VIEW = 1 << 9,    /* the map list (with KEYS_TEXT) */
	KEYS_MAP_VIEW = 1 << 10,    /* a map's contents (with KEYS_TEXT) */
	KEYS_EVERYWHERE = KEYS_MAIN | KEYS_TEXT | KEYS_PROMPT | KEYS_PICK | KEYS_CONFIRM |
			  KEYS_NOTICE | KEYS_TYPE_YES | KEYS_PROG_VIEW | KEYS_CODE_VIEW | KEYS_MAPS_VIEW |
			  KEYS_MAP_VIEW,
};

/* Which pane of the main screen a key bar item is for. */
enum keys_bar_pane {
	KEYS_BAR_BOTH,
	KEYS_BAR_KNOBS,
	KEYS_BAR_PROGS,
};

struct keys_binding {
	int key;              /* a character or a curses KEY_* code */
	const char *label;    /* the key as the help shows it: "PgDn", "F10" */
	enum keys_action action;
	unsigned contexts;
	const char *bar;      /* its word in the key bar, NULL when not there */
	const char *bar_key;  /* the key as the bar shows it, when not label */
	enum keys_bar_pane bar_pane; /* main screen: shown only with that pane focused */
	const char *bar_knobs; /* its word with the knob pane focused, when not bar */
	bool changes;          /* in the bar only when this run may change knobs */
	bool bar_spare;        /* in the bar only where every item fits: a key the user
				* knows without it (the arrows) */
	const char *bar_dry_run; /* its word in a --dry-run run, when not bar */
};

extern const struct keys_binding keys_bindings[];
extern const size_t keys_nr_bindings;

/* The binding of key in context, NULL when none. */
const struct keys_binding *keys_lookup(int key, enum keys_context context);

const char *keys_action_help(enum keys_action action);

/* "Main screen", for the help's section heads. */
const char *keys_context_title(enum keys_context context);

#endif
