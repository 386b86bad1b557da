/* What a person types in the change dialog or gives to --set, and what a
 * knob file holds: change_parse_value() for every knob, and
 * parse_long_strict(). A value taken back in its printed form must parse
 * to the same number. */
#include "fuzz.h"

#include <string.h>

#include "change/change.h"
#include "knobs/knob.h"
#include "base/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), printed[32];
	long v, again;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (!parse_long_strict(text, size, &v)) {
		snprintf(printed, sizeof(printed), "%ld", v);
		if (parse_long_strict(printed, strlen(printed), &again) || again != v)
			fuzz_fail("parse_long_strict: \"%s\" gave %ld, which reads back as %ld", text,
				  v, again);
	}
	for (size_t i = 0; i < knob_count; i++) {
		if (change_parse_value(&knob_table[i], text, &v))
			continue;
		if (v < 0)
			fuzz_fail("%s: \"%s\" accepted as %ld, below zero", knob_table[i].name, text, v);
		snprintf(printed, sizeof(printed), "%ld", v);
		if (change_parse_value(&knob_table[i], printed, &again) || again != v)
			fuzz_fail("%s: \"%s\" gave %ld, which reads back differently",
				  knob_table[i].name, text, v);
	}
	free(text);
	return 0;
}
