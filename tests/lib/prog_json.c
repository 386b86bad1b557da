#include "lib/prog_json.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "out/jsonw.h"
#include "out/report.h"

json_object *prog_json(const struct prog *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jsonw w;
	json_object *o;

	assert_non_null(f);
	jsonw_init(&w, f, false);
	report_json_prog(&w, p);
	assert_int_equal(fclose(f), 0);
	o = json_tokener_parse(buf);
	if (!o)
		fail_msg("not JSON: %s", buf);
	free(buf);
	return o;
}
