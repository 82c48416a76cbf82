/* test_series_merge.c — series tables split and merged (series.h, scanpool.c): whatever
 * the split of the lines between tables, their order, the order of the merges and the
 * number of scanning threads, a SERIES_KEEP_LOWEST table ends with the same rows and
 * counts; what does not fit is in the overflow by code, so the totals stay exact. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "series.h"
#include "support.h"

/* Line i of a made-up log: one of nkeys (vhost, method, code) combinations, bytes and a
 * duration that depend on i. vhost must hold 32 bytes. */
static const char *const methods[] = {"GET", "POST", "PUT", "PROPFIND"};
static const int codes[] = {200, 301, 404, 503, 999};

static struct record line(unsigned i, unsigned nkeys, char *vhost)
{
	unsigned k = (i * 2654435761u) % nkeys;
	snprintf(vhost, 32, "site%u.example", k / 20);
	const char *m = methods[k % 4];
	return (struct record){.status = codes[(k / 4) % 5],
	                       .bytes = i % 1000,
	                       .time = RECORD_NO_TIME,
	                       .duration_us =
	                               i % 7 ? (int64_t)(i % 20000) * 100 : RECORD_NO_DURATION,
	                       .method = {m, strlen(m)},
	                       .vhost = {vhost, strlen(vhost)}};
}

/* Everything a table holds, as text, rows in series_sort's order. */
static char *snapshot(struct series_table *t)
{
	series_sort(t);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	for (size_t i = 0; i < series_count(t); i++) {
		const struct series_row *r = series_row(t, i);
		fprintf(out, "%03d %s %s %llu %llu\n", r->code, r->vhost, r->method,
		        (unsigned long long)r->requests, (unsigned long long)r->bytes);
	}
	for (int c = 0; c < TALLY_CODES; c++) {
		uint64_t bytes = 0, n = series_overflow(t, c, &bytes);
		if (n)
			fprintf(out, "over %03d %llu %llu\n", c, (unsigned long long)n,
			        (unsigned long long)bytes);
	}
	const struct durhist *d = series_latency(t);
	fprintf(out,
	        "over %llu durations %llu %llu:", (unsigned long long)series_overflow(t, -1, NULL),
	        (unsigned long long)d->count, (unsigned long long)d->sum_us);
	for (int b = 0; b < DURHIST_BUCKETS; b++)
		fprintf(out, " %llu", (unsigned long long)d->bucket[b]);
	fclose(out);
	return buf;
}

static const struct {
	size_t cap;
	unsigned nkeys, nlines, parts;
} splits[] = {
        {5, 200, 3000, 2},      {5, 200, 3000, 7},   {1, 50, 500, 3},
        {37, 400, 5000, 4},     {37, 400, 5000, 16}, {100, 80, 2000, 5}, /* all fit */
        {80, 80, 2000, 3},                                               /* just fit */
        {79, 80, 2000, 3},                                               /* one out */
        {2000, 6000, 30000, 6},
};

ParameterizedTestParameters(series_merge, any_split_gives_the_same_table)
{
	return INDEX_PARAMS(splits);
}

/* The lines counted in one table, and split between parts tables (by a pseudo-random
 * choice, every other part counting its lines backwards) then merged in a scrambled order:
 * the same text. The rows are exactly those of an uncapped table, the overflow the rest. */
