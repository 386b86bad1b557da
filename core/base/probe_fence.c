/* The fence between bpfknobs' probe children and its program listings
 * (see probe_fence.h). */
#include "base/probe_fence.h"

#include <pthread.h>
#include <time.h>

static pthread_mutex_t probe_fence = PTHREAD_MUTEX_INITIALIZER;

void probe_fence_enter_probe(void)
{
	pthread_mutex_lock(&probe_fence);
}

void probe_fence_leave_probe(void)
{
	pthread_mutex_unlock(&probe_fence);
}

bool probe_fence_enter_listing(void)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += (long)(PROBE_FENCE_LISTING_WAIT_MS % 1000) * 1000000L;
	until.tv_sec += PROBE_FENCE_LISTING_WAIT_MS / 1000 + until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	return !pthread_mutex_clocklock(&probe_fence, CLOCK_MONOTONIC, &until);
}

void probe_fence_leave_listing(bool held)
{
	if (held)
		pthread_mutex_unlock(&probe_fence);
}
