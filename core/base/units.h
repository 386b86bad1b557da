/* Sizes and counts for people: bytes in binary units, numbers in groups. */
#ifndef BPFKNOBS_UNITS_H
#define BPFKNOBS_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* "504 MiB" when exact, "503.9 MiB" when not, "512 bytes" below 1 KiB. */
void units_format_bytes(uint64_t bytes, char *buf, size_t size);

/* "4,000", "1,048,576", "12". */
void units_format_count(uint64_t n, char *buf, size_t size);

#endif
