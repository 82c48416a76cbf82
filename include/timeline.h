/* timeline.h — when requests happened: counts per status class in time buckets, with
 * bounded memory whatever the span of the log. A fixed number of buckets whose width
 * grows along a ladder (1m 5m 15m 30m 1h 3h 6h 12h 1d 2d 4d …) when the span no longer
 * fits; buckets are aligned to multiples of the width from the epoch (UTC). */
#ifndef LOGSTAT_TIMELINE_H
#define LOGSTAT_TIMELINE_H

#include <stdint.h>

#define TIMELINE_BUCKETS 240
#define TIMELINE_CLASSES 6 /* index 0 = other, 1..5 = 1xx..5xx (as tally) */

/* Plain data, copied by value and owned by whoever holds it (it lives inside struct
 * tally). The width is always the narrowest ladder width at which [first, last] fits in
 * TIMELINE_BUCKETS buckets, so the result depends only on the set of times counted: the
 * same records in any order, split over threads and merged, give the same timeline.
 * Buckets are a ring: absolute bucket number k (floor(t / width)) lives at slot
 * k mod TIMELINE_BUCKETS; slots outside [lo, hi] hold zeros. */
struct timeline {
	int64_t width;  /* seconds per bucket; 0 while empty */
	int64_t lo, hi; /* first and last absolute bucket numbers holding counts */
	/* the bucket of the last record: [cur_start, cur_start + cur_len) whose counts start
	 * at cur_off in count[] (an offset, not a pointer, so copies stay right). Records of
	 * the same bucket (the common case) count without any division. cur_len is 0 when
	 * there is no current bucket. */
	int64_t cur_start;
	uint64_t cur_len;
	uint32_t cur_off;
	uint64_t count[TIMELINE_BUCKETS * TIMELINE_CLASSES]; /* slot * TIMELINE_CLASSES + class */
};

void timeline_init(struct timeline *tl);

/* Slow path of timeline_add: t is outside the current bucket (or the timeline is empty). */
void timeline_add_slow(struct timeline *tl, int64_t t, int cls, uint64_t n);

/* Count n requests of class cls (0..5) at UTC second t. Hot path: inline. */
static inline void timeline_add(struct timeline *tl, int64_t t, int cls, uint64_t n)
{
	if ((uint64_t)t - (uint64_t)tl->cur_start < tl->cur_len)
		tl->count[tl->cur_off + (unsigned)cls] += n;
	else
		timeline_add_slow(tl, t, cls, n);
}

/* Count n at t as a bucket of the given ladder width (a saved timeline read back): the
 * timeline widens to at least that width first. */
void timeline_add_at_width(struct timeline *tl, int64_t width, int64_t t, int cls, uint64_t n);

/* Add src into dst: both are rebucketed to the wider width (further if the union does
 * not fit), then bucket counts are added. */
void timeline_merge(struct timeline *dst, const struct timeline *src);

/* Whether w is a width of the ladder (what a JSON reader may accept). */
int timeline_valid_width(int64_t w);

/* Number of buckets from lo to hi (0 when empty) and the counts of the i-th of them
 * (starting at lo; the bucket starts at (lo + i) * width). */
int64_t timeline_span(const struct timeline *tl);
const uint64_t *timeline_bucket(const struct timeline *tl, int64_t i);

/* Sum of the counts of every bucket and class. */
uint64_t timeline_total(const struct timeline *tl);

#endif
