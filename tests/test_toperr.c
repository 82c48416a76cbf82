/* test_toperr.c — the top error requests table: request keys (query stripped, odd
 * requests kept), exact counts while the keys fit, Space-Saving bounds beyond (every
 * count an upper bound within max_error), and merging (exact and identical whatever the
 * split when the parts are exact and fit; bounded when they do not). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "toperr.h"

struct key_case {
	const char *request;
	const char *key;
};
static const struct key_case keys[] = {
        {"GET /wp-login.php HTTP/1.1", "GET /wp-login.php"},
        {"GET /search?q=linen+coffee HTTP/1.1", "GET /search"},
        {"POST /api/v1/x?token=abc&y=2 HTTP/2.0", "POST /api/v1/x"},
        {"GET ?only=query HTTP/1.1", "GET "},
        {"PRI * HTTP/2.0", "PRI *"},
        {"-", "-"},
        {"", ""},
        {"GET /x", "GET /x"},                       /* two tokens: as it is */
        {"GET /a b HTTP/1.1", "GET /a b HTTP/1.1"}, /* four tokens */
        {" GET /x HTTP/1.1", " GET /x HTTP/1.1"},   /* empty method */
        {"GET  /x HTTP/1.1", "GET  /x HTTP/1.1"},   /* empty target */
        {"GET /x HTTP/1.1 ", "GET /x HTTP/1.1 "},   /* trailing space */
        {"GET /x ", "GET /x "},                     /* empty protocol */
        {"\\x16\\x03\\x01\\x02", "\\x16\\x03\\x01\\x02"},
};

ParameterizedTestParameters(toperr, key)
{
	return INDEX_PARAMS(keys);
}

ParameterizedTest(size_t *ix, toperr, key)
{
	const struct key_case *c = &keys[*ix];
	size_t n = toperr_key_len(c->request, strlen(c->request));
	cr_expect_eq(n, strlen(c->key), "<%s>: %zu", c->request, n);
	cr_expect(memcmp(c->request, c->key, strlen(c->key)) == 0);
}

Test(toperr, long_keys_are_cut)
{
	char req[400];
	memcpy(req, "GET /", 5);
	memset(req + 5, 'a', 300);
	memcpy(req + 305, "?x HTTP/1.1", 12);
	cr_expect_eq(toperr_key_len(req, strlen(req)), TOPERR_KEY_LEN);
	struct toperr *t = toperr_new();
	toperr_add(t, 404, req, strlen(req));
	req[200] = 'b'; /* differs only after the cut: the same key */
	toperr_add(t, 404, req, strlen(req));
	cr_expect_eq(t->n, 1);
	cr_expect_eq(t->e[0].count, 2);
	toperr_free(t);
}

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Request i of a stream: "GET /p<k>?<noise> HTTP/1.1" for key k, code 404 or 500. */
static size_t request(char *buf, size_t size, unsigned k, unsigned noise)
{
	return (size_t)snprintf(buf, size, "GET /p%u?n=%u HTTP/1.1", k, noise);
}

static int code_of(unsigned k)
{
	return k % 7 == 0 ? 500 : 404;
}

/* A skewed stream over nkeys keys: key k appears about total / (k + 1) times. */
static unsigned *stream(unsigned nkeys, size_t len, uint32_t seed, uint64_t *truth)
{
	unsigned *s = malloc(len * sizeof *s);
	memset(truth, 0, nkeys * sizeof *truth);
	for (size_t i = 0; i < len; i++) {
		unsigned r = rnd(&seed);
		unsigned k = i % 2 ? r % nkeys : (r % 64) % (1 + (r >> 6) % 64);
		s[i] = k;
		truth[k]++;
	}
	return s;
}

static void add_all(struct toperr *t, const unsigned *s, size_t from, size_t to, size_t step)
{
	char buf[64];
	for (size_t i = from; i < to; i += step)
		toperr_add(t, code_of(s[i]), buf, request(buf, sizeof buf, s[i], (unsigned)i));
}

static uint64_t truth_of(const struct toperr_entry *e, const uint64_t *truth, unsigned nkeys)
{
	unsigned k;
	char tail;
	cr_assert(sscanf((const char *)e->key, "GET /p%u%c", &k, &tail) >= 1);
	cr_assert_lt(k, nkeys);
	return truth[k];
}

