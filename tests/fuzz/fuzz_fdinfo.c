/* /proc/<pid>/fdinfo text of a BPF fd: the ids read for each kind are
 * those of a "key:\t<decimal>" line of the text, or 0; a key's number
 * (base/fdinfo.h) comes from a line with that key. */
#include "fuzz.h"

#include <string.h>

#include "base/fdinfo.h"
#include "holders/fdkind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (int kind = 0; kind < HOLDER__COUNT; kind++) {
		struct fdkind_fd f = { .fd = 3, .kind = (uint8_t)kind };

		fdkind_parse_fdinfo(&f, text);
		if (f.kind != kind || f.fd != 3)
			fuzz_fail("parsing fdinfo changed the fd's kind or number");
		if (f.id && !strstr(text, "_id:"))
			fuzz_fail("id %u from a text with no \"_id:\" line", (unsigned)f.id);
		if (f.prog_id && !strstr(text, "prog_id:"))
			fuzz_fail("prog_id %u from a text with no \"prog_id:\"", (unsigned)f.prog_id);
	}
	{
		uint64_t v;

		if (!fdinfo_u64(text, "memlock:", &v) && !strstr(text, "memlock:"))
			fuzz_fail("memlock %llu from a text with no \"memlock:\"",
				  (unsigned long long)v);
	}
	free(text);
	return 0;
}
