/* Reading a program's inside (see prog_code.h). */
#include "inspect/prog_code.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "base/errno_text.h"
#include "base/vec.h"
#include "progs/bpf_names.h"
#include "progs/prog_maps.h"

#define PROG_CODE_NEEDS_ADMIN                                                      \
	"Reading a program's instructions needs CAP_SYS_ADMIN (BPF_PROG_GET_FD_BY_ID): run "  \
	"bpfknobs as root."

static const struct errno_text prog_code_errors[] = {
	{ .err = -ENOENT,
	  .text = "There is no program with that id: it was unloaded, or never loaded." },
	{ .err = -EPERM, .text = PROG_CODE_NEEDS_ADMIN },
	{ .err = -EACCES, .text = PROG_CODE_NEEDS_ADMIN },
	{ .err = -ENOMEM, .text = "Out of memory while reading the program." },
	{ .err = ERRNO_TEXT_OTHER, .text = "The kernel refused to show the program." },
};

const char *prog_code_error_text(int err)
{
	return errno_text_row(prog_code_errors, err)->text;
}

/* kernel.kptr_restrict as read, -1 when it cannot be */
static long prog_code_kptr_restrict(const struct procroot *root)
{
	char buf[32];
	size_t len;

	if (procroot_read(root, "sys/kernel/kptr_restrict", buf, sizeof(buf), &len))
		return -1;
	return strtol(buf, NULL, 10);
}

/* Why the kernel hid what only readers allowed to see kernel addresses get
 * (bpf_dump_raw_ok(), include/linux/filter.h: kallsyms_show_value()). */
static const char *prog_code_raw_why(const struct procroot *root, bool jited)
{
	if (prog_code_kptr_restrict(root) >= 2)
		return jited ? "The kernel withholds the machine code from every reader while "
			       "kernel.kptr_restrict is 2 (it hides kernel addresses even from "
			       "root); set it to 1 or 0 to see it."
			     : "The program's constants were blinded (bpf_jit_harden), and the kernel "
			       "shows blinded instructions only to readers who may see kernel "
			       "addresses: kernel.kptr_restrict is 2.";
	return jited ? "The kernel withholds the machine code from readers who may not see "
		       "kernel addresses (CAP_SYSLOG, and kernel.kptr_restrict below 2): run "
		       "bpfknobs as root."
		     : "The program's constants were blinded (bpf_jit_harden), and the kernel shows "
		       "blinded instructions only to readers who may see kernel addresses "
		       "(CAP_SYSLOG).";
}

static const char *prog_code_sym(const void *arg, uint64_t addr)
{
	const struct prog_code *code = arg;

	for (size_t i = 0; i < code->nr_funcs; i++)
		if (code->funcs[i].addr == addr && code->funcs[i].symbol)
			return code->funcs[i].symbol;
	return kernel_syms_at(code->ksyms, addr);
}

/* btf_dump's output, collected */
struct prog_code_buf {
	char *s;
	size_t len, cap;
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void prog_code_printf(void *ctx, const char *fmt, va_list args)
{
	struct prog_code_buf *b = ctx;
	va_list copy;
	int n;

	va_copy(copy, args);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if (VEC_RESERVE(b->s, b->cap, b->len + (size_t)n + 1))
		return;
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, args);
	b->len += (size_t)n;
}
#pragma GCC diagnostic pop

/* "int f(struct __sk_buff *skb)": the function's prototype as C, by
 * libbpf's btf_dump */
static char *prog_code_proto(struct btf *btf, const struct btf_type *func)
{
	struct prog_code_buf b = { 0 };
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts,
		    .field_name = btf__name_by_offset(btf, func->name_off));
	struct btf_dump *d = btf_dump__new(btf, prog_code_printf, &b, NULL);

	if (!d)
		return NULL;
	if (btf_dump__emit_type_decl(d, func->type, &opts)) {
		free(b.s);
		b.s = NULL;
	}
	btf_dump__free(d);
	return b.s;
}

static int prog_code_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Where each function starts: BTF func info, else the kernel's own rule
 * (a subprogram starts where a BPF-to-BPF call or a function reference
 * points, check_subprogs() in kernel/bpf/verifier.c). */
