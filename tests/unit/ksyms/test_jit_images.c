/* The other BPF JIT images without a kernel: the names kallsyms gives them
 * (kinds, a trampoline's key), and the field list --list and the browser
 * render from a hand-made list, struct_ops maps and XDP programs included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "out/fields.h"
#include "ksyms/jit_images.h"

static void test_kinds_and_keys(void **state)
{
	uint32_t obj = 0, btf_id = 0;

	(void)state;
	assert_int_equal(jit_images_kind_of("bpf_trampoline_4294995018"), PROG_IMAGE_TRAMPOLINE);
	assert_int_equal(jit_images_kind_of("bpf_dispatcher_xdp"), PROG_IMAGE_DISPATCHER);
	assert_int_equal(jit_images_kind_of("bpf__tcp_congestion_ops_ssthresh"),
			 PROG_IMAGE_STRUCT_OPS);
	assert_int_equal(jit_images_kind_of("bpf_trampoline_x"), PROG_IMAGE_OTHER);
	assert_int_equal(jit_images_kind_of("something_else"), PROG_IMAGE_OTHER);
	/* key = (BTF object id << 32) | BTF id: vmlinux (object 1), type 27722 */
	assert_true(jit_images_trampoline_key("bpf_trampoline_4294995018", &obj, &btf_id));
	assert_int_equal(obj, 1);
	assert_int_equal(btf_id, 27722);
	/* a program target: program 975000, its BTF type 12 */
	assert_true(jit_images_trampoline_key("bpf_trampoline_4187593113600012", &obj, &btf_id));
	assert_int_equal(obj, 975000);
	assert_int_equal(btf_id, 12);
	/* with the image index bpf_tramp_image_alloc() took on 5.10 */
	assert_true(jit_images_trampoline_key("bpf_trampoline_75989_0", &obj, &btf_id));
	assert_int_equal(obj, 0);
	assert_int_equal(btf_id, 75989);
	assert_int_equal(jit_images_kind_of("bpf_trampoline_75989_1"), PROG_IMAGE_TRAMPOLINE);
	assert_false(jit_images_trampoline_key("bpf_trampoline_75989_", &obj, &btf_id));
	assert_false(jit_images_trampoline_key("bpf_trampoline_75989_0_1", &obj, &btf_id));
	assert_false(jit_images_trampoline_key("bpf_trampoline_", &obj, &btf_id));
	assert_false(jit_images_trampoline_key("bpf_trampoline_12a", &obj, &btf_id));
	assert_false(jit_images_trampoline_key("bpf_trampoline_99999999999999999999", &obj,
					       &btf_id));
	assert_string_equal(jit_images_kind_name(PROG_IMAGE_STRUCT_OPS), "struct_ops");
	assert_string_equal(jit_images_kind_name(PROG_IMAGE_OTHER), "other");
}

static const char *text_of(const struct fields *f)
{
	static char all[8192];
	size_t used = 0;

	all[0] = '\0';
	for (size_t i = 0; i < f->nr && used < sizeof(all); i++)
		used += (size_t)snprintf(all + used, sizeof(all) - used, "%s|%s\n", f->v[i].label,
					 f->v[i].text);
	return all;
}

