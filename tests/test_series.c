/* test_series.c — the labelled request table (series.h): method names as data, the cap
 * with its overflow by code, --labels parsing, and the exposition built from it (labels,
 * sums equal to the tally's, promtool). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expo.h"
#include "prom_support.h"
#include "series.h"

static struct record request(const char *line, int status, uint64_t bytes)
{
	return (struct record){.status = status,
	                       .bytes = bytes,
	                       .time = RECORD_NO_TIME,
	                       .request = {line, line ? strlen(line) : 0}};
}

static const struct {
	const char *request, *method;
} methods[] = {
        {"GET / HTTP/1.1", "GET"},
        {"HEAD /x HTTP/1.0", "HEAD"},
        {"POST /form HTTP/2.0", "POST"},
        {"PUT /a", "PUT"},
        {"DELETE /a HTTP/1.1", "DELETE"},
        {"CONNECT host:443 HTTP/1.1", "CONNECT"},
        {"OPTIONS * HTTP/1.1", "OPTIONS"},
        {"TRACE / HTTP/1.1", "TRACE"},
        {"PATCH /a HTTP/1.1", "PATCH"},
        {"get / HTTP/1.1", "OTHER"},
        {"GETX / HTTP/1.1", "OTHER"},
        {"CONNECTX host:443 HTTP/1.1", "OTHER"},
        {"DELETEDELETE /", "OTHER"},
        {"OPTIONS", "OPTIONS"},
        {"PROPFIND / HTTP/1.1", "OTHER"},
        {"\x16\x03\x01\x02", "OTHER"},
        {"-", "OTHER"},
        {"", "OTHER"},
        {"GET", "GET"},
        {NULL, "OTHER"},
};

ParameterizedTestParameters(series, method_names)
{
	return INDEX_PARAMS(methods);
}

ParameterizedTest(size_t *i, series, method_names)
{
	struct series_table *t = series_new(SERIES_METHOD, 10);
	cr_assert(t);
	struct record r = request(methods[*i].request, 200, 5);
	series_add(t, &r);
	cr_assert_eq(series_count(t), 1);
	cr_expect_str_eq(series_row(t, 0)->method, methods[*i].method);
	cr_expect_eq(series_row(t, 0)->code, 200);
	cr_expect_eq(series_row(t, 0)->requests, 1);
	cr_expect_eq(series_row(t, 0)->bytes, 5);
	series_free(t);
}

Test(series, rows_merge_and_no_status_is_not_a_request)
{
	struct series_table *t = series_new(SERIES_METHOD, 10);
	const char *lines[] = {"GET /a", "GET /b", "POST /c", "GET /d"};
	const int codes[] = {200, 200, 200, 404};
	for (int i = 0; i < 4; i++) {
		struct record r = request(lines[i], codes[i], 10);
		series_add(t, &r);
	}
	struct record none = request("GET /e", RECORD_NO_STATUS, 0);
	series_add(t, &none);
	cr_assert_eq(series_count(t), 3);
	cr_expect_eq(series_row(t, 0)->requests, 2);
	cr_expect_eq(series_row(t, 0)->bytes, 20);
	cr_expect_str_eq(series_row(t, 1)->method, "POST");
	cr_expect_eq(series_row(t, 2)->code, 404);
	cr_expect_eq(series_overflow(t, -1, NULL), 0);
	series_free(t);
}

/* The method field of formats that log it apart (W3C, JSON) wins over the request line. */
Test(series, method_field_and_vhost)
{
	struct series_table *t = series_new(SERIES_METHOD | SERIES_VHOST, 10);
	struct record r = request(NULL, 200, 1);
	r.method = (struct slice){"DELETE", 6};
	r.vhost = (struct slice){"www.example.org", 15};
	series_add(t, &r);
	struct record no_vhost = request("GET / HTTP/1.1", 200, 1);
	series_add(t, &no_vhost);
	char longname[200];
	memset(longname, 'a', sizeof longname);
	struct record hostile = request("PUT /", 404, 1);
	hostile.vhost = (struct slice){longname, sizeof longname};
	series_add(t, &hostile);
	cr_assert_eq(series_count(t), 3);
	cr_expect_str_eq(series_row(t, 0)->method, "DELETE");
	cr_expect_str_eq(series_row(t, 0)->vhost, "www.example.org");
	cr_expect_str_eq(series_row(t, 1)->vhost, "-", "not logged");
	cr_expect_eq(strlen(series_row(t, 2)->vhost), SERIES_VHOST_LEN - 1, "cut to fit");
	series_free(t);
}

