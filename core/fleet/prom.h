/* bpfknobs --prometheus FILE: the snapshot in Prometheus' text exposition
 * format (0.0.4), for node_exporter's textfile collector. Every metric is
 * a gauge with HELP and TYPE lines; label values are escaped. A knob that
 * could not be read has bpfknobs_knob_readable 0 and no sample in the
 * metrics that need its value, never a made-up number. */
#ifndef BPFKNOBS_FLEET_PROM_H
#define BPFKNOBS_FLEET_PROM_H

#include <stdio.h>
#include <time.h>

#include "base/procroot.h"
#include "base/safepath.h"
#include "refresh/snapshot.h"

/* What the exposition adds to the snapshot: when it was taken, and
 * kernel.bpf_stats_enabled (no knob of ours, but it decides whether
 * programs' run time is counted). */
struct prom_facts {
	struct timespec taken; /* CLOCK_REALTIME */
	int stats_error;       /* 0, or -errno: no stats sample then */
	long stats_enabled;
};

/* Reads the facts below root now, right after the snapshot. */
void prom_facts_read(struct prom_facts *facts, const struct procroot *root);

/* Writes the exposition to out; 0 or -EIO. */
int prom_write(const struct snapshot *snap, const struct prom_facts *facts, FILE *out);

/* Writes it to path atomically: path's directory is opened once
 * (safepath.h: no symbolic link followed on the way; the directory itself
 * root's or the caller's and writable by no one else), and a temporary
 * file in it is renamed over the name; mode 0644 so that node_exporter's
 * user may read it. 0 or -errno, with *problem saying why the directory
 * was refused. */
int prom_save(const struct snapshot *snap, const struct prom_facts *facts, const char *path,
	      struct safepath_problem *problem);

/* "Cannot write FILE: ..." with what to do about it. */
void prom_save_explain(const char *path, int err, const struct safepath_problem *problem,
		       char *buf, size_t size);

#endif
