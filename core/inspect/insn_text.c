/* The kernel's notation for translated instructions (see insn_text.h). The
 * words and their order are the kernel's (kernel/bpf/disasm.c,
 * print_bpf_insn()) and bpftool's (xlated_dumper.c: print_call(),
 * print_imm()); the code is ours: one switch per instruction class. */
#include "inspect/insn_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Newer than Debian 12's <linux/bpf.h> (6.1), from the kernel's uapi
 * header and kernel/bpf/disasm.c. */
#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80 /* sign-extending load (6.6) */
#endif
#ifndef BPF_JCOND
#define BPF_JCOND 0xe0 /* may_goto (6.9) */
#endif
#define INSN_MAY_GOTO 0
#define INSN_LOAD_ACQ 0x100  /* BPF_LOAD_ACQ (6.15) */
#define INSN_STORE_REL 0x110 /* BPF_STORE_REL (6.15) */
#define INSN_NOSPEC 0xc0     /* BPF_ST | BPF_NOSPEC: the kernel's own barrier, no uapi */
#define INSN_ADDR_SPACE_CAST 1 /* mov's off: addr_space_cast (6.9) */
#define INSN_ADDR_PERCPU (-1)  /* mov's off: a per-CPU address, a kernel rewrite (6.10) */

/* the helpers' names by id, from the uapi header's list (the kernel's
 * func_id_str[] is made the same way) */
#define INSN_HELPER_ROW(x) [BPF_FUNC_##x] = "bpf_" #x
static const char *const insn_helpers[] = { __BPF_FUNC_MAPPER(INSN_HELPER_ROW) };
#undef INSN_HELPER_ROW

static const char *const insn_alu_ops[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=",   [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=", [BPF_OR >> 4] = "|=",    [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=",   [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const insn_jmp_ops[16] = {
	[BPF_JA >> 4] = "jmp",   [BPF_JEQ >> 4] = "==",  [BPF_JGT >> 4] = ">",
	[BPF_JLT >> 4] = "<",    [BPF_JGE >> 4] = ">=",  [BPF_JLE >> 4] = "<=",
	[BPF_JSET >> 4] = "&",   [BPF_JNE >> 4] = "!=",  [BPF_JSGT >> 4] = "s>",
	[BPF_JSLT >> 4] = "s<",  [BPF_JSGE >> 4] = "s>=", [BPF_JSLE >> 4] = "s<=",
	[BPF_CALL >> 4] = "call", [BPF_EXIT >> 4] = "exit",
};

static const char *const insn_atomic_ops[16] = {
	[BPF_ADD >> 4] = "add", [BPF_AND >> 4] = "and", [BPF_OR >> 4] = "or",
	[BPF_XOR >> 4] = "xor",
};

static const char *const insn_class_names[8] = {
	[BPF_LD] = "ld",   [BPF_LDX] = "ldx", [BPF_ST] = "st",     [BPF_STX] = "stx",
	[BPF_ALU] = "alu", [BPF_JMP] = "jmp", [BPF_JMP32] = "jmp32", [BPF_ALU64] = "alu64",
};

const char *insn_helper_name(int32_t id)
{
	if (id < 0 || (size_t)id >= sizeof(insn_helpers) / sizeof(insn_helpers[0]))
		return NULL;
	return insn_helpers[id];
}

unsigned insn_width(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;
}

static const char *insn_size_name(uint8_t code, bool sign)
{
	switch (BPF_SIZE(code)) {
	case BPF_W:
		return sign ? "s32" : "u32";
	case BPF_H:
		return sign ? "s16" : "u16";
	case BPF_B:
		return sign ? "s8" : "u8";
	default:
		return sign ? "(null)" : "u64";
	}
}

static const char *insn_op(const char *const *table, uint8_t op)
{
	const char *s = table[op >> 4];

	return s ? s : "(null)";
}

struct insn_out {
	char *buf;
	size_t size, len;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void insn_put(struct insn_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len >= o->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len = o->len + (size_t)n < o->size ? o->len + (size_t)n : o->size - 1;
}

static void insn_alu(struct insn_out *o, const struct bpf_insn *in)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_ALU ? 'w' : 'r';
	bool signed_div = (op == BPF_DIV || op == BPF_MOD) && in->off == 1;
	const char *opname = signed_div ? (op == BPF_DIV ? "s/=" : "s%=") : insn_op(insn_alu_ops, op);

	if (op == BPF_END) {
		if (cls == BPF_ALU64) /* bswap (6.6) */
			insn_put(o, "r%d = bswap%d r%d", in->dst_reg, in->imm, in->dst_reg);
		else
			insn_put(o, "r%d = %s%d r%d", in->dst_reg,
				 BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm, in->dst_reg);
	} else if (op == BPF_NEG) {
		insn_put(o, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
	} else if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == INSN_ADDR_SPACE_CAST) {
		insn_put(o, "r%d = addr_space_cast(r%d, %u, %u)", in->dst_reg, in->src_reg,
			 (uint32_t)in->imm >> 16, (uint16_t)in->imm);
	} else if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == INSN_ADDR_PERCPU) {
		insn_put(o, "r%d = &(void __percpu *)(r%d)", in->dst_reg, in->src_reg);
	} else if (BPF_SRC(in->code) == BPF_X) {
		const char *cast = "";

		if (op == BPF_MOV)
			cast = in->off == 8 ? "(s8)" : in->off == 16 ? "(s16)" : in->off == 32 ? "(s32)" : "";
		insn_put(o, "%c%d %s %s%c%d", r, in->dst_reg, opname, cast, r, in->src_reg);
	} else {
		insn_put(o, "%c%d %s %d", r, in->dst_reg, opname, in->imm);
	}
}

