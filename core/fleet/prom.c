#include "fleet/prom.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/parse.h"
#include "base/safepath.h"
#include "base/textwrap.h"
#include "fleet/check.h"
#include "knobs/sysctld.h"
#include "ksyms/ksyms_names.h"

#define PROM_MAX_GROUPS 64

void prom_facts_read(struct prom_facts *facts, const struct procroot *root)
{
	char buf[32];
	size_t len;

	memset(facts, 0, sizeof(*facts));
	clock_gettime(CLOCK_REALTIME, &facts->taken);
	facts->stats_error = procroot_read(root, "sys/kernel/bpf_stats_enabled", buf, sizeof(buf),
					   &len);
	if (!facts->stats_error)
		facts->stats_error = parse_long_strict(buf, len, &facts->stats_enabled);
}

/* A label value: backslash, double quote and newline escaped, as the
 * text format wants; it must be UTF-8, so each byte that is not part of a
 * valid UTF-8 sequence, and every other control character (C0, DEL and
 * C1, which the format has no escape for), becomes U+FFFD. */
static void prom_label_value(FILE *out, const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD in UTF-8 */

	while (*s) {
		unsigned char c = (unsigned char)*s;
		uint32_t cp;
		size_t len;

		if (c >= 0x80) {
			len = textwrap_utf8_decode(s, &cp);
			if (!len || cp <= 0x9f)
				fputs(replacement, out);
			else
				fwrite(s, 1, len, out);
			s += len ? len : 1;
			continue;
		}
		if (c == '\\' || c == '"')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7f)
			fputs(replacement, out);
		else
			fputc(c, out);
		s++;
	}
}

/* HELP and TYPE; the help text holds no backslash or newline. */
static void prom_family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* name{label="value"} v, or name v without a label. */
static void prom_sample(FILE *out, const char *name, const char *label, const char *value,
			long v)
{
	fputs(name, out);
	if (label) {
		fprintf(out, "{%s=\"", label);
		prom_label_value(out, value);
		fputs("\"}", out);
	}
	fprintf(out, " %ld\n", v);
}

/* Counts of programs by a string key, in order of first appearance. */
struct prom_groups {
	const char *key[PROM_MAX_GROUPS];
	long count[PROM_MAX_GROUPS];
	size_t n;
};

static void prom_count(struct prom_groups *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->n && strcmp(g->key[i], key); i++)
		;
	if (i == g->n) {
		if (g->n == PROM_MAX_GROUPS)
			return;
		g->key[g->n++] = key;
	}
	g->count[i]++;
}

static void prom_groups_write(FILE *out, const char *name, const char *label,
			      const struct prom_groups *g)
{
	for (size_t i = 0; i < g->n; i++)
		prom_sample(out, name, label, g->key[i], g->count[i]);
}

static void prom_knobs(FILE *out, const struct snapshot *snap)
{
	struct check_profile recommended;
	struct check_problem problem;
	struct check_result verdicts;
	long want;

	prom_family(out, "bpfknobs_knob_readable",
		    "1 when bpfknobs could read the knob; 0 when it could not (no permission, "
		    "absent in this network namespace, or not a number), and then the knob has "
		    "no sample in bpfknobs_knob_value, _drift and _meets_recommendation.");
	for (size_t i = 0; i < snap->nr_knobs; i++)
		prom_sample(out, "bpfknobs_knob_readable", "knob", snap->knobs[i].def->name,
			    !snap->knobs[i].reading.error);

	prom_family(out, "bpfknobs_knob_value",
		    "The knob's current value, as the kernel reports it (net.core.bpf_jit_limit in "
		    "bytes). Only knobs that could be read have a sample.");
	for (size_t i = 0; i < snap->nr_knobs; i++)
		if (!snap->knobs[i].reading.error)
			prom_sample(out, "bpfknobs_knob_value", "knob", snap->knobs[i].def->name,
				    snap->knobs[i].reading.value);

	prom_family(out, "bpfknobs_knob_boot_value",
		    "The value the knob gets at boot: from the sysctl files with systemd-sysctl's "
		    "precedence, else the kernel default. No sample when it cannot be known.");
	for (size_t i = 0; i < snap->nr_knobs; i++)
		if (snap->knobs[i].drift.source != DRIFT_NOT_READ && snap->knobs[i].drift.boot_known)
			prom_sample(out, "bpfknobs_knob_boot_value", "knob", snap->knobs[i].def->name,
				    snap->knobs[i].drift.boot_value);

	prom_family(out, "bpfknobs_knob_drift",
		    "1 when the running value differs from bpfknobs_knob_boot_value, so the next "
		    "boot loses it unless it is saved; 0 when they are equal. No sample when "
		    "either is unknown.");
	for (size_t i = 0; i < snap->nr_knobs; i++) {
		const struct snapshot_knob *k = &snap->knobs[i];

		if (k->drift.source != DRIFT_NOT_READ && k->drift.boot_known && !k->reading.error)
			prom_sample(out, "bpfknobs_knob_drift", "knob", k->def->name, k->drift.drifts);
	}

	check_load("recommended", &recommended, &problem);
	check_check(&recommended, snap, &verdicts);
	prom_family(out, "bpfknobs_knob_recommended_value",
		    "The hardened value bpfknobs recommends for the knob (bpfknobs --check "
		    "recommended), on this kernel. No sample when it cannot be known here.");
	for (size_t i = 0; i < verdicts.nr_rows; i++)
		if (!check_want(&recommended, snap, verdicts.rows[i].knob->def, &want))
			prom_sample(out, "bpfknobs_knob_recommended_value", "knob",
				    verdicts.rows[i].knob->def->name, want);

	prom_family(out, "bpfknobs_knob_meets_recommendation",
		    "1 when the knob holds bpfknobs_knob_recommended_value, 0 when it does not. "
		    "No sample when the knob could not be read or the recommendation is unknown.");
	for (size_t i = 0; i < verdicts.nr_rows; i++) {
		const struct check_row *row = &verdicts.rows[i];

		if (row->verdict == CHECK_OK || row->verdict == CHECK_NOT_OK)
			prom_sample(out, "bpfknobs_knob_meets_recommendation", "knob",
				    row->knob->def->name, row->verdict == CHECK_OK);
	}
}