static int prog_code_funcs(struct prog_code *code, const struct bpf_func_info *finfo,
			   uint32_t nr_finfo)
{
	uint32_t *starts;
	size_t nr = 0;

	starts = calloc((size_t)(nr_finfo ? nr_finfo : 1) + code->nr_insns, sizeof(*starts));
	if (!starts)
		return -ENOMEM;
	if (nr_finfo) {
		for (uint32_t i = 0; i < nr_finfo; i++)
			starts[nr++] = finfo[i].insn_off;
	} else {
		starts[nr++] = 0;
		for (uint32_t i = 0; i < code->nr_insns; i++) {
			const struct bpf_insn *in = &code->insns[i];

			if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL)
				starts[nr++] = (uint32_t)((long)i + in->off + 1);
			else if (in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
				 in->src_reg == BPF_PSEUDO_FUNC)
				starts[nr++] = (uint32_t)((long)i + in->imm + 1);
		}
		qsort(starts, nr, sizeof(*starts), prog_code_cmp_u32);
	}
	code->funcs = calloc(nr, sizeof(*code->funcs));
	if (!code->funcs) {
		free(starts);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nr; i++) {
		if (code->nr_funcs && starts[i] == code->funcs[code->nr_funcs - 1].first_insn)
			continue;
		if (starts[i] >= code->nr_insns && code->nr_insns)
			continue;
		code->funcs[code->nr_funcs++].first_insn = starts[i];
	}
	for (size_t i = 0; i < code->nr_funcs; i++) {
		uint32_t end = i + 1 < code->nr_funcs ? code->funcs[i + 1].first_insn : code->nr_insns;

		code->funcs[i].nr_insns = end - code->funcs[i].first_insn;
	}
	free(starts);
	return 0;
}

static void prog_code_func_names(struct prog_code *code, const struct bpf_func_info *finfo,
				 uint32_t nr_finfo)
{
	for (size_t i = 0; code->btf && i < code->nr_funcs && i < nr_finfo; i++) {
		const struct btf_type *t = btf__type_by_id(code->btf, finfo[i].type_id);
		const char *name;

		if (!t || !btf_is_func(t))
			continue;
		name = btf__name_by_offset(code->btf, t->name_off);
		code->funcs[i].name = name ? strdup(name) : NULL;
		code->funcs[i].proto = prog_code_proto(code->btf, t);
	}
}

static int prog_code_labels(struct prog_code *code)
{
	size_t nr = 0;

	code->label_targets = calloc(code->nr_insns ? code->nr_insns : 1, sizeof(uint32_t));
	if (!code->label_targets)
		return -ENOMEM;
	for (uint32_t i = 0; i < code->nr_insns; i++) {
		long t = insn_jump_target(&code->insns[i], i);

		if (t >= 0 && t < (long)code->nr_insns)
			code->label_targets[nr++] = (uint32_t)t;
	}
	qsort(code->label_targets, nr, sizeof(uint32_t), prog_code_cmp_u32);
	code->nr_labels = 0;
	for (size_t i = 0; i < nr; i++)
		if (!code->nr_labels || code->label_targets[code->nr_labels - 1] != code->label_targets[i])
			code->label_targets[code->nr_labels++] = code->label_targets[i];
	return 0;
}

static void prog_code_read_maps(struct prog_code *code, const struct procroot *root,
				const uint32_t *ids, uint32_t nr)
{
	code->maps = calloc(nr ? nr : 1, sizeof(*code->maps));
	if (!code->maps)
		return;
	for (uint32_t i = 0; i < nr; i++) {
		struct prog_map m;

		code->maps[code->nr_maps].id = ids[i];
		code->maps[code->nr_maps].type_name = "";
		if (!prog_maps_read(root, ids[i], &m)) {
			memcpy(code->maps[code->nr_maps].name, m.name, sizeof(m.name));
			code->maps[code->nr_maps].type_name = m.type_name;
		}
		code->nr_maps++;
	}
}

/* The arrays bpf_prog_info points to, for the second call. */
struct prog_code_arrays {
	uint64_t *ksyms;
	uint32_t *func_lens;
	struct bpf_func_info *finfo;
	uint32_t *map_ids;
};

static int prog_code_fill(int fd, struct prog_code *code, const struct bpf_prog_info *counts,
			  struct prog_code_arrays *a, struct bpf_prog_info *info)
{
	uint32_t len = sizeof(*info);

	code->insns = counts->xlated_prog_len ? malloc(counts->xlated_prog_len) : NULL;
	code->jited = counts->jited_prog_len ? malloc(counts->jited_prog_len) : NULL;
	a->ksyms = calloc(counts->nr_jited_ksyms + 1, sizeof(*a->ksyms));
	a->func_lens = calloc(counts->nr_jited_func_lens + 1, sizeof(*a->func_lens));
	a->finfo = calloc(counts->nr_func_info + 1, sizeof(*a->finfo));
	a->map_ids = calloc(counts->nr_map_ids + 1, sizeof(*a->map_ids));
	code->lines = calloc(counts->nr_line_info + 1, sizeof(*code->lines));
	code->jited_lines = calloc(counts->nr_jited_line_info + 1, sizeof(*code->jited_lines));
	if ((counts->xlated_prog_len && !code->insns) || (counts->jited_prog_len && !code->jited) ||
	    !a->ksyms || !a->func_lens || !a->finfo || !a->map_ids || !code->lines ||
	    !code->jited_lines)
		return -ENOMEM;

