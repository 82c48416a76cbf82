/* test_timeline.c — the error timeline: how the bucket width grows with the span, bucket
 * alignment, out-of-order times, and that the result depends only on the times counted
 * (any order, any split into merged parts, any mix of widths). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "timeline.h"

#define DAY 86400
#define T0 ((int64_t)DAY * 11008) /* aligned to every width up to 64 days */

static void expect_same(const struct timeline *a, const struct timeline *b, const char *what)
{
	cr_assert_eq(a->width, b->width, "%s: width %lld vs %lld", what, (long long)a->width,
	             (long long)b->width);
	cr_assert_eq(timeline_span(a), timeline_span(b), "%s: span", what);
	cr_assert_eq(a->lo, b->lo, "%s: first bucket", what);
	for (int64_t i = 0; i < timeline_span(a); i++)
		cr_assert(memcmp(timeline_bucket(a, i), timeline_bucket(b, i),
		                 TIMELINE_CLASSES * sizeof(uint64_t)) == 0,
		          "%s: bucket %lld", what, (long long)i);
}

struct growth_case {
	int64_t span;  /* seconds between the first and the last record */
	int64_t width; /* the width that must be chosen */
};
static const struct growth_case growth[] = {
        {0, 60},
        {239 * 60, 60},
        {240 * 60, 300},
        {240 * 300 - 1, 300},
        {240 * 300, 900},
        {240 * 900, 1800},
        {10 * DAY - 1, 3600},
        {10 * DAY, 10800},
        {119 * DAY, 43200},
        {200 * DAY, DAY},
        {365 * DAY, 2 * DAY},
        {10 * 365 * DAY, 16 * DAY},
};

ParameterizedTestParameters(timeline, growth)
{
	return INDEX_PARAMS(growth);
}

ParameterizedTest(size_t *ix, timeline, growth)
{
	const struct growth_case *c = &growth[*ix];
	struct timeline fwd, back;
	timeline_init(&fwd);
	timeline_init(&back);
	timeline_add(&fwd, T0, 2, 1);
	timeline_add(&fwd, T0 + c->span, 5, 1);
	timeline_add(&back, T0 + c->span, 5, 1);
	timeline_add(&back, T0, 2, 1);
	cr_expect_eq(fwd.width, c->width, "span %lld: width %lld", (long long)c->span,
	             (long long)fwd.width);
	cr_expect(timeline_valid_width(fwd.width));
	cr_expect_eq(fwd.lo * fwd.width, T0, "the first bucket starts at the first record");
	cr_expect_eq(timeline_total(&fwd), 2);
	cr_expect_eq(timeline_bucket(&fwd, 0)[2], 1);
	cr_expect_eq(timeline_bucket(&fwd, timeline_span(&fwd) - 1)[5], 1);
	cr_expect_leq(timeline_span(&fwd), TIMELINE_BUCKETS);
	expect_same(&fwd, &back, "reverse order");
}

Test(timeline, aligned_to_the_epoch)
{
	struct timeline tl;
	timeline_init(&tl);
	timeline_add(&tl, 971211336, 4, 1); /* 10/Oct/2000:13:55:36 -0700 */
	cr_expect_eq(tl.lo * tl.width, 971211300);
	timeline_add(&tl, 971211336 + 5 * 3600, 4, 1); /* 5 h later: 300 s buckets */
	cr_expect_eq(tl.width, 300);
	cr_expect_eq(tl.lo * tl.width % 300, 0);
	cr_expect_eq(tl.lo * tl.width, 971211300 - 971211300 % 300);
	timeline_add(&tl, -100, 1, 1); /* before the epoch: floor, not truncation */
	cr_expect_leq(tl.lo * tl.width, -100);
	cr_expect_eq(tl.lo * tl.width % tl.width, 0);
	cr_expect_eq(timeline_total(&tl), 3);
}

Test(timeline, current_bucket_cache)
{
	struct timeline tl;
	timeline_init(&tl);
	int64_t seq[] = {T0 + 5, T0 + 59, T0 + 60, T0 + 0, T0 + 61, T0 - 1, T0 + 30, T0 + 120};
	for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++)
		timeline_add(&tl, seq[i], 3, 1);
	cr_expect_eq(tl.width, 60);
	cr_expect_eq(tl.lo * 60, T0 - 60);
	cr_expect_eq(timeline_span(&tl), 4);
	cr_expect_eq(timeline_bucket(&tl, 0)[3], 1); /* T0 - 1 */
	cr_expect_eq(timeline_bucket(&tl, 1)[3], 4); /* T0 .. T0 + 59 */
	cr_expect_eq(timeline_bucket(&tl, 2)[3], 2);
	cr_expect_eq(timeline_bucket(&tl, 3)[3], 1);
}

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