/* Every entry: count - max_error <= true <= count; every key left out: true <= floor. */
static void expect_bounds(const struct toperr *t, const uint64_t *truth, unsigned nkeys)
{
	char *seen = calloc(nkeys, 1);
	for (size_t i = 0; i < t->n; i++) {
		char key[TOPERR_KEY_LEN + 1];
		memcpy(key, t->e[i].key, t->e[i].len);
		key[t->e[i].len] = 0;
		unsigned k;
		cr_assert_eq(sscanf(key, "GET /p%u", &k), 1, "%s", key);
		uint64_t tr = truth[k];
		seen[k] = 1;
		cr_assert_geq(t->e[i].count, tr, "%s: %llu < true %llu", key,
		              (unsigned long long)t->e[i].count, (unsigned long long)tr);
		cr_assert_leq(t->e[i].count - t->e[i].max_error, tr, "%s", key);
		cr_assert_geq(t->e[i].count, t->floor);
	}
	for (unsigned k = 0; k < nkeys; k++)
		if (!seen[k])
			cr_assert_leq(truth[k], t->floor, "key %u left out with %llu > floor", k,
			              (unsigned long long)truth[k]);
	free(seen);
}

static void expect_same_top(const struct toperr *a, const struct toperr *b, size_t k)
{
	const struct toperr_entry *ea[64], *eb[64];
	size_t na = toperr_top(a, ea, k), nb = toperr_top(b, eb, k);
	cr_assert_eq(na, nb);
	for (size_t i = 0; i < na; i++) {
		cr_assert_eq(ea[i]->count, eb[i]->count, "rank %zu", i);
		cr_assert_eq(ea[i]->max_error, eb[i]->max_error, "rank %zu", i);
		cr_assert_eq(ea[i]->code, eb[i]->code);
		cr_assert(ea[i]->len == eb[i]->len &&
		          memcmp(ea[i]->key, eb[i]->key, ea[i]->len) == 0);
	}
}

Test(toperr, exact_while_it_fits)
{
	enum { NKEYS = 3000, LEN = 60000 };
	uint64_t *truth = malloc(NKEYS * sizeof *truth);
	unsigned *s = stream(NKEYS, LEN, 7, truth);
	struct toperr *t = toperr_new();
	add_all(t, s, 0, LEN, 1);
	cr_expect(toperr_exact(t));
	for (size_t i = 0; i < t->n; i++) {
		cr_assert_eq(t->e[i].max_error, 0);
		cr_assert_eq(t->e[i].count, truth_of(&t->e[i], truth, NKEYS));
	}
	const struct toperr_entry *top[10];
	size_t n = toperr_top(t, top, 10);
	cr_assert_eq(n, 10);
	for (size_t i = 1; i < n; i++)
		cr_assert_geq(top[i - 1]->count, top[i]->count);
	cr_expect(memcmp(top[0]->key, "GET /p0", 7) == 0 && top[0]->len == 7, "the heaviest");
	toperr_free(t);
	free(s);
	free(truth);
}

Test(toperr, space_saving_bounds)
{
	enum { NKEYS = 20000, LEN = 200000 };
	uint64_t *truth = malloc(NKEYS * sizeof *truth);
	unsigned *s = stream(NKEYS, LEN, 11, truth);
	struct toperr *t = toperr_new();
	add_all(t, s, 0, LEN, 1);
	cr_expect(!toperr_exact(t));
	cr_expect_eq(t->n, TOPERR_CAPACITY);
	expect_bounds(t, truth, NKEYS);
	/* the heavy hitters are all there, and first */
	const struct toperr_entry *top[5];
	cr_assert_eq(toperr_top(t, top, 5), 5);
	cr_expect(memcmp(top[0]->key, "GET /p0", 7) == 0 && top[0]->len == 7);
	toperr_free(t);
	free(s);
	free(truth);
}

