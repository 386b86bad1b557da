/* Runtime statistics as rates, and their last minute (see prog_rates.h). */
#include "stats/prog_rates.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum prog_rate_state prog_rate_between(const struct prog_counters *before,
				       const struct prog_counters *now, struct prog_rate *out)
{
	double dt, runs, time;

	memset(out, 0, sizeof(*out));
	/* A counter never goes back for one program: bpf_prog_get_stats()
	 * sums per-CPU counters that only grow, and turning statistics off
	 * only stops them. Back means another program under the id. */
	if (now->at_ns <= before->at_ns || now->run_cnt < before->run_cnt ||
	    now->run_time_ns < before->run_time_ns) {
		out->state = PROG_RATE_WAITING;
		return out->state;
	}
	dt = (double)(now->at_ns - before->at_ns);
	runs = (double)(now->run_cnt - before->run_cnt);
	time = (double)(now->run_time_ns - before->run_time_ns);
	out->state = PROG_RATE_KNOWN;
	out->runs_per_s = runs * 1e9 / dt;
	out->cpu_percent = time * 100.0 / dt;
	out->avg_ns = runs > 0 ? time / runs : 0;
	return out->state;
}

void prog_rates_clock_tick(struct prog_rates_clock *clock, uint64_t now_ns)
{
	clock->seq++;
	clock->at_ns[clock->seq % PROG_RATES_SAMPLES] = now_ns;
}

void prog_rates_free(struct prog_rates *rates)
{
	if (rates)
		free(rates->ring);
	free(rates);
}

/* The ring, for a sample that is not a known 0: what came before it since
 * first_seq was 0s, and the first sample no rate. */
static int prog_rates_ring(struct prog_rates *r, const struct prog_rates_clock *clock)
{
	uint64_t from = clock->seq >= PROG_RATES_SAMPLES ? clock->seq - PROG_RATES_SAMPLES + 1 : 1;

	r->ring = malloc(sizeof(*r->ring));
	if (!r->ring)
		return -ENOMEM;
	for (size_t i = 0; i < PROG_RATES_SAMPLES; i++)
		r->ring->runs[i] = r->ring->cpu[i] = NAN;
	for (uint64_t s = from > r->first_seq ? from : r->first_seq + 1; s < clock->seq; s++)
		r->ring->runs[s % PROG_RATES_SAMPLES] = r->ring->cpu[s % PROG_RATES_SAMPLES] = 0;
	return 0;
}

int prog_rates_step(struct prog_rates **rates, const struct prog_rates_clock *clock,
		    bool counting, uint64_t run_cnt, uint64_t run_time_ns, struct prog_rate *out)
{
	struct prog_rates *r = *rates;
	struct prog_counters now = { run_cnt, run_time_ns, 0 };
	size_t slot;

	memset(out, 0, sizeof(*out));
	if (!counting || !clock->seq) {
		/* the next interval that counts starts afresh, and nothing is
		 * kept while statistics are off */
		prog_rates_free(r);
		*rates = NULL;
		return 0;
	}
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		r->first_seq = clock->seq;
		*rates = r;
	}
	slot = clock->seq % PROG_RATES_SAMPLES;
	now.at_ns = clock->at_ns[slot];
	if (r->have_last)
		prog_rate_between(&r->last, &now, out);
	else
		out->state = PROG_RATE_WAITING;
	if (!r->ring && clock->seq != r->first_seq &&
	    (out->state != PROG_RATE_KNOWN || out->runs_per_s > 0 || out->cpu_percent > 0) &&
	    prog_rates_ring(r, clock)) {
		memset(out, 0, sizeof(*out));
		return -ENOMEM;
	}
	if (r->ring) {
		r->ring->runs[slot] = out->state == PROG_RATE_KNOWN ? (float)out->runs_per_s : NAN;
		r->ring->cpu[slot] = out->state == PROG_RATE_KNOWN ? (float)out->cpu_percent : NAN;
	}
	r->last = now;
	r->have_last = true;
	return 0;
}

void prog_rates_history(const struct prog_rates *r, const struct prog_rates_clock *clock,
			struct prog_history *out)
{
	uint64_t from, newest;

	memset(out, 0, sizeof(*out));
	if (!r || !clock->seq)
		return;
	from = clock->seq >= PROG_RATES_SAMPLES ? clock->seq - PROG_RATES_SAMPLES + 1 : 1;
	if (from < r->first_seq)
		from = r->first_seq;
	newest = clock->at_ns[clock->seq % PROG_RATES_SAMPLES];
	for (uint64_t s = from; s <= clock->seq; s++) {
		size_t slot = s % PROG_RATES_SAMPLES;

		if (newest - clock->at_ns[slot] > PROG_RATES_WINDOW_NS)
			continue;
		out->at_ns[out->nr] = clock->at_ns[slot];
		if (r->ring) {
			out->runs[out->nr] = r->ring->runs[slot];
			out->cpu[out->nr] = r->ring->cpu[slot];
		} else {
			out->runs[out->nr] = out->cpu[out->nr] = s == r->first_seq ? NAN : 0;
		}
		out->nr++;
	}
}