/* A vhost per request (a Host header sprayed by a client) fills the table, then only
 * the overflow by code grows. */
Test(series, hostile_vhosts_are_capped)
{
	struct series_table *t = series_new(SERIES_VHOST, SERIES_DEFAULT_CAP);
	char name[32];
	for (int i = 0; i < 50000; i++) {
		snprintf(name, sizeof name, "h%d.example", i);
		struct record r = request("GET /", 200, 1);
		r.vhost = (struct slice){name, strlen(name)};
		series_add(t, &r);
	}
	cr_expect_eq(series_count(t), SERIES_DEFAULT_CAP);
	cr_expect_eq(series_overflow(t, 200, NULL), 50000 - SERIES_DEFAULT_CAP);
	series_free(t);
}

/* Past the cap, combinations are counted by code only: memory stays put. */
Test(series, cap_and_overflow)
{
	struct series_table *t = series_new(SERIES_METHOD, 3);
	for (int code = 200; code < 1000; code++)
		for (int k = 0; k < 2; k++) {
			struct record r = request(k ? "POST /" : "GET /", code, 1);
			series_add(t, &r);
		}
	cr_expect_eq(series_count(t), 3);
	uint64_t bytes = 0;
	cr_expect_eq(series_overflow(t, -1, NULL), 2 * 800 - 3);
	cr_expect_eq(series_overflow(t, 999, &bytes), 2);
	cr_expect_eq(bytes, 2);
	cr_expect_eq(series_overflow(t, 201, NULL), 1, "201 GET has a row, 201 POST not");
	series_free(t);
}

static const struct {
	const char *arg;
	int ok;
	unsigned labels;
	const char *why;
} args[] = {
        {"method", 1, SERIES_METHOD, NULL},
        {"method,method", 1, SERIES_METHOD, NULL},
        {"vhost", 1, SERIES_VHOST, NULL},
        {"method,vhost", 1, SERIES_METHOD | SERIES_VHOST, NULL},
        {"vhost,method", 1, SERIES_METHOD | SERIES_VHOST, NULL},
        {"", 0, 0, "'' is not a label: vhost, method"},
        {"method,", 0, 0, "'' is not a label"},
        {"Method", 0, 0, "'Method' is not a label"},
        {"client", 0, 0, "'client' is not a label"},
};

ParameterizedTestParameters(series, parse_labels)
{
	return INDEX_PARAMS(args);
}

ParameterizedTest(size_t *i, series, parse_labels)
{
	unsigned labels = 99;
	char err[256] = "";
	int rc = series_parse_labels(args[*i].arg, &labels, err, sizeof err);
	cr_expect_eq(rc, args[*i].ok ? 0 : -1, "%s: %s", args[*i].arg, err);
	if (args[*i].ok)
		cr_expect_eq(labels, args[*i].labels);
	else
		cr_expect(strstr(err, args[*i].why), "%s: %s", args[*i].arg, err);
}

