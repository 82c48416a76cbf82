/* test_breakdown.c — counting by value: exact while the values fit (counts, class split,
 * codes, latency), bounded beyond (every count an upper bound within max_error, no value
 * left out above the floor, heavy values kept), and merging (any split of exact parts
 * gives the whole; past the capacity the bounds still hold). Also the drill's keys. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breakdown.h"
#include "drill.h"
#include "support.h"

#define KEYS 5000

static uint64_t truth[KEYS];

static void key_of(unsigned k, char *buf, size_t *len)
{
	*len = (size_t)snprintf(buf, 32, "/k%u", k);
}

/* A stream over KEYS values: a few heavy ones and a long tail, deterministic. */
static unsigned pick(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	unsigned r = (unsigned)(*s >> 33);
	return r % 4 == 0 ? (r >> 2) % 8 : (r >> 2) % KEYS;
}

static void feed(struct breakdown *b, size_t from, size_t to, int count_truth)
{
	uint64_t s = 7;
	for (size_t i = 0; i < to; i++) {
		unsigned k = pick(&s);
		if (i < from)
			continue;
		char buf[32];
		size_t len;
		key_of(k, buf, &len);
		int code = k % 2 ? 404 : 200;
		cr_assert_eq(breakdown_add(b, (const unsigned char *)buf, len, code,
		                           (int64_t)(k * 10), 1),
		             0);
		if (count_truth)
			truth[k]++;
	}
}

static const struct breakdown_row *row_of(const struct breakdown *b, unsigned k)
{
	char buf[32];
	size_t len;
	key_of(k, buf, &len);
	for (size_t i = 0; i < b->n; i++)
		if (b->rows[i].len == len && memcmp(b->rows[i].key, buf, len) == 0)
			return &b->rows[i];
	return NULL;
}

static void check_bounds(const struct breakdown *b, size_t total)
{
	uint64_t sum = 0;
	for (unsigned k = 0; k < KEYS; k++) {
		const struct breakdown_row *r = row_of(b, k);
		if (!r) {
			cr_expect(truth[k] <= b->floor, "/k%u: %llu left out above floor %llu", k,
			          (unsigned long long)truth[k], (unsigned long long)b->floor);
			continue;
		}
		cr_expect(r->count >= truth[k] && r->count - r->max_error <= truth[k],
		          "/k%u: true %llu outside [%llu, %llu]", k, (unsigned long long)truth[k],
		          (unsigned long long)(r->count - r->max_error),
		          (unsigned long long)r->count);
		sum += r->count - r->max_error;
	}
	cr_expect(sum <= total);
	for (unsigned k = 0; k < 8; k++) /* the heavy values are always kept */
		cr_expect(row_of(b, k) != NULL, "/k%u dropped", k);
}

Test(breakdown, exact_while_values_fit)
{
	memset(truth, 0, sizeof truth);
	struct breakdown *b = breakdown_new(BY_PATH, KEYS);
	feed(b, 0, 100000, 1);
	cr_expect(breakdown_exact(b));
	cr_expect_eq(b->requests, 100000);
	for (unsigned k = 0; k < KEYS; k++) {
		const struct breakdown_row *r = row_of(b, k);
		if (!truth[k]) {
			cr_expect_null(r);
			continue;
		}
		cr_assert_not_null(r, "/k%u", k);
		cr_expect_eq(r->count, truth[k]);
		cr_expect_eq(r->max_error, 0);
		cr_expect_eq(r->classes[k % 2 ? 4 : 2], truth[k]);
		cr_expect_eq(r->ncodes, 1);
		cr_expect_eq(r->code[0], k % 2 ? 404 : 200);
		cr_expect_eq(r->lat.count, truth[k]);
		cr_expect_eq(r->lat.max_us, (int64_t)(k * 10));
	}
	breakdown_free(b);
}

Test(breakdown, bounded_past_capacity)
{
	memset(truth, 0, sizeof truth);
	struct breakdown *b = breakdown_new(BY_PATH, 256);
	feed(b, 0, 100000, 1);
	cr_expect(!breakdown_exact(b));
	cr_expect(b->n <= 256);
	check_bounds(b, 100000);
	breakdown_free(b);
}

