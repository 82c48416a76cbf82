/* latency.c — log-bucketed duration sketch: bucket 0 holds 0 µs; bucket i > 0 covers
 * (gamma^(i-2), gamma^(i-1)] µs and answers 2·gamma^(i-1)/(gamma+1), within alpha of both
 * ends. The bins are a dense array over the indexes seen, grown by doubling, so adding
 * costs a table look-up and a store. */
#include "latency.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* The bucket by its definition, with a logarithm. */
static unsigned index_by_log(int64_t us)
{
	if (us <= 0)
		return 0;
	double i = 1.0 + ceil(log((double)us) / log(GAMMA));
	return i > LATENCY_MAX_INDEX ? LATENCY_MAX_INDEX : (unsigned)i;
}

/* The bucket from tables, with the very index index_by_log gives (the tables are made
 * with it, and it never decreases as us grows): no logarithm on a timed line. A duration
 * of 64 µs or more is placed by its power of two and the next 6 bits: a 64th of an octave
 * is narrower than a bucket (gamma - 1 > 1/64), so each such slice starts in a bucket
 * (first[][]) and reaches at most into the next, which begins at least[] µs. Smaller
 * durations are looked up; from 2^53 µs (285 years: not a real duration, and past where
 * a double holds every integer) the logarithm is taken. The tables (26 KB) are made on
 * first use, with about 9,000 logarithms. */
#define SLICE_BITS 6
#define TABLE_TOP 53
static struct {
	uint16_t small[1 << SLICE_BITS];            /* us < 64 */
	uint16_t first[TABLE_TOP][1 << SLICE_BITS]; /* [power of two][slice] */
	int64_t least[LATENCY_MAX_INDEX + 2];       /* the least us of bucket i, or
	                                               INT64_MAX: past 2^54 */
} tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static atomic_int tables_made;

static void tables_make(void)
{
	for (int64_t us = 0; us < (1 << SLICE_BITS); us++)
		tables.small[us] = (uint16_t)index_by_log(us);
	for (int e = SLICE_BITS; e < TABLE_TOP; e++)
		for (int64_t s = 0; s < (1 << SLICE_BITS); s++)
			tables.first[e][s] =
			        (uint16_t)index_by_log(((int64_t)1 << e) + (s << (e - SLICE_BITS)));
	tables.least[0] = INT64_MIN;
	for (unsigned i = 1; i < LATENCY_MAX_INDEX + 2; i++) {
		double guess = pow(GAMMA, (double)i - 2.0);
		if (i > LATENCY_MAX_INDEX || guess >= 0x1p54) {
			/* the cap, or far past what the slices reach */
			tables.least[i] = INT64_MAX;
			continue;
		}
		int64_t us = guess < 1.0 ? 1 : (int64_t)guess;
		while (us > 1 && index_by_log(us - 1) >= i)
			us--;
		while (index_by_log(us) < i)
			us++;
		tables.least[i] = us;
	}
	atomic_store_explicit(&tables_made, 1, memory_order_release);
}

unsigned latency_index(int64_t us)
{
	if (!atomic_load_explicit(&tables_made, memory_order_acquire))
		pthread_once(&tables_once, tables_make);
	if (us < (1 << SLICE_BITS))
		return us <= 0 ? 0 : tables.small[us];
	if (us >= (int64_t)1 << TABLE_TOP)
		return index_by_log(us);
	int e = 63 - __builtin_clzll((uint64_t)us);
	unsigned i = tables.first[e][(us >> (e - SLICE_BITS)) & ((1 << SLICE_BITS) - 1)];
	return i + (us >= tables.least[i + 1]);
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
	if (latency_in_range(l, index))
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
	if (index > LATENCY_MAX_INDEX || cover(l, index) != 0)
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
