/* Unit tests, no kernel: why a symbol is missing, resolution by address,
 * the [bpf] images that are no program, the /proc/kallsyms cache's key,
 * and the JSON writer for one program. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "ksyms/ksyms_cache.h"
#include "ksyms/ksyms_names.h"
#include "out/jsonw.h"
#include "out/report.h"
#include "lib/prog_json.h"

static const struct prog_context ctx_default = {
	.knobs = { .value = { [KNOB_JIT_KALLSYMS] = 1 },
		   .known = { [KNOB_JIT_KALLSYMS] = true, [KNOB_JIT_HARDEN] = true } },
	.kptr_restrict = 0,
	.cap_syslog = true,
};

/* Sets a knob of ctx; -1 leaves it without a value, as an unreadable file does. */
static void with_knob(struct prog_context *ctx, enum knob_id id, long value)
{
	ctx->knobs.known[id] = value >= 0;
	ctx->knobs.value[id] = value >= 0 ? value : 0;
}

static enum ksyms_names_reason reason(struct prog_context ctx, struct ksyms_names_facts f)
{
	return ksyms_names_reason(&ctx, &f);
}

static void test_reason_resolved(void **state)
{
	(void)state;
	assert_int_equal(reason(ctx_default, (struct ksyms_names_facts){ .jited = true }),
			 KSYMS_NAMES_RESOLVED);
	assert_null(ksyms_names_sentence(KSYMS_NAMES_RESOLVED));
}

static void test_reason_not_jited_first(void **state)
{
	struct prog_context ctx = ctx_default;

	(void)state;
	with_knob(&ctx, KNOB_JIT_HARDEN, 2);
	with_knob(&ctx, KNOB_JIT_KALLSYMS, 0);
	/* no JIT image: the knobs that hide images do not matter */
	assert_int_equal(reason(ctx, (struct ksyms_names_facts){ .jited = false }),
			 KSYMS_NAMES_NOT_JITED);
}

static void test_reason_listing_knobs(void **state)
{
	struct ksyms_names_facts f = { .jited = true, .addrs_hidden = true, .pending = true };
	struct prog_context ctx = ctx_default;

	(void)state;
	with_knob(&ctx, KNOB_JIT_KALLSYMS, 0);
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_KALLSYMS_OFF);
	with_knob(&ctx, KNOB_JIT_HARDEN, 1);
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_KALLSYMS_OFF_HARDEN);
	with_knob(&ctx, KNOB_JIT_KALLSYMS, 1);
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_HARDEN_1);
	with_knob(&ctx, KNOB_JIT_HARDEN, 2);
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_HARDEN_2);
	/* unknown knobs count as listing: the read tells */
	with_knob(&ctx, KNOB_JIT_HARDEN, -1);
	with_knob(&ctx, KNOB_JIT_KALLSYMS, -1);
	assert_true(ksyms_names_listed(&ctx));
	ctx.kptr_restrict = 0;
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_ADDRS_HIDDEN);
	/* a knob that hides decides alone (knob_values_list_symbols()) */
	with_knob(&ctx, KNOB_JIT_KALLSYMS, 0);
	assert_false(ksyms_names_listed(&ctx));
	with_knob(&ctx, KNOB_JIT_KALLSYMS, -1);
	with_knob(&ctx, KNOB_JIT_HARDEN, 2);
	assert_false(ksyms_names_listed(&ctx));
}

static void test_reason_hidden_addresses(void **state)
{
	struct ksyms_names_facts f = { .jited = true, .addrs_hidden = true };
	struct prog_context ctx = ctx_default;

	(void)state;
	ctx.kptr_restrict = 2;
	assert_false(ksyms_names_addrs_visible(&ctx));
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_KPTR_RESTRICT);
	ctx.kptr_restrict = 1;
	ctx.cap_syslog = false;
	assert_false(ksyms_names_addrs_visible(&ctx));
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_NO_SYSLOG);
	ctx.cap_syslog = true;
	assert_true(ksyms_names_addrs_visible(&ctx));
	assert_int_equal(reason(ctx, f), KSYMS_NAMES_ADDRS_HIDDEN);
}

