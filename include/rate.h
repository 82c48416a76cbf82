/* rate.h — request rates per status class over the last 10 s, 1 min and 5 min, and the
 * per-second history behind the live chart: a ring of per-second counts. Plain data, no
 * clock of its own: every call takes now_ms (any monotonic milliseconds), so tests can
 * replay time exactly. */
#ifndef LOGSTAT_RATE_H
#define LOGSTAT_RATE_H

#include <stddef.h>
#include <stdint.h>

#include "tally.h"

#define RATE_SECONDS 300 /* history kept: 5 minutes */
#define RATE_ALL (-1)    /* class argument: every class together */

struct rate {
	int64_t start_ms;             /* when counting (re)started */
	int64_t head;                 /* newest second in the ring (now_ms / 1000) */
	uint64_t last[TALLY_CLASSES]; /* totals at the last rate_observe */
	uint32_t count[RATE_SECONDS][TALLY_CLASSES];
};

/* Empty history starting at now_ms, with zero totals as the baseline. */
void rate_init(struct rate *r, int64_t now_ms);

/* Count n requests of class cls (0 = other, 1..5) at now_ms. */
void rate_add(struct rate *r, int64_t now_ms, int cls, uint64_t n);

/* Feed cumulative totals per class (tally_class_count): what grew since the last call
 * is counted at now_ms. Totals that went down (counters were reset) become the new
 * baseline without counting anything. */
void rate_observe(struct rate *r, int64_t now_ms, const uint64_t totals[TALLY_CLASSES]);

/* Requests per second of cls (or RATE_ALL) over the last window_s seconds (1..300),
 * or over the time since rate_init when that is shorter (at least one second). */
double rate_per_second(const struct rate *r, int64_t now_ms, int cls, unsigned window_s);

/* History for a chart: out[n-1] is the count of cls (or RATE_ALL) in the bucket_s
 * seconds ending now, out[n-2] the bucket before, ... Buckets older than the history
 * are 0. n * bucket_s should be <= RATE_SECONDS. */
void rate_series(const struct rate *r, int64_t now_ms, int cls, unsigned bucket_s, uint64_t *out,
                 size_t n);

#endif