static void prom_programs(FILE *out, const struct snapshot *snap)
{
	const struct prog_list *list = &snap->progs;
	struct prom_groups types = { .n = 0 }, missing = { .n = 0 };
	long jited = 0, xlated = 0;

	prom_family(out, "bpfknobs_programs_listed",
		    "1 when the loaded BPF programs could be listed (that needs CAP_SYS_ADMIN, "
		    "and the running kernel); 0 when not, and then the bpfknobs_programs_* "
		    "metrics below have no sample.");
	prom_sample(out, "bpfknobs_programs_listed", NULL, NULL, !list->error);
	if (list->error)
		return;
	for (size_t i = 0; i < list->nr_progs; i++) {
		const struct prog *p = &list->progs[i];

		/* bpfknobs' own (its holders iterator, its JIT memory reader) are there
		 * only while it runs */
		if (p->ours)
			continue;
		prom_count(&types, p->type_name);
		if (p->symbols_missing)
			prom_count(&missing, ksyms_names_missing_key(p->symbols_missing));
		jited += p->bytes_jited;
		xlated += p->bytes_xlated;
	}
	prom_family(out, "bpfknobs_programs_loaded",
		    "BPF programs loaded in the kernel, by program type (as bpftool names it); "
		    "bpfknobs' own (its holders iterator, its reader of JIT memory), there only "
		    "while it runs, left out.");
	prom_groups_write(out, "bpfknobs_programs_loaded", "type", &types);
	prom_family(out, "bpfknobs_programs_without_jit_symbol",
		    "Loaded BPF programs with no name in /proc/kallsyms, by reason: not_jited, "
		    "kallsyms_off (bpf_jit_kallsyms=0), harden (bpf_jit_harden non-zero), "
		    "kallsyms_off_harden, kptr_restrict, no_cap_syslog, addrs_hidden, "
		    "kallsyms_unreadable, unlisted (loaded without CAP_BPF).");
	prom_groups_write(out, "bpfknobs_programs_without_jit_symbol", "reason", &missing);
	prom_family(out, "bpfknobs_programs_jited_bytes",
		    "JITed code of the listed programs, in bytes (the sum of bytes_jited).");
	prom_sample(out, "bpfknobs_programs_jited_bytes", NULL, NULL, jited);
	prom_family(out, "bpfknobs_programs_xlated_bytes",
		    "Translated (verified) instructions of the listed programs, in bytes.");
	prom_sample(out, "bpfknobs_programs_xlated_bytes", NULL, NULL, xlated);
}

/* JIT memory in use against net.core.bpf_jit_limit (jitmem.h): exact or
 * estimated, as the label says; no sample when neither can be had. */
static void prom_jitmem(FILE *out, const struct snapshot *snap)
{
	const struct jitmem_reading *r = &snap->jitmem;

	prom_family(out, "bpfknobs_jit_memory_bytes",
		    "JIT memory in use, in bytes, against net.core.bpf_jit_limit "
		    "(bpfknobs_knob_value). exact=\"1\": the kernel's own counter "
		    "bpf_jit_current, read where /proc/kallsyms lists it (CONFIG_KALLSYMS_ALL), "
		    "less bpfknobs' own programs. exact=\"0\": an estimate, the charges of the "
		    "JIT images bpfknobs can see, which misses classic filters it cannot count. "
		    "No sample when neither is known (a --proc tree, no root).");
	if (r->method != JITMEM_NONE)
		fprintf(out, "bpfknobs_jit_memory_bytes{exact=\"%d\"} %llu\n", r->exact ? 1 : 0,
			(unsigned long long)r->used_bytes);
}

