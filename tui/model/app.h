/* The browser's state: what the command line asked, the snapshot shown,
 * the views' positions, the open dialog and the session's history. Keys
 * become actions (keys.h, actions.h), actions return these reaction
 * flags, and only the main loop (app.c) acts on the flags: reads the
 * kernel again, rebuilds what the screen shows (view.h), and draws. */
#ifndef BPFKNOBS_TUI_MODEL_APP_H
#define BPFKNOBS_TUI_MODEL_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/columns.h"
#include "inspect/kernel_syms.h"
#include "inspect/map_dump.h"
#include "inspect/map_list.h"
#include "inspect/prog_code.h"
#include "model/dialog.h"
#include "change/commit_save.h"
#include "change/history.h"
#include "text/layout.h"
#include "text/list.h"
#include "base/procroot.h"
#include "reach/reach_session.h"
#include "refresh/snapshot.h"
#include "stats/stats_session.h"
#include "text/text.h"

enum app_react {
	APP_NOTHING = 0,
	APP_DRAW = 1 << 0,    /* what the screen shows changed: draw a frame */
	APP_ROWS = 1 << 1,    /* filter or sort changed: rebuild the program rows */
	APP_TEXT = 1 << 2,    /* the full-screen text must be built again */
	APP_LAYOUT = 1 << 3,  /* the terminal's size changed */
	APP_REFRESH = 1 << 4, /* read the kernel again now */
	APP_CLEAR = 1 << 5,   /* repaint every cell, not just the changed ones */
	APP_QUIT = 1 << 6,
	APP_PROBE = 1 << 7,   /* a knob changed: probe again what each identity may load */
};

enum app_view {
	APP_VIEW_MAIN, /* the knob pane and the program pane */
	APP_VIEW_HELP,
	APP_VIEW_KNOB, /* the selected knob's whole detail */
	APP_VIEW_PROG, /* one program's details */
	APP_VIEW_HISTORY, /* the changes tried in this session */
	APP_VIEW_IMAGES, /* the other BPF JIT images: trampolines, dispatchers, struct_ops */
	APP_VIEW_REACH,  /* what eBPF may do here, and for whom */
	APP_VIEW_CODE,   /* one program's code, a function and a page at a time */
	APP_VIEW_MAPS,   /* the maps (all, or one program's) */
	APP_VIEW_MAP,    /* one map's contents, a page at a time */
	APP_VIEW__COUNT,
};

/* What the command line asked of the browser. */
struct app_options {
	double interval;       /* seconds between refreshes */
	bool read_only;        /* --read-only: never offer a change */
	bool dry_run;          /* --dry-run: the whole flow, nothing written */
	const char *save_file; /* the drop-in, below root.sysctl: "etc/sysctl.d/60-bpfknobs.conf" */
	bool stats;            /* --stats: offer runtime statistics for the session at start */
};

enum app_pane {
	APP_PANE_KNOBS,
	APP_PANE_PROGS,
};

struct app {
	struct procroot root;
	struct app_options opts;

	struct prog_session *cache;
	struct sysctld_cache *boot; /* what the sysctl files set, read when they change */
	struct snapshot_facts facts; /* read once: release, version, kernel config */
	struct snapshot *snap;    /* what is shown */
	struct snapshot *spare;   /* the next refresh goes here, then the two swap */
	uint64_t digest;          /* of snap, to skip frames that would not change */
	size_t digest_nr_progs;    /* programs in the snapshot the digest is of */
	char refresh_error[256];  /* why the last refresh failed, "" when it did not */

	enum app_view view;
	enum app_pane focus;
	bool zoomed;              /* the program pane on the whole screen (z) */
	struct list knobs;
	struct list progs;        /* over rows */
	size_t *rows;             /* indexes into snap->progs, filtered and sorted */
	size_t nr_rows, rows_cap;
	uint32_t sel_id;          /* the selected program, followed across refreshes */
	bool sel_valid;
	char filter[128];
	char filter_before[128];  /* to go back to when the prompt is cancelled */
	bool prompt;              /* typing a filter */
	enum columns_id sort;
	bool descending;

	struct text_lines text;   /* the full-screen text of the other views */
	struct list text_list;
	uint32_t text_prog;       /* APP_VIEW_PROG: which program */
	uint64_t text_digest;
	enum app_view help_from;  /* where Esc in the help goes back to */

	int term_rows, term_cols; /* the terminal's size */
	bool utf8;                /* the locale is UTF-8: draw with UTF-8 glyphs */
	struct layout layout;     /* of the last frame */
	struct text_lines detail; /* the selected knob's detail, for the main view */

	struct dialog dialog;     /* over the main screen when its kind is not NONE; when
				   * closed, the outcome it left in the key bar */
	struct commit_save save;  /* the save flow's plan (flows/dialog_save.c), which
				   * the dialog shows in SAVE */
	struct history history;   /* the changes tried in this session */
	struct reach_session *reach_session; /* the probes, in the background */
	struct reach *reach;      /* their last result, copied into every snapshot */
	bool reach_again;         /* a change came while they ran: probe again after */
	struct stats_session stats; /* this session's share of runtime statistics (t, --stats) */

	/* Inside a program and the maps, read when their view opens, never on
	 * a refresh (core/inspect/). */
	struct kernel_syms ksyms; /* read once, on the first code view */
	bool ksyms_read;
	struct prog_code code;    /* APP_VIEW_CODE: the program text_prog */
	int code_error;           /* -errno of reading it, 0 when read */
	size_t code_func;         /* the function shown */
	bool code_machine;        /* its machine code, not its translated instructions */
	uint32_t code_at;         /* where the page starts: an instruction, or a byte offset */
	uint32_t code_next;       /* where the next page starts (the function's end at the last) */
	uint32_t *code_back;      /* where the pages before it started, for [ */
	size_t nr_code_back, code_back_cap;
	struct map_list maps;     /* APP_VIEW_MAPS */
	uint32_t maps_prog;       /* whose maps: a program's id, 0 for all */
	enum app_view maps_from;  /* where Esc in the map list goes back to */
	size_t maps_sel;          /* the map list's selected row, kept while a map is open */
	struct map_dump map;      /* APP_VIEW_MAP: the map opened */
	int map_error;            /* -errno of opening or reading it */
	bool map_open;
};

/* Whether this run may change knobs: root with CAP_SYS_ADMIN, not --read-only. */
bool app_can_change(const struct app *app);

/* Runs the browser until q, F10, SIGINT or SIGTERM. Returns the exit status;
 * *signal_out is the signal that ended it, 0 for none. */
int app_run(const struct procroot *root, const struct app_options *opts, int *signal_out);

#endif
