/* What a piece of text is, for the screen to pick its look (color, bold,
 * reverse): the pure view code tags lines with these, screen.c maps them to
 * curses attributes with and without colors. */
#ifndef BPFKNOBS_TUI_TEXT_ROLE_H
#define BPFKNOBS_TUI_TEXT_ROLE_H

enum role {
	ROLE_NORMAL,
	ROLE_TITLE,      /* the top bar, pane titles */
	ROLE_PANE,       /* the focused pane's title */
	ROLE_LABEL,      /* "Default:" in a detail */
	ROLE_HEAD,       /* the program table's column heads, section heads */
	ROLE_DIM,        /* reasons, hints, the kernel holding a program */
	ROLE_GOOD,       /* "root: changes allowed", symbols listed */
	ROLE_WARN,       /* read-only, symbols hidden, live cross-effects */
	ROLE_ERROR,      /* a knob without a value, programs not listable */
	ROLE_CURRENT,    /* the knob's current value among its values */
	ROLE_SELECT,     /* the selected row of the focused pane */
	ROLE_SELECT_OFF, /* the selected row of the other pane */
	ROLE_KEY,        /* a key in the key bar */
	ROLE__COUNT,
};

#endif