int prom_write(const struct snapshot *snap, const struct prom_facts *facts, FILE *out)
{
	prom_family(out, "bpfknobs_info",
		    "Always 1: the bpfknobs version, the kernel release and the /proc it read.");
	fputs("bpfknobs_info{version=\"", out);
	prom_label_value(out, PACKAGE_VERSION);
	fputs("\",release=\"", out);
	prom_label_value(out, snap->release);
	fputs("\",proc=\"", out);
	prom_label_value(out, snap->proc_dir);
	fputs("\"} 1\n", out);
	prom_family(out, "bpfknobs_snapshot_timestamp_seconds",
		    "When bpfknobs read the values in this file, in seconds since the epoch: "
		    "time() minus it is their age.");
	fprintf(out, "bpfknobs_snapshot_timestamp_seconds %lld.%03ld\n",
		(long long)facts->taken.tv_sec, facts->taken.tv_nsec / 1000000);
	prom_knobs(out, snap);
	prom_family(out, "bpfknobs_stats_readable",
		    "1 when kernel.bpf_stats_enabled could be read, else 0 (and no "
		    "bpfknobs_stats_enabled sample).");
	prom_sample(out, "bpfknobs_stats_readable", NULL, NULL, !facts->stats_error);
	prom_family(out, "bpfknobs_stats_enabled",
		    "kernel.bpf_stats_enabled: 1 when the sysctl makes the kernel count every "
		    "program's run time and runs. It reads 0 while only a BPF_ENABLE_STATS file "
		    "descriptor turns them on.");
	if (!facts->stats_error)
		prom_sample(out, "bpfknobs_stats_enabled", NULL, NULL, facts->stats_enabled);
	prom_family(out, "bpfknobs_stats_on",
		    "1 when the kernel counts every program's runs and run time now: "
		    "kernel.bpf_stats_enabled is 1 or a process holds a BPF_ENABLE_STATS file "
		    "descriptor (bpftop, bpfknobs --stats); 0 when neither. No sample when it "
		    "cannot be known (other processes' file descriptors need root).");
	if (snap->progs.stats.on != STATS_UNKNOWN)
		prom_sample(out, "bpfknobs_stats_on", NULL, NULL, snap->progs.stats.on == STATS_ON);
	prom_family(out, "bpfknobs_stats_holders",
		    "Processes holding a BPF_ENABLE_STATS file descriptor, which keeps statistics "
		    "on while kernel.bpf_stats_enabled reads 0. No sample when they cannot be "
		    "seen.");
	if (!snap->progs.stats.holders_error)
		prom_sample(out, "bpfknobs_stats_holders", NULL, NULL,
			    (long)snap->progs.stats.nr_holders_all);
	prom_programs(out, snap);
	prom_jitmem(out, snap);
	return fflush(out) || ferror(out) ? -EIO : 0;
}

int prom_save(const struct snapshot *snap, const struct prom_facts *facts, const char *path,
	      struct safepath_problem *problem)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
	char *text = NULL;
	size_t len = 0;
	int dir_fd, err;
	FILE *mem;

	memset(problem, 0, sizeof(*problem));
	if (!*name)
		return -EISDIR;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (slash == path ? 1 : (int)(slash - path)) : 1,
		 slash ? path : ".");
	/* the directory opened once, no link followed on the way; it must be
	 * root's (or the caller's) and writable by no one else. Its parents
	 * may belong to the exporter's account (Debian's /var/lib/prometheus
	 * does): a directory it swaps in is its own, and refused here. */
	dir_fd = safepath_open_dir(dir, SAFEPATH_CHECK_LAST, problem);
	if (dir_fd < 0)
		return dir_fd;
	mem = open_memstream(&text, &len);
	if (!mem) {
		close(dir_fd);
		return -ENOMEM;
	}
	err = prom_write(snap, facts, mem);
	if (fclose(mem) && !err)
		err = -ENOMEM;
	if (!err)
		err = safepath_replace(dir_fd, name, text, len, 0644);
	close(dir_fd);
	free(text);
	return err;
}

void prom_save_explain(const char *path, int err, const struct safepath_problem *problem,
		       char *buf, size_t size)
{
	const char *fix = err == -ENOENT  ? " Create the directory first (node_exporter's "
					    "--collector.textfile.directory)."
			  : err == -EACCES ? " Run bpfknobs as a user that may write in that "
					     "directory (the file is replaced through a temporary "
					     "file next to it)."
					   : "";
	char why[PATH_MAX + 512];

	if (problem->why != SAFEPATH_OK && problem->why != SAFEPATH_ERRNO) {
		safepath_explain(problem, "the metrics file", why, sizeof(why));
		snprintf(buf, size, "Cannot write %s: %s. The file is as it was.", path, why);
		return;
	}
	snprintf(buf, size, "Cannot write %s: %s. The file is as it was.%s", path,
		 strerror(-err), fix);
}
