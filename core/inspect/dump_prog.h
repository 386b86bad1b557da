/* --dump-prog ID: a program's code as text or JSON, page by page (code_page.h),
 * so that memory stays bounded by a page whatever the program's size.
 *
 * Text: the translated instructions as bpftool prog dump xlated linum prints
 * them ("   12: (b7) r0 = 0", each source line as "; TEXT [file:F
 * line_num:N line_col:C]" before its instructions, each function's
 * prototype before its first), then each function's machine code as
 * "ADDRESS: TEXT". What bpfknobs adds is marked: a line of its own starts
 * with "# ", a note after an instruction with "  # ", a jump target is a
 * label line "L3:". */
#ifndef BPFKNOBS_INSPECT_DUMP_PROG_H
#define BPFKNOBS_INSPECT_DUMP_PROG_H

#include <stdio.h>

#include "inspect/prog_code.h"

/* Both return 0, or -EIO when out could not be written. */
int dump_prog_text(const struct prog_code *code, FILE *out);
int dump_prog_json(const struct prog_code *code, FILE *out);

#endif
