/* --dump-map's text and JSON (see dump_map.h). */
#include "inspect/dump_map.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/textwrap.h"
#include "base/units.h"
#include "out/jsonw.h"

/* hex of one key or value: 3 characters a byte */
#define DUMP_MAP_HEX(n) (3 * (size_t)(n) + 1)

void dump_map_facts(const struct map_dump *d, char *buf, size_t size)
{
	char mem[32];

	units_format_bytes(d->info.memlock, mem, sizeof(mem));
	snprintf(buf, size, "%s %s, key %u B, value %u B, up to %u entries, memlock %s, flags 0x%x",
		 d->info.type_name, d->info.name[0] ? d->info.name : "(no name)", d->info.key_size,
		 d->info.value_size, d->info.max_entries, d->info.memlock ? mem : "unknown",
		 d->info.flags);
}

static void dump_map_put(FILE *out, const char *head, const char *s)
{
	size_t n = strlen(s);
	char *buf = malloc(4 * n + 4);

	if (!buf)
		return;
	textwrap_copy(s, n, true, buf, 4 * n + 4);
	fprintf(out, "%s%s\n", head, buf);
	free(buf);
}

static void dump_map_text_entry(struct map_dump *d, size_t i, FILE *out, char *hex,
				size_t hex_size)
{
	const char *t = map_dump_key_text(d, i);

	map_dump_hex(map_dump_key(d, i), d->info.key_size, " ", hex, hex_size);
	if (t) {
		dump_map_put(out, "key:   ", t);
		dump_map_put(out, "       ", hex);
	} else {
		dump_map_put(out, "key:   ", hex);
	}
	for (int cpu = 0; cpu < d->nr_cpus; cpu++) {
		char head[32];

		if (d->percpu)
			snprintf(head, sizeof(head), "cpu %d: ", cpu);
		else
			snprintf(head, sizeof(head), "value: ");
		t = map_dump_value_text(d, i, cpu);
		map_dump_hex(map_dump_value(d, i, cpu), d->info.value_size, " ", hex, hex_size);
		if (t) {
			dump_map_put(out, head, t);
			dump_map_put(out, "       ", hex);
		} else {
			dump_map_put(out, head, hex);
		}
	}
}

int dump_map_text(struct map_dump *d, FILE *out)
{
	size_t hex_size = DUMP_MAP_HEX(d->info.key_size > d->info.value_size ? d->info.key_size
									     : d->info.value_size);
	char *hex = malloc(hex_size), line[512];
	size_t total = 0;
	int err = 0;

	if (!hex)
		return -ENOMEM;
	dump_map_facts(d, line, sizeof(line));
	fprintf(out, "# map %u: ", d->info.id);
	dump_map_put(out, "", line);
	if (d->why) {
		dump_map_put(out, "# ", d->why);
	} else {
		fprintf(out, "# keys %s, values %s%s; read with %s, %zu entries at a time\n",
			d->key_dump ? "from BTF" : "in hex", d->value_dump ? "from BTF" : "in hex",
			d->percpu ? ", one per possible CPU" : "", d->method, d->page_size);
		for (size_t page = 0;; page++) {
			err = map_dump_page(d, page);
			if (err || d->page != page)
				break;
			for (size_t i = 0; i < d->nr; i++)
				dump_map_text_entry(d, i, out, hex, hex_size);
			total += d->nr;
			if (d->last)
				break;
		}
		if (err)
			fprintf(out, "# reading stopped: %s\n", strerror(-err));
		fprintf(out, "# %zu entr%s\n", total, total == 1 ? "y" : "ies");
	}
	free(hex);
	fflush(out);
	if (err)
		return err;
	return ferror(out) ? -EIO : 0;
}

static void dump_map_json_entry(struct map_dump *d, size_t i, struct jsonw *w, char *hex,
				size_t hex_size)
{
	jsonw_start_object(w);
	jsonw_string_field(w, "key", map_dump_key_text(d, i));
	map_dump_hex(map_dump_key(d, i), d->info.key_size, "", hex, hex_size);
	jsonw_string_field(w, "key_hex", hex);
	if (!d->percpu) {
		jsonw_string_field(w, "value", map_dump_value_text(d, i, 0));
		map_dump_hex(map_dump_value(d, i, 0), d->info.value_size, "", hex, hex_size);
		jsonw_string_field(w, "value_hex", hex);
	} else {
		jsonw_name(w, "values");
		jsonw_start_array(w);
		for (int cpu = 0; cpu < d->nr_cpus; cpu++)
			jsonw_string(w, map_dump_value_text(d, i, cpu));
		jsonw_end_array(w);
		jsonw_name(w, "values_hex");
		jsonw_start_array(w);
		for (int cpu = 0; cpu < d->nr_cpus; cpu++) {
			map_dump_hex(map_dump_value(d, i, cpu), d->info.value_size, "", hex, hex_size);
			jsonw_string(w, hex);
		}
		jsonw_end_array(w);
	}
	jsonw_end_object(w);
}

int dump_map_json(struct map_dump *d, FILE *out)
{
	size_t hex_size = DUMP_MAP_HEX(d->info.key_size > d->info.value_size ? d->info.key_size
									     : d->info.value_size);
	char *hex = malloc(hex_size);
	struct jsonw w;
	size_t total = 0;
	int err = 0;

	if (!hex)
		return -ENOMEM;
	jsonw_init(&w, out, true);
	jsonw_start_object(&w);
	jsonw_uint_field(&w, "id", d->info.id);
	jsonw_string_field(&w, "type", d->info.type_name);
	jsonw_string_field(&w, "name", d->info.name);
	jsonw_uint_field(&w, "key_size", d->info.key_size);
	jsonw_uint_field(&w, "value_size", d->info.value_size);
	jsonw_uint_field(&w, "max_entries", d->info.max_entries);
	jsonw_uint_field(&w, "flags", d->info.flags);
	if (d->info.memlock)
		jsonw_uint_field(&w, "bytes_memlock", d->info.memlock);
	else
		jsonw_null_field(&w, "bytes_memlock");
	jsonw_uint_field(&w, "btf_id", d->btf_id);
	jsonw_bool_field(&w, "percpu", d->percpu);
	jsonw_string_field(&w, "not_dumped", d->why);
	jsonw_name(&w, "entries");
	if (d->why) {
		jsonw_null(&w);
	} else {
		jsonw_start_array(&w);
		for (size_t page = 0;; page++) {
			err = map_dump_page(d, page);
			if (err || d->page != page)
				break;
			for (size_t i = 0; i < d->nr; i++)
				dump_map_json_entry(d, i, &w, hex, hex_size);
			total += d->nr;
			if (d->last)
				break;
		}
		jsonw_end_array(&w);
	}
	jsonw_string_field(&w, "method", d->why ? NULL : d->method);
	jsonw_string_field(&w, "error", err ? strerror(-err) : NULL);
	jsonw_uint_field(&w, "nr_entries", total);
	jsonw_end_object(&w);
	fputc('\n', out);
	free(hex);
	fflush(out);
	if (err)
		return err;
	return ferror(out) ? -EIO : 0;
}
