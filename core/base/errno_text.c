/* Sentences for errnos (see errno_text.h). */
#include "base/errno_text.h"

#include <stdio.h>

const struct errno_text *errno_text_row(const struct errno_text *table, int err)
{
	while (table->err != err && table->err != ERRNO_TEXT_OTHER)
		table++;
	return table;
}

void errno_text_write(const struct errno_text *table, int err, const void *ctx, char *buf,
		      size_t size)
{
	const struct errno_text *row = errno_text_row(table, err);

	if (row->write)
		row->write(ctx, buf, size);
	else
		snprintf(buf, size, "%s", row->text ? row->text : "");
}
