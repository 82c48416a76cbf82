/* test_latency.c — the duration sketch: every quantile within 1 % of the true one on
 * several distributions (table of cases), the exact maximum, zero durations, the largest
 * durations, and merging (any split gives the sketch of the whole). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "latency.h"
#include "support.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t draw(int kind, size_t i)
{
	double u = (double)(next() >> 11) / 9007199254740992.0;
	switch (kind) {
	case 0:
		return (int64_t)(u * 1000000); /* uniform to 1 s */
	case 1:
		return (int64_t)exp(9 + 2 * sqrt(-2 * log(u + 1e-12)) * cos(6.28 * u)); /* wide */
	case 2:
		return (int64_t)(i % 3) * 1000000; /* whole seconds, many zeros (%T) */
	case 3:
		return (int64_t)1 << (i % 63); /* 1 µs .. 2^62 µs */
	default:
		return 42;
	}
}

struct dist {
	const char *name;
	int kind;
	size_t n;
};
static const struct dist dists[] = {
        {"uniform", 0, 100000},    {"log-normal", 1, 100000}, {"seconds", 2, 9999},
        {"powers of two", 3, 630}, {"constant", 4, 7},        {"one", 0, 1},
};

ParameterizedTestParameters(latency, quantiles_within_one_percent)
{
	return INDEX_PARAMS(dists);
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

ParameterizedTest(size_t *ix, latency, quantiles_within_one_percent)
{
	const struct dist *d = &dists[*ix];
	int64_t *v = malloc(d->n * sizeof *v);
	struct latency all, part[3];
	latency_init(&all);
	for (int k = 0; k < 3; k++)
		latency_init(&part[k]);
	for (size_t i = 0; i < d->n; i++) {
		v[i] = draw(d->kind, i);
		cr_assert_eq(latency_add(&all, v[i], 1), 0);
		cr_assert_eq(latency_add(&part[i % 3], v[i], 1), 0);
	}
	qsort(v, d->n, sizeof *v, cmp);
	static const double qs[] = {0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999};
	for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
		double truth = (double)v[(size_t)(qs[k] * (double)(d->n - 1))];
		double got = latency_quantile(&all, qs[k]);
		cr_expect(fabs(got - truth) <= LATENCY_ALPHA * truth + 1e-9, "%s q%.3f: %f vs %f",
		          d->name, qs[k], got, truth);
	}
	cr_expect_eq(latency_quantile(&all, 1.0), (double)v[d->n - 1], "%s max", d->name);
	cr_expect_eq(all.count, d->n);
	/* merging the parts in any order gives the same buckets */
	struct latency m;
	latency_init(&m);
	cr_assert_eq(latency_merge(&m, &part[2]), 0);
	cr_assert_eq(latency_merge(&m, &part[0]), 0);
	cr_assert_eq(latency_merge(&m, &part[1]), 0);
	cr_expect_eq(m.count, all.count);
	cr_expect_eq(m.max_us, all.max_us);
	for (unsigned i = 0; i <= LATENCY_MAX_INDEX; i++) {
		uint64_t a = i >= all.lo && i < all.lo + all.n ? all.bins[i - all.lo] : 0;
		uint64_t b = i >= m.lo && i < m.lo + m.n ? m.bins[i - m.lo] : 0;
		cr_expect_eq(a, b, "%s bucket %u: %llu vs %llu", d->name, i, (unsigned long long)a,
		             (unsigned long long)b);
	}
	latency_free(&m);
	latency_free(&all);
	for (int k = 0; k < 3; k++)
		latency_free(&part[k]);
	free(v);
}

Test(latency, empty_and_negative)
{
	struct latency l;
	latency_init(&l);
	cr_expect_eq(latency_quantile(&l, 0.5), 0.0);
	cr_expect_eq(latency_add(&l, -1, 1), 0);
	cr_expect_eq(l.count, 0);
	cr_expect_eq(latency_add(&l, INT64_MAX, 1), 0);
	cr_expect_eq(latency_quantile(&l, 0.5), (double)INT64_MAX);
	cr_expect(latency_index(INT64_MAX) <= LATENCY_MAX_INDEX);
	cr_expect_eq(latency_add_bucket(&l, LATENCY_MAX_INDEX + 1, 1), -1);
	latency_free(&l);
}

Test(latency, bucket_values_are_within_alpha)
{
	for (int64_t us = 1; us < 4000000000000ll; us = us * 3 / 2 + 1) {
		double v = latency_value(latency_index(us));
		cr_expect(fabs(v - (double)us) <= LATENCY_ALPHA * (double)us, "%lld: %f",
		          (long long)us, v);
	}
	cr_expect_eq(latency_value(latency_index(0)), 0.0);
}

/* The bucket by the definition in latency.h, as saved reports hold it. */
static unsigned index_by_definition(int64_t us)
{
	if (us <= 0)
		return 0;
	double gamma = (1.0 + LATENCY_ALPHA) / (1.0 - LATENCY_ALPHA);
	double i = 1.0 + ceil(log((double)us) / log(gamma));
	return i > LATENCY_MAX_INDEX ? LATENCY_MAX_INDEX : (unsigned)i;
}

/* latency_index looks buckets up in tables: it must give the definition's index for every
 * duration, or sketches saved by one version would not merge with another's. Checked for
 * every duration below 3 s, on both sides of every bucket's edge, and at random over the
 * whole range. */
Test(latency, index_is_the_definitions_everywhere)
{
	unsigned bad = 0;
	for (int64_t us = -2; us < 3000000 && bad < 5; us++)
		if (latency_index(us) != index_by_definition(us)) {
			cr_expect_fail("%lld µs: %u, not %u", (long long)us, latency_index(us),
			               index_by_definition(us));
			bad++;
		}
	double gamma = (1.0 + LATENCY_ALPHA) / (1.0 - LATENCY_ALPHA);
	for (int k = 0; k < LATENCY_MAX_INDEX && bad < 5; k++) {
		double edge = pow(gamma, k);
		if (edge > 9e18)
			break;
		for (int64_t d = -3; d <= 3; d++) {
			int64_t us = (int64_t)edge + d;
			if (us > 0 && latency_index(us) != index_by_definition(us)) {
				cr_expect_fail("edge %d, %lld µs: %u, not %u", k, (long long)us,
				               latency_index(us), index_by_definition(us));
				bad++;
			}
		}
	}
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (int n = 0; n < 1000000 && bad < 5; n++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int64_t us = (int64_t)((x >> 1) >> (x % 63)); /* every order of magnitude */
		if (latency_index(us) != index_by_definition(us)) {
			cr_expect_fail("%lld µs: %u, not %u", (long long)us, latency_index(us),
			               index_by_definition(us));
			bad++;
		}
	}
	cr_expect_eq(latency_index(INT64_MAX), index_by_definition(INT64_MAX));
}
