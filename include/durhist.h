/* durhist.h — a histogram of request durations in fixed buckets (seconds: 0.005 … 10, the
 * Prometheus client defaults), for the exporter's logstat_request_duration_seconds. Plain
 * data: zero it with durhist_init, add with durhist_add. Quantiles come from the latency
 * sketch (latency.h); this is the fixed-bucket form a Prometheus histogram needs. */
#ifndef LOGSTAT_DURHIST_H
#define LOGSTAT_DURHIST_H

#include <stddef.h>
#include <stdint.h>

#define DURHIST_BUCKETS 11 /* finite upper bounds; +Inf is count */

struct durhist {
	uint64_t bucket[DURHIST_BUCKETS]; /* requests at or under the bound, not cumulative */
	uint64_t count;                   /* every request with a duration */
	uint64_t sum_us;                  /* their durations added up, microseconds */
};

/* Upper bound of bucket i in microseconds, and as the le label ("0.005"). */
int64_t durhist_bound_us(size_t i);
const char *durhist_bound_text(size_t i);

void durhist_init(struct durhist *l);
/* One request that took us microseconds (negative: not logged, ignored). */
void durhist_add(struct durhist *l, int64_t us);
/* Add src's requests into dst (the sum saturates as durhist_add's does). */
void durhist_merge(struct durhist *dst, const struct durhist *src);

#endif
