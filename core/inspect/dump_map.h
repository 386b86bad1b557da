/* --dump-map ID: a map's facts and every entry, page by page
 * (map_dump.h), as text or JSON. In JSON each entry carries its bytes as
 * hex strings (key_hex, and value_hex or, per CPU, values_hex) beside the
 * BTF-formatted key and value (values per CPU), null where there is no
 * BTF. Text: "# " lines are the facts, then per entry "key:" and "value:"
 * (or "cpu N:") with the formatted text and the bytes. */
#ifndef BPFKNOBS_INSPECT_DUMP_MAP_H
#define BPFKNOBS_INSPECT_DUMP_MAP_H

#include <stdio.h>

#include "inspect/map_dump.h"

/* The facts in one line: "hash bk_counts, key 4 B, value 8 B, up to 64
 * entries, memlock 8.0 KiB". */
void dump_map_facts(const struct map_dump *d, char *buf, size_t size);

/* Both read every page of d from the first; 0, -errno of a read (after
 * what was read is written), or -EIO when out failed. */
int dump_map_text(struct map_dump *d, FILE *out);
int dump_map_json(struct map_dump *d, FILE *out);

#endif
