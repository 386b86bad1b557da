/* The kernel's notation for instructions the test programs never produce
 * (the agreement test holds the rest to bpftool): each class and mode,
 * the instructions newer than Debian's bpftool (sign extension, byte swap,
 * signed division, may_goto, gotol, address-space casts, per-CPU
 * addresses, acquire and release), calls by name, and what blinding looks
 * like. The expected texts are kernel/bpf/disasm.c's formats. And the
 * kernel's symbols by address, as /proc/kallsyms gives them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "inspect/insn_text.h"
#include "inspect/kernel_syms.h"

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static void expect_text(struct bpf_insn in, const char *want)
{
	struct bpf_insn two[2] = { in, INSN(0, 0, 0, 0, 0) };
	char buf[256];

	insn_text(two, 2, NULL, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_alu(void **state)
{
	(void)state;
	expect_text(INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0), "(b7) r0 = 0");
	expect_text(INSN(BPF_ALU | BPF_ADD | BPF_X, 1, 2, 0, 0), "(0c) w1 += w2");
	expect_text(INSN(BPF_ALU64 | BPF_ARSH | BPF_K, 3, 0, 0, -7), "(c7) r3 s>>= -7");
	expect_text(INSN(BPF_ALU64 | BPF_NEG, 4, 0, 0, 0), "(87) r4 = -r4");
	expect_text(INSN(BPF_ALU | BPF_END | BPF_TO_BE, 5, 0, 0, 16), "(dc) r5 = be16 r5");
	expect_text(INSN(BPF_ALU64 | BPF_END | BPF_TO_LE, 5, 0, 0, 32), "(d7) r5 = bswap32 r5");
	expect_text(INSN(BPF_ALU64 | BPF_DIV | BPF_K, 1, 0, 1, 3), "(37) r1 s/= 3");
	expect_text(INSN(BPF_ALU | BPF_MOD | BPF_X, 1, 2, 1, 0), "(9c) w1 s%= w2");
	expect_text(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 16, 0), "(bf) r1 = (s16)r2");
	expect_text(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 1, 1 << 16), "(bf) r1 = addr_space_cast(r2, 1, 0)");
	expect_text(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 0, -1, 0), "(bf) r0 = &(void __percpu *)(r0)");
}

static void test_memory(void **state)
{
	(void)state;
	expect_text(INSN(BPF_LDX | BPF_MEM | BPF_W, 1, 6, 112, 0), "(61) r1 = *(u32 *)(r6 +112)");
	expect_text(INSN(BPF_LDX | 0x80 | BPF_H, 1, 6, -2, 0), "(89) r1 = *(s16 *)(r6 -2)");
	expect_text(INSN(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -8, 0), "(7b) *(u64 *)(r10 -8) = r1");
	expect_text(INSN(BPF_ST | BPF_MEM | BPF_B, 10, 0, -1, 5), "(72) *(u8 *)(r10 -1) = 5");
	expect_text(INSN(BPF_ST | 0xc0, 0, 0, 0, 0), "(c2) nospec");
	expect_text(INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD), "(db) lock *(u64 *)(r0 +0) += r1");
	expect_text(INSN(BPF_STX | BPF_ATOMIC | BPF_W, 0, 1, 4, BPF_OR | BPF_FETCH),
		    "(c3) r1 = atomic_fetch_or((u32 *)(r0 +4), r1)");
	expect_text(INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 3, 0, BPF_CMPXCHG),
		    "(db) r0 = atomic64_cmpxchg((u64 *)(r2 +0), r0, r3)");
	expect_text(INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 3, 0, BPF_XCHG),
		    "(db) r3 = atomic64_xchg((u64 *)(r2 +0), r3)");
	expect_text(INSN(BPF_STX | BPF_ATOMIC | BPF_W, 4, 5, 8, 0x100),
		    "(c3) r4 = load_acquire((u32 *)(r5 +8))");
	expect_text(INSN(BPF_STX | BPF_ATOMIC | BPF_W, 4, 5, 8, 0x110),
		    "(c3) store_release((u32 *)(r4 +8), r5)");
	expect_text(INSN(BPF_LD | BPF_ABS | BPF_H, 0, 0, 0, 12), "(28) r0 = *(u16 *)skb[12]");
	expect_text(INSN(BPF_LD | BPF_IND | BPF_B, 0, 3, 0, 1), "(50) r0 = *(u8 *)skb[r3 + 1]");
	expect_text(INSN(BPF_STX | BPF_ABS | BPF_H, 0, 1, 0, 0), "BUG_2b");
}

static void test_ld_imm64(void **state)
{
	struct bpf_insn in[2] = { INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0x5678),
				  INSN(0, 0, 0, 0, 0x1234) };
	char buf[128];

	(void)state;
	insn_text(in, 2, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "(18) r1 = 0x123400005678");
	in[0].src_reg = BPF_PSEUDO_MAP_FD;
	in[0].imm = 42;
	insn_text(in, 2, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "(18) r1 = map[id:42]");
	in[0].src_reg = BPF_PSEUDO_MAP_VALUE;
	insn_text(in, 2, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "(18) r1 = map[id:42][0]+4660");
	in[0].src_reg = BPF_PSEUDO_FUNC;
	in[0].imm = -3;
	insn_text(in, 2, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "(18) r1 = subprog[-3]");
	assert_int_equal(insn_width(in), 2);
}

static void test_jumps(void **state)
{
	(void)state;
	expect_text(INSN(BPF_JMP | BPF_JA, 0, 0, 3, 0), "(05) goto pc+3");
	expect_text(INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, -70000), "(06) gotol pc-70000");
	expect_text(INSN(BPF_JMP | 0xe0, 0, 0, 2, 0), "(e5) may_goto pc+2");
	expect_text(INSN(BPF_JMP | BPF_JSGT | BPF_K, 1, 0, -4, -1), "(65) if r1 s> 0xffffffff goto pc-4");
	expect_text(INSN(BPF_JMP32 | BPF_JNE | BPF_X, 1, 2, 1, 0), "(5e) if w1 != w2 goto pc+1");
	expect_text(INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "(95) exit");
	assert_int_equal(insn_jump_target(&INSN(BPF_JMP | BPF_JA, 0, 0, 3, 0), 10), 14);
	assert_int_equal(insn_jump_target(&INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, -5), 10), 6);
	assert_int_equal(insn_jump_target(&INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 1), 10), -1);
	assert_int_equal(insn_jump_target(&INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), 10), -1);
}

static const char *test_sym(const void *arg, uint64_t addr)
{
	(void)arg;
	return addr == 0xffffffff81000000ull + 5000 ? "bpf_map_lookup_elem"
	       : addr == 0xffffffffc0001000ull ? "bpf_prog_0123456789abcdef_helper" : NULL;
}

static void test_calls(void **state)
{
	const uint64_t funcs[2] = { 0xffffffffc0000000ull, 0xffffffffc0001000ull };
	struct insn_names names = { .kernel_sym = test_sym, .call_base = 0xffffffff81000000ull,
				    .func_addrs = funcs, .nr_funcs = 2 };
	struct bpf_insn in[2] = { INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 5000), INSN(0, 0, 0, 0, 0) };
	char buf[128];

	(void)state;
	insn_text(in, 2, &names, buf, sizeof(buf));
	assert_string_equal(buf, "(85) call bpf_map_lookup_elem#5000");
	in[0].imm = 6000;
	insn_text(in, 2, &names, buf, sizeof(buf));
	assert_string_equal(buf, "(85) call 0xffffffff81001770#6000");
	/* an imm below the helpers' count names the helper of that id, as the
	 * kernel's __func_get_name() does: bpf_tail_call is left so by
	 * bpf_insn_prepare_dump() */
	in[0].imm = BPF_FUNC_tail_call;
	insn_text(in, 2, &names, buf, sizeof(buf));
	assert_string_equal(buf, "(85) call bpf_tail_call#12");
	in[0] = INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 5, 1);
	insn_text(in, 2, &names, buf, sizeof(buf));
	assert_string_equal(buf, "(85) call pc+5#bpf_prog_0123456789abcdef_helper");
	names.nr_funcs = 0; /* interpreted */
	insn_text(in, 2, &names, buf, sizeof(buf));
	assert_string_equal(buf, "(85) call pc+5");
}