ParameterizedTest(size_t *pi, series_merge, any_split_gives_the_same_table)
{
	size_t cap = splits[*pi].cap;
	unsigned nkeys = splits[*pi].nkeys, n = splits[*pi].nlines, parts = splits[*pi].parts;
	unsigned labels = SERIES_VHOST | SERIES_METHOD;
	char vhost[32];
	struct series_table *one = series_new_keep(labels, cap, SERIES_KEEP_LOWEST);
	struct series_table *exact = series_new_keep(labels, 100000, SERIES_KEEP_LOWEST);
	struct series_table *part[16];
	for (unsigned p = 0; p < parts; p++)
		part[p] = series_new_like(one);
	for (unsigned i = 0; i < n; i++) {
		struct record r = line(i, nkeys, vhost);
		series_add(one, &r);
		series_add(exact, &r);
	}
	for (unsigned p = 0; p < parts; p++)
		for (unsigned j = 0; j < n; j++) {
			unsigned i = p % 2 ? n - 1 - j : j;
			if ((i * 40503u >> 7) % parts != p)
				continue;
			struct record r = line(i, nkeys, vhost);
			series_add(part[p], &r);
		}
	struct series_table *merged = series_new_like(one);
	unsigned stride = parts % 5 ? 5 : 7; /* coprime with parts: each part once */
	for (unsigned q = 0; q < parts; q++)
		cr_assert_eq(series_merge(merged, part[(q * stride + 3) % parts]), 0);
	char *want = snapshot(one), *got = snapshot(merged);
	cr_expect_str_eq(got, want);

	size_t distinct = series_count(exact);
	cr_expect_eq(series_count(one), distinct < cap ? distinct : cap);
	cr_expect_eq(series_overflow(exact, -1, NULL), 0);
	uint64_t kept[TALLY_CODES] = {0}, total[TALLY_CODES] = {0};
	for (size_t i = 0; i < series_count(exact); i++)
		total[series_row(exact, i)->code] += series_row(exact, i)->requests;
	for (size_t i = 0; i < series_count(one); i++) {
		const struct series_row *r = series_row(one, i);
		kept[r->code] += r->requests;
		size_t k = 0;
		while (k < distinct && (series_row(exact, k)->code != r->code ||
		                        strcmp(series_row(exact, k)->vhost, r->vhost) != 0 ||
		                        strcmp(series_row(exact, k)->method, r->method) != 0))
			k++;
		cr_assert_lt(k, distinct, "a row that was never met");
		cr_expect_eq(series_row(exact, k)->requests, r->requests, "a kept row is exact");
		cr_expect_eq(series_row(exact, k)->bytes, r->bytes);
	}
	for (int c = 0; c < TALLY_CODES; c++)
		cr_expect_eq(kept[c] + series_overflow(one, c, NULL), total[c], "code %d", c);
	cr_expect_eq(series_latency(one)->count, series_latency(exact)->count);
	free(want);
	free(got);
	for (unsigned p = 0; p < parts; p++)
		series_free(part[p]);
	series_free(merged);
	series_free(one);
	series_free(exact);
}

/* The exporter's table keeps the first rows met: merged rows that do not fit go to the
 * overflow, rows already there are never displaced. */
Test(series_merge, keep_first_never_displaces)
{
	char vhost[32];
	struct series_table *dst = series_new(SERIES_VHOST | SERIES_METHOD, 3);
	struct series_table *src = series_new(SERIES_VHOST | SERIES_METHOD, 100);
	for (unsigned i = 0; i < 3; i++) {
		struct record r = line(i, 1000, vhost);
		series_add(dst, &r);
	}
	uint64_t requests = 0;
	for (unsigned i = 0; i < 50; i++) {
		struct record r = line(i, 1000, vhost);
		series_add(src, &r);
	}
	char *before = snapshot(dst);
	uint64_t durations = series_latency(dst)->count + series_latency(src)->count;
	cr_assert_eq(series_merge(dst, src), 0);
	cr_expect_eq(series_count(dst), 3);
	for (size_t i = 0; i < 3; i++) {
		requests += series_row(dst, i)->requests;
		cr_expect(strstr(before, series_row(dst, i)->vhost), "row %zu stayed", i);
	}
	cr_expect_eq(requests, 6, "the three first rows, counted twice");
	cr_expect_eq(series_overflow(dst, -1, NULL), 47);
	cr_expect_eq(series_latency(dst)->count, durations, "durations are all kept");
	free(before);
	series_free(dst);
	series_free(src);
}

Test(series_merge, other_labels_are_refused)
{
	struct series_table *a = series_new(SERIES_VHOST, 10), *b = series_new(SERIES_METHOD, 10);
	char vhost[32];
	struct record r = line(1, 10, vhost);
	series_add(b, &r);
	cr_expect_eq(series_merge(a, b), -1);
	cr_expect_eq(series_count(a), 0);
	cr_expect_eq(series_latency(a)->count, 0);
	series_free(a);
	series_free(b);
}

