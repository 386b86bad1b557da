/* Sizes and counts for people: bytes in binary units, numbers in groups. */
#ifndef BPFKNOBS_BASE_UNITS_H
#define BPFKNOBS_BASE_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* A size for a sentence or a detail line, of any width: "504 MiB" when
 * exact, "503.9 MiB" when not, "512 bytes" below 1 KiB. (The program table's
 * cells round to 7 characters instead: format_size_cell() in tui/text.) */
void units_format_bytes(uint64_t bytes, char *buf, size_t size);

/* "4,000", "1,048,576", "12". */
void units_format_count(uint64_t n, char *buf, size_t size);

#endif
