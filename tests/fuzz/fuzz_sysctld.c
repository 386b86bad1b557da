/* A sysctl.d file, read and rewritten. The first byte picks which knobs to
 * save and their values; the rest is the file. The rewriter must keep
 * every other byte (checked against the reader's own idea of which line
 * is each key's last assignment), and the reader must read back exactly
 * what was written. */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "knobs/knob.h"
#include "knobs/sysctld.h"

#define FUZZ_KEYS 5

static const char *const fuzz_keys[FUZZ_KEYS] = {
	"kernel.unprivileged_bpf_disabled", "net.core.bpf_jit_enable", "net.core.bpf_jit_harden",
	"net.core.bpf_jit_kallsyms", "net.core.bpf_jit_limit",
};

/* The text the rewriter should produce, built from what the reader says. */
static char *fuzz_expect(const char *old, size_t old_len, const struct sysctld_assign *assigns,
			 size_t n, const struct sysctld_setting *before, size_t *len)
{
	const char *p = old, *end = old + old_len;
	bool ends_line = true, added = false;
	char *text = NULL, want[32];
	FILE *out = open_memstream(&text, len);
	int lineno = 0;

	if (!out)
		return NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p), k;

		lineno++;
		for (k = 0; k < n && !(before[k].found && before[k].line == lineno); k++)
			;
		snprintf(want, sizeof(want), "%ld", k < n ? assigns[k].value : 0L);
		if (k == n || !strcmp(before[k].value, want)) {
			fwrite(p, 1, l, out);
			ends_line = p[l - 1] == '\n';
		} else {
			fprintf(out, "%s = %ld\n", assigns[k].key, assigns[k].value);
			ends_line = true;
		}
		p += l;
	}
	for (size_t k = 0; k < n; k++) {
		if (before[k].found)
			continue;
		if (!added && !ends_line)
			fputc('\n', out);
		if (!added && !old_len)
			fputs("# Written by bpfknobs; other lines are kept as they are.\n", out);
		added = true;
		fprintf(out, "%s = %ld\n", assigns[k].key, assigns[k].value);
	}
	fclose(out);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sysctld_setting before[FUZZ_KEYS], after[FUZZ_KEYS];
	struct sysctld_assign assigns[FUZZ_KEYS];
	const char *keys[FUZZ_KEYS];
	const char *old = (const char *)data + 1;
	size_t n = 0, old_len, new_len, expect_len;
	char *new_text = NULL, *diff = NULL, *expect, want[32];

	if (size < 1)
		return 0;
	old_len = size - 1;
	for (int k = 0; k < FUZZ_KEYS; k++) {
		if (!(data[0] & (1u << k)))
			continue;
		keys[n] = fuzz_keys[k];
		/* the top bits vary the values, some of them long */
		assigns[n] = (struct sysctld_assign){ fuzz_keys[k],
			(long)(data[0] >> 5) * (k == 4 ? 123456789L : 1) };
		n++;
	}
	memset(before, 0, sizeof(before));
	sysctld_apply_text(old, old_len, "f.conf", keys, n, before);
	if (sysctld_edit(old, old_len, assigns, n, &new_text, &new_len, &diff))
		return 0;
	free(diff);

	/* The reader reads back every value written, on the line it was written. */
	memset(after, 0, sizeof(after));
	sysctld_apply_text(new_text, new_len, "f.conf", keys, n, after);
	for (size_t k = 0; k < n; k++) {
		snprintf(want, sizeof(want), "%ld", assigns[k].value);
		if (!after[k].found || strcmp(after[k].value, want))
			fuzz_fail("%s = %ld written, \"%s\" read back", keys[k], assigns[k].value,
				  after[k].found ? after[k].value : "(nothing)");
	}
	/* Files with NUL bytes are no text: their lines are judged whole by
	 * both, but the reader's copy of a value stops at the NUL. */
	if (memchr(old, '\0', old_len)) {
		free(new_text);
		return 0;
	}
	expect = fuzz_expect(old, old_len, assigns, n, before, &expect_len);
	if (expect && (expect_len != new_len || memcmp(expect, new_text, new_len)))
		fuzz_fail("the rewrite changed other bytes: %zu bytes written, %zu expected", new_len,
			  expect_len);
	free(expect);
	free(new_text);
	return 0;
}