static void test_reason_read_states(void **state)
{
	(void)state;
	assert_int_equal(reason(ctx_default, (struct ksyms_names_facts){ .jited = true,
									   .pending = true }),
			 KSYMS_NAMES_PENDING);
	assert_int_equal(reason(ctx_default, (struct ksyms_names_facts){ .jited = true,
									   .read_error = -EACCES }),
			 KSYMS_NAMES_READ_FAILED);
	assert_int_equal(reason(ctx_default, (struct ksyms_names_facts){ .jited = true,
									   .nr_unresolved = 1 }),
			 KSYMS_NAMES_UNLISTED);
}

/* Every sentence is one sentence and names what decides it. */
static void test_sentences_name_the_knob(void **state)
{
	static const struct {
		enum ksyms_names_reason reason;
		const char *must[2];
	} cases[] = {
		{ KSYMS_NAMES_NOT_JITED, { "bpf_jit_enable", NULL } },
		{ KSYMS_NAMES_KALLSYMS_OFF, { "bpf_jit_kallsyms is 0", NULL } },
		{ KSYMS_NAMES_HARDEN_1, { "bpf_jit_harden is 1", NULL } },
		{ KSYMS_NAMES_HARDEN_2, { "bpf_jit_harden is 2", NULL } },
		{ KSYMS_NAMES_KALLSYMS_OFF_HARDEN, { "bpf_jit_kallsyms", "bpf_jit_harden" } },
		{ KSYMS_NAMES_KPTR_RESTRICT, { "kptr_restrict is 2", NULL } },
		{ KSYMS_NAMES_NO_SYSLOG, { "CAP_SYSLOG", "kptr_restrict" } },
		{ KSYMS_NAMES_ADDRS_HIDDEN, { "CAP_SYSLOG", "kptr_restrict" } },
		{ KSYMS_NAMES_READ_FAILED, { "/proc/kallsyms", NULL } },
		{ KSYMS_NAMES_PENDING, { "background", NULL } },
		{ KSYMS_NAMES_UNLISTED, { "CAP_BPF", "unprivileged_bpf_disabled" } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = ksyms_names_sentence(cases[i].reason);

		assert_non_null(s);
		assert_true(s[strlen(s) - 1] == '.');
		for (int j = 0; j < 2; j++)
			if (cases[i].must[j] && !strstr(s, cases[i].must[j]))
				fail_msg("reason %d: \"%s\" lacks \"%s\"", cases[i].reason, s,
					 cases[i].must[j]);
	}
	assert_null(ksyms_names_sentence(KSYMS_NAMES__COUNT));
}

/* text as ksyms_table_parse() reads it from /proc/kallsyms: sorted by address. */
static void table_of(const char *text, size_t len, struct ksyms_table *ks)
{
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], text, len), (ssize_t)len);
	close(fds[1]);
	assert_int_equal(ksyms_table_parse(fds[0], ks), 0);
	close(fds[0]);
}

static void fake_table(struct ksyms_table *ks)
{
	static const char text[] =
		"ffffffffc0001000 t bpf_dispatcher_xdp\t[bpf]\n"
		"ffffffffc0002000 t bpf_prog_59f4a931744dcdc6_same\t[bpf]\n"
		"ffffffffc0003000 t bpf_prog_59f4a931744dcdc6_same\t[bpf]\n"
		"ffffffffc0004000 t bpf_trampoline_6442\t[bpf]\n"
		"ffffffffc0005000 t bpf_prog_1111111111111111_F\t[bpf]\n"
		"ffffffffc0006000 t bpf_prog_2222222222222222_main_with_a_long_btf_name\t[bpf]\n"
		"ffffffffc0007000 t __cfi_bpf_prog_3333333333333333_late\t[bpf]\n"
		"ffffffffc0008000 t bpf_prog_3333333333333333_late\t[bpf]\n"
		"ffffffff81000000 T _text\n";

	table_of(text, sizeof(text) - 1, ks);
	assert_int_equal(ks->nr_syms, 8);
}

