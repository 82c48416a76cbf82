/* timeline.c — the slow paths of the timeline: a record outside the current bucket,
 * widening along the ladder when the span outgrows the buckets, and merging. Widening
 * happens a handful of times per log, so it simply re-adds every bucket. */
#include "timeline.h"

#include <string.h>

#include "satmath.h"

/* Each width divides the next, so a bucket never straddles two wider ones and
 * rebucketing is exact. Past a day the width doubles. */
static const int64_t ladder[] = {60, 300, 900, 1800, 3600, 10800, 21600, 43200, 86400};
#define LADDER_N (sizeof ladder / sizeof ladder[0])

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static uint32_t slot_of(int64_t k)
{
	int64_t m = k % TIMELINE_BUCKETS;
	return (uint32_t)(m < 0 ? m + TIMELINE_BUCKETS : m);
}

static uint64_t *row(struct timeline *tl, int64_t k)
{
	return &tl->count[slot_of(k) * TIMELINE_CLASSES];
}

static const uint64_t *const_row(const struct timeline *tl, int64_t k)
{
	return &tl->count[slot_of(k) * TIMELINE_CLASSES];
}

static int64_t next_width(int64_t w)
{
	for (size_t i = 0; i + 1 < LADDER_N; i++)
		if (ladder[i] == w)
			return ladder[i + 1];
	return w * 2;
}

int timeline_valid_width(int64_t w)
{
	for (size_t i = 0; i < LADDER_N; i++)
		if (ladder[i] == w)
			return 1;
	for (int64_t d = ladder[LADDER_N - 1]; d > 0 && d <= w; d *= 2)
		if (d == w)
			return 1;
	return 0;
}

static void forget_current(struct timeline *tl)
{
	tl->cur_start = 0;
	tl->cur_len = 0;
	tl->cur_off = 0;
}

void timeline_init(struct timeline *tl)
{
	memset(tl, 0, sizeof *tl);
	forget_current(tl);
}

/* The narrowest ladder width, at least w, at which seconds [first, last] fit. */
static int64_t width_for(int64_t w, int64_t first, int64_t last)
{
	while (floor_div(last, w) - floor_div(first, w) >= TIMELINE_BUCKETS)
		w = next_width(w);
	return w;
}

/* Rebucket tl to width w (a multiple of its own). */
static void widen(struct timeline *tl, int64_t w)
{
	if (w == tl->width)
		return;
	struct timeline old;
	memcpy(old.count, tl->count, sizeof old.count);
	memset(tl->count, 0, sizeof tl->count);
	int64_t ratio = w / tl->width, lo = tl->lo, hi = tl->hi;
	tl->width = w;
	tl->lo = floor_div(lo, ratio);
	tl->hi = floor_div(hi, ratio);
	for (int64_t k = lo; k <= hi; k++) {
		uint64_t *dst = row(tl, floor_div(k, ratio));
		const uint64_t *src = const_row(&old, k);
		for (int c = 0; c < TIMELINE_CLASSES; c++)
			sat_inc(&dst[c], src[c]);
	}
	forget_current(tl);
}

void timeline_add_slow(struct timeline *tl, int64_t t, int cls, uint64_t n)
{
	if (tl->width == 0) {
		tl->width = ladder[0];
		tl->lo = tl->hi = floor_div(t, tl->width);
	}
	int64_t k = floor_div(t, tl->width);
	if (k < tl->lo || k > tl->hi) {
		int64_t first = k < tl->lo ? t : tl->lo * tl->width;
		int64_t last = k > tl->hi ? t : tl->hi * tl->width;
		widen(tl, width_for(tl->width, first, last));
		k = floor_div(t, tl->width);
		if (k < tl->lo)
			tl->lo = k;
		if (k > tl->hi)
			tl->hi = k;
	}
	tl->cur_off = slot_of(k) * TIMELINE_CLASSES;
	tl->count[tl->cur_off + (unsigned)cls] += n;
	tl->cur_start = k * tl->width;
	tl->cur_len = (uint64_t)tl->width;
}

void timeline_add_at_width(struct timeline *tl, int64_t width, int64_t t, int cls, uint64_t n)
{
	if (tl->width == 0) {
		tl->width = width;
		tl->lo = tl->hi = floor_div(t, width);
	} else if (width > tl->width) {
		widen(tl, width_for(width, tl->lo * tl->width, tl->hi * tl->width));
	}
	timeline_add_slow(tl, t, cls, n);
}

void timeline_merge(struct timeline *dst, const struct timeline *src)
{
	if (src->width == 0)
		return;
	if (dst->width == 0) {
		*dst = *src;
		forget_current(dst);
		return;
	}
	int64_t w = dst->width > src->width ? dst->width : src->width;
	int64_t first = dst->lo * dst->width, s_first = src->lo * src->width;
	int64_t last = dst->hi * dst->width, s_last = src->hi * src->width;
	w = width_for(w, first < s_first ? first : s_first, last > s_last ? last : s_last);
	widen(dst, w);
	int64_t ratio = w / src->width;
	for (int64_t k = src->lo; k <= src->hi; k++) {
		int64_t nk = floor_div(k, ratio);
		if (nk < dst->lo)
			dst->lo = nk;
		if (nk > dst->hi)
			dst->hi = nk;
		uint64_t *d = row(dst, nk);
		const uint64_t *s = const_row(src, k);
		for (int c = 0; c < TIMELINE_CLASSES; c++)
			sat_inc(&d[c], s[c]);
	}
	forget_current(dst);
}

int64_t timeline_span(const struct timeline *tl)
{
	return tl->width ? tl->hi - tl->lo + 1 : 0;
}

const uint64_t *timeline_bucket(const struct timeline *tl, int64_t i)
{
	return const_row(tl, tl->lo + i);
}

uint64_t timeline_total(const struct timeline *tl)
{
	uint64_t sum = 0;
	for (int64_t i = 0; i < timeline_span(tl); i++)
		for (int c = 0; c < TIMELINE_CLASSES; c++)
			sum += timeline_bucket(tl, i)[c];
	return sum;
}