	/* only the arrays asked for, with their exact record sizes
	 * (set_info_rec_size() in kernel/bpf/syscall.c refuses others) */
	memset(info, 0, sizeof(*info));
	info->xlated_prog_len = counts->xlated_prog_len;
	info->xlated_prog_insns = (uint64_t)(uintptr_t)code->insns;
	info->jited_prog_len = counts->jited_prog_len;
	info->jited_prog_insns = (uint64_t)(uintptr_t)code->jited;
	info->nr_jited_ksyms = counts->nr_jited_ksyms;
	info->jited_ksyms = (uint64_t)(uintptr_t)a->ksyms;
	info->nr_jited_func_lens = counts->nr_jited_func_lens;
	info->jited_func_lens = (uint64_t)(uintptr_t)a->func_lens;
	info->nr_func_info = counts->nr_func_info;
	info->func_info_rec_size = sizeof(struct bpf_func_info);
	info->func_info = (uint64_t)(uintptr_t)a->finfo;
	info->nr_line_info = counts->nr_line_info;
	info->line_info_rec_size = sizeof(struct bpf_line_info);
	info->line_info = (uint64_t)(uintptr_t)code->lines;
	info->nr_jited_line_info = counts->nr_jited_line_info;
	info->jited_line_info_rec_size = sizeof(uint64_t);
	info->jited_line_info = (uint64_t)(uintptr_t)code->jited_lines;
	info->nr_map_ids = counts->nr_map_ids;
	info->map_ids = (uint64_t)(uintptr_t)a->map_ids;
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return -errno;
	return 0;
}

int prog_code_read(uint32_t id, const struct prog_code_env *env, struct prog_code *out)
{
	struct prog_code_arrays a = { 0 };
	struct bpf_prog_info counts, info;
	uint32_t len = sizeof(counts);
	int fd, err;

	memset(out, 0, sizeof(*out));
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	memset(&counts, 0, sizeof(counts));
	if (bpf_obj_get_info_by_fd(fd, &counts, &len)) {
		err = -errno;
		close(fd);
		return err;
	}
	err = prog_code_fill(fd, out, &counts, &a, &info);
	close(fd);
	if (err)
		goto fail;

	out->id = info.id;
	out->type = info.type;
	out->type_name = bpf_names_prog_type(info.type);
	memcpy(out->name, info.name, sizeof(out->name) - 1);
	for (int i = 0; i < 8; i++)
		snprintf(out->tag + 2 * i, 3, "%02x", info.tag[i]);
	out->ksyms = env->ksyms;

	if (!info.xlated_prog_insns) {
		out->xlated_why = prog_code_raw_why(env->root, false);
		free(out->insns);
		out->insns = NULL;
	} else {
		out->nr_insns = counts.xlated_prog_len / sizeof(struct bpf_insn);
	}
	if (!counts.jited_prog_len) {
		out->jited_why = "Not JITed: the program runs in the kernel's interpreter "
				 "(it was loaded while net.core.bpf_jit_enable was 0), so there is "
				 "no machine code.";
	} else if (!info.jited_prog_insns) {
		out->jited_why = prog_code_raw_why(env->root, true);
		free(out->jited);
		out->jited = NULL;
	} else {
		out->jited_len = counts.jited_prog_len;
	}
	for (uint32_t i = 0; out->insns && i + 1 < out->nr_insns; i++) {
		int64_t v;

		if (insn_blinded_pair(&out->insns[i], out->nr_insns - i, &v))
			out->blinded = true;
	}

	if (info.btf_id)
		out->btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!out->btf || !info.line_info || info.nr_line_info != counts.nr_line_info) {
		out->nr_lines = 0;
	} else {
		out->nr_lines = info.nr_line_info;
		if (!info.jited_line_info || info.nr_jited_line_info != info.nr_line_info) {
			free(out->jited_lines);
			out->jited_lines = NULL;
		}
	}
	if (!out->nr_lines) {
		free(out->jited_lines);
		out->jited_lines = NULL;
	}

	err = prog_code_funcs(out, a.finfo, out->btf && info.func_info ? info.nr_func_info : 0);
	if (err)
		goto fail;
	prog_code_func_names(out, a.finfo, out->btf && info.func_info ? info.nr_func_info : 0);
	/* where the JIT put each function: jited_ksyms and jited_func_lens,
	 * in function order (zeroed for a reader who may not see addresses) */
	if (out->jited && info.nr_jited_func_lens == out->nr_funcs) {
		uint32_t off = 0;

		for (size_t i = 0; i < out->nr_funcs; i++) {
			out->funcs[i].jited_off = off;
			out->funcs[i].jited_len = a.func_lens[i];
			off += a.func_lens[i];
		}
		if (off > out->jited_len) /* the kernel's numbers disagree: one block */
			for (size_t i = 0; i < out->nr_funcs; i++)
				out->funcs[i].jited_len = i ? 0 : out->jited_len;
	} else if (out->jited && out->nr_funcs) {
		out->funcs[0].jited_len = out->jited_len;
	}
	if (info.jited_ksyms && info.nr_jited_ksyms == out->nr_funcs) {
		out->func_addrs = a.ksyms;
		a.ksyms = NULL;
		for (size_t i = 0; i < out->nr_funcs; i++) {
			const char *name = env->func_name ? env->func_name(env->func_name_arg,
									   out->func_addrs[i])
							  : kernel_syms_at(env->ksyms, out->func_addrs[i]);

			out->funcs[i].addr = out->func_addrs[i];
			out->funcs[i].symbol = name ? strdup(name) : NULL;
		}
	}
	if (!env->ksyms || env->ksyms->addrs_hidden || !env->ksyms->call_base)
		out->names_why = "Helper and kfunc calls show addresses, not names: /proc/kallsyms "
				 "gives this reader no addresses (kernel.kptr_restrict, or no "
				 "CAP_SYSLOG).";

	out->names = (struct insn_names){
		.kernel_sym = prog_code_sym,
		.arg = out,
		.call_base = env->ksyms && !env->ksyms->addrs_hidden ? env->ksyms->call_base : 0,
		.func_addrs = out->func_addrs,
		/* an interpreted program names its BPF-to-BPF calls by offset
		 * only (bpftool's print_call_pcrel()) */
		.nr_funcs = counts.nr_jited_ksyms,
	};
	prog_code_read_maps(out, env->root, a.map_ids, info.map_ids ? info.nr_map_ids : 0);
	err = prog_code_labels(out);
	if (err)
		goto fail;
	free(a.ksyms);
	free(a.func_lens);
	free(a.finfo);
	free(a.map_ids);
	return 0;