static void test_resolve_by_address(void **state)
{
	struct prog_symbol syms_a[] = { { .addr = 0xffffffffc0002000, .len = 20 } };
	struct prog_symbol syms_b[] = { { .addr = 0xffffffffc0003000, .len = 20 } };
	struct prog_symbol syms_c[] = { { .addr = 0xffffffffc0006000, .len = 30 },
					 { .addr = 0xffffffffc0005000, .len = 10 },
					 { .addr = 0xffffffffc0009000, .len = 10 } };
	struct prog a = { .name = "same", .syms = syms_a, .nr_syms = 1 };
	struct prog b = { .name = "same", .syms = syms_b, .nr_syms = 1 };
	struct prog c = { .name = "main_with_a_lo", .syms = syms_c, .nr_syms = 3 };
	struct ksyms_table ks;

	(void)state;
	fake_table(&ks);
	/* identical programs: the same name, each found at its own address */
	assert_int_equal(ksyms_names_resolve(&a, &ks), 0);
	assert_int_equal(ksyms_names_resolve(&b, &ks), 0);
	assert_string_equal(a.syms[0].name, "bpf_prog_59f4a931744dcdc6_same");
	assert_string_equal(b.syms[0].name, "bpf_prog_59f4a931744dcdc6_same");
	/* the BTF name, not the program name; the subprogram; one not listed */
	assert_int_equal(ksyms_names_resolve(&c, &ks), 1);
	assert_string_equal(c.syms[0].name, "bpf_prog_2222222222222222_main_with_a_long_btf_name");
	assert_string_equal(c.syms[1].name, "bpf_prog_1111111111111111_F");
	assert_null(c.syms[2].name);
	for (size_t i = 0; i < 3; i++)
		free(syms_c[i].name);
	free(syms_a[0].name);
	free(syms_b[0].name);
	ksyms_table_free(&ks);
}

/* 5.10 lists a program of several functions twice at its main function's
 * address: under func[0]'s tag and under the program's. Its main function
 * takes the name with the program's tag, whichever comes first; a
 * subprogram, and a main function with one name there, take that name. */
static void test_resolve_main_of_two_names(void **state)
{
	static const char text[] =
		"ffffffffc0001000 t bpf_prog_aaaaaaaaaaaaaaaa_F\t[bpf]\n"
		"ffffffffc0001000 t bpf_prog_bbbbbbbbbbbbbbbb_main\t[bpf]\n"
		"ffffffffc0002000 t bpf_prog_bbbbbbbbbbbbbbbb_other\t[bpf]\n"
		"ffffffffc0002000 t bpf_prog_cccccccccccccccc_F\t[bpf]\n"
		"ffffffffc0003000 t bpf_prog_dddddddddddddddd_sub\t[bpf]\n";
	struct prog_symbol first[] = { { .addr = 0xffffffffc0001000 },
				       { .addr = 0xffffffffc0003000 } };
	struct prog_symbol second[] = { { .addr = 0xffffffffc0002000 } };
	struct prog_symbol alone[] = { { .addr = 0xffffffffc0003000 },
				       { .addr = 0xffffffffc0001000 } };
	struct prog p1 = { .tag = "bbbbbbbbbbbbbbbb", .syms = first, .nr_syms = 2 };
	struct prog p2 = { .tag = "cccccccccccccccc", .syms = second, .nr_syms = 1 };
	struct prog p3 = { .tag = "eeeeeeeeeeeeeeee", .syms = alone, .nr_syms = 2 };
	struct ksyms_table ks;

	(void)state;
	table_of(text, sizeof(text) - 1, &ks);
	assert_int_equal(ksyms_names_resolve(&p1, &ks), 0);
	assert_int_equal(ksyms_names_resolve(&p2, &ks), 0);
	assert_int_equal(ksyms_names_resolve(&p3, &ks), 0);
	assert_string_equal(first[0].name, "bpf_prog_bbbbbbbbbbbbbbbb_main");
	assert_string_equal(first[1].name, "bpf_prog_dddddddddddddddd_sub");
	assert_string_equal(second[0].name, "bpf_prog_cccccccccccccccc_F");
	/* no name with its tag: the first of the two; a subprogram's is the first too */
	assert_string_equal(alone[0].name, "bpf_prog_dddddddddddddddd_sub");
	assert_string_equal(alone[1].name, "bpf_prog_aaaaaaaaaaaaaaaa_F");
	free(first[0].name);
	free(first[1].name);
	free(second[0].name);
	free(alone[0].name);
	free(alone[1].name);
	ksyms_table_free(&ks);
}

