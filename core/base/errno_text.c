/* Sentences for errnos (see errno_text.h). */
#include "base/errno_text.h"

#include <stdio.h>

const struct errno_text *errno_text_row(const struct errno_text *table, int err)
{
	while (table->err != err && table->err != ERRNO_TEXT_OTHER)
		table++;
	return table;
}

/* The rows' texts are formats by contract (errno_text.h): literals in the
 * tables, with at most one "%s", always given. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void errno_text_write(const struct errno_text *table, int err, const char *subject,
		      const void *ctx, char *buf, size_t size)
{
	const struct errno_text *row = errno_text_row(table, err);

	if (row->write)
		row->write(ctx, buf, size);
	else if (row->text)
		snprintf(buf, size, row->text, subject ? subject : "");
	else if (size)
		buf[0] = '\0';
}
#pragma GCC diagnostic pop
