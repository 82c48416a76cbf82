/* latency.h — a histogram of request durations in fixed buckets (seconds: 0.005 … 10, the
 * Prometheus client defaults), for the exporter's logstat_request_duration_seconds. Plain
 * data: zero it with latency_init, add with latency_add. */
#ifndef LOGSTAT_LATENCY_H
#define LOGSTAT_LATENCY_H

#include <stddef.h>
#include <stdint.h>

#define LATENCY_BUCKETS 11 /* finite upper bounds; +Inf is count */

struct latency {
	uint64_t bucket[LATENCY_BUCKETS]; /* requests at or under the bound, not cumulative */
	uint64_t count;                   /* every request with a duration */
	uint64_t sum_us;                  /* their durations added up, microseconds */
};

/* Upper bound of bucket i in microseconds, and as the le label ("0.005"). */
int64_t latency_bound_us(size_t i);
const char *latency_bound_text(size_t i);

void latency_init(struct latency *l);
/* One request that took us microseconds (negative: not logged, ignored). */
void latency_add(struct latency *l, int64_t us);

#endif