static void test_resolve_zero_address(void **state)
{
	struct prog_symbol syms[] = { { .addr = 0, .len = 20 } };
	struct prog p = { .syms = syms, .nr_syms = 1 };
	struct ksyms_table ks;

	(void)state;
	fake_table(&ks);
	/* a hidden address is not "missing": the reason says why instead */
	assert_int_equal(ksyms_names_resolve(&p, &ks), 0);
	assert_null(syms[0].name);
	ksyms_table_free(&ks);
}

static void test_others(void **state)
{
	struct prog_symbol syms_a[] = { { .addr = 0xffffffffc0006000 } };
	struct prog_symbol syms_b[] = { { .addr = 0xffffffffc0003000 },
					 { .addr = 0xffffffffc0002000 } };
	struct prog progs[] = { { .id = 1, .syms = syms_a, .nr_syms = 1 },
				      { .id = 2, .syms = syms_b, .nr_syms = 2 } };
	struct prog_list list = { .progs = progs, .nr_progs = 2 };
	struct prog_symbol *others, *copy;
	struct ksyms_table ks;
	size_t nr, nr_copy;

	(void)state;
	fake_table(&ks);
	assert_int_equal(ksyms_names_others(&ks, &list, &others, &nr), 0);
	/* programs (matched or not yet enumerated) and FineIBT preambles are no "others" */
	assert_int_equal(nr, 2);
	assert_string_equal(others[0].name, "bpf_dispatcher_xdp");
	assert_true(others[0].addr == 0xffffffffc0001000);
	assert_string_equal(others[1].name, "bpf_trampoline_6442");
	assert_int_equal(ksyms_names_copy(others, nr, &copy, &nr_copy), 0);
	assert_int_equal(nr_copy, 2);
	assert_true(copy[1].addr == others[1].addr);
	assert_string_equal(copy[1].name, others[1].name);
	assert_ptr_not_equal(copy[1].name, others[1].name);
	prog_symbols_free(copy, nr_copy);
	prog_symbols_free(others, nr);
	ksyms_table_free(&ks);
}

static void test_key(void **state)
{
	uint32_t ids1[] = { 3, 7, 9 }, ids2[] = { 3, 7, 10 };
	struct ksyms_cache_key a = { .ids = ids1, .nr_ids = 3, .jit_kallsyms = 1 };
	struct ksyms_cache_key b = a, c = { 0 };

	(void)state;
	assert_true(ksyms_cache_key_equal(&a, &b));
	b.jit_harden = 1;
	assert_false(ksyms_cache_key_equal(&a, &b));
	b = a;
	b.ids = ids2;
	assert_false(ksyms_cache_key_equal(&a, &b));
	assert_true(ksyms_cache_key_has(&a, 7));
	assert_false(ksyms_cache_key_has(&a, 8));
	assert_int_equal(ksyms_cache_key_copy(&c, &a), 0);
	assert_true(ksyms_cache_key_equal(&a, &c));
	assert_ptr_not_equal(c.ids, a.ids);
	ksyms_cache_key_free(&c);
}

