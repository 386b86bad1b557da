/* The code view (c on a program's details): one function of the program
 * at a time, a page of it at a time, as its translated instructions with
 * their source lines, labels, maps and blinded constants, or (x) as the
 * machine code the JIT made. Read when it opens (core/inspect/prog_code.c);
 * a refresh only lays out the page again. */
#include "views/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"
#include "draw/pane.h"
#include "inspect/code_page.h"
#include "text/prog_lines.h"
#include "text/role.h"

/* rows of one page: a screenful or a few, never the whole program */
#define VIEW_CODE_PAGE 256

static const char *view_code_func_name(const void *arg, uint64_t addr)
{
	const struct prog *p = arg;

	for (size_t i = 0; p && i < p->nr_syms; i++)
		if (p->syms[i].addr == addr && p->syms[i].name)
			return p->syms[i].name;
	return NULL;
}

void view_code_close(struct app *app)
{
	prog_code_free(&app->code);
	free(app->code_back);
	app->code_back = NULL;
	app->nr_code_back = app->code_back_cap = 0;
}

static uint32_t view_code_start(const struct app *app)
{
	if (app->code_func >= app->code.nr_funcs)
		return 0;
	return app->code_machine ? 0 : app->code.funcs[app->code_func].first_insn;
}

static uint32_t view_code_end(const struct app *app)
{
	const struct prog_code_func *fn;

	if (app->code_func >= app->code.nr_funcs)
		return 0;
	fn = &app->code.funcs[app->code_func];
	return app->code_machine ? fn->jited_len : fn->first_insn + fn->nr_insns;
}

/* The page at app->code_at into rows; *next gets where the next starts. */
static size_t view_code_rows(const struct app *app, struct code_row *rows, uint32_t *next)
{
	*next = app->code_at;
	if (app->code_machine)
		return code_page_machine(&app->code, app->code_func, app->code_at, VIEW_CODE_PAGE,
					 rows, next);
	return code_page_xlated(&app->code, app->code_func, app->code_at, VIEW_CODE_PAGE, rows,
				next);
}

unsigned view_code_open(struct app *app, uint32_t prog_id)
{
	struct prog_code_env env = {
		.root = &app->root,
		.ksyms = &app->ksyms,
		.func_name = view_code_func_name,
		.func_name_arg = prog_lines_find(&app->snap->progs, prog_id),
	};

	view_code_close(app);
	/* the kernel's symbols name helper and kfunc calls: read once a session */
	if (!app->ksyms_read) {
		if (kernel_syms_read(&app->root, false, &app->ksyms))
			memset(&app->ksyms, 0, sizeof(app->ksyms));
		app->ksyms_read = true;
	}
	app->text_prog = prog_id;
	app->code_error = prog_code_read(prog_id, &env, &app->code);
	app->code_func = 0;
	app->code_machine = false;
	app->code_at = view_code_start(app);
	return view_open(app, APP_VIEW_CODE);
}

static int view_code_role(const struct code_row *r)
{
	if (r->blinded)
		return ROLE_WARN;
	switch (r->kind) {
	case CODE_ROW_FUNC:
		return ROLE_HEAD;
	case CODE_ROW_LABEL:
		return ROLE_LABEL;
	case CODE_ROW_SOURCE:
		return ROLE_DIM;
	default:
		return ROLE_NORMAL;
	}
}

static void view_code_head(const struct app *app, struct text_lines *t)
{
	const struct prog_code *code = &app->code;
	const struct prog_code_func *fn = &code->funcs[app->code_func];
	char line[512];
	bool supported;

	snprintf(line, sizeof(line), "Function %zu of %zu: %s%s%s", app->code_func + 1,
		 code->nr_funcs, fn->name ? fn->name : "(no BTF name)", fn->symbol ? ", " : "",
		 fn->symbol ? fn->symbol : "");
	text_lines_wrap(t, ROLE_HEAD, "", 0, line);
	if (app->code_machine) {
		snprintf(line, sizeof(line), "Machine code: %u bytes at 0x%llx (%s).", fn->jited_len,
			 (unsigned long long)fn->addr, code_page_machine_arch(&supported));
	} else if (fn->nr_insns) {
		snprintf(line, sizeof(line), "Translated instructions %u-%u of the program's %u, as "
			 "the kernel runs them after verification (bpftool prog dump xlated).",
			 fn->first_insn, fn->first_insn + fn->nr_insns - 1, code->nr_insns);
	} else {
		snprintf(line, sizeof(line), "Translated instructions: none shown.");
	}
	text_lines_wrap(t, ROLE_DIM, "", 0, line);
	if (code->blinded)
		text_lines_wrap(t, ROLE_WARN, "", 0,
				"Its constants were blinded by the JIT (net.core.bpf_jit_harden): "
				"each is moved into r11 as two random-looking numbers whose xor it "
				"is; those lines are marked \"blinded constant\".");
	if (code->names_why)
		text_lines_wrap(t, ROLE_DIM, "", 0, code->names_why);
	text_lines_blank(t);
}