#define NREC 20000

struct rec {
	int64_t t;
	int cls;
};

/* Records spread over span seconds, in a few bursts, shuffled. */
static struct rec *records(int64_t span, uint32_t seed)
{
	struct rec *r = malloc(NREC * sizeof *r);
	for (size_t i = 0; i < NREC; i++) {
		uint64_t big = (uint64_t)rnd(&seed) << 24 | rnd(&seed);
		int64_t t = (int64_t)(big % (uint64_t)(span + 1));
		if (i % 3 == 0)
			t = span / 3 + (int64_t)(rnd(&seed) % 600);
		r[i] = (struct rec){T0 + 7 + t, (int)(rnd(&seed) % TIMELINE_CLASSES)};
	}
	return r;
}

static int by_time(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	return (x->t > y->t) - (x->t < y->t);
}

static const int64_t spans[] = {50, 3 * 3600, 2 * DAY, 40 * DAY, 3 * 365 * DAY};

ParameterizedTestParameters(timeline, order_and_split_independent)
{
	return INDEX_PARAMS(spans);
}

/* Shuffled, sorted, split in 3 interleaved parts or in 2 halves of the time range (so
 * the parts have different widths), merged in either order: the same timeline. */
ParameterizedTest(size_t *ix, timeline, order_and_split_independent)
{
	struct rec *r = records(spans[*ix], 42 + (uint32_t)*ix);
	struct timeline shuffled, sorted, parts[3], lo, hi, merged, merged2, whole;
	timeline_init(&shuffled);
	for (size_t i = 0; i < NREC; i++)
		timeline_add(&shuffled, r[i].t, r[i].cls, 1);
	for (int p = 0; p < 3; p++) {
		timeline_init(&parts[p]);
		for (size_t i = (size_t)p; i < NREC; i += 3)
			timeline_add(&parts[p], r[i].t, r[i].cls, 1);
	}
	qsort(r, NREC, sizeof *r, by_time);
	timeline_init(&sorted);
	timeline_init(&lo);
	timeline_init(&hi);
	for (size_t i = 0; i < NREC; i++) {
		timeline_add(&sorted, r[i].t, r[i].cls, 1);
		timeline_add(i < NREC / 10 ? &lo : &hi, r[i].t, r[i].cls, 1);
	}
	cr_expect_eq(timeline_total(&sorted), NREC);
	expect_same(&shuffled, &sorted, "shuffled vs sorted");
	timeline_init(&merged);
	for (int p = 2; p >= 0; p--)
		timeline_merge(&merged, &parts[p]);
	expect_same(&merged, &sorted, "three parts");
	merged2 = lo;
	timeline_merge(&merged2, &hi);
	expect_same(&merged2, &sorted, "low + high");
	whole = hi;
	timeline_merge(&whole, &lo);
	expect_same(&whole, &sorted, "high + low");
	free(r);
}

Test(timeline, merge_with_empty_and_read_back)
{
	struct timeline a, empty, b;
	timeline_init(&a);
	timeline_init(&empty);
	timeline_add(&a, T0, 4, 3);
	timeline_add(&a, T0 + 9 * 3600, 5, 2);
	b = a;
	timeline_merge(&b, &empty);
	expect_same(&a, &b, "merge with empty");
	timeline_merge(&empty, &a);
	expect_same(&a, &empty, "empty merged with a");
	/* a saved timeline read back bucket by bucket, at its width */
	struct timeline r;
	timeline_init(&r);
	for (int64_t i = 0; i < timeline_span(&a); i++)
		for (int c = 0; c < TIMELINE_CLASSES; c++)
			if (timeline_bucket(&a, i)[c])
				timeline_add_at_width(&r, a.width, (a.lo + i) * a.width, c,
				                      timeline_bucket(&a, i)[c]);
	expect_same(&a, &r, "read back");
}

Test(timeline, valid_widths)
{
	int64_t ok[] = {60, 300, 900, 1800, 3600, 10800, 21600, 43200, DAY, 2 * DAY, 64 * DAY};
	int64_t no[] = {0, 1, 120, 600, 7200, 3 * DAY, 7 * DAY, -60};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		cr_expect(timeline_valid_width(ok[i]), "%lld", (long long)ok[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		cr_expect(!timeline_valid_width(no[i]), "%lld", (long long)no[i]);
}
