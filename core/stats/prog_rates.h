/* Rates of a program's runtime statistics between refreshes: runs per
 * second, average run time and CPU share from the cumulative counters
 * bpf_prog_info gives (run_cnt, run_time_ns; they move only while
 * statistics are on, stats_state.h), and a bounded history of them for the
 * last minute. Each program's memory lives in its prog_memo entry and goes
 * with it when the program is unloaded. */
#ifndef BPFKNOBS_STATS_PROG_RATES_H
#define BPFKNOBS_STATS_PROG_RATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Samples kept per program: one minute at the default interval of 1 s. */
#define PROG_RATES_SAMPLES 60
/* How far back the history looks, whatever the interval. */
#define PROG_RATES_WINDOW_NS (60ULL * 1000000000ULL)

enum prog_rate_state {
	PROG_RATE_OFF,     /* statistics are not on (or not known to be): no rate at all */
	PROG_RATE_WAITING, /* the first interval (new program, statistics just on, counters
			    * restarted): shown as "…", never as 0 */
	PROG_RATE_KNOWN,
};

struct prog_rate {
	enum prog_rate_state state;
	double runs_per_s;
	double avg_ns;      /* run time per run over the interval; 0 when it did not run */
	double cpu_percent; /* run time over wall time, in percent of one core (can pass 100
			     * when the program runs on several CPUs at once) */
};

/* What bpf_prog_info says of one program, and the rate since the last
 * refresh; in struct prog. */
struct prog_stats {
	uint64_t run_cnt;          /* runs counted while statistics were on */
	uint64_t run_time_ns;      /* their run time */
	uint64_t recursion_misses; /* runs skipped because the program was already running
				    * on that CPU (Linux 5.12 on) */
	bool recursion_misses_absent; /* the kernel's bpf_prog_info has no such field */
	bool counting;             /* statistics were on at this reading: the counters move */
	struct prog_rate rate;
};

/* Two readings of the counters, at_ns on a clock that never steps
 * (CLOCK_MONOTONIC). */
struct prog_counters {
	uint64_t run_cnt, run_time_ns, at_ns;
};

/* The rate between two readings: KNOWN, or WAITING when no time passed
 * (or the clock went back) or a counter went back (the id now holds
 * another program, whose counters started again), so the next reading
 * starts afresh. */
enum prog_rate_state prog_rate_between(const struct prog_counters *before,
				       const struct prog_counters *now, struct prog_rate *out);

/* When the samples were taken, shared by all programs: the sequence
 * number counts the refreshes made while statistics were on. */
struct prog_rates_clock {
	uint64_t seq;                         /* the last sample, from 1; 0: none yet */
	uint64_t at_ns[PROG_RATES_SAMPLES];   /* by seq % PROG_RATES_SAMPLES */
};

void prog_rates_clock_tick(struct prog_rates_clock *clock, uint64_t now_ns);

/* The samples of one program's last minute, by seq; NaN: no rate then. */
struct prog_rates_ring {
	float runs[PROG_RATES_SAMPLES], cpu[PROG_RATES_SAMPLES];
};

/* One program's memory (malloc'd while statistics are on, NULL otherwise).
 * Most programs are idle most of the time: the ring is allocated only once
 * a sample is not a known 0, so an idle program costs the header alone. */
struct prog_rates {
	struct prog_counters last; /* the last reading while statistics were on */
	bool have_last;
	uint64_t first_seq;        /* the history holds this program's samples from here; the
				    * one at first_seq is always "no rate" (one reading) */
	struct prog_rates_ring *ring; /* NULL: every sample after first_seq was a known 0 */
};

/* One refresh of a program whose counters read run_cnt and run_time_ns:
 * with counting true (statistics on at this refresh, the clock ticked
 * for it), the rate since the last refresh, when that one counted too, and
 * a sample in the history; with counting false, OFF and the memory is
 * freed. Returns 0, or -ENOMEM (the rate is OFF then). */
int prog_rates_step(struct prog_rates **rates, const struct prog_rates_clock *clock,
		    bool counting, uint64_t run_cnt, uint64_t run_time_ns, struct prog_rate *out);

void prog_rates_free(struct prog_rates *rates);

/* A copy of one program's history, oldest first, the samples of the last
 * PROG_RATES_WINDOW_NS before the newest. */
struct prog_history {
	size_t nr;
	uint64_t at_ns[PROG_RATES_SAMPLES];
	float runs[PROG_RATES_SAMPLES], cpu[PROG_RATES_SAMPLES]; /* NaN: no rate then */
};

void prog_rates_history(const struct prog_rates *rates, const struct prog_rates_clock *clock,
			struct prog_history *out);

#endif
