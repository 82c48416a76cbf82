/* latency.c — log-bucketed duration sketch: bucket 0 holds 0 µs; bucket i > 0 covers
 * (gamma^(i-2), gamma^(i-1)] µs and answers 2·gamma^(i-1)/(gamma+1), within alpha of both
 * ends. The bins are a dense
 * array over the indexes seen, grown by doubling, so adding costs one log() and a store. */
#include "latency.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GAMMA ((1.0 + LATENCY_ALPHA) / (1.0 - LATENCY_ALPHA))

void latency_init(struct latency *l)
{
	memset(l, 0, sizeof *l);
	l->max_us = -1;
}

void latency_free(struct latency *l)
{
	free(l->bins);
	latency_init(l);
}

/* The bucket of a duration. Loggers write durations on a coarse grid (whole ms, tenths of
 * a second), so the same values come again and again: a small per-thread memo of the last
 * values seen saves the logarithm on most lines, and gives the very same index. */
unsigned latency_index(int64_t us)
{
	static _Thread_local struct {
		int64_t us;
		unsigned index;
	} memo[256];
	if (us <= 0)
		return 0;
	unsigned h = (unsigned)((uint64_t)us ^ (uint64_t)us >> 9 ^ (uint64_t)us >> 17) & 255u;
	if (memo[h].us == us)
		return memo[h].index;
	double i = 1.0 + ceil(log((double)us) / log(GAMMA));
	unsigned index = i > LATENCY_MAX_INDEX ? LATENCY_MAX_INDEX : (unsigned)i;
	memo[h].us = us;
	memo[h].index = index;
	return index;
}

double latency_value(unsigned index)
{
	if (index == 0)
		return 0.0;
	return 2.0 * pow(GAMMA, (double)index - 1.0) / (GAMMA + 1.0);
}

/* Make room for bucket index: bins cover [lo, lo + n) afterwards. */
static int cover(struct latency *l, unsigned index)
{
	if (l->n && index >= l->lo && index < l->lo + l->n)
		return 0;
	uint32_t lo = l->n ? (index < l->lo ? index : l->lo) : index;
	uint32_t hi = l->n ? (index >= l->lo + l->n ? index + 1 : l->lo + l->n) : index + 1;
	/* grow by at least half again, so a range widening one bucket at a time is cheap */
	uint32_t want = hi - lo, slack = l->n / 2;
	if (want < l->n + slack) {
		uint32_t extra = l->n + slack - want;
		if (index < l->lo)
			lo = lo > extra ? lo - extra : 0;
		else
			hi = hi + extra > LATENCY_MAX_INDEX + 1 ? LATENCY_MAX_INDEX + 1
			                                        : hi + extra;
	}
	uint64_t *b = calloc(hi - lo, sizeof *b);
	if (!b)
		return -1;
	if (l->n)
		memcpy(b + (l->lo - lo), l->bins, l->n * sizeof *b);
	free(l->bins);
	l->bins = b;
	l->lo = lo;
	l->n = hi - lo;
	return 0;
}

int latency_add_bucket(struct latency *l, unsigned index, uint64_t count)
{
	/* the bucket is almost always in range: tested here before the call that widens */
	if (!(l->n && index >= l->lo && index < l->lo + l->n) &&
	    (index > LATENCY_MAX_INDEX || cover(l, index) != 0))
		return -1;
	l->bins[index - l->lo] += count;
	l->count += count;
	return 0;
}

int latency_add(struct latency *l, int64_t us, uint64_t n)
{
	return us < 0 ? 0 : latency_add_at(l, latency_index(us), us, n);
}

int latency_merge(struct latency *dst, const struct latency *src)
{
	if (!src->n)
		return 0;
	if (cover(dst, src->lo) != 0 || cover(dst, src->lo + src->n - 1) != 0)
		return -1;
	for (uint32_t k = 0; k < src->n; k++)
		dst->bins[src->lo + k - dst->lo] += src->bins[k];
	dst->count += src->count;
	if (src->max_us > dst->max_us)
		dst->max_us = src->max_us;
	return 0;
}

double latency_quantile(const struct latency *l, double q)
{
	if (!l->count)
		return 0.0;
	if (q >= 1.0)
		return (double)l->max_us;
	if (q < 0)
		q = 0;
	uint64_t rank = (uint64_t)(q * (double)(l->count - 1)), seen = 0;
	for (uint32_t k = 0; k < l->n; k++) {
		seen += l->bins[k];
		if (seen > rank) {
			double v = latency_value(l->lo + k);
			/* never above the exact maximum (the top bucket's middle may be) */
			return l->max_us >= 0 && v > (double)l->max_us ? (double)l->max_us : v;
		}
	}
	return (double)l->max_us;
}