static void insn_stx(struct insn_out *o, const struct bpf_insn *in)
{
	const char *size = insn_size_name(in->code, false);
	const char *bits = BPF_SIZE(in->code) == BPF_DW ? "64" : "";
	int32_t imm = in->imm;

	if (BPF_MODE(in->code) == BPF_MEM) {
		insn_put(o, "*(%s *)(r%d %+d) = r%d", size, in->dst_reg, in->off, in->src_reg);
		return;
	}
	if (BPF_MODE(in->code) != BPF_ATOMIC) {
		o->len = 0;
		insn_put(o, "BUG_%02x", in->code);
		return;
	}
	if (imm == BPF_ADD || imm == BPF_AND || imm == BPF_OR || imm == BPF_XOR) {
		insn_put(o, "lock *(%s *)(r%d %+d) %s r%d", size, in->dst_reg, in->off,
			 insn_op(insn_alu_ops, (uint8_t)imm), in->src_reg);
	} else if (imm == (BPF_ADD | BPF_FETCH) || imm == (BPF_AND | BPF_FETCH) ||
		   imm == (BPF_OR | BPF_FETCH) || imm == (BPF_XOR | BPF_FETCH)) {
		insn_put(o, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", in->src_reg, bits,
			 insn_op(insn_atomic_ops, (uint8_t)(imm & 0xf0)), size, in->dst_reg,
			 in->off, in->src_reg);
	} else if (imm == BPF_CMPXCHG) {
		insn_put(o, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", bits, size,
			 in->dst_reg, in->off, in->src_reg);
	} else if (imm == BPF_XCHG) {
		insn_put(o, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", in->src_reg, bits, size,
			 in->dst_reg, in->off, in->src_reg);
	} else if (imm == INSN_LOAD_ACQ) {
		insn_put(o, "r%d = load_acquire((%s *)(r%d %+d))", in->dst_reg, size, in->src_reg,
			 in->off);
	} else if (imm == INSN_STORE_REL) {
		insn_put(o, "store_release((%s *)(r%d %+d), r%d)", size, in->dst_reg, in->off,
			 in->src_reg);
	} else {
		o->len = 0;
		insn_put(o, "BUG_%02x", in->code);
	}
}

