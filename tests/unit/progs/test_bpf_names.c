/* The names of the kernel's BPF enums (core/progs/bpf_names.c): every value the
 * running kernel defines has a name, the same as libbpf's wherever libbpf
 * has one, and a number the table does not know reads "type N". */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "progs/bpf_names.h"

typedef const char *names_fn(unsigned int);

struct names_kind {
	const char *btf_enum; /* the kernel's enum */
	const char *prefix;   /* of its enumerators, before the name */
	names_fn *ours;
	unsigned int last;    /* the table's last value */
};

static const char *libbpf_attach(unsigned int t)
{
	return libbpf_bpf_attach_type_str((enum bpf_attach_type)t);
}

static const char *libbpf_prog(unsigned int t)
{
	return libbpf_bpf_prog_type_str((enum bpf_prog_type)t);
}

static const char *libbpf_map(unsigned int t)
{
	return libbpf_bpf_map_type_str((enum bpf_map_type)t);
}

static const char *libbpf_link(unsigned int t)
{
	return libbpf_bpf_link_type_str((enum bpf_link_type)t);
}

static const struct names_kind names_kinds[] = {
	{ "bpf_prog_type", "BPF_PROG_TYPE_", bpf_names_prog_type, BPF_NAMES_LAST_PROG_TYPE },
	{ "bpf_attach_type", "BPF_", bpf_names_attach_type, BPF_NAMES_LAST_ATTACH_TYPE },
	{ "bpf_map_type", "BPF_MAP_TYPE_", bpf_names_map_type, BPF_NAMES_LAST_MAP_TYPE },
	{ "bpf_link_type", "BPF_LINK_TYPE_", bpf_names_link_type, BPF_NAMES_LAST_LINK_TYPE },
};

static names_fn *const libbpf_fns[] = { libbpf_prog, libbpf_attach, libbpf_map, libbpf_link };

static void test_every_value_named(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(names_kinds) / sizeof(names_kinds[0]); k++) {
		const struct names_kind *kind = &names_kinds[k];

		for (unsigned int t = 0; t <= kind->last; t++) {
			const char *name = kind->ours(t);
			const char *theirs = libbpf_fns[k](t);

			assert_non_null(name);
			assert_true(name[0]);
			if (!strncmp(name, "type ", 5))
				fail_msg("%s %u has no name", kind->btf_enum, t);
			/* libbpf 1.1 knows the older ones: the same words */
			if (theirs)
				assert_string_equal(name, theirs);
		}
	}
}

static void test_unknown_numbers(void **state)
{
	const char *a, *b;

	(void)state;
	a = bpf_names_prog_type(99);
	assert_string_equal(a, "type 99");
	b = bpf_names_prog_type(99);
	assert_ptr_equal(a, b); /* kept: callers hold the pointer like a name */
	assert_string_equal(bpf_names_attach_type(BPF_NAMES_LAST_ATTACH_TYPE + 1), "type 58");
	assert_string_equal(bpf_names_map_type(4000000000u), "type 4000000000");
	assert_string_equal(bpf_names_link_type(BPF_NAMES_LAST_LINK_TYPE + 1), "type 15");
	assert_true(bpf_names_prog_type_known(32));
	assert_string_equal(bpf_names_prog_type(32), "netfilter");
	assert_false(bpf_names_prog_type_known(BPF_NAMES_LAST_PROG_TYPE + 1));
	assert_true(bpf_names_map_type_known(BPF_NAMES_LAST_MAP_TYPE));
	assert_false(bpf_names_map_type_known(BPF_NAMES_LAST_MAP_TYPE + 1));
}

/* The running kernel's own enums, from its BTF: every enumerator has our
 * name, and that name is the enumerator's, lower case, without prefix. A
 * newer kernel than the table fails here: add its rows to bpf_names.c. */
static void test_running_kernel(void **state)
{
	struct btf *btf = btf__load_vmlinux_btf();
	char want[128];

	(void)state;
	if (!btf) {
		if (getenv("CI"))
			fail_msg("no /sys/kernel/btf/vmlinux, which CI's kernel has");
		skip();
	}
	for (size_t k = 0; k < sizeof(names_kinds) / sizeof(names_kinds[0]); k++) {
		const struct names_kind *kind = &names_kinds[k];
		__s32 id = btf__find_by_name_kind(btf, kind->btf_enum, BTF_KIND_ENUM);
		const struct btf_type *t;
		const struct btf_enum *e;
		size_t nr_named = 0;

		assert_true(id > 0);
		t = btf__type_by_id(btf, (__u32)id);
		e = btf_enum(t);
		for (unsigned int i = 0; i < btf_vlen(t); i++) {
			const char *s = btf__name_by_offset(btf, e[i].name_off);
			size_t plen = strlen(kind->prefix), n;

			if (!strncmp(s, "__MAX_", 6) || strstr(s, "_DEPRECATED"))
				continue;
			assert_int_equal(strncmp(s, kind->prefix, plen), 0);
			for (n = 0; s[plen + n] && n + 1 < sizeof(want); n++)
				want[n] = (char)tolower((unsigned char)s[plen + n]);
			want[n] = '\0';
			if (strcmp(kind->ours((unsigned int)e[i].val), want))
				fail_msg("%s = %d: the table says \"%s\", the kernel \"%s\"", s,
					 e[i].val, kind->ours((unsigned int)e[i].val), want);
			nr_named++;
		}
		assert_true(nr_named > 0);
	}
	btf__free(btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_value_named),
		cmocka_unit_test(test_unknown_numbers),
		cmocka_unit_test(test_running_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