Test(breakdown, merge_of_exact_parts_is_the_whole)
{
	memset(truth, 0, sizeof truth);
	struct breakdown *whole = breakdown_new(BY_PATH, KEYS), *a = breakdown_new(BY_PATH, KEYS),
	                 *c = breakdown_new(BY_PATH, KEYS);
	feed(whole, 0, 50000, 1);
	feed(a, 0, 20000, 0);
	feed(c, 20000, 50000, 0);
	cr_assert_eq(breakdown_merge(c, a), 0);
	cr_expect(breakdown_exact(c));
	cr_expect_eq(c->n, whole->n);
	cr_expect_eq(c->requests, whole->requests);
	for (size_t i = 0; i < whole->n; i++) {
		const struct breakdown_row *w = &whole->rows[i];
		const struct breakdown_row *r = NULL;
		for (size_t j = 0; j < c->n && !r; j++)
			if (c->rows[j].len == w->len && memcmp(c->rows[j].key, w->key, w->len) == 0)
				r = &c->rows[j];
		cr_assert_not_null(r);
		cr_expect_eq(r->count, w->count);
		cr_expect(memcmp(r->classes, w->classes, sizeof r->classes) == 0);
		cr_expect_eq(r->lat.count, w->lat.count);
		cr_expect_eq(r->lat.max_us, w->lat.max_us);
	}
	breakdown_free(whole);
	breakdown_free(a);
	breakdown_free(c);
}

/* A value met with more codes than a row keeps: the highest codes, ascending, whatever
 * order the requests came in and however they were split and merged. */
Test(breakdown, codes_kept_do_not_depend_on_order_or_split)
{
	static const int codes[] = {200, 404, 301, 500, 302, 499, 304, 503, 201, 403, 502, 206};
	const size_t ncodes = sizeof codes / sizeof codes[0];
	const unsigned char key[] = "/x";
	struct breakdown *one = breakdown_new(BY_PATH, 0);
	for (size_t i = 0; i < ncodes; i++) /* code i, i + 1 times */
		cr_assert_eq(breakdown_add(one, key, 2, codes[i], -1, i + 1), 0);
	const struct breakdown_row *r = &one->rows[0];
	static const int want[] = {302, 304, 403, 404, 499, 500, 502, 503};
	cr_assert_eq(r->ncodes, BREAKDOWN_CODES);
	uint64_t kept = 0;
	for (size_t k = 0; k < BREAKDOWN_CODES; k++) {
		cr_expect_eq(r->code[k], want[k], "code %zu: %d", k, r->code[k]);
		kept += r->code_count[k];
	}
	cr_expect_eq(kept + r->other_codes, r->count);
	cr_expect_eq(r->other_codes, 1 + 3 + 9 + 12); /* 200, 301, 201, 206 */
	for (unsigned split = 1; split < ncodes; split++) {
		struct breakdown *a = breakdown_new(BY_PATH, 0), *b = breakdown_new(BY_PATH, 0);
		for (size_t i = ncodes; i-- > 0;) /* backwards, one request at a time */
			for (size_t k = 0; k <= i; k++)
				cr_assert_eq(breakdown_add((i + k) % split ? a : b, key, 2,
				                           codes[i], -1, 1),
				             0);
		cr_assert_eq(breakdown_merge(b, a), 0);
		const struct breakdown_row *m = &b->rows[0];
		cr_expect_eq(m->ncodes, r->ncodes, "split %u", split);
		cr_expect(memcmp(m->code, r->code, sizeof m->code) == 0, "split %u", split);
		cr_expect(memcmp(m->code_count, r->code_count, sizeof m->code_count) == 0,
		          "split %u", split);
		cr_expect_eq(m->other_codes, r->other_codes, "split %u", split);
		breakdown_free(a);
		breakdown_free(b);
	}
	breakdown_free(one);
}

Test(breakdown, merge_past_capacity_keeps_the_bounds)
{
	memset(truth, 0, sizeof truth);
	struct breakdown *a = breakdown_new(BY_PATH, 256), *c = breakdown_new(BY_PATH, 256);
	feed(a, 0, 40000, 1);
	memset(truth, 0, sizeof truth);
	feed(c, 0, 100000, 1); /* truth: the whole stream */
	struct breakdown *x = breakdown_new(BY_PATH, 256);
	feed(x, 40000, 100000, 0);
	cr_assert_eq(breakdown_merge(x, a), 0);
	cr_expect(x->n <= 256);
	check_bounds(x, 100000);
	breakdown_free(a);
	breakdown_free(c);
	breakdown_free(x);
}

