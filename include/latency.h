/* latency.h — a mergeable sketch of durations (log-bucketed, in the manner of DDSketch):
 * every quantile it answers is within LATENCY_ALPHA (1 %) of a true duration of that
 * rank, the maximum is exact, and two sketches merge by adding buckets, so the parts of a
 * run (threads, inputs, saved reports) merge in any order to the same sketch. */
#ifndef LATENCY_H
#define LATENCY_H

#include <stddef.h>
#include <stdint.h>

#define LATENCY_ALPHA 0.01 /* relative error of a quantile */
/* Bucket 0 holds 0 µs; bucket i > 0 durations in (gamma^(i-2), gamma^(i-1)] µs, gamma =
 * (1+a)/(1-a); up to 2^63 µs that needs fewer than LATENCY_MAX_INDEX buckets. */
#define LATENCY_MAX_INDEX 2200

/* Plain data plus one heap array (bins) grown to the range of indexes seen; owned by
 * whoever initialised it; not thread-safe. A zeroed struct is a valid empty sketch. */
struct latency {
	uint64_t count; /* durations added */
	int64_t max_us; /* the largest, exact; -1 when none */
	uint32_t lo, n; /* bins[k] counts bucket lo + k, k < n */
	uint64_t *bins;
};

void latency_init(struct latency *l);
void latency_free(struct latency *l); /* back to empty */

/* The bucket of a duration in µs (negative counts as 0). */
unsigned latency_index(int64_t us);
/* The value a bucket stands for: within LATENCY_ALPHA of every duration in it. */
double latency_value(unsigned index);

/* Add n durations of us µs (us < 0 is ignored). Returns 0, or -1 when out of memory
 * (the sketch is unchanged). */
int latency_add(struct latency *l, int64_t us, uint64_t n);
/* Add count durations into bucket index as they are (readers of saved sketches). */
int latency_add_bucket(struct latency *l, unsigned index, uint64_t count);
int latency_merge(struct latency *dst, const struct latency *src);

/* latency_add with the bucket already known (index == latency_index(us)): a duration
 * added to several sketches is bucketed once. Inline, as it runs for every timed line:
 * the bucket is almost always in range, and only widening the range is a call. */
static inline int latency_in_range(const struct latency *l, unsigned index)
{
	return l->n && index >= l->lo && index < l->lo + l->n;
}
static inline int latency_add_at(struct latency *l, unsigned index, int64_t us, uint64_t n)
{
	if (us < 0 || n == 0)
		return 0;
	if (latency_in_range(l, index)) {
		l->bins[index - l->lo] += n;
		l->count += n;
	} else if (latency_add_bucket(l, index, n) != 0) {
		return -1;
	}
	if (us > l->max_us)
		l->max_us = us;
	return 0;
}

/* The duration at rank q (0 ≤ q ≤ 1) in µs: the lower quantile (rank floor(q·(count-1))),
 * within LATENCY_ALPHA of it; q = 1 is the exact maximum. 0 when empty. */
double latency_quantile(const struct latency *l, double q);

#endif