static void view_code_build(const struct app *app, struct text_lines *t)
{
	struct code_row *rows;
	const char *why;
	char line[1024];
	uint32_t next;
	size_t n;

	if (app->code_error) {
		text_lines_wrap(t, ROLE_ERROR, "", 0, prog_code_error_text(app->code_error));
		return;
	}
	if (!app->code.nr_funcs) {
		text_lines_wrap(t, ROLE_DIM, "", 0, app->code.xlated_why ? app->code.xlated_why
									  : "The program has no instructions.");
		return;
	}
	view_code_head(app, t);
	why = app->code_machine ? (app->code.jited ? NULL : app->code.jited_why)
				: (app->code.insns ? NULL : app->code.xlated_why);
	if (why) {
		text_lines_wrap(t, ROLE_WARN, "", 0, why);
		return;
	}
	rows = calloc(VIEW_CODE_PAGE, sizeof(*rows));
	if (!rows) {
		text_lines_wrap(t, ROLE_ERROR, "", 0, "Out of memory.");
		return;
	}
	n = view_code_rows(app, rows, &next);
	for (size_t i = 0; i < n; i++) {
		code_row_line(&app->code, &rows[i], line, sizeof(line));
		if (line[0])
			text_lines_add(t, view_code_role(&rows[i]), line);
	}
	free(rows);
	text_lines_blank(t);
	if (app->code_at != view_code_start(app) || next < view_code_end(app)) {
		snprintf(line, sizeof(line), "%s %u-%u of %u-%u.%s%s",
			 app->code_machine ? "Bytes" : "Instructions", app->code_at,
			 next ? next - 1 : 0, view_code_start(app), view_code_end(app) - 1,
			 next < view_code_end(app) ? " ] shows the next page." : "",
			 app->nr_code_back ? " [ the previous." : "");
		text_lines_wrap(t, ROLE_DIM, "", 0, line);
	}
	if (app->code.nr_funcs > 1)
		text_lines_wrap(t, ROLE_DIM, "", 0, "n and p show the next and the previous function.");
}

static void view_code_title(const struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Code of program %u: %s (%s)%s", app->text_prog,
		 app->code.name[0] ? app->code.name : "no name",
		 app->code.type_name ? app->code.type_name : "?",
		 app->code_machine ? ", machine code" : "");
}

static unsigned view_code_page(struct app *app, bool forward)
{
	struct code_row *rows;
	uint32_t next, *back;

	if (!forward) {
		if (!app->nr_code_back)
			return APP_NOTHING;
		app->code_at = app->code_back[--app->nr_code_back];
		list_home(&app->text_list);
		return APP_TEXT | APP_DRAW;
	}
	rows = calloc(VIEW_CODE_PAGE, sizeof(*rows));
	if (!rows)
		return APP_NOTHING;
	view_code_rows(app, rows, &next);
	free(rows);
	if (next <= app->code_at || next >= view_code_end(app))
		return APP_NOTHING;
	back = VEC_PUSH(app->code_back, app->nr_code_back, app->code_back_cap);
	if (!back)
		return APP_NOTHING;
	*back = app->code_at;
	app->code_at = next;
	list_home(&app->text_list);
	return APP_TEXT | APP_DRAW;
}

/* Another function, or the other listing: from its start. */
static unsigned view_code_restart(struct app *app)
{
	app->nr_code_back = 0;
	app->code_at = view_code_start(app);
	list_home(&app->text_list);
	return APP_TEXT | APP_DRAW;
}

static unsigned view_code_key(struct app *app, int key, enum keys_action action)
{
	switch (action) {
	case KEYS_BACK:
		app->view = APP_VIEW_PROG;
		list_home(&app->text_list);
		return APP_TEXT | APP_DRAW;
	case KEYS_NEXT_CHUNK:
		return view_code_page(app, true);
	case KEYS_PREV_CHUNK:
		return view_code_page(app, false);
	case KEYS_NEXT_FUNC:
		if (app->code_func + 1 >= app->code.nr_funcs)
			return APP_NOTHING;
		app->code_func++;
		return view_code_restart(app);
	case KEYS_PREV_FUNC:
		if (!app->code_func)
			return APP_NOTHING;
		app->code_func--;
		return view_code_restart(app);
	case KEYS_MACHINE:
		app->code_machine = !app->code_machine;
		return view_code_restart(app);
	default:
		return view_text_key(app, key, action);
	}
}

DEFINE_TEXT_VIEW_KEYS(code, KEYS_CODE_VIEW);
