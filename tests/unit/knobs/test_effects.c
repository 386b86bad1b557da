/* Cross-effects between the knobs (core/knobs/effects.c) over hand-made
 * snapshots: which knob hides the JIT symbols, which sentences each knob's
 * detail shows for which live values, and that every sentence names real
 * knobs with their current values. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "knobs/effects.h"
#include "knobs/knob.h"
#include "refresh/snapshot.h"

/* The effects of a snapshot's knobs, as the renderers ask for them. */
static enum effects_symbols snap_symbols(const struct snapshot *snap, char *buf, size_t size)
{
	struct knob_values v;

	snapshot_knob_values(snap, &v);
	return effects_symbols(&v, snap->kver, buf, size);
}

static size_t snap_for_knob(const struct snapshot *snap, const struct knob_def *def,
			    struct effects_line *out, size_t max)
{
	struct knob_values v;

	snapshot_knob_values(snap, &v);
	return effects_for_knob(&v, snap->kver, def, out, max);
}

static size_t snap_preview(const struct snapshot *snap, const struct knob_def *def, long value,
			   struct effects_line *out, size_t max)
{
	struct knob_values v;

	snapshot_knob_values(snap, &v);
	return effects_preview(&v, snap->kver, def, value, out, max);
}

#define UNPRIV KNOB_UNPRIV_DISABLED
#define ENABLE KNOB_JIT_ENABLE
#define HARDEN KNOB_JIT_HARDEN
#define KALLSYMS KNOB_JIT_KALLSYMS
#define LIMIT KNOB_JIT_LIMIT

/* Every knob readable at the defaults of the reference machine. */
static struct snapshot *snap_new(void)
{
	static const long values[] = { 2, 1, 0, 1, 528482304, 0 };
	struct snapshot *snap = calloc(1, sizeof(*snap));

	assert_non_null(snap);
	assert_int_equal(knob_count, 6);
	for (size_t i = 0; i < knob_count; i++) {
		snap->knobs[i].def = &knob_table[i];
		snap->knobs[i].reading.value = values[i];
	}
	snap->nr_knobs = knob_count;
	return snap;
}

static struct snapshot_knob *knob(struct snapshot *snap, enum knob_id id)
{
	assert_int_equal(snap->knobs[id].def->id, id);
	return &snap->knobs[id];
}

static void set(struct snapshot *snap, enum knob_id id, long value)
{
	knob(snap, id)->reading.error = 0;
	knob(snap, id)->reading.value = value;
}

static void unreadable(struct snapshot *snap, enum knob_id id)
{
	knob(snap, id)->reading.error = -EACCES;
}

/* The sentence on the listing and the one rule that decides it
 * (knob_values_list_symbols()) agree for every value of the two knobs,
 * readable or not. */
static void test_listing_sentence_follows_the_one_rule(void **state)
{
	struct snapshot *snap = snap_new();
	struct knob_values v;
	char buf[256];

	(void)state;
	for (long harden = -1; harden <= 2; harden++) {
		for (long kallsyms = -1; kallsyms <= 1; kallsyms++) {
			static const enum effects_symbols by_rule[] = {
				[0] = EFFECTS_SYMBOLS_HIDDEN, [1] = EFFECTS_SYMBOLS_LISTED,
				[2] = EFFECTS_SYMBOLS_UNKNOWN,
			};
			int listed;

			if (harden < 0)
				unreadable(snap, HARDEN);
			else
				set(snap, HARDEN, harden);
			if (kallsyms < 0)
				unreadable(snap, KALLSYMS);
			else
				set(snap, KALLSYMS, kallsyms);
			snapshot_knob_values(snap, &v);
			listed = knob_values_list_symbols(&v);
			assert_int_equal(snap_symbols(snap, buf, sizeof(buf)),
					 by_rule[listed < 0 ? 2 : listed]);
		}
	}
	free(snap);
}

/* Whether the detail of knob id shows a sentence containing text. */
static bool shows(struct snapshot *snap, enum knob_id id, const char *text)
{
	struct effects_line lines[16];
	size_t n = snap_for_knob(snap, knob(snap, id)->def, lines, 16);

	for (size_t i = 0; i < n; i++)
		if (strstr(lines[i].text, text))
			return true;
	return false;
}

static void test_short_name(void **state)
{
	(void)state;
	assert_string_equal(effects_short_name(knob_table[HARDEN].name), "bpf_jit_harden");
	assert_string_equal(effects_short_name(knob_table[UNPRIV].name), "unprivileged_bpf_disabled");
	assert_string_equal(effects_short_name("plain"), "plain");
}

static void test_defaults_list_symbols(void **state)
{
	struct snapshot *snap = snap_new();
	char buf[256];

	(void)state;
	assert_int_equal(snap_symbols(snap, buf, sizeof(buf)), EFFECTS_SYMBOLS_LISTED);
	assert_string_equal(buf, "listed in /proc/kallsyms");
	assert_false(shows(snap, KALLSYMS, "/proc/kallsyms"));
	assert_false(shows(snap, HARDEN, "/proc/kallsyms"));
	free(snap);
}