Test(series, exposition_with_method_label)
{
	struct series_table *t = series_new(SERIES_METHOD | SERIES_VHOST, 2);
	struct tally tally;
	tally_init(&tally);
	const char *lines[] = {"GET /", "POST /", "PUT /", "GET /"};
	const int codes[] = {200, 200, 503, 503};
	for (int i = 0; i < 4; i++) {
		struct record r = request(lines[i], codes[i], 100);
		tally_record(&tally, &r);
		series_add(t, &r);
	}
	struct expo_input in[2] = {{.name = "a.log", .tally = &tally, .series = t},
	                           {.name = "b.log", .tally = &tally}};
	struct expo e = {.format = EXPO_TEXT,
	                 .inputs = in,
	                 .ninputs = 2,
	                 .table = codes_builtin,
	                 .table_n = codes_builtin_count,
	                 .version = "1"};
	size_t len = 0;
	char *buf = write_expo(&e, &len);
	static const char *const want[] = {
	        "logstat_requests_total{input=\"a.log\",code=\"200\",class=\"2xx\","
	        "official=\"true\",vhost=\"-\",method=\"GET\"} 1\n",
	        "logstat_requests_total{input=\"a.log\",code=\"200\",class=\"2xx\","
	        "official=\"true\",vhost=\"-\",method=\"POST\"} 1\n",
	        /* over the cap of 2 rows: by code, label values empty */
	        "logstat_requests_total{input=\"a.log\",code=\"503\",class=\"5xx\","
	        "official=\"true\",vhost=\"\",method=\"\"} 2\n",
	        "logstat_response_bytes_total{input=\"a.log\",code=\"503\",class=\"5xx\","
	        "official=\"true\",vhost=\"\",method=\"\"} 200\n",
	        "logstat_requests_total{input=\"b.log\",code=\"503\",class=\"5xx\","
	        "official=\"true\"} 2\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_expect(strstr(buf, want[i]), "missing:\n%s\nin:\n%s", want[i], buf);
	prom_lint(buf, len);
	free(buf);
	series_free(t);
}

/* Durations (microseconds) and the bucket they land in: bounds are inclusive. */
static const struct {
	int64_t us;
	int bucket; /* -1: only +Inf; -2: not counted */
} durations[] = {
        {0, 0},         {5000, 0},           {5001, 1},    {10000, 1},    {99999, 4},
        {100000, 4},    {1000000, 7},        {1000001, 8}, {9999999, 10}, {10000000, 10},
        {10000001, -1}, {INT64_MAX / 2, -1}, {-1, -2},
};

ParameterizedTestParameters(series, latency_buckets)
{
	return INDEX_PARAMS(durations);
}

ParameterizedTest(size_t *i, series, latency_buckets)
{
	struct durhist l;
	durhist_init(&l);
	durhist_add(&l, durations[*i].us);
	cr_expect_eq(l.count, durations[*i].bucket == -2 ? 0 : 1);
	for (int b = 0; b < DURHIST_BUCKETS; b++)
		cr_expect_eq(l.bucket[b], b == durations[*i].bucket, "%lld: bucket %d",
		             (long long)durations[*i].us, b);
}

Test(series, latency_in_the_exposition)
{
	struct series_table *t = series_new(0, 10);
	struct tally tally;
	tally_init(&tally);
	static const int64_t us[] = {1500, 700000, 20000000, RECORD_NO_DURATION};
	for (int i = 0; i < 4; i++) {
		struct record r = request("GET /", 200, 1);
		r.duration_us = us[i];
		tally_record(&tally, &r);
		series_add(t, &r);
	}
	cr_expect_eq(series_latency(t)->count, 3, "a request without duration is not in it");
	struct expo_input in = {.tally = &tally, .series = t};
	struct expo e = {.format = EXPO_TEXT,
	                 .inputs = &in,
	                 .ninputs = 1,
	                 .table = codes_builtin,
	                 .table_n = codes_builtin_count,
	                 .version = "1"};
	for (int om = 0; om < 2; om++) {
		e.format = om ? EXPO_OPENMETRICS : EXPO_TEXT;
		size_t len = 0;
		char *buf = write_expo(&e, &len);
		static const char *const want[] = {
		        "# TYPE logstat_request_duration_seconds histogram\n"
		        "logstat_request_duration_seconds_bucket{le=\"0.005\"} 1\n",
		        "logstat_request_duration_seconds_bucket{le=\"0.5\"} 1\n"
		        "logstat_request_duration_seconds_bucket{le=\"1\"} 2\n",
		        "logstat_request_duration_seconds_bucket{le=\"10\"} 2\n"
		        "logstat_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"
		        "logstat_request_duration_seconds_sum 20.701500\n"
		        "logstat_request_duration_seconds_count 3\n",
		        "logstat_requests_total{code=\"200\",class=\"2xx\",official=\"true\"} 4\n",
		};
		for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
			cr_expect(strstr(buf, want[k]), "missing:\n%s\nin:\n%s", want[k], buf);
		if (!om)
			prom_lint(buf, len);
		free(buf);
	}
	series_free(t);
}