/* A read is for the JITed programs whose addresses the kernel gave, under
 * the knobs of the context. */
static void test_key_make(void **state)
{
	struct prog progs[] = { { .id = 3, .bytes_jited = 40 }, { .id = 5 },
				      { .id = 8, .bytes_jited = 40 }, { .id = 9, .bytes_jited = 8 } };
	const bool hidden[] = { false, false, true, false };
	struct prog_list list = { .progs = progs, .nr_progs = 4 };
	struct prog_context ctx = ctx_default;
	struct ksyms_cache_key key;

	(void)state;
	with_knob(&ctx, KNOB_JIT_HARDEN, -1);
	ctx.kptr_restrict = 1;
	assert_int_equal(ksyms_cache_key_make(&key, &ctx, &list, hidden), 0);
	assert_int_equal(key.nr_ids, 2);
	assert_int_equal(key.ids[0], 3);
	assert_int_equal(key.ids[1], 9);
	assert_int_equal(key.jit_kallsyms, 1);
	assert_int_equal(key.jit_harden, -1);
	assert_int_equal(key.kptr_restrict, 1);
	assert_true(key.cap_syslog);
	ksyms_cache_key_free(&key);
}

static void test_full_name(void **state)
{
	struct prog p = { .name = "bk_btf_func_nam" };

	(void)state;
	/* bpftool shows the BTF name only when the program name was cut */
	assert_string_equal(prog_full_name(&p), "bk_btf_func_nam");
	p.btf_name = "bk_btf_func_name_longer_than_fifteen";
	assert_string_equal(prog_full_name(&p), "bk_btf_func_name_longer_than_fifteen");
	strcpy(p.name, "short");
	p.btf_name = "short_btf";
	assert_string_equal(prog_full_name(&p), "short");
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v = NULL;

	assert_true(json_object_object_get_ex(o, key, &v));
	return v ? json_object_get_string(v) : NULL;
}

/* An id is never cut: the width is that of the largest id, up to the u32
 * maximum, whatever order the list is in. */
static void test_id_width(void **state)
{
	struct prog progs[3] = { { .id = 7 }, { .id = 4294967295u }, { .id = 1000000 } };
	struct prog_list list = { .progs = progs, .nr_progs = 0 };

	(void)state;
	assert_int_equal(prog_list_id_width(&list), 1); /* none loaded */
	list.nr_progs = 1;
	assert_int_equal(prog_list_id_width(&list), 1);
	list.nr_progs = 3;
	assert_int_equal(prog_list_id_width(&list), 10);
	progs[1].id = 999999;
	assert_int_equal(prog_list_id_width(&list), 7);
	progs[2].id = 10;
	assert_int_equal(prog_list_id_width(&list), 6);
}

