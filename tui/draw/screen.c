#include "draw/screen.h"

#include <curses.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/text.h"

static struct {
	bool active, utf8, color, atexit_done;
	SCREEN *term;
	int saved_stderr;
	int cursor_y, cursor_x;
	attr_t attr[ROLE__COUNT];
} screen = { .saved_stderr = -1, .cursor_y = -1 };

struct screen_look {
	short fg, bg; /* -1: the terminal's own */
	attr_t color_attr, mono_attr;
};

/* Colors pick out the kind of text; without them bold and reverse carry the
 * same distinctions. */
static const struct screen_look screen_looks[ROLE__COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[ROLE_PANE] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_LABEL] = { COLOR_CYAN, -1, A_NORMAL, A_BOLD },
	[ROLE_HEAD] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_DIM] = { -1, -1, A_DIM, A_DIM },
	[ROLE_GOOD] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_WARN] = { COLOR_YELLOW, -1, A_NORMAL, A_BOLD },
	[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_CURRENT] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[ROLE_SELECT] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_SELECT_OFF] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
	[ROLE_KEY] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
};

static void screen_init_looks(void)
{
	const char *no_color = getenv("NO_COLOR");

	/* https://no-color.org: set and not empty */
	screen.color = has_colors() && !(no_color && *no_color);
	if (screen.color && start_color() == ERR)
		screen.color = false;
	if (screen.color)
		use_default_colors();
	for (int r = 0; r < ROLE__COUNT; r++) {
		const struct screen_look *l = &screen_looks[r];

		if (!screen.color) {
			screen.attr[r] = l->mono_attr;
			continue;
		}
		screen.attr[r] = l->color_attr;
		if (l->fg >= 0 || l->bg >= 0) {
			init_pair((short)r, l->fg, l->bg);
			screen.attr[r] |= COLOR_PAIR(r);
		}
	}
}

static void screen_keep_stderr_away(void)
{
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (null < 0)
		return;
	fflush(stderr);
	screen.saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (screen.saved_stderr >= 0)
		dup2(null, STDERR_FILENO);
	close(null);
}

/* Whether root may parse what is at path: owned by root and writable by
 * no one else. */
static bool screen_roots(const char *path)
{
	struct stat st;

	return !stat(path, &st) && st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/* Appends "NAME=VALUE" to the note of what was ignored. */
static void screen_note(char *note, size_t size, const char *what)
{
	size_t len = strlen(note);

	snprintf(note + len, size - len, "%s%s", len ? ", " : "", what);
}

void screen_distrust_env(char *note, size_t size)
{
	static const char *const files[] = { "TERMINFO", "TERMCAP" };
	const char *value, *home;
	char path[PATH_MAX], what[PATH_MAX + 32];

	note[0] = '\0';
	if (geteuid() != 0)
		return;
	/* ncurses reads the description of $TERM from $TERMINFO, each of
	 * $TERMINFO_DIRS, ~/.terminfo and $TERMCAP (a file, or the entry
	 * itself) before the system's; sudo -E, env_keep and su -m keep
	 * another user's. Root parses none of those the user could write:
	 * the parser has had memory bugs (CVE-2023-29491). */
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		value = getenv(files[i]);
		if (!value || (value[0] == '/' && screen_roots(value)))
			continue;
		snprintf(what, sizeof(what), "%s=%s", files[i], value[0] == '/' ? value : "...");
		screen_note(note, size, what);
		unsetenv(files[i]);
	}
	value = getenv("TERMINFO_DIRS");
	if (value) {
		bool ok = true;

		for (const char *p = value; *p && ok;) {
			size_t len = strcspn(p, ":");

			snprintf(path, sizeof(path), "%.*s", (int)len, p);
			ok = !len || screen_roots(path);
			p += len + (p[len] == ':');
		}
		if (!ok) {
			snprintf(what, sizeof(what), "TERMINFO_DIRS=%s", value);
			screen_note(note, size, what);
			unsetenv("TERMINFO_DIRS");
		}
	}
	home = getenv("HOME");
	if (home && (size_t)snprintf(path, sizeof(path), "%s/.terminfo", home) < sizeof(path) &&
	    !access(path, F_OK) && !screen_roots(path)) {
		struct passwd *pw = getpwuid(0);

		snprintf(what, sizeof(what), "%s", path);
		screen_note(note, size, what);
		/* HOME only leads ncurses to ~/.terminfo here: root's instead */
		setenv("HOME", pw && pw->pw_dir ? pw->pw_dir : "/", 1);
	}
}

