/* --dump-prog's text and JSON (see dump_prog.h). */
#include "inspect/dump_prog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/textwrap.h"
#include "inspect/code_page.h"
#include "out/jsonw.h"

/* rows built at a time */
#define DUMP_PROG_PAGE 256

/* A line of text on its way out: control characters and invalid UTF-8
 * from the program's BTF (any loader writes it) become '?'. */
static void dump_prog_put(FILE *out, const char *s)
{
	char buf[4 * (CODE_ROW_TEXT + CODE_ROW_NOTE) + 1024];

	textwrap_copy(s, strlen(s), true, buf, sizeof(buf));
	fputs(buf, out);
	fputc('\n', out);
}

static void dump_prog_func_head(const struct prog_code *code, size_t f, FILE *out)
{
	const struct prog_code_func *fn = &code->funcs[f];
	char line[512];

	if (fn->nr_insns)
		snprintf(line, sizeof(line), "# function %zu%s%s: instructions %u-%u", f,
			 fn->name ? " " : "", fn->name ? fn->name : "", fn->first_insn,
			 fn->first_insn + fn->nr_insns - 1);
	else
		snprintf(line, sizeof(line), "# function %zu%s%s", f, fn->name ? " " : "",
			 fn->name ? fn->name : "");
	if (fn->addr || fn->jited_len) {
		size_t n = strlen(line);

		snprintf(line + n, sizeof(line) - n, ", %u bytes of machine code at 0x%llx%s%s",
			 fn->jited_len, (unsigned long long)fn->addr, fn->symbol ? " " : "",
			 fn->symbol ? fn->symbol : "");
	}
	dump_prog_put(out, line);
}

int dump_prog_text(const struct prog_code *code, FILE *out)
{
	struct code_row *rows = calloc(DUMP_PROG_PAGE, sizeof(*rows));
	char line[1024];
	bool supported;
	const char *arch = code_page_machine_arch(&supported);

	if (!rows)
		return -ENOMEM;
	snprintf(line, sizeof(line), "# program %u: %s %s, tag %s, %u instructions in %zu function%s",
		 code->id, code->type_name, code->name[0] ? code->name : "(no name)", code->tag,
		 code->nr_insns, code->nr_funcs, code->nr_funcs == 1 ? "" : "s");
	dump_prog_put(out, line);
	if (code->blinded)
		dump_prog_put(out, "# Its constants were blinded by the JIT (net.core.bpf_jit_harden): "
				   "each is loaded into r11 as two numbers whose xor it is, marked "
				   "\"blinded constant\".");
	if (code->names_why) {
		snprintf(line, sizeof(line), "# %s", code->names_why);
		dump_prog_put(out, line);
	}
	dump_prog_put(out, "# translated instructions");
	if (!code->insns) {
		snprintf(line, sizeof(line), "# %s", code->xlated_why);
		dump_prog_put(out, line);
	}
	for (size_t f = 0; code->insns && f < code->nr_funcs; f++) {
		uint32_t at = code->funcs[f].first_insn, next;
		size_t n;

		do {
			n = code_page_xlated(code, f, at, DUMP_PROG_PAGE, rows, &next);
			for (size_t i = 0; i < n; i++) {
				if (rows[i].kind == CODE_ROW_FUNC) {
					if (rows[i].text[0]) {
						code_row_line(code, &rows[i], line, sizeof(line));
						dump_prog_put(out, line);
					}
					dump_prog_func_head(code, f, out);
					continue;
				}
				code_row_line(code, &rows[i], line, sizeof(line));
				dump_prog_put(out, line);
			}
			at = next;
		} while (n && at < code->funcs[f].first_insn + code->funcs[f].nr_insns);
	}
	snprintf(line, sizeof(line), "# machine code (%s)", arch);
	dump_prog_put(out, line);
	if (!code->jited) {
		snprintf(line, sizeof(line), "# %s", code->jited_why);
		dump_prog_put(out, line);
	}
	for (size_t f = 0; code->jited && f < code->nr_funcs; f++) {
		uint32_t off = 0, next;
		size_t n;

		dump_prog_func_head(code, f, out);
		do {
			n = code_page_machine(code, f, off, DUMP_PROG_PAGE, rows, &next);
			for (size_t i = 0; i < n; i++) {
				code_row_line(code, &rows[i], line, sizeof(line));
				dump_prog_put(out, line);
			}
			off = next;
		} while (n && off < code->funcs[f].jited_len);
	}
	free(rows);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}

static void dump_prog_hex(struct jsonw *w, const char *name, const uint8_t *b, size_t n)
{
	char hex[2 * 16 + 1];

	for (size_t i = 0; i < n && i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	hex[2 * (n < 16 ? n : 16)] = '\0';
	jsonw_string_field(w, name, hex);
}

static void dump_prog_addr(struct jsonw *w, const char *name, uint64_t addr)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)addr);
	jsonw_string_field(w, name, buf);
}

/* the members bpftool gives a source line (btf_dump_linfo_json()) */
static void dump_prog_json_line(struct jsonw *w, const struct prog_code *code, size_t line)
{
	jsonw_string_field(w, "src", prog_code_line_src(code, line));
	jsonw_string_field(w, "file", prog_code_line_file(code, line));
	jsonw_uint_field(w, "line_num", prog_code_line_num(code, line));
	jsonw_uint_field(w, "line_col", prog_code_line_col(code, line));
}

static void dump_prog_json_insns(struct jsonw *w, const struct prog_code *code, size_t f,
				 struct code_row *rows)
{
	uint32_t at = code->funcs[f].first_insn, next;
	long line = -1;
	size_t label = 0, n;

