/* Pages of a program's code (see code_page.h). */
#include "inspect/code_page.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <capstone/capstone.h>

#include "inspect/capstone_calls.h"

/* x86-64's BPF_REG_AX is r10 (reg2hex[] in arch/x86/net/bpf_jit_comp.c) */
#define CODE_PAGE_X86_AX_64 X86_REG_R10
#define CODE_PAGE_X86_AX_32 X86_REG_R10D

enum code_page_arch {
	CODE_PAGE_X86_64,
	CODE_PAGE_ARM64,
	CODE_PAGE_OTHER,
};

static enum code_page_arch code_page_arch(void)
{
	struct utsname u;

	if (uname(&u))
		return CODE_PAGE_OTHER;
	if (!strcmp(u.machine, "x86_64"))
		return CODE_PAGE_X86_64;
	if (!strcmp(u.machine, "aarch64"))
		return CODE_PAGE_ARM64;
	return CODE_PAGE_OTHER;
}

const char *code_page_machine_arch(bool *supported)
{
	enum code_page_arch arch = code_page_arch();

	if (arch != CODE_PAGE_OTHER && capstone_calls_problem()) {
		*supported = false;
		return capstone_calls_problem();
	}
	switch (arch) {
	case CODE_PAGE_X86_64:
		*supported = true;
		return "x86-64, in AT&T syntax as objdump prints it";
	case CODE_PAGE_ARM64:
		*supported = true;
		return "arm64";
	default:
		*supported = false;
		return "bpfknobs disassembles x86-64 and arm64 machine code only; the bytes are "
		       "shown as they are";
	}
}

static void code_page_note(struct code_row *row, const char *fmt_note)
{
	size_t n = strlen(row->note);

	snprintf(row->note + n, sizeof(row->note) - n, "%s%s", n ? "; " : "", fmt_note);
}

static void code_page_insn_row(const struct prog_code *code, uint32_t i, struct code_row *row)
{
	const struct bpf_insn *in = &code->insns[i];
	char note[CODE_ROW_NOTE];
	long target;
	int64_t v;

	memset(row, 0, sizeof(*row));
	row->kind = CODE_ROW_INSN;
	row->insn = i;
	insn_text(in, code->nr_insns - i, &code->names, row->text, sizeof(row->text));
	target = insn_jump_target(in, i);
	if (target >= 0 && (row->label = prog_code_label(code, (uint32_t)target))) {
		snprintf(note, sizeof(note), "-> L%zu", row->label);
		code_page_note(row, note);
	}
	if (in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	    (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE)) {
		const struct prog_code_map *m = prog_code_map(code, (uint32_t)in->imm);

		row->map_id = (uint32_t)in->imm;
		if (m) {
			snprintf(note, sizeof(note), "map %s (%s)", m->name[0] ? m->name : "(no name)",
				 m->type_name);
			code_page_note(row, note);
		}
	}
	if (insn_blinded_pair(in, code->nr_insns - i, &v)) {
		row->blinded = row->blinded_first = true;
		row->blinded_value = v;
		snprintf(note, sizeof(note), "blinded constant %lld (0x%llx) = %d ^ %d",
			 (long long)v, (unsigned long long)v, in[0].imm, in[1].imm);
		code_page_note(row, note);
	} else if (i && insn_blinded_pair(in - 1, code->nr_insns - i + 1, &v)) {
		row->blinded = true;
		code_page_note(row, "blinding");
	}
}

size_t code_page_xlated(const struct prog_code *code, size_t f, uint32_t first, size_t max,
			struct code_row *rows, uint32_t *next)
{
	const struct prog_code_func *fn;
	uint32_t end, i;
	size_t n = 0;

	*next = first;
	if (!code->insns || f >= code->nr_funcs)
		return 0;
	fn = &code->funcs[f];
	end = fn->first_insn + fn->nr_insns;
	if (first < fn->first_insn)
		first = fn->first_insn;
	if (first == fn->first_insn && n < max) {
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].kind = CODE_ROW_FUNC;
		rows[n].insn = first;
		snprintf(rows[n].text, sizeof(rows[n].text), "%s", fn->proto ? fn->proto : "");
		n++;
	}
	for (i = first; i < end; i += insn_width(&code->insns[i])) {
		long line = prog_code_line_at(code, i);
		size_t label = prog_code_label(code, i);
		size_t need = 1 + (line >= 0) + (label > 0);

		if (n + need > max)
			break;
		if (label) {
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].kind = CODE_ROW_LABEL;
			rows[n].insn = i;
			rows[n].label = label;
			n++;
		}
		if (line >= 0) {
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].kind = CODE_ROW_SOURCE;
			rows[n].insn = i;
			rows[n].line = (size_t)line;
			rows[n].insn_end = (size_t)line + 1 < code->nr_lines &&
						   code->lines[line + 1].insn_off < end
						   ? code->lines[line + 1].insn_off : end;
			n++;
		}
		code_page_insn_row(code, i, &rows[n++]);
	}
	*next = i < end ? i : end;
	return n;
}