/* A 64-bit immediate load: a map, a map value, a subprogram or a number,
 * as bpftool's print_imm() names them. */
static void insn_ld_imm64(struct insn_out *o, const struct bpf_insn *in, size_t nr_left)
{
	uint64_t imm = (uint32_t)in->imm;
	int32_t next = nr_left > 1 ? in[1].imm : 0;

	imm |= (uint64_t)(uint32_t)next << 32;
	insn_put(o, "r%d = ", in->dst_reg);
	switch (in->src_reg) {
	case BPF_PSEUDO_MAP_FD:
		insn_put(o, "map[id:%u]", (uint32_t)in->imm);
		break;
	case BPF_PSEUDO_MAP_VALUE:
		insn_put(o, "map[id:%u][0]+%u", (uint32_t)in->imm, (uint32_t)next);
		break;
	case BPF_PSEUDO_MAP_IDX_VALUE:
		insn_put(o, "map[idx:%u]+%u", (uint32_t)in->imm, (uint32_t)next);
		break;
	case BPF_PSEUDO_FUNC:
		insn_put(o, "subprog[%+d]", in->imm);
		break;
	default:
		insn_put(o, "0x%llx", (unsigned long long)imm);
		break;
	}
}

/* A call: a helper or kfunc by the kernel symbol at its address, a
 * BPF-to-BPF call by its offset and the callee's symbol. */
static void insn_call(struct insn_out *o, const struct bpf_insn *in,
		      const struct insn_names *names)
{
	const char *fixed = NULL, *sym = NULL;
	uint64_t addr;

	/* an id the kernel did not rewrite (bpf_tail_call, after
	 * bpf_insn_prepare_dump() in kernel/bpf/syscall.c) names itself */
	if (!in->src_reg)
		fixed = insn_helper_name(in->imm);
	if (fixed) {
		insn_put(o, "call %s#%d", fixed, in->imm);
		return;
	}
	addr = (names ? names->call_base : 0) + (uint64_t)(int64_t)in->imm;
	if (in->src_reg == BPF_PSEUDO_CALL && names && (uint32_t)in->imm < names->nr_funcs &&
	    names->func_addrs)
		addr = names->func_addrs[(uint32_t)in->imm];
	if (names && names->kernel_sym)
		sym = names->kernel_sym(names->arg, addr);
	if (in->src_reg == BPF_PSEUDO_CALL) {
		if (!names || !names->nr_funcs)
			insn_put(o, "call pc%+d", in->off); /* interpreted: no address */
		else if (sym)
			insn_put(o, "call pc%+d#%s", in->off, sym);
		else
			insn_put(o, "call pc%+d#0x%llx", in->off, (unsigned long long)addr);
		return;
	}
	if (sym)
		insn_put(o, "call %s#%d", sym, in->imm);
	else
		insn_put(o, "call 0x%llx#%d", (unsigned long long)addr, in->imm);
}

static void insn_jmp(struct insn_out *o, const struct bpf_insn *in,
		     const struct insn_names *names)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_JMP32 ? 'w' : 'r';

	if (op == BPF_CALL)
		insn_call(o, in, names);
	else if (in->code == (BPF_JMP | BPF_JA))
		insn_put(o, "goto pc%+d", in->off);
	else if (in->code == (BPF_JMP | BPF_JA | BPF_X))
		insn_put(o, "gotox r%d", in->dst_reg);
	else if (in->code == (BPF_JMP | BPF_JCOND) && in->src_reg == INSN_MAY_GOTO)
		insn_put(o, "may_goto pc%+d", in->off);
	else if (in->code == (BPF_JMP32 | BPF_JA))
		insn_put(o, "gotol pc%+d", in->imm);
	else if (in->code == (BPF_JMP | BPF_EXIT))
		insn_put(o, "exit");
	else if (BPF_SRC(in->code) == BPF_X)
		insn_put(o, "if %c%d %s %c%d goto pc%+d", r, in->dst_reg, insn_op(insn_jmp_ops, op),
			 r, in->src_reg, in->off);
	else
		insn_put(o, "if %c%d %s 0x%x goto pc%+d", r, in->dst_reg, insn_op(insn_jmp_ops, op),
			 (uint32_t)in->imm, in->off);
}