	jsonw_name(w, "insns");
	jsonw_start_array(w);
	do {
		n = code_page_xlated(code, f, at, DUMP_PROG_PAGE, rows, &next);
		for (size_t i = 0; i < n; i++) {
			const struct code_row *r = &rows[i];
			char buf[32];

			if (r->kind == CODE_ROW_LABEL) {
				label = r->label;
				continue;
			}
			if (r->kind == CODE_ROW_SOURCE) {
				line = (long)r->line;
				continue;
			}
			if (r->kind != CODE_ROW_INSN)
				continue;
			jsonw_start_object(w);
			jsonw_uint_field(w, "index", r->insn);
			if (label) {
				snprintf(buf, sizeof(buf), "L%zu", label);
				jsonw_string_field(w, "label", buf);
			}
			if (line >= 0)
				dump_prog_json_line(w, code, (size_t)line);
			jsonw_string_field(w, "text", r->text);
			if (r->label) {
				snprintf(buf, sizeof(buf), "L%zu", r->label);
				jsonw_string_field(w, "jumps_to", buf);
			}
			if (r->map_id) {
				const struct prog_code_map *m = prog_code_map(code, r->map_id);

				jsonw_uint_field(w, "map_id", r->map_id);
				jsonw_string_field(w, "map_name", m ? m->name : NULL);
			}
			if (r->blinded) {
				jsonw_bool_field(w, "blinded", true);
				if (r->blinded_first)
					jsonw_int_field(w, "blinded_value", r->blinded_value);
			}
			jsonw_end_object(w);
			label = 0;
			line = -1;
		}
		at = next;
	} while (n && at < code->funcs[f].first_insn + code->funcs[f].nr_insns);
	jsonw_end_array(w);
}

static void dump_prog_json_machine(struct jsonw *w, const struct prog_code *code, size_t f,
				   struct code_row *rows)
{
	const struct code_row *src = NULL;
	uint32_t off = 0, next;
	size_t n;

	jsonw_name(w, "machine");
	if (!code->jited) {
		jsonw_null(w);
		return;
	}
	jsonw_start_array(w);
	do {
		n = code_page_machine(code, f, off, DUMP_PROG_PAGE, rows, &next);
		for (size_t i = 0; i < n; i++) {
			const struct code_row *r = &rows[i];

			if (r->kind == CODE_ROW_SOURCE) {
				src = r; /* always followed by its instruction on the same page */
				continue;
			}
			jsonw_start_object(w);
			dump_prog_addr(w, "addr", r->addr);
			dump_prog_hex(w, "bytes", r->bytes, r->nr_bytes);
			jsonw_string_field(w, "text", r->text);
			if (src) {
				dump_prog_json_line(w, code, src->line);
				jsonw_name(w, "insns");
				jsonw_start_array(w);
				jsonw_uint(w, src->insn);
				jsonw_uint(w, src->insn_end > src->insn ? src->insn_end - 1 : src->insn);
				jsonw_end_array(w);
			}
			if (r->blinded) {
				jsonw_bool_field(w, "blinded", true);
				if (r->blinded_first)
					jsonw_int_field(w, "blinded_value", r->blinded_value);
			}
			jsonw_text_field(w, "note", r->note);
			jsonw_end_object(w);
			src = NULL;
		}
		off = next;
	} while (n && off < code->funcs[f].jited_len);
	jsonw_end_array(w);
}

int dump_prog_json(const struct prog_code *code, FILE *out)
{
	struct code_row *rows = calloc(DUMP_PROG_PAGE, sizeof(*rows));
	struct jsonw w;
	bool supported;
	const char *arch = code_page_machine_arch(&supported);

	if (!rows)
		return -ENOMEM;
	jsonw_init(&w, out, true);
	jsonw_start_object(&w);
	jsonw_uint_field(&w, "id", code->id);
	jsonw_string_field(&w, "type", code->type_name);
	jsonw_string_field(&w, "name", code->name);
	jsonw_string_field(&w, "tag", code->tag);
	jsonw_uint_field(&w, "nr_insns", code->nr_insns);
	jsonw_bool_field(&w, "blinded", code->blinded);
	jsonw_string_field(&w, "xlated_error", code->insns ? NULL : code->xlated_why);
	jsonw_string_field(&w, "machine_error", code->jited ? NULL : code->jited_why);
	jsonw_string_field(&w, "names_error", code->names_why);
	jsonw_string_field(&w, "machine_syntax", supported ? arch : NULL);
	/* why machine_syntax is null: the rows' text is then their bytes */
	jsonw_string_field(&w, "machine_syntax_error", supported ? NULL : arch);
	jsonw_name(&w, "functions");
	jsonw_start_array(&w);
	for (size_t f = 0; f < code->nr_funcs; f++) {
		const struct prog_code_func *fn = &code->funcs[f];

		jsonw_start_object(&w);
		jsonw_uint_field(&w, "index", f);
		jsonw_string_field(&w, "name", fn->name);
		jsonw_string_field(&w, "proto", fn->proto);
		jsonw_string_field(&w, "symbol", fn->symbol);
		if (fn->addr)
			dump_prog_addr(&w, "addr", fn->addr);
		else
			jsonw_null_field(&w, "addr");
		jsonw_uint_field(&w, "bytes_jited", fn->jited_len);
		jsonw_uint_field(&w, "first_insn", fn->first_insn);
		jsonw_uint_field(&w, "nr_insns", fn->nr_insns);
		if (code->insns)
			dump_prog_json_insns(&w, code, f, rows);
		else
			jsonw_null_field(&w, "insns");
		dump_prog_json_machine(&w, code, f, rows);
		jsonw_end_object(&w);
	}
	jsonw_end_array(&w);
	jsonw_end_object(&w);
	fputc('\n', out);
	free(rows);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
