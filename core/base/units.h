/* Sizes for people: bytes in binary units. */
#ifndef BPFKNOBS_BASE_UNITS_H
#define BPFKNOBS_BASE_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* "504 MiB" when exact, "503.9 MiB" when not, "512 bytes" below 1 KiB. */
void units_format_bytes(uint64_t bytes, char *buf, size_t size);

#endif
