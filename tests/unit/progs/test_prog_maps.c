/* The maps of a program as the one field list and --json give them, from a
 * hand-made program: one line per map, "none", and the sentence when the
 * kernel would not show them (a plain user gets that, never an empty list). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "out/fields.h"
#include "out/jsonw.h"
#include "progs/prog_maps.h"
#include "out/report.h"
#include "lib/prog_json.h"

static struct prog_map test_maps[] = {
	{ .id = 11, .type = 1, .type_name = "hash", .name = "counts", .key_size = 4,
	  .value_size = 8, .max_entries = 64, .memlock = 6224 },
	{ .id = 12, .type = 99, .type_name = "type 99", .name = "", .key_size = 0,
	  .value_size = 0, .max_entries = 4096, .flags = 0x400 },
};
static uint32_t test_ids[] = { 11, 12 };

static void prog_init(struct prog *p)
{
	memset(p, 0, sizeof(*p));
	p->id = 5;
	p->type_name = "socket_filter";
	strcpy(p->name, "reader");
	strcpy(p->tag, "0000000000000000");
	strcpy(p->user, "root");
}

/* The texts of the Maps fields, one per line. */
static const char *maps_text(const struct prog *p)
{
	static char all[4096];
	struct prog_list list = { 0 };
	struct fields f;
	size_t used = 0;

	fields_init(&f);
	fields_prog(&list, p, &f);
	all[0] = '\0';
	for (size_t i = 0; i < f.nr; i++)
		if (!strcmp(f.v[i].label, "Maps"))
			used += (size_t)snprintf(all + used, sizeof(all) - used, "%s\n", f.v[i].text);
	fields_free(&f);
	return all;
}

static void test_fields_and_json(void **state)
{
	struct prog p;
	json_object *o, *maps, *m;

	(void)state;
	prog_init(&p);
	assert_string_equal(maps_text(&p), "none\n");
	p.map_ids = test_ids;
	p.nr_map_ids = 2;
	p.maps = test_maps;
	p.nr_maps = 2;
	assert_string_equal(maps_text(&p),
			    "2 maps\n"
			    "11 counts: hash, key 4 B, value 8 B, 64 entries at most, memory 6.1 KiB\n"
			    "12 (no name): type 99, key 0 B, value 0 B, 4096 entries at most, memory "
			    "unknown, flags 0x400\n");
	o = prog_json(&p);
	maps = json_object_object_get(o, "maps");
	assert_int_equal(json_object_array_length(maps), 2);
	m = json_object_array_get_idx(maps, 0);
	assert_string_equal(json_object_to_json_string_ext(m, JSON_C_TO_STRING_PLAIN),
			    "{\"id\":11,\"name\":\"counts\",\"type\":\"hash\",\"key_size\":4,"
			    "\"value_size\":8,\"max_entries\":64,\"flags\":0,\"bytes_memlock\":6224}");
	m = json_object_array_get_idx(maps, 1);
	assert_string_equal(json_object_to_json_string_ext(m, JSON_C_TO_STRING_PLAIN),
			    "{\"id\":12,\"name\":null,\"type\":99,\"key_size\":0,\"value_size\":0,"
			    "\"max_entries\":4096,\"flags\":1024,\"bytes_memlock\":null}");
	assert_null(json_object_object_get(o, "maps_error"));
	json_object_put(o);

	/* refused: a sentence, in the list and in --json, never an empty list */
	p.nr_maps = 0;
	p.maps_error = -EPERM;
	assert_string_equal(maps_text(&p), "2 maps\nThe kernel shows a map's details only to "
			    "CAP_SYS_ADMIN (BPF_MAP_GET_FD_BY_ID): run bpfknobs as root to see them.\n");
	o = prog_json(&p);
	assert_true(json_object_object_get_ex(o, "maps", &maps));
	assert_null(maps);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "maps_error")),
			    prog_maps_error_text(-EPERM));
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_and_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