size_t insn_text(const struct bpf_insn *insn, size_t nr_left, const struct insn_names *names,
		 char *buf, size_t size)
{
	struct insn_out o = { buf, size, 0 };
	uint8_t cls = BPF_CLASS(insn->code);

	if (!size)
		return 0;
	buf[0] = '\0';
	insn_put(&o, "(%02x) ", insn->code);
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		insn_alu(&o, insn);
		break;
	case BPF_STX:
		insn_stx(&o, insn);
		break;
	case BPF_ST:
		if (BPF_MODE(insn->code) == BPF_MEM)
			insn_put(&o, "*(%s *)(r%d %+d) = %d", insn_size_name(insn->code, false),
				 insn->dst_reg, insn->off, insn->imm);
		else if (BPF_MODE(insn->code) == INSN_NOSPEC)
			insn_put(&o, "nospec");
		else {
			o.len = 0;
			insn_put(&o, "BUG_st_%02x", insn->code);
		}
		break;
	case BPF_LDX:
		if (BPF_MODE(insn->code) != BPF_MEM && BPF_MODE(insn->code) != BPF_MEMSX) {
			o.len = 0;
			insn_put(&o, "BUG_ldx_%02x", insn->code);
			break;
		}
		insn_put(&o, "r%d = *(%s *)(r%d %+d)", insn->dst_reg,
			 insn_size_name(insn->code, BPF_MODE(insn->code) == BPF_MEMSX),
			 insn->src_reg, insn->off);
		break;
	case BPF_LD:
		if (BPF_MODE(insn->code) == BPF_ABS)
			insn_put(&o, "r0 = *(%s *)skb[%d]", insn_size_name(insn->code, false),
				 insn->imm);
		else if (BPF_MODE(insn->code) == BPF_IND)
			insn_put(&o, "r0 = *(%s *)skb[r%d + %d]", insn_size_name(insn->code, false),
				 insn->src_reg, insn->imm);
		else if (BPF_MODE(insn->code) == BPF_IMM && BPF_SIZE(insn->code) == BPF_DW)
			insn_ld_imm64(&o, insn, nr_left);
		else {
			o.len = 0;
			insn_put(&o, "BUG_ld_%02x", insn->code);
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		insn_jmp(&o, insn, names);
		break;
	default:
		insn_put(&o, "%s", insn_class_names[cls]);
		break;
	}
	return o.len;
}

long insn_jump_target(const struct bpf_insn *insn, size_t index)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return -1;
	if (op == BPF_CALL || op == BPF_EXIT)
		return -1;
	if (insn->code == (BPF_JMP | BPF_JA | BPF_X))
		return -1;
	if (insn->code == (BPF_JMP32 | BPF_JA))
		return (long)index + insn->imm + 1;
	return (long)index + insn->off + 1;
}

bool insn_blinded_pair(const struct bpf_insn *insn, size_t nr_left, int64_t *value)
{
	uint8_t cls = BPF_CLASS(insn->code);

	if (nr_left < 2 || (cls != BPF_ALU && cls != BPF_ALU64))
		return false;
	if (insn[0].code != (cls | BPF_MOV | BPF_K) || insn[0].dst_reg != INSN_REG_AX ||
	    insn[1].code != (cls | BPF_XOR | BPF_K) || insn[1].dst_reg != INSN_REG_AX)
		return false;
	if (cls == BPF_ALU)
		*value = (int64_t)(uint32_t)(insn[0].imm ^ insn[1].imm);
	else
		*value = (int64_t)(int32_t)(insn[0].imm ^ insn[1].imm);
	return true;
}