/* bpf_jit_kallsyms_enabled(): any non-zero bpf_jit_harden wins over
 * bpf_jit_kallsyms=1. */
static void test_harden_hides_symbols_whatever_kallsyms_says(void **state)
{
	struct snapshot *snap = snap_new();
	char buf[256];

	(void)state;
	for (long h = 1; h <= 2; h++) {
		char want[64];

		set(snap, HARDEN, h);
		assert_int_equal(snap_symbols(snap, buf, sizeof(buf)), EFFECTS_SYMBOLS_HIDDEN);
		snprintf(want, sizeof(want), "hidden by bpf_jit_harden=%ld", h);
		assert_string_equal(buf, want);
		snprintf(want, sizeof(want), "bpf_jit_harden=%ld: no program's symbol", h);
		assert_true(shows(snap, KALLSYMS, want));
		assert_true(shows(snap, HARDEN, want));
		assert_false(shows(snap, LIMIT, "symbol"));
	}
	free(snap);
}

static void test_kallsyms_zero_hides_symbols(void **state)
{
	struct snapshot *snap = snap_new();
	char buf[256];

	(void)state;
	set(snap, KALLSYMS, 0);
	assert_int_equal(snap_symbols(snap, buf, sizeof(buf)), EFFECTS_SYMBOLS_HIDDEN);
	assert_string_equal(buf, "hidden by bpf_jit_kallsyms=0");
	assert_true(shows(snap, KALLSYMS, "bpf_jit_kallsyms=0: no program's symbol is listed"));
	/* the harden detail says that turning blinding off would not help */
	assert_true(shows(snap, HARDEN, "bpf_jit_kallsyms=0:"));
	free(snap);
}

static void test_unreadable_knobs_leave_symbols_unknown(void **state)
{
	struct snapshot *snap = snap_new();
	char buf[256];

	(void)state;
	unreadable(snap, HARDEN);
	unreadable(snap, KALLSYMS);
	assert_int_equal(snap_symbols(snap, buf, sizeof(buf)), EFFECTS_SYMBOLS_UNKNOWN);
	assert_non_null(strstr(buf, "bpf_jit_harden"));
	assert_non_null(strstr(buf, "bpf_jit_kallsyms"));
	assert_non_null(strstr(buf, "could not be read"));
	/* a knob that is known to hide them decides, whatever the other is */
	set(snap, KALLSYMS, 0);
	assert_int_equal(snap_symbols(snap, buf, sizeof(buf)), EFFECTS_SYMBOLS_HIDDEN);
	assert_string_equal(buf, "hidden by bpf_jit_kallsyms=0");
	/* no sentence is made from a value that was not read */
	assert_false(shows(snap, HARDEN, "bpf_jit_harden="));
	free(snap);
}

static void test_jit_off_concerns_the_jit_knobs(void **state)
{
	struct snapshot *snap = snap_new();

	(void)state;
	set(snap, ENABLE, 0);
	assert_true(shows(snap, ENABLE, "bpf_jit_enable=0: programs loaded from now on are "
					"interpreted"));
	assert_true(shows(snap, KALLSYMS, "bpf_jit_enable=0:"));
	assert_true(shows(snap, HARDEN, "bpf_jit_enable=0:"));
	assert_true(shows(snap, LIMIT, "bpf_jit_enable=0:"));
	assert_false(shows(snap, UNPRIV, "bpf_jit_enable"));
	set(snap, ENABLE, 2);
	assert_true(shows(snap, ENABLE, "bpf_jit_enable=2: every new JIT image is hex-dumped"));
	free(snap);
}

static void test_unprivileged_gate_and_the_limit(void **state)
{
	struct snapshot *snap = snap_new();

	(void)state;
	assert_true(shows(snap, LIMIT, "unprivileged_bpf_disabled=2: users without CAP_BPF "
				       "cannot load eBPF programs"));
	set(snap, UNPRIV, 0);
	assert_true(shows(snap, LIMIT, "unprivileged_bpf_disabled=0: any user may load"));
	assert_true(shows(snap, HARDEN, "unprivileged_bpf_disabled=0:"));
	assert_false(shows(snap, LIMIT, "cannot load eBPF"));
	free(snap);
}

static void test_two_conditions_name_both_values(void **state)
{
	struct snapshot *snap = snap_new();

	(void)state;
	set(snap, HARDEN, 1);
	set(snap, UNPRIV, 1);
	assert_true(shows(snap, HARDEN, "bpf_jit_harden=1 and unprivileged_bpf_disabled=1: "
					"blinding covers only loaders without CAP_BPF"));
	assert_true(shows(snap, UNPRIV, "bpf_jit_harden=1 and unprivileged_bpf_disabled=1:"));
	set(snap, UNPRIV, 0);
	assert_false(shows(snap, HARDEN, "blinding covers only"));
	set(snap, UNPRIV, 2);
	set(snap, HARDEN, 2);
	assert_false(shows(snap, HARDEN, "blinding covers only"));
	free(snap);
}