fail:
	free(a.ksyms);
	free(a.func_lens);
	free(a.finfo);
	free(a.map_ids);
	prog_code_free(out);
	return err;
}

void prog_code_free(struct prog_code *code)
{
	for (size_t i = 0; code->funcs && i < code->nr_funcs; i++) {
		free(code->funcs[i].name);
		free(code->funcs[i].proto);
		free(code->funcs[i].symbol);
	}
	free(code->funcs);
	free(code->insns);
	free(code->jited);
	free(code->func_addrs);
	free(code->lines);
	free(code->jited_lines);
	free(code->maps);
	free(code->label_targets);
	btf__free(code->btf);
	memset(code, 0, sizeof(*code));
}

size_t prog_code_func_of(const struct prog_code *code, uint32_t insn)
{
	size_t lo = 0, hi = code->nr_funcs;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (code->funcs[mid].first_insn <= insn)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

long prog_code_line_at(const struct prog_code *code, uint32_t insn)
{
	size_t lo = 0, hi = code->nr_lines;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (code->lines[mid].insn_off < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < code->nr_lines && code->lines[lo].insn_off == insn ? (long)lo : -1;
}

static const char *prog_code_btf_str(const struct prog_code *code, uint32_t off)
{
	const char *s = code->btf ? btf__name_by_offset(code->btf, off) : NULL;

	return s ? s : "";
}

const char *prog_code_line_src(const struct prog_code *code, size_t i)
{
	const char *s = prog_code_btf_str(code, code->lines[i].line_off);

	/* as bpftool's btf_dump_linfo_plain(): leading blanks dropped */
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\v' || *s == '\f' || *s == '\r')
		s++;
	return s;
}

const char *prog_code_line_file(const struct prog_code *code, size_t i)
{
	return prog_code_btf_str(code, code->lines[i].file_name_off);
}

uint32_t prog_code_line_num(const struct prog_code *code, size_t i)
{
	return BPF_LINE_INFO_LINE_NUM(code->lines[i].line_col);
}

uint32_t prog_code_line_col(const struct prog_code *code, size_t i)
{
	return BPF_LINE_INFO_LINE_COL(code->lines[i].line_col);
}

size_t prog_code_label(const struct prog_code *code, uint32_t insn)
{
	size_t lo = 0, hi = code->nr_labels;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (code->label_targets[mid] < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < code->nr_labels && code->label_targets[lo] == insn ? lo + 1 : 0;
}

const struct prog_code_map *prog_code_map(const struct prog_code *code, uint32_t id)
{
	for (size_t i = 0; i < code->nr_maps; i++)
		if (code->maps[i].id == id)
			return &code->maps[i];
	return NULL;
}
