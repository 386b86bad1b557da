#include "base/units.h"

#include <stdio.h>

void units_format_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char *const names[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int unit = 0;
	uint64_t scale = 1024;

	if (bytes < 1024) {
		snprintf(buf, size, "%llu byte%s", (unsigned long long)bytes, bytes == 1 ? "" : "s");
		return;
	}
	while (unit + 1 < sizeof(names) / sizeof(names[0]) && bytes / scale >= 1024) {
		scale *= 1024;
		unit++;
	}
	if (bytes % scale == 0)
		snprintf(buf, size, "%llu %s", (unsigned long long)(bytes / scale), names[unit]);
	else
		snprintf(buf, size, "%.1f %s", (double)bytes / (double)scale, names[unit]);
}

void units_format_count(uint64_t n, char *buf, size_t size)
{
	char digits[24], out[32];
	int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n), o = 0;

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
}
