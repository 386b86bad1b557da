/* A program as --json writes it (report_json_prog()), parsed back with
 * json-c for the unit tests that check its members. */
#ifndef BPFKNOBS_TESTS_LIB_PROG_JSON_H
#define BPFKNOBS_TESTS_LIB_PROG_JSON_H

#include <json-c/json.h>

#include "refresh/prog_session.h"

/* The caller puts the object (json_object_put); fails the test on bad JSON. */
json_object *prog_json(const struct prog *p);

#endif
