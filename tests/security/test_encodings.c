/* Output encodings (security review, findings 6 and 7): --json and the
 * Prometheus labels are always valid UTF-8 with every control escaped,
 * whatever other users put in a process name, a uprobe's file, a bpffs pin
 * or a cgroup path, or a captured tree in its files. Strings here go
 * through the real renderers (report_json_write(), prom_write()) in a
 * snapshot of a fixture tree, and the output is checked as a strict
 * parser checks it: json-c in strict mode with UTF-8 validation (what
 * Python's json.load refuses, it refuses), a UTF-8 decoder of this test's
 * own, no C0/C1 control byte, and each hostile string decoded back to what
 * README.md says it becomes (U+FFFD for a byte that is not UTF-8). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "fleet/prom.h"
#include "lib/fixture.h"
#include "out/report.h"
#include "refresh/snapshot.h"

/* ESC sequences (a title, a clear), BEL, the C1 CSI as UTF-8 (U+009B), two
 * bytes that are never UTF-8, a quote, a backslash, CR and LF. */
#define EVIL "\x1b]0;OWNED\x07\x1b[2J\xc2\x9b" "31m\xff\xfe\"\\\r\n<end>"
/* What a JSON parser gives back for EVIL: controls escaped (and so kept),
 * each byte that is not UTF-8 replaced by U+FFFD. */
#define EVIL_DECODED "\x1b]0;OWNED\x07\x1b[2J\xc2\x9b" "31m\xef\xbf\xbd\xef\xbf\xbd\"\\\r\n<end>"

/* Valid UTF-8 (this test's own decoder), no raw control byte but LF. */
static void assert_clean_utf8(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < n;) {
		size_t len = s[i] < 0x80 ? 1 : (s[i] & 0xe0) == 0xc0 ? 2 : (s[i] & 0xf0) == 0xe0 ? 3
			     : (s[i] & 0xf8) == 0xf0 ? 4 : 0;
		uint32_t cp = len == 1 ? s[i] : len == 2 ? s[i] & 0x1f : len == 3 ? s[i] & 0x0f
			      : s[i] & 0x07;

		if (!len || i + len > n)
			fail_msg("byte %zu (0x%02x) is not UTF-8", i, s[i]);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				fail_msg("byte %zu (0x%02x) is not UTF-8", i, s[i]);
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			fail_msg("byte %zu: not the shortest form of a scalar value", i);
		if ((cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp <= 0x9f))
			fail_msg("byte %zu: a raw control character U+%04X", i, (unsigned)cp);
		i += len;
	}
}

static struct json_object *parse_strict(const char *text, size_t n)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;

	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, text, (int)n);
	if (!obj)
		fail_msg("not strict JSON: %s", json_tokener_error_desc(json_tokener_get_error(tok)));
	json_tokener_free(tok);
	return obj;
}

static struct json_object *get(struct json_object *o, const char *path)
{
	char key[64];

	while (*path) {
		size_t len = strcspn(path, ".");

		snprintf(key, sizeof(key), "%.*s", (int)len, path);
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(key));
		else if (!json_object_object_get_ex(o, key, &o))
			fail_msg("no member %s", key);
		path += len + (path[len] == '.');
	}
	return o;
}

struct world {
	struct fixture fx;
	struct procroot root;
	struct snapshot *snap;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct prog *p;