static void test_blinded(void **state)
{
	struct bpf_insn in[3] = { INSN(BPF_ALU64 | BPF_MOV | BPF_K, INSN_REG_AX, 0, 0, 408133339),
				  INSN(BPF_ALU64 | BPF_XOR | BPF_K, INSN_REG_AX, 0, 0, 408133338),
				  INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, INSN_REG_AX, 0, 0) };
	int64_t v = 0;

	(void)state;
	assert_true(insn_blinded_pair(in, 3, &v));
	assert_int_equal(v, 1);
	assert_false(insn_blinded_pair(in + 1, 2, &v));
	in[1].dst_reg = 1; /* not through r11: a program's own xor */
	assert_false(insn_blinded_pair(in, 3, &v));
	in[1].dst_reg = INSN_REG_AX;
	in[0].imm = -2;
	in[1].imm = 3;
	assert_true(insn_blinded_pair(in, 3, &v));
	assert_int_equal(v, -3); /* sign-extended, as BPF_ALU64 does */
	in[0].code = BPF_ALU | BPF_MOV | BPF_K;
	in[1].code = BPF_ALU | BPF_XOR | BPF_K;
	assert_true(insn_blinded_pair(in, 3, &v));
	assert_int_equal(v, 0xfffffffd); /* 32 bits, zero-extended */
}