int screen_start(char *err, size_t err_size)
{
	const char *term = getenv("TERM");

	screen.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	screen.term = newterm(NULL, stdout, stdin);
	if (!screen.term) {
		snprintf(err, err_size, "cannot drive the terminal type '%s': set TERM to one "
			 "this system knows (such as xterm-256color), or use --list or --json",
			 term ? term : "");
		return -1;
	}
	set_term(screen.term);
	screen.active = true;
	if (!screen.atexit_done && atexit(screen_end) == 0)
		screen.atexit_done = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	screen_init_looks();
	screen_keep_stderr_away();
	return 0;
}

void screen_end(void)
{
	if (!screen.active)
		return;
	screen.active = false;
	curs_set(1);
	endwin();
	if (screen.saved_stderr >= 0) {
		dup2(screen.saved_stderr, STDERR_FILENO);
		close(screen.saved_stderr);
		screen.saved_stderr = -1;
	}
}

void screen_emergency_end(void)
{
	/* endwin() is not async-signal-safe, but a process about to die with
	 * the terminal in raw mode is worse; htop does the same. */
	if (screen.active) {
		screen.active = false;
		endwin();
		if (screen.saved_stderr >= 0)
			dup2(screen.saved_stderr, STDERR_FILENO);
	}
}

bool screen_utf8(void)
{
	return screen.utf8;
}

int screen_rows(void)
{
	return LINES;
}

int screen_cols(void)
{
	return COLS;
}

void screen_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resizeterm(ws.ws_row, ws.ws_col);
}

int screen_key(void)
{
	int ch = getch();

	return ch == ERR ? -1 : ch;
}

void screen_begin(bool clear_all)
{
	erase();
	if (clear_all)
		clearok(curscr, TRUE);
	screen.cursor_y = -1;
}

