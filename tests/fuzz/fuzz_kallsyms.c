/* /proc/kallsyms as ksyms_table_parse() reads it, from a descriptor: the
 * [bpf] symbols kept are sorted by address, each with a name, and never
 * more than the lines seen. And as jit_counter_find_symbol() reads its
 * vmlinux part for bpf_jit_current: found or -ENOENT, never past the data. */
#include "fuzz.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "jitmem/jit_counter.h"
#include "ksyms/ksyms_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksyms_table ks;
	uint64_t addr = 0;
	int fd = fuzz_memfd(data, size), err;

	if (fd < 0)
		return 0;
	err = jit_counter_find_symbol(fd, "bpf_jit_current", &addr);
	if (err && err != -ENOENT)
		fuzz_fail("jit_counter_find_symbol: %d", err);
	if (!err && !memmem(data, size, " bpf_jit_current", 16))
		fuzz_fail("bpf_jit_current found in data that does not name it");
	if (lseek(fd, 0, SEEK_SET)) {
		close(fd);
		return 0;
	}
	if (ksyms_table_parse(fd, &ks)) {
		close(fd);
		return 0;
	}
	close(fd);
	if (ks.nr_syms > ks.nr_lines || ks.nr_bad_lines > ks.nr_lines)
		fuzz_fail("%zu symbols and %zu bad lines from %zu lines", ks.nr_syms,
			  ks.nr_bad_lines, ks.nr_lines);
	for (size_t i = 0; i < ks.nr_syms; i++) {
		if (!ks.syms[i].name || strlen(ks.syms[i].name) > KSYMS_NAME_MAX)
			fuzz_fail("symbol %zu has no name or one too long", i);
		if (i && ks.syms[i].addr < ks.syms[i - 1].addr)
			fuzz_fail("symbols out of address order at %zu", i);
		if (ks.syms[i].addr && !ksyms_table_find(&ks, ks.syms[i].addr)) /* 0: hidden */
			fuzz_fail("symbol %zu not found by its own address", i);
	}
	ksyms_table_free(&ks);
	return 0;
}