/* Split in 3 interleaved parts, merged in two orders: the same as one pass. */
Test(toperr, merge_exact_parts)
{
	enum { NKEYS = 3000, LEN = 60000 };
	uint64_t *truth = malloc(NKEYS * sizeof *truth);
	unsigned *s = stream(NKEYS, LEN, 5, truth);
	struct toperr *one = toperr_new(), *parts[3], *m1 = toperr_new(), *m2 = toperr_new();
	add_all(one, s, 0, LEN, 1);
	for (int p = 0; p < 3; p++) {
		parts[p] = toperr_new();
		add_all(parts[p], s, (size_t)p, LEN, 3);
	}
	for (int p = 0; p < 3; p++) {
		toperr_merge(m1, parts[p]);
		toperr_merge(m2, parts[2 - p]);
	}
	cr_expect(toperr_exact(m1) && toperr_exact(m2));
	cr_expect_eq(m1->n, one->n);
	expect_same_top(one, m1, 64);
	expect_same_top(one, m2, 64);
	for (int p = 0; p < 3; p++)
		toperr_free(parts[p]);
	toperr_free(one);
	toperr_free(m1);
	toperr_free(m2);
	free(s);
	free(truth);
}

/* Two exact halves whose union does not fit, and overflowed parts: bounds still hold,
 * and exact parts give the same result in either order. */
Test(toperr, merge_beyond_capacity)
{
	enum { NKEYS = 6000, LEN = 120000 };
	uint64_t *truth = malloc(NKEYS * sizeof *truth);
	unsigned *s = malloc(LEN * sizeof *s);
	memset(truth, 0, NKEYS * sizeof *truth);
	uint32_t seed = 3;
	for (size_t i = 0; i < LEN; i++) { /* keys < 3000 in the first half, the rest after */
		unsigned k = (unsigned)(i < LEN / 2 ? 0 : 3000) + rnd(&seed) % 3000;
		k = rnd(&seed) % 4 == 0 ? k % 50 : k;
		s[i] = k;
		truth[k]++;
	}
	struct toperr *a = toperr_new(), *b = toperr_new(), *ab = toperr_new(), *ba = toperr_new();
	add_all(a, s, 0, LEN / 2, 1);
	add_all(b, s, LEN / 2, LEN, 1);
	cr_assert(toperr_exact(a) && toperr_exact(b));
	toperr_merge(ab, a);
	toperr_merge(ab, b);
	toperr_merge(ba, b);
	toperr_merge(ba, a);
	cr_expect(!toperr_exact(ab));
	cr_expect_eq(ab->n, TOPERR_CAPACITY);
	expect_bounds(ab, truth, NKEYS);
	expect_same_top(ab, ba, 64);
	/* overflowed parts (Space-Saving inside each), merged */
	struct toperr *p1 = toperr_new(), *p2 = toperr_new(), *m = toperr_new();
	uint64_t *t2 = malloc(20000 * sizeof *t2);
	unsigned *s2 = stream(20000, 100000, 9, t2);
	add_all(p1, s2, 0, 100000, 2);
	add_all(p2, s2, 1, 100000, 2);
	toperr_merge(m, p1);
	toperr_merge(m, p2);
	expect_bounds(m, t2, 20000);
	free(s2);
	free(t2);
	toperr_free(p1);
	toperr_free(p2);
	toperr_free(m);
	toperr_free(a);
	toperr_free(b);
	toperr_free(ab);
	toperr_free(ba);
	free(s);
	free(truth);
}

Test(toperr, put_and_floor_in_merges)
{
	struct toperr *part = toperr_new(), *dst = toperr_new();
	const unsigned char k1[] = "GET /a", k2[] = "GET /b";
	cr_expect_eq(toperr_put(part, 404, k1, 6, 10, 0), 0);
	cr_expect_eq(toperr_put(part, 404, k1, 6, 1, 0), -1, "twice");
	part->floor = 3; /* a truncated list: anything not listed counted at most 3 */
	toperr_add(dst, 404, "GET /b HTTP/1.1", 15);
	toperr_merge(dst, part);
	cr_expect(!toperr_exact(dst));
	const struct toperr_entry *e[2];
	cr_assert_eq(toperr_top(dst, e, 2), 2);
	cr_expect_eq(e[0]->count, 10);
	cr_expect_eq(e[0]->max_error, 0);
	cr_expect(e[1]->len == 6 && memcmp(e[1]->key, k2, 6) == 0);
	cr_expect_eq(e[1]->count, 4, "1 seen + at most 3 in the truncated part");
	cr_expect_eq(e[1]->max_error, 3);
	cr_expect_eq(dst->floor, 3);
	toperr_free(part);
	toperr_free(dst);
}