void screen_finish(void)
{
	if (screen.cursor_y >= 0) {
		move(screen.cursor_y, screen.cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* Clips a request to the screen; false when nothing of it is visible. */
static bool screen_clip(int y, int x, int *cols)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || *cols <= 0)
		return false;
	if (*cols > COLS - x)
		*cols = COLS - x;
	return true;
}

static void screen_draw(int y, int x, enum role role, const char *s)
{
	attrset(screen.attr[role]);
	mvaddstr(y, x, s);
	attrset(A_NORMAL);
}

/* How a string is made to fit cols columns into buf (text.h's fitters);
 * returns the columns used. */
typedef int screen_fit_fn(const char *s, int cols, bool utf8, char *buf, size_t size);

static int screen_fit_pad_left(const char *s, int cols, bool utf8, char *buf, size_t size)
{
	text_pad(s, cols, false, utf8, buf, size);
	return cols;
}

static int screen_fit_pad_right(const char *s, int cols, bool utf8, char *buf, size_t size)
{
	text_pad(s, cols, true, utf8, buf, size);
	return cols;
}

/* The one way text reaches the screen: clipped, fitted, drawn. */
static int screen_put_fitted(int y, int x, int cols, enum role role, const char *s,
			     screen_fit_fn *fit)
{
	size_t size;
	char *buf;
	int w;

	if (!screen_clip(y, x, &cols))
		return 0;
	size = (size_t)cols * 4 + 8;
	buf = malloc(size);
	if (!buf)
		return 0;
	w = fit(s, cols, screen.utf8, buf, size);
	screen_draw(y, x, role, buf);
	free(buf);
	return w;
}

int screen_put(int y, int x, int cols, enum role role, const char *s)
{
	return screen_put_fitted(y, x, cols, role, s, text_fit);
}

void screen_put_pad(int y, int x, int cols, enum role role, const char *s, bool right)
{
	screen_put_fitted(y, x, cols, role, s, right ? screen_fit_pad_right : screen_fit_pad_left);
}

void screen_title(int y, int x, int cols, enum role role, const char *title, const char *right)
{
	const struct text_glyphs *g = text_glyphs(screen.utf8);
	size_t glyph = strlen(g->hline), size;
	char *line;
	int w;

	if (!screen_clip(y, x, &cols))
		return;
	size = (size_t)cols * glyph + 1;
	line = malloc(size);
	if (!line)
		return;
	for (int i = 0; i < cols; i++)
		memcpy(line + (size_t)i * glyph, g->hline, glyph);
	line[(size_t)cols * glyph] = '\0';
	screen_draw(y, x, ROLE_DIM, line);
	free(line);
	w = 0;
	if (right && *right && cols > 20) {
		char padded[256];

		snprintf(padded, sizeof(padded), " %s ", right);
		w = text_width(padded, screen.utf8);
		if (w > cols / 2)
			w = cols / 2;
		screen_put(y, x + cols - 1 - w, w, ROLE_NORMAL, padded);
		w++;
	}
	if (title && *title && cols - 4 - w > 0) {
		char fitted[1024], padded[1040];

		/* cut the title, not the spaces around it */
		text_fit(title, cols - 4 - w, screen.utf8, fitted, sizeof(fitted));
		snprintf(padded, sizeof(padded), " %s ", fitted);
		screen_put(y, x + 1, cols - 2 - w, role, padded);
	}
}

void screen_box(int y, int x, int h, int cols, enum role role, const char *title)
{
	const struct text_glyphs *g = text_glyphs(screen.utf8);

	if (h < 2 || cols < 2)
		return;
	screen_title(y, x + 1, cols - 2, role, title, NULL);
	screen_put(y, x, 1, ROLE_DIM, g->corner[0]);
	screen_put(y, x + cols - 1, 1, ROLE_DIM, g->corner[1]);
	for (int i = 1; i < h - 1; i++) {
		screen_put(y + i, x, 1, ROLE_DIM, g->vline);
		screen_put_pad(y + i, x + 1, cols - 2, ROLE_NORMAL, "", false);
		screen_put(y + i, x + cols - 1, 1, ROLE_DIM, g->vline);
	}
	screen_title(y + h - 1, x + 1, cols - 2, ROLE_DIM, NULL, NULL);
	screen_put(y + h - 1, x, 1, ROLE_DIM, g->corner[2]);
	screen_put(y + h - 1, x + cols - 1, 1, ROLE_DIM, g->corner[3]);
}

void screen_vline(int y, int x, int h)
{
	const struct text_glyphs *g = text_glyphs(screen.utf8);

	for (int i = 0; i < h; i++)
		screen_put(y + i, x, 1, ROLE_DIM, g->vline);
}

void screen_cursor(int y, int x)
{
	screen.cursor_y = y;
	screen.cursor_x = x;
}

void screen_list(const struct list *l, int y, int x, int h, int cols, screen_row_fn *row,
		 void *ctx)
{
	const struct text_glyphs *g = text_glyphs(screen.utf8);

	for (int i = 0; i < h; i++) {
		size_t r = l->top + (size_t)i;

		if (r >= l->nr)
			break;
		row(ctx, r, y + i, x, cols - 1, !l->scroll_only && r == l->sel);
	}
	if (list_more_above(l))
		screen_put(y, x + cols - 1, 1, ROLE_DIM, g->up);
	if (list_more_below(l))
		screen_put(y + h - 1, x + cols - 1, 1, ROLE_DIM, g->down);
}