static void test_kernel_syms(void **state)
{
	static const char text[] =
		"ffffffff81000000 T _stext\n"
		"ffffffff814ded50 T __bpf_call_base\n"
		"ffffffff814ded60 t bpf_map_lookup_elem\n"
		"garbage line\n"
		"ffffffffc0000000 t some_module_func\t[mod]\n"
		"ffffffffc0100000 t bpf_prog_0123456789abcdef_f\t[bpf]\n";
	static const char hidden[] = "0000000000000000 T _stext\n0000000000000000 T __bpf_call_base\n";
	struct kernel_syms ks;
	char buf[64];

	(void)state;
	assert_int_equal(kernel_syms_parse(text, strlen(text), false, &ks), 0);
	assert_int_equal(ks.call_base, 0xffffffff814ded50ull);
	assert_string_equal(kernel_syms_at(&ks, 0xffffffff814ded60ull), "bpf_map_lookup_elem");
	assert_string_equal(kernel_syms_at(&ks, 0xffffffffc0000000ull), "some_module_func");
	assert_null(kernel_syms_at(&ks, 0xffffffffc0100000ull)); /* [bpf] not asked for */
	assert_null(kernel_syms_at(&ks, 0));
	assert_true(kernel_syms_near(&ks, 0xffffffff814ded64ull, buf, sizeof(buf)));
	assert_string_equal(buf, "bpf_map_lookup_elem+0x4");
	kernel_syms_free(&ks);
	assert_int_equal(kernel_syms_parse(text, strlen(text), true, &ks), 0);
	assert_string_equal(kernel_syms_at(&ks, 0xffffffffc0100000ull), "bpf_prog_0123456789abcdef_f");
	kernel_syms_free(&ks);
	assert_int_equal(kernel_syms_parse(hidden, strlen(hidden), false, &ks), 0);
	assert_true(ks.addrs_hidden);
	assert_int_equal(ks.call_base, 0);
	assert_int_equal(ks.nr, 0);
	kernel_syms_free(&ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu),     cmocka_unit_test(test_memory),
		cmocka_unit_test(test_ld_imm64), cmocka_unit_test(test_jumps),
		cmocka_unit_test(test_calls),   cmocka_unit_test(test_blinded),
		cmocka_unit_test(test_kernel_syms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