/* A log in a format with a vhost, the request line and %D, several blocks long. */
#define SCAN_FORMAT "%v %h %l %u %t \"%r\" %>s %b %D"

static char *make_log(size_t *len)
{
	static const char *const verbs[] = {"GET", "POST", "HEAD", "DELETE", "BREW", "-"};
	static const int status[] = {200, 200, 304, 404, 500, 502, 418};
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	for (unsigned i = 0; i < 80000; i++) {
		unsigned k = i * 2654435761u >> 8;
		const char *verb = verbs[k % 6];
		fprintf(out, "v%u.example.org 10.0.%u.%u - - [30/Nov/2026:01:%02u:%02u +0000] ",
		        k % 700, k % 256, i % 256, i / 60 % 60, i % 60);
		if (verb[0] == '-')
			fputs("\"-\"", out);
		else
			fprintf(out, "\"%s /p/%u HTTP/1.1\"", verb, k % 5000);
		fprintf(out, " %d %u %u\n", status[k % 7], k % 9000, (k % 300000) * 7);
	}
	fclose(out);
	return buf;
}

static const struct {
	size_t cap;
	unsigned labels;
} scans[] = {
        {SERIES_DEFAULT_CAP, SERIES_VHOST | SERIES_METHOD},
        {50, SERIES_VHOST | SERIES_METHOD},
        {SERIES_DEFAULT_CAP, SERIES_METHOD},
        {3, 0}, /* no labels: durations only */
};

ParameterizedTestParameters(series_merge, scan_at_any_threads)
{
	return INDEX_PARAMS(scans);
}

/* The same log scanned at -j1, -j2, -j4 (blocks of 2 MiB, so the pool splits it between
 * workers): the same table, and its rows and overflow add up to the tally. */
ParameterizedTest(size_t *pi, series_merge, scan_at_any_threads)
{
	size_t len;
	char *log = make_log(&len);
	cr_assert_gt(len, 5u << 20, "several blocks: %zu bytes", len);
	char *dir = tmpdir_make();
	char *path = write_file(dir, "access.log", log, len);
	struct logformat fmt;
	char err[256];
	cr_assert_eq(logformat_compile(SCAN_FORMAT, &fmt, err, sizeof err), 0, "%s", err);
	char *first = NULL;
	static const unsigned threads[] = {1, 2, 4};
	for (size_t j = 0; j < 3; j++) {
		struct analyze_options ao;
		analyze_options_init(&ao);
		ao.format = &fmt;
		ao.threads = threads[j];
		ao.series = series_new_keep(scans[*pi].labels, scans[*pi].cap, SERIES_KEEP_LOWEST);
		struct input_result *res = malloc(sizeof *res);
		cr_assert_eq(analyze_path(path, 0, &ao, res), 0, "%s", res->error);
		cr_expect_eq(res->tally.lines, 80000);
		uint64_t sum[TALLY_CODES] = {0};
		for (size_t i = 0; i < series_count(ao.series); i++)
			sum[series_row(ao.series, i)->code] += series_row(ao.series, i)->requests;
		for (int c = 0; c < TALLY_CODES && scans[*pi].labels; c++)
			cr_expect_eq(sum[c] + series_overflow(ao.series, c, NULL),
			             res->tally.count[c], "-j%u, code %d", threads[j], c);
		cr_expect_eq(series_latency(ao.series)->count, res->tally.requests,
		             "%%D read past the size: every request has a duration");
		char *snap = snapshot(ao.series);
		if (first)
			cr_expect_str_eq(snap, first, "-j%u differs from -j1", threads[j]);
		else
			first = snap;
		if (snap != first)
			free(snap);
		if (!scans[*pi].labels)
			cr_expect_eq(series_count(ao.series) + series_overflow(ao.series, -1, NULL),
			             0);
		else if (scans[*pi].cap < 100)
			cr_expect_gt(series_overflow(ao.series, -1, NULL), 0,
			             "the cap was reached");
		series_free(ao.series);
		free(res);
	}
	free(first);
	free(path);
	free(log);
	tmpdir_remove(dir);
}