Test(breakdown, order_by_count_then_key_and_by_key)
{
	struct breakdown *b = breakdown_new(BY_HOUR, 0);
	const char *keys[] = {"b", "a", "c", "a", "c", "c"};
	for (size_t i = 0; i < 6; i++)
		breakdown_add(b, (const unsigned char *)keys[i], 1, 200, -1, 1);
	const struct breakdown_row *rows[3];
	cr_assert_eq(breakdown_order(b, rows, 0), 3);
	cr_expect(rows[0]->key[0] == 'c' && rows[1]->key[0] == 'a' && rows[2]->key[0] == 'b');
	breakdown_order(b, rows, 1);
	cr_expect(rows[0]->key[0] == 'a' && rows[1]->key[0] == 'b' && rows[2]->key[0] == 'c');
	breakdown_free(b);
}

Test(breakdown, long_values_are_cut)
{
	struct breakdown *b = breakdown_new(BY_PATH, 0);
	unsigned char k[300];
	memset(k, 'x', sizeof k);
	breakdown_add(b, k, sizeof k, 200, -1, 1);
	breakdown_add(b, k, BREAKDOWN_KEY_LEN + 5, 200, -1, 1);
	cr_expect_eq(b->n, 1);
	cr_expect_eq(b->rows[0].len, BREAKDOWN_KEY_LEN);
	cr_expect_eq(b->rows[0].count, 2);
	breakdown_free(b);
}

/* What each field takes from a record. */
Test(drill, keys_of_a_record)
{
	int fields[] = {BY_PATH,  BY_REQUEST, BY_METHOD, BY_CLIENT, BY_VHOST,
	                BY_INPUT, BY_MINUTE,  BY_HOUR,   BY_DAY};
	struct drill *d = drill_new(fields, 9, 0);
	d->input_name = "in.log";
	const char *line = "GET /a/b?x=1 HTTP/1.1";
	struct record r = {.status = 503,
	                   .time = 1700000000 + 59,
	                   .duration_us = 1500,
	                   .request = {line, strlen(line)},
	                   .host = {"10.0.0.1", 8}};
	drill_add(d, &r);
	const char *want[] = {"/a/b",
	                      "GET /a/b",
	                      "GET",
	                      "10.0.0.1",
	                      NULL,
	                      "in.log",
	                      "2023-11-14T22:14Z",
	                      "2023-11-14T22:00Z",
	                      "2023-11-14"};
	for (size_t i = 0; i < 9; i++) {
		const struct breakdown *b = drill_by(d, fields[i]);
		if (!want[i]) {
			cr_expect_eq(b->n, 0);
			cr_expect_eq(b->missing, 1);
			continue;
		}
		cr_assert_eq(b->n, 1, "%s", drill_field_name(fields[i]));
		cr_expect(b->rows[0].len == strlen(want[i]) &&
		                  memcmp(b->rows[0].key, want[i], b->rows[0].len) == 0,
		          "%s: %.*s", drill_field_name(fields[i]), (int)b->rows[0].len,
		          b->rows[0].key);
	}
	cr_expect_eq(d->cls[5].count, 1);
	cr_expect_eq(d->code[503].max_us, 1500);
	/* method and path logged apart (W3C, JSON) */
	struct record w = {.status = 200,
	                   .time = RECORD_NO_TIME,
	                   .duration_us = -1,
	                   .method = {"POST", 4},
	                   .path = {"/api?q", 6}};
	drill_add(d, &w);
	cr_expect_eq(drill_by(d, BY_PATH)->n, 2);
	cr_expect_eq(drill_by(d, BY_MINUTE)->missing, 1);
	const struct breakdown *req = drill_by(d, BY_REQUEST);
	int found = 0;
	for (size_t i = 0; i < req->n; i++)
		found |= req->rows[i].len == 9 && memcmp(req->rows[i].key, "POST /api", 9) == 0;
	cr_expect(found);
	drill_free(d);
}