/* "bpf_jit_harden=1 and unprivileged_bpf_disabled=2": each pair names a
 * knob of the snapshot at its current value. */
static void check_causes(struct snapshot *snap, const char *causes)
{
	char copy[128], *tok, *save;

	snprintf(copy, sizeof(copy), "%s", causes);
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char name[64];
		bool found = false;
		long v;

		if (!strcmp(tok, "and"))
			continue;
		assert_int_equal(sscanf(tok, "%63[a-z_]=%ld", name, &v), 2);
		for (size_t j = 0; j < snap->nr_knobs; j++) {
			if (strcmp(effects_short_name(snap->knobs[j].def->name), name))
				continue;
			found = true;
			assert_int_equal(snap->knobs[j].reading.value, v);
		}
		assert_true(found);
	}
}

static void check_sentences(struct snapshot *snap)
{
	for (size_t k = 0; k < snap->nr_knobs; k++) {
		struct effects_line lines[16];
		size_t n = snap_for_knob(snap, snap->knobs[k].def, lines, 16);

		for (size_t i = 0; i < n; i++) {
			const char *t = lines[i].text, *colon = strstr(t, ": ");
			char causes[128];

			assert_non_null(colon);
			assert_int_equal(t[strlen(t) - 1], '.');
			snprintf(causes, sizeof(causes), "%.*s", (int)(colon - t), t);
			check_causes(snap, causes);
		}
	}
}

/* Over every combination of the choice knobs: each sentence starts with
 * knob=value pairs of real knobs at their current values, and ends as a
 * sentence does. */
static void test_every_sentence_names_real_knobs_at_their_values(void **state)
{
	struct snapshot *snap = snap_new();

	(void)state;
	for (int combo = 0; combo < 3 * 3 * 3 * 2; combo++) {
		set(snap, UNPRIV, combo % 3);
		set(snap, ENABLE, combo / 3 % 3);
		set(snap, HARDEN, combo / 9 % 3);
		set(snap, KALLSYMS, combo / 27);
		check_sentences(snap);
	}
	free(snap);
}

/* The confirmation's "what will change": the symbols going or coming back,
 * and the effects that start or stop holding, computed without touching
 * the snapshot itself. */
static void test_preview_of_a_change(void **state)
{
	struct snapshot *snap = snap_new();
	struct effects_line out[8];
	size_t n;

	(void)state;
	n = snap_preview(snap, knob(snap, HARDEN)->def, 2, out, 8);
	assert_int_equal(n, 1);
	assert_non_null(strstr(out[0].text, "now listed in /proc/kallsyms; after: hidden by "
					    "bpf_jit_harden=2"));
	assert_int_equal(knob(snap, HARDEN)->reading.value, 0);

	/* back from hidden: the symbols return */
	set(snap, KALLSYMS, 0);
	n = snap_preview(snap, knob(snap, KALLSYMS)->def, 1, out, 8);
	assert_int_equal(n, 1);
	assert_non_null(strstr(out[0].text, "appears in /proc/kallsyms again"));

	/* hidden by one knob, and still by the other: no symbol line */
	set(snap, HARDEN, 1);
	n = snap_preview(snap, knob(snap, KALLSYMS)->def, 1, out, 8);
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(out[i].text, "JIT symbols:"));

	/* a rule that stops holding and one that starts */
	set(snap, HARDEN, 0);
	n = snap_preview(snap, knob(snap, UNPRIV)->def, 0, out, 8);
	assert_int_equal(n, 2);
	assert_non_null(strstr(out[0].text, "No longer holds: unprivileged_bpf_disabled=2"));
	assert_non_null(strstr(out[1].text, "Starts to hold: unprivileged_bpf_disabled=0"));

	/* the same value: nothing changes */
	assert_int_equal(snap_preview(snap, knob(snap, ENABLE)->def, 1, out,
					 8), 0);
	free(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listing_sentence_follows_the_one_rule),
		cmocka_unit_test(test_short_name),
		cmocka_unit_test(test_defaults_list_symbols),
		cmocka_unit_test(test_harden_hides_symbols_whatever_kallsyms_says),
		cmocka_unit_test(test_kallsyms_zero_hides_symbols),
		cmocka_unit_test(test_unreadable_knobs_leave_symbols_unknown),
		cmocka_unit_test(test_jit_off_concerns_the_jit_knobs),
		cmocka_unit_test(test_unprivileged_gate_and_the_limit),
		cmocka_unit_test(test_two_conditions_name_both_values),
		cmocka_unit_test(test_every_sentence_names_real_knobs_at_their_values),
		cmocka_unit_test(test_preview_of_a_change),
	};

	return cmocka_run_group_tests_name("effects", tests, NULL, NULL);
}