static void test_json_prog(void **state)
{
	struct prog_symbol syms[] = {
		{ .addr = 0xffffffffc0025d54, .len = 33, .name = "bpf_prog_6fbade3397357240_x" },
		{ .addr = 0, .len = 12 },
	};
	struct prog_owner owners[] = { { .pid = 42, .comm = "we\"ird\\na\tme" },
					{ .pid = 7, .comm = "sshd" } };
	uint32_t maps[] = { 3, 5 };
	struct prog p = {
		.id = 3028, .type = 1, .type_name = "socket_filter", .name = "bk_btf_func_nam",
		.btf_name = "bk_btf_func_name_longer_than_fifteen", .tag = "6fbade3397357240",
		.load_time = { 1795240439, 5 }, .uid = 0, .user = "root", .bytes_xlated = 40,
		.bytes_jited = 33, .memlock = 4096, .map_ids = maps, .nr_map_ids = 2, .btf_id = 47,
		.verified_insns = 6, .owners = owners, .nr_owners = 2, .syms = syms, .nr_syms = 2,
		.symbols_missing = "Why \"not\".",
	};
	json_object *o, *v, *s;

	(void)state;
	o = prog_json(&p);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "id")), 3028);
	assert_string_equal(jstr(o, "type"), "socket_filter");
	assert_string_equal(jstr(o, "name"), "bk_btf_func_name_longer_than_fifteen");
	assert_string_equal(jstr(o, "tag"), "6fbade3397357240");
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "loaded_at")), 1795240439);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "bytes_jited")), 33);
	assert_int_equal(json_object_array_length(json_object_object_get(o, "map_ids")), 2);
	v = json_object_object_get(o, "owners");
	assert_int_equal(json_object_array_length(v), 2);
	assert_string_equal(jstr(json_object_array_get_idx(v, 0), "comm"), "we\"ird\\na\tme");
	assert_false(json_object_get_boolean(json_object_object_get(o, "held_by_kernel_only")));
	v = json_object_object_get(o, "symbols");
	assert_int_equal(json_object_array_length(v), 2);
	s = json_object_array_get_idx(v, 0);
	assert_string_equal(jstr(s, "addr"), "0xffffffffc0025d54");
	assert_int_equal(json_object_get_int64(json_object_object_get(s, "len")), 33);
	s = json_object_array_get_idx(v, 1);
	assert_null(jstr(s, "name"));
	assert_string_equal(jstr(s, "addr"), "0x0");
	assert_string_equal(jstr(o, "symbols_missing"), "Why \"not\".");
	json_object_put(o);

	/* unnamed, no BTF, no owner, not JITed, a type libbpf cannot name */
	memset(&p, 0, sizeof(p));
	p.type = 999;
	p.type_name = "unknown";
	strcpy(p.tag, "0000000000000000");
	strcpy(p.user, "1234");
	o = prog_json(&p);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "type")), 999);
	assert_null(jstr(o, "name"));
	assert_null(jstr(o, "btf_id"));
	assert_null(jstr(o, "bytes_memlock"));
	assert_false(json_object_get_boolean(json_object_object_get(o, "jited")));
	/* attachments not gathered: what holds it is not known, never "the kernel" */
	assert_null(json_object_object_get(o, "held_by_kernel_only"));
	assert_null(json_object_object_get(o, "attachments"));
	assert_non_null(jstr(o, "attachments_error"));
	assert_int_equal(json_object_array_length(json_object_object_get(o, "owners")), 0);
	assert_int_equal(json_object_array_length(json_object_object_get(o, "symbols")), 0);
	json_object_put(o);

	/* gathered: not attached, pinned: held by the kernel only */
	{
		struct attachment none[1] = { { 0 } };
		char *pins[] = { (char *)"/sys/fs/bpf/x" };

		p.attachments = none;
		p.pins = pins;
		p.nr_pins = 1;
		o = prog_json(&p);
		assert_true(json_object_get_boolean(json_object_object_get(o, "held_by_kernel_only")));
		assert_int_equal(json_object_array_length(json_object_object_get(o, "attachments")), 0);
		assert_null(jstr(o, "attachments_error"));
		assert_string_equal(json_object_get_string(json_object_array_get_idx(
					    json_object_object_get(o, "pins"), 0)), "/sys/fs/bpf/x");
		json_object_put(o);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reason_resolved),
		cmocka_unit_test(test_reason_not_jited_first),
		cmocka_unit_test(test_reason_listing_knobs),
		cmocka_unit_test(test_reason_hidden_addresses),
		cmocka_unit_test(test_reason_read_states),
		cmocka_unit_test(test_sentences_name_the_knob),
		cmocka_unit_test(test_resolve_by_address),
		cmocka_unit_test(test_resolve_main_of_two_names),
		cmocka_unit_test(test_resolve_zero_address),
		cmocka_unit_test(test_others),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_key_make),
		cmocka_unit_test(test_full_name),
		cmocka_unit_test(test_id_width),
		cmocka_unit_test(test_json_prog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
