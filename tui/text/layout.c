#include "text/layout.h"

#include <string.h>

static int layout_max(int a, int b)
{
	return a > b ? a : b;
}

static int layout_min(int a, int b)
{
	return a < b ? a : b;
}

int layout_detail_cols(int cols)
{
	return cols >= LAYOUT_WIDE_COLS ? cols - LAYOUT_WIDE_KNOBS - 1 : cols;
}

void layout_main(int rows, int cols, const struct layout_want *want, struct layout *out)
{
	int header_rows = want->header_rows, knobs_h = 1 + want->nr_knobs;
	int progs_need = 2 + layout_max(1, want->prog_lines), avail, progs_min, top;

	memset(out, 0, sizeof(*out));
	out->rows = rows;
	out->cols = cols;
	avail = rows - header_rows - 1;
	if (cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS || avail - knobs_h < 6) {
		out->too_small = true;
		return;
	}
	out->keybar = (struct layout_rect){ rows - 1, 0, 1, cols };
	out->wide = cols >= LAYOUT_WIDE_COLS;
	if (want->zoomed) {
		out->zoomed = true;
		out->header = out->knobs = out->detail = (struct layout_rect){ 0, 0, 0, cols };
		out->progs = (struct layout_rect){ 0, 0, rows - 1, cols };
		return;
	}
	out->header = (struct layout_rect){ 0, 0, header_rows, cols };
	if (want->progs_focused && !out->wide && want->folded_knob_rows > 0 &&
	    avail - (2 + want->folded_knob_rows) >= 4) {
		/* the knobs' title and their names and values, the detail's
		 * title, and the rest to the programs */
		out->folded = true;
		knobs_h = 1 + want->folded_knob_rows;
		out->knobs = (struct layout_rect){ header_rows, 0, knobs_h, cols };
		out->detail = (struct layout_rect){ header_rows + knobs_h, 0, 1, cols };
		out->progs = (struct layout_rect){ header_rows + knobs_h + 1, 0, avail - knobs_h - 1,
						   cols };
		return;
	}
	if (out->wide) {
		/* knobs and detail side by side, the programs below */
		progs_min = layout_max(4, layout_min(avail / 2, progs_need));
		top = layout_max(knobs_h, layout_min(1 + want->detail_lines, avail - progs_min));
		if (want->progs_focused)
			top = knobs_h;
		out->knobs = (struct layout_rect){ header_rows, 0, top, LAYOUT_WIDE_KNOBS };
		out->detail = (struct layout_rect){ header_rows, LAYOUT_WIDE_KNOBS + 1, top,
						    cols - LAYOUT_WIDE_KNOBS - 1 };
		out->progs = (struct layout_rect){ header_rows + top, 0, avail - top, cols };
		return;
	}
	/* stacked: knobs, detail, programs; the detail takes what it needs up
	 * to what leaves the programs at least half of the rest */
	avail -= knobs_h;
	progs_min = layout_max(4, layout_min(avail / 2 + 1, progs_need));
	top = layout_max(2, layout_min(1 + want->detail_lines, avail - progs_min));
	out->knobs = (struct layout_rect){ header_rows, 0, knobs_h, cols };
	out->detail = (struct layout_rect){ header_rows + knobs_h, 0, top, cols };
	out->progs = (struct layout_rect){ header_rows + knobs_h + top, 0, avail - top, cols };
}

int layout_prog_rows(const struct layout *l)
{
	return l->progs.h > 2 ? l->progs.h - 2 : 0;
}
