/* Shared by the libFuzzer harnesses of tests/fuzz (./configure
 * --enable-fuzzing; "make fuzz"). Each checks more than "no crash" where
 * it can: a broken promise stops the run through fuzz_fail(), which
 * libFuzzer reports with the input that broke it. */
#ifndef BPFKNOBS_TESTS_FUZZ_FUZZ_H
#define BPFKNOBS_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_fail(...)                                   \
	do {                                             \
		fprintf(stderr, "fuzz: " __VA_ARGS__);   \
		fputc('\n', stderr);                     \
		abort();                                 \
	} while (0)

/* An in-memory file holding data, positioned at its start: the parsers
 * that read a descriptor read it as they read /proc. -1 on failure. */
int fuzz_memfd(const void *data, size_t size);

#endif