	assert_non_null(w);
	fixture_new(&w->fx);
	/* a captured tree another user made: its files are theirs */
	fixture_write(&w->fx, "sys/kernel/osrelease", "6.1.0-\xff\xfe\"q\\b\x1b[2J\r\x9b" "31m\n",
		      (size_t)-1);
	fixture_write(&w->fx, "sys/kernel/hostname", "h\x1b]0;TITLE\x07\xc2\x9b" "2J\xff\n",
		      (size_t)-1);
	assert_int_equal(procroot_init(&w->root, w->fx.dir), 0);
	w->snap = calloc(1, sizeof(*w->snap));
	assert_non_null(w->snap);
	assert_int_equal(snapshot_take(w->snap, &w->root), 0);
	/* one program as the live kernel would give it, with the strings
	 * other users choose: a holder's name, a uprobe's file, a pin, a
	 * cgroup, a statistics holder's name */
	prog_list_free(&w->snap->progs);
	p = w->snap->progs.progs = calloc(1, sizeof(*p));
	assert_non_null(p);
	w->snap->progs.nr_progs = 1;
	p->id = 42;
	p->type = 1;
	p->type_name = "socket_filter";
	strcpy(p->name, "victim");
	strcpy(p->tag, "0123456789abcdef");
	strcpy(p->user, "root");
	p->owners = calloc(1, sizeof(*p->owners));
	assert_non_null(p->owners);
	p->nr_owners = 1;
	p->owners[0].pid = 4242;
	p->owners[0].fd = 3;
	snprintf(p->owners[0].comm, sizeof(p->owners[0].comm), "%s",
		 "\x1b[2J\xc2\x9b" "1m\xff\xfe\"\\x");
	p->attachments = calloc(2, sizeof(*p->attachments));
	assert_non_null(p->attachments);
	p->nr_attachments = 2;
	p->attachments[0].kind = ATTACH_UPROBE;
	p->attachments[0].prog_id = 42;
	assert_true(attach_set_target(&p->attachments[0], "uprobe /home/eve/%s/libssl.so+0x10", EVIL));
	assert_true(attach_raw_str(&p->attachments[0], "file", "/home/eve/" EVIL "/libssl.so"));
	p->attachments[1].kind = ATTACH_CGROUP;
	p->attachments[1].prog_id = 42;
	assert_true(attach_set_target(&p->attachments[1], "cgroup /user.slice/%s egress", EVIL));
	assert_true(attach_raw_str(&p->attachments[1], "cgroup_path", "/user.slice/" EVIL));
	p->pins = calloc(1, sizeof(char *));
	assert_non_null(p->pins);
	p->pins[0] = strdup("/sys/fs/bpf/" EVIL);
	p->nr_pins = 1;
	w->snap->progs.stats.on = STATS_ON;
	w->snap->progs.stats.holders_error = 0;
	w->snap->progs.stats.nr_holders = w->snap->progs.stats.nr_holders_all = 1;
	w->snap->progs.stats.holders[0].pid = 777;
	snprintf(w->snap->progs.stats.holders[0].comm, sizeof(w->snap->progs.stats.holders[0].comm),
		 "%s", "\x1b]0;T\x07\xff\xc2\x9b" "2J");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	snapshot_free(w->snap);
	free(w->snap);
	fixture_free(&w->fx);
	free(w);
	return 0;
}

static void test_json_is_strict_utf8(void **state)
{
	struct world *w = *state;
	struct json_object *doc, *prog;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	assert_non_null(mem);
	assert_int_equal(report_json_write(w->snap, mem), 0);
	assert_int_equal(fclose(mem), 0);
	assert_clean_utf8(text, len);
	doc = parse_strict(text, len);
	/* what a reader gets back: the controls (escaped, so kept), U+FFFD
	 * for the bytes that are not UTF-8 */
	prog = get(doc, "programs.0");
	assert_string_equal(json_object_get_string(get(prog, "owners.0.comm")),
			    "\x1b[2J\xc2\x9b" "1m\xef\xbf\xbd\xef\xbf\xbd\"\\x");
	assert_string_equal(json_object_get_string(get(prog, "attachments.0.file")),
			    "/home/eve/" EVIL_DECODED "/libssl.so");
	assert_string_equal(json_object_get_string(get(prog, "attachments.1.cgroup_path")),
			    "/user.slice/" EVIL_DECODED);
	assert_string_equal(json_object_get_string(get(prog, "pins.0")),
			    "/sys/fs/bpf/" EVIL_DECODED);
	assert_string_equal(json_object_get_string(get(doc, "stats.held_by.0.comm")),
			    "\x1b]0;T\x07\xef\xbf\xbd\xc2\x9b" "2J");
	/* and the C1 CSI is written as an escape, never as its bytes */
	assert_null(strstr(text, "\xc2\x9b"));
	assert_non_null(strstr(text, "\\u009b"));
	json_object_put(doc);
	free(text);
}

static void test_prometheus_labels_are_utf8(void **state)
{
	struct world *w = *state;
	struct prom_facts facts;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	const char *info;

	assert_non_null(mem);
	prom_facts_read(&facts, &w->root);
	assert_int_equal(prom_write(w->snap, &facts, mem), 0);
	assert_int_equal(fclose(mem), 0);
	assert_clean_utf8(text, len);
	/* the release as a label: quote and backslash escaped, the rest
	 * replaced, so node_exporter takes the file */
	info = strstr(text, "\nbpfknobs_info{");
	assert_non_null(info);
	assert_non_null(strstr(info, "release=\"6.1.0-\xef\xbf\xbd\xef\xbf\xbd\\\"q\\\\b"
				     "\xef\xbf\xbd[2J\xef\xbf\xbd\xef\xbf\xbd" "31m\","));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_is_strict_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prometheus_labels_are_utf8, setup, teardown),
	};

	return cmocka_run_group_tests_name("security: encodings", tests, NULL, NULL);
}