/* x86-64: the pair that loads a blinded constant into BPF_REG_AX, "mov
 * $a, %r10d" then "xor $b, %r10d" (or the 64-bit forms) */
static bool code_page_x86_ax_imm(const cs_insn *in, const char *mnemonic, int64_t *imm,
				 bool *is32)
{
	const cs_x86 *x;

	if (!in->detail || strncmp(in->mnemonic, mnemonic, strlen(mnemonic)))
		return false;
	x = &in->detail->x86;
	/* either operand order: capstone's AT&T syntax lists them as printed */
	if (x->op_count != 2)
		return false;
	for (int r = 0; r < 2; r++) {
		const cs_x86_op *reg = &x->operands[r], *val = &x->operands[1 - r];

		if (reg->type == X86_OP_REG && val->type == X86_OP_IMM &&
		    (reg->reg == CODE_PAGE_X86_AX_64 || reg->reg == CODE_PAGE_X86_AX_32)) {
			*imm = val->imm;
			*is32 = reg->reg == CODE_PAGE_X86_AX_32;
			return true;
		}
	}
	return false;
}

static void code_page_machine_row(const struct prog_code *code, size_t f,
				  const struct capstone_calls *cap, csh cs, const cs_insn *in,
				  struct code_row *row)
{
	char sym[160];

	memset(row, 0, sizeof(*row));
	row->kind = CODE_ROW_MACHINE;
	row->addr = in->address;
	row->nr_bytes = (uint8_t)(in->size < sizeof(row->bytes) ? in->size : sizeof(row->bytes));
	memcpy(row->bytes, in->bytes, row->nr_bytes);
	if (in->op_str[0])
		snprintf(row->text, sizeof(row->text), "%-6s %s", in->mnemonic, in->op_str);
	else
		snprintf(row->text, sizeof(row->text), "%s", in->mnemonic);
	/* a call or jump out of the function: whose code it enters */
	if (in->detail && code->ksyms && code->funcs[f].addr &&
	    (cap->insn_group(cs, in, CS_GRP_CALL) || cap->insn_group(cs, in, CS_GRP_JUMP))) {
		const cs_x86 *x = &in->detail->x86;

		uint64_t to = x->op_count == 1 ? (uint64_t)x->operands[0].imm : 0;

		if (code_page_arch() == CODE_PAGE_X86_64 && x->op_count == 1 &&
		    x->operands[0].type == X86_OP_IMM &&
		    (to < code->funcs[f].addr || to >= code->funcs[f].addr + code->funcs[f].jited_len) &&
		    kernel_syms_near(code->ksyms, (uint64_t)x->operands[0].imm, sym, sizeof(sym)))
			code_page_note(row, sym);
	}
}

size_t code_page_machine(const struct prog_code *code, size_t f, uint32_t off, size_t max,
			 struct code_row *rows, uint32_t *next)
{
	const struct prog_code_func *fn;
	enum code_page_arch arch = code_page_arch();
	uint64_t base, addr;
	const uint8_t *p;
	size_t left, n = 0, line = 0;
	cs_insn *in = NULL;
	bool have_line = false;
	const struct capstone_calls *cap;
	csh cs;

	*next = off;
	if (!code->jited || f >= code->nr_funcs || off >= code->funcs[f].jited_len)
		return 0;
	fn = &code->funcs[f];
	base = fn->addr ? fn->addr : fn->jited_off;
	p = code->jited + fn->jited_off + off;
	left = fn->jited_len - off;
	addr = base + off;
	/* the first source line the JIT placed at or after this page's start */
	if (code->jited_lines) {
		for (line = 0; line < code->nr_lines; line++) {
			uint32_t insn = code->lines[line].insn_off;

			if (insn >= fn->first_insn && insn < fn->first_insn + fn->nr_insns &&
			    code->jited_lines[line] >= addr)
				break;
		}
		have_line = true;
	}

