/* The one JSON writer (core/out/jsonw.c): layout, nesting, escaping, and that
 * what it writes parses back (json-c as the independent reader). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "out/jsonw.h"

static char *written(void (*build)(struct jsonw *), bool pretty)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jsonw w;

	assert_non_null(f);
	jsonw_init(&w, f, pretty);
	build(&w);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void build_doc(struct jsonw *w)
{
	jsonw_start_object(w);
	jsonw_string_field(w, "name", "net.core.bpf_jit_harden");
	jsonw_int_field(w, "value", -1);
	jsonw_uint_field(w, "big", UINT64_MAX);
	jsonw_bool_field(w, "locked", false);
	jsonw_null_field(w, "error");
	jsonw_text_field(w, "empty", "");
	jsonw_name(w, "ids");
	jsonw_start_array(w);
	jsonw_uint(w, 1);
	jsonw_uint(w, 2);
	jsonw_end_array(w);
	jsonw_name(w, "none");
	jsonw_start_array(w);
	jsonw_end_array(w);
	jsonw_name(w, "nested");
	jsonw_start_object(w);
	jsonw_string_field(w, "s", NULL);
	jsonw_end_object(w);
	jsonw_end_object(w);
}

static void test_layout(void **state)
{
	char *pretty = written(build_doc, true), *compact = written(build_doc, false);

	(void)state;
	assert_string_equal(pretty, "{\n"
				    "  \"name\": \"net.core.bpf_jit_harden\",\n"
				    "  \"value\": -1,\n"
				    "  \"big\": 18446744073709551615,\n"
				    "  \"locked\": false,\n"
				    "  \"error\": null,\n"
				    "  \"empty\": null,\n"
				    "  \"ids\": [\n"
				    "    1,\n"
				    "    2\n"
				    "  ],\n"
				    "  \"none\": [],\n"
				    "  \"nested\": {\n"
				    "    \"s\": null\n"
				    "  }\n"
				    "}\n");
	assert_string_equal(compact, "{\"name\":\"net.core.bpf_jit_harden\",\"value\":-1,"
				     "\"big\":18446744073709551615,\"locked\":false,\"error\":null,"
				     "\"empty\":null,\"ids\":[1,2],\"none\":[],\"nested\":{\"s\":null}}");
	free(pretty);
	free(compact);
}

static const char *const nasty = "quote \" backslash \\ newline \n tab \t bell \a esc \x1b "
				 "del \x7f caf\xc3\xa9 /slash";

static void build_nasty(struct jsonw *w)
{
	jsonw_start_object(w);
	jsonw_string_field(w, nasty, nasty);
	jsonw_end_object(w);
}

static void test_escaping_round_trips(void **state)
{
	char *text = written(build_nasty, true);
	json_object *doc = json_tokener_parse(text), *v = NULL;

	(void)state;
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, nasty, &v));
	assert_string_equal(json_object_get_string(v), nasty);
	/* no raw control character is left in the output */
	for (const char *c = text; *c; c++)
		assert_true(*c == '\n' || ((unsigned char)*c >= 0x20 && *c != 0x7f));
	json_object_put(doc);
	free(text);
}

/* The writer hands its bytes to the FILE in blocks: a document many times
 * a block parses back whole, and what a caller writes to the FILE after a
 * top-level value (dump_map's newline after its document) lands after it. */
static void test_blocks_and_caller_writes(void **state)
{
	char *buf = NULL, *big = malloc(3 * JSONW_BUF_SIZE + 1);
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_object *doc, *v = NULL;
	struct jsonw w;

	(void)state;
	assert_non_null(f);
	assert_non_null(big);
	memset(big, 'b', 3 * JSONW_BUF_SIZE);
	big[3 * JSONW_BUF_SIZE] = '\0';
	jsonw_init(&w, f, false);
	jsonw_start_object(&w);
	for (unsigned i = 0; i < 2000; i++)
		jsonw_uint_field(&w, "n", i);
	jsonw_string_field(&w, "big", big);
	jsonw_end_object(&w);
	fputc('|', f);
	jsonw_string(&w, "top");
	fputc('|', f);
	jsonw_uint(&w, 7);
	fputc('|', f);
	assert_int_equal(fclose(f), 0);
	assert_true(len > 3 * JSONW_BUF_SIZE);
	assert_string_equal(buf + len - 10, "}|\"top\"|7|");
	buf[len - 9] = '\0';
	doc = json_tokener_parse(buf);
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "big", &v));
	assert_string_equal(json_object_get_string(v), big);
	json_object_put(doc);
	free(big);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_escaping_round_trips),
		cmocka_unit_test(test_blocks_and_caller_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