static void test_fields(void **state)
{
	static struct prog_struct_ops_member m1[] = { { (char *)"ssthresh", 41 } };
	static struct prog_struct_ops_member m2[] = { { (char *)"ssthresh", 42 } };
	static struct prog_struct_ops ops[] = {
		{ .map_id = 7, .map_name = "cc_one", .struct_name = (char *)"tcp_congestion_ops",
		  .ops_name = (char *)"one", .members = m1, .nr_members = 1 },
		{ .map_id = 8, .map_name = "cc_two", .struct_name = (char *)"tcp_congestion_ops",
		  .ops_name = (char *)"two", .members = m2, .nr_members = 1 },
	};
	static struct prog_symbol others[] = {
		{ 0xffffffffc0001000, 0, (char *)"bpf_trampoline_4294995018" },
		{ 0xffffffffc0002000, 0, (char *)"bpf_dispatcher_xdp" },
		{ 0xffffffffc0003000, 0, (char *)"bpf__tcp_congestion_ops_ssthresh" },
		{ 0xffffffffc0004000, 0, (char *)"mystery" },
	};
	static struct prog_image images[] = {
		{ PROG_IMAGE_TRAMPOLINE, (char *)"the programs attached to tcp_v4_connect()" },
		{ PROG_IMAGE_DISPATCHER, (char *)"the XDP dispatcher" },
		{ PROG_IMAGE_STRUCT_OPS, (char *)"tcp_congestion_ops.ssthresh, image 1 of 2" },
		{ PROG_IMAGE_OTHER, NULL },
	};
	static struct prog progs[] = {
		{ .id = 41, .type_name = "struct_ops", .name = "one_ssthresh" },
		{ .id = 42, .type_name = "struct_ops", .name = "two_ssthresh" },
		{ .id = 50, .type = 6, .type_name = "xdp", .name = "xdp_pass" },
	};
	struct prog_list list = { .progs = progs, .nr_progs = 3, .others = others,
				   .nr_others = 4, .images = images, .struct_ops = ops,
				   .nr_struct_ops = 2 };
	struct prog_list empty = { 0 };
	struct fields f;

	(void)state;
	fields_init(&f);
	fields_jit_images(&list, &f);
	assert_false(f.oom);
	assert_string_equal(text_of(&f),
		"Registered|map 7 cc_one implements struct tcp_congestion_ops as \"one\": ssthresh: "
		"program 41 one_ssthresh\n"
		"Registered|map 8 cc_two implements struct tcp_congestion_ops as \"two\": ssthresh: "
		"program 42 two_ssthresh\n"
		"Registered|2 maps implement struct tcp_congestion_ops: the kernel names every "
		"registration's trampolines alike (bpf__tcp_congestion_ops_<member>, "
		"bpf_struct_ops_ksym_init()), so their maps tell them apart, and the trampolines "
		"of one registration share an image\n"
		"Trampolines|ffffffffc0001000 bpf_trampoline_4294995018: the programs attached to "
		"tcp_v4_connect()\n"
		"Dispatchers|ffffffffc0002000 bpf_dispatcher_xdp: the XDP dispatcher\n"
		"Dispatchers|XDP programs loaded now: 50 xdp_pass\n"
		"struct_ops|ffffffffc0003000 bpf__tcp_congestion_ops_ssthresh: "
		"tcp_congestion_ops.ssthresh, image 1 of 2\n"
		"Other|ffffffffc0004000 mystery\n");
	fields_free(&f);

	fields_init(&f);
	fields_jit_images(&empty, &f);
	assert_string_equal(text_of(&f), "|none listed\n");
	fields_free(&f);
}

/* Two registrations of tcp_congestion_ops, three members each, placed by
 * bpf_prog_pack across page boundaries (as seen on 6.18): two images, told
 * apart by a member coming again, not by pages. */
static void test_ops_images(void **state)
{
	static struct prog_symbol others[] = {
		{ 0xffffffffc0027fc0, 0, (char *)"bpf__tcp_congestion_ops_ssthresh" },
		{ 0xffffffffc0028070, 0, (char *)"bpf__tcp_congestion_ops_cong_avoid" },
		{ 0xffffffffc0028120, 0, (char *)"bpf__tcp_congestion_ops_undo_cwnd" },
		{ 0xffffffffc0028fc0, 0, (char *)"bpf__tcp_congestion_ops_ssthresh" },
		{ 0xffffffffc0029070, 0, (char *)"bpf__tcp_congestion_ops_cong_avoid" },
		{ 0xffffffffc0029120, 0, (char *)"bpf__tcp_congestion_ops_undo_cwnd" },
		{ 0xffffffffc002a000, 0, (char *)"bpf__sched_ext_ops_enqueue" },
	};
	static const size_t want[] = { 1, 1, 1, 2, 2, 2 };
	struct prog_list list = { .others = others, .nr_others = 7 };
	size_t image, nr;

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		jit_images_ops_image(&list, i, strlen("tcp_congestion_ops"), &image, &nr);
		assert_int_equal(nr, 2);
		assert_int_equal(image, want[i]);
	}
	jit_images_ops_image(&list, 6, strlen("sched_ext_ops"), &image, &nr);
	assert_int_equal(nr, 1);
	assert_int_equal(image, 1);
	/* one image spans at most a page: a member a page past the first
	 * begins another */
	{
		static struct prog_symbol wide[] = {
			{ 0xffffffffc0030040, 0, (char *)"bpf__tcp_congestion_ops_ssthresh" },
			{ 0xffffffffc0030840, 0, (char *)"bpf__tcp_congestion_ops_cong_avoid" },
			{ 0xffffffffc0031040, 0, (char *)"bpf__tcp_congestion_ops_undo_cwnd" },
		};
		struct prog_list one = { .others = wide, .nr_others = 3 };

		jit_images_ops_image(&one, 1, strlen("tcp_congestion_ops"), &image, &nr);
		assert_int_equal(image, 1);
		jit_images_ops_image(&one, 2, strlen("tcp_congestion_ops"), &image, &nr);
		assert_int_equal(image, 2);
		assert_int_equal(nr, 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_and_keys),
		cmocka_unit_test(test_ops_images),
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