	if (arch == CODE_PAGE_OTHER || !(cap = capstone_calls()) ||
	    cap->open(arch == CODE_PAGE_X86_64 ? CS_ARCH_X86 : CS_ARCH_ARM64,
		    arch == CODE_PAGE_X86_64 ? CS_MODE_64 : CS_MODE_ARM, &cs) != CS_ERR_OK) {
		/* no disassembler: 8 bytes a row */
		while (left && n < max) {
			size_t k = left < 8 ? left : 8;

			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].kind = CODE_ROW_MACHINE;
			rows[n].addr = addr;
			rows[n].nr_bytes = (uint8_t)k;
			memcpy(rows[n].bytes, p, k);
			snprintf(rows[n].text, sizeof(rows[n].text), ".byte");
			for (size_t b = 0; b < k; b++) {
				size_t l = strlen(rows[n].text);

				snprintf(rows[n].text + l, sizeof(rows[n].text) - l, "%s0x%02x",
					 b ? ", " : " ", p[b]);
			}
			n++;
			p += k;
			addr += k;
			left -= k;
		}
		*next = (uint32_t)(addr - base);
		return n;
	}
	if (arch == CODE_PAGE_X86_64)
		cap->option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
	cap->option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	in = cap->malloc(cs);
	while (in && left && n < max) {
		const uint8_t *q = p;
		size_t l = left;
		uint64_t a = addr;
		int64_t imm1, imm2;
		bool is32, is32_next;

		/* the source lines placed here first */
		while (have_line && line < code->nr_lines && code->jited_lines[line] <= addr &&
		       code->lines[line].insn_off < fn->first_insn + fn->nr_insns) {
			if (n + 2 > max)
				goto out;
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].kind = CODE_ROW_SOURCE;
			rows[n].line = line;
			rows[n].insn = code->lines[line].insn_off;
			rows[n].insn_end = line + 1 < code->nr_lines &&
						   code->lines[line + 1].insn_off < fn->first_insn + fn->nr_insns
						   ? code->lines[line + 1].insn_off
						   : fn->first_insn + fn->nr_insns;
			rows[n].addr = code->jited_lines[line];
			snprintf(rows[n].note, sizeof(rows[n].note), "insns %u-%u", rows[n].insn,
				 rows[n].insn_end > rows[n].insn ? rows[n].insn_end - 1 : rows[n].insn);
			n++;
			line++;
		}
		if (!cap->disasm_iter(cs, &q, &l, &a, in)) {
			/* not an instruction: one byte, shown as it is */
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].kind = CODE_ROW_MACHINE;
			rows[n].addr = addr;
			rows[n].nr_bytes = 1;
			rows[n].bytes[0] = *p;
			snprintf(rows[n].text, sizeof(rows[n].text), "(bad)");
			n++;
			p++;
			addr++;
			left--;
			continue;
		}
		code_page_machine_row(code, f, cap, cs, in, &rows[n]);
		if (arch == CODE_PAGE_X86_64 && code_page_x86_ax_imm(in, "mov", &imm1, &is32)) {
			cs_insn *next_in = cap->malloc(cs);
			const uint8_t *q2 = q;
			size_t l2 = l;
			uint64_t a2 = a;

			if (next_in && cap->disasm_iter(cs, &q2, &l2, &a2, next_in) &&
			    code_page_x86_ax_imm(next_in, "xor", &imm2, &is32_next)) {
				char note[CODE_ROW_NOTE];
				int64_t v = is32 || is32_next ? (int64_t)(uint32_t)(imm1 ^ imm2)
							      : imm1 ^ imm2;

				rows[n].blinded = rows[n].blinded_first = true;
				rows[n].blinded_value = v;
				snprintf(note, sizeof(note), "blinded constant %lld (0x%llx) = 0x%llx ^ 0x%llx",
					 (long long)v, (unsigned long long)v,
					 (unsigned long long)imm1, (unsigned long long)imm2);
				code_page_note(&rows[n], note);
			}
			if (next_in)
				cap->free(next_in, 1);
		} else if (arch == CODE_PAGE_X86_64 && n && rows[n - 1].kind == CODE_ROW_MACHINE &&
			   rows[n - 1].blinded_first && code_page_x86_ax_imm(in, "xor", &imm1, &is32)) {
			rows[n].blinded = true;
			code_page_note(&rows[n], "blinding");
		}
		n++;
		p = q;
		left = l;
		addr = a;
	}
out:
	if (in)
		cap->free(in, 1);
	cap->close(&cs);
	*next = (uint32_t)(addr - base);
	return n;
}

void code_row_line(const struct prog_code *code, const struct code_row *row, char *buf,
		   size_t size)
{
	int n = 0;

	switch (row->kind) {
	case CODE_ROW_FUNC:
		n = snprintf(buf, size, "%s%s", row->text, row->text[0] ? ":" : "");
		break;
	case CODE_ROW_LABEL:
		n = snprintf(buf, size, "L%zu:", row->label);
		break;
	case CODE_ROW_SOURCE:
		/* bpftool's "linum" form (btf_dump_linfo_plain()) */
		n = snprintf(buf, size, "; %s [file:%s line_num:%u line_col:%u]",
			     prog_code_line_src(code, row->line), prog_code_line_file(code, row->line),
			     prog_code_line_num(code, row->line), prog_code_line_col(code, row->line));
		break;
	case CODE_ROW_INSN:
		/* bpftool's "% 4d: " */
		n = snprintf(buf, size, "% 4d: %s", (int)row->insn, row->text);
		break;
	case CODE_ROW_MACHINE:
		n = snprintf(buf, size, "%llx: %s", (unsigned long long)row->addr, row->text);
		break;
	}
	if (n >= 0 && (size_t)n < size && row->note[0])
		snprintf(buf + n, size - (size_t)n, "  # %s", row->note);
}
