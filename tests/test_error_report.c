/* test_error_report.c — the error timeline and the top error requests through the
 * binary: text and JSON on a known log, hostile request bytes, a format without time,
 * and `logstat merge` of reports carrying them (exact, and marked inexact when a list
 * was cut to its top 20). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define L(t, req, st) "1.2.3.4 - - [10/Oct/2000:" t " -0700] \"" req "\" " st " 5 \"-\" \"ua\"\n"

/* clang-format off */
static const char known[] =
	L("13:55:36", "GET /missing?x=1 HTTP/1.1", "404")
	L("13:55:50", "GET /ok HTTP/1.1", "200")
	L("13:58:01", "GET /missing?x=2 HTTP/1.1", "404")
	L("13:55:59", "GET /missing HTTP/1.1", "404") /* out of order */
	L("13:58:30", "POST /api HTTP/1.1", "502")
	L("13:58:31", "POST /api HTTP/1.1", "502")
	L("14:01:00", "-", "408")
	L("14:01:02", "GET /ok HTTP/1.1", "301")
	L("14:01:03", "GET /x HTTP/1.1", "999");
/* clang-format on */

static char *run_ok(const char *const *argv)
{
	static const char *const env[] = {"LC_ALL=C", NULL}; /* ASCII bars */
	struct run_result r = run_logstat(argv, NULL, 0, env);
	cr_assert_eq(r.status, 0, "%s", r.err);
	free(r.err);
	return r.out;
}

Test(error_report, json_sections)
{
	char *dir = tmpdir_make(), *f = write_file(dir, "a.log", known, sizeof known - 1);
	const char *argv[] = {"-o", "json", f, NULL};
	char *out = run_ok(argv);
	cr_expect(strstr(out,
	                 "\"timeline\": {\"bucket_seconds\": 60, \"buckets\": [\n"
	                 "    {\"start\": \"2000-10-10T13:55:00-07:00\", \"1xx\": 0, \"2xx\": 1, "
	                 "\"3xx\": 0, \"4xx\": 2, \"5xx\": 0, \"other\": 0},\n"
	                 "    {\"start\": \"2000-10-10T13:58:00-07:00\", \"1xx\": 0, \"2xx\": 0, "
	                 "\"3xx\": 0, \"4xx\": 1, \"5xx\": 2, \"other\": 0},\n"
	                 "    {\"start\": \"2000-10-10T14:01:00-07:00\", \"1xx\": 0, \"2xx\": 0, "
	                 "\"3xx\": 1, \"4xx\": 1, \"5xx\": 0, \"other\": 1}\n  ]}"),
	          "%s", out);
	cr_expect(
	        strstr(out,
	               "\"top_errors\": {\"exact\": true, \"distinct_capacity\": 4096, "
	               "\"distinct\": 4, \"unlisted_max\": 0, \"entries\": [\n"
	               "    {\"code\": 404, \"request\": \"GET /missing\", \"count\": 3, "
	               "\"max_error\": 0},\n"
	               "    {\"code\": 502, \"request\": \"POST /api\", \"count\": 2, "
	               "\"max_error\": 0},\n"
	               "    {\"code\": 408, \"request\": \"-\", \"count\": 1, \"max_error\": 0},\n"
	               "    {\"code\": 999, \"request\": \"GET /x\", \"count\": 1, "
	               "\"max_error\": 0}\n  ]}\n}\n"),
	        "%s", out);
	free(out);
	free(f);
	tmpdir_remove(dir);
}

Test(error_report, text_sections)
{
	char *dir = tmpdir_make(), *f = write_file(dir, "a.log", known, sizeof known - 1);
	const char *argv[] = {"--color=never", "--width=100", f, NULL};
	char *out = run_ok(argv);
	cr_expect(strstr(out, "\nErrors over time (1m per column, 2000-10-10T13:55:00-07:00 .. "
	                      "2000-10-10T14:02:00-07:00)\n"),
	          "%s", out);
	cr_expect(strstr(out, "  4xx   |@  =  =|            4\n"), "%s", out);
	cr_expect(strstr(out, "  5xx   |   @   |            2\n"), "%s", out);
	cr_expect(strstr(out, "  most errors from 2000-10-10T13:58:00-07:00: 4xx 1, 5xx 2\n"), "%s",
	          out);
	cr_expect(strstr(out, "\nTop error requests\n         count  code  request\n"
	                      "             3   404  GET /missing\n"
	                      "             2   502  POST /api\n"),
	          "%s", out);
	/* the sections come after the histogram and fit 100 columns */
	cr_expect(strstr(out, "other ") < strstr(out, "Errors over time"));
	for (char *line = strstr(out, "Errors over time"); line && *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		cr_expect_leq(len, 100, "%.*s", (int)len, line);
		line = nl ? nl + 1 : NULL;
	}
	free(out);
	free(f);
	tmpdir_remove(dir);
}

Test(error_report, hostile_requests_escaped)
{
	static const char log[] = L("13:55:36", "GET /\x1b[2J\x1b]0;pwned\x07 HTTP/1.1", "404")
	        L("13:55:37", "\x16\x03\x01\xff\xfe", "400");
	char *dir = tmpdir_make(), *f = write_file(dir, "h.log", log, sizeof log - 1);
	const char *argv[] = {"--color=never", "--width=100", f, NULL};
	char *out = run_ok(argv);
	cr_expect(!strchr(out, '\x1b') && !strchr(out, '\x07') && !strchr(out, '\x16'));
	cr_expect(strstr(out, "404  GET /\\x1b[2J\\x1b]0;pwned\\x07\n"), "%s", out);
	cr_expect(strstr(out, "400  \\x16\\x03\\x01\\xff\\xfe\n"), "%s", out);
	free(out);
	const char *aj[] = {"-o", "json", f, NULL};
	out = run_ok(aj);
	cr_expect(strstr(out, "\"request\": \"GET /\\u001b[2J\\u001b]0;pwned\\u0007\""), "%s", out);
	free(out);
	free(f);
	tmpdir_remove(dir);
}

Test(error_report, no_time_no_timeline)
{
	static const char log[] = "1.2.3.4 \"GET /a?b HTTP/1.1\" 404 5\n"
	                          "1.2.3.4 \"GET /a HTTP/1.1\" 200 5\n";
	char *dir = tmpdir_make(), *f = write_file(dir, "n.log", log, sizeof log - 1);
	const char *argv[] = {"--color=never", "--width=100", "-F", "%h \"%r\" %>s %b", f, NULL};
	char *out = run_ok(argv);
	cr_expect(!strstr(out, "Errors over time"), "%s", out);
	cr_expect(strstr(out, "             1   404  GET /a\n"), "%s", out);
	free(out);
	const char *aj[] = {"-o", "json", "-F", "%h \"%r\" %>s %b", f, NULL};
	out = run_ok(aj);
	cr_expect(strstr(out, "\"timeline\": {\"bucket_seconds\": 0, \"buckets\": []}"), "%s", out);
	free(out);
	free(f);
	tmpdir_remove(dir);
}

/* Reports of two hosts merged: timelines rebucketed and added, top errors summed. A
 * report listing only its top 20 of more makes the merge approximate. */
Test(error_report, merge)
{
	char *dir = tmpdir_make(), *f = write_file(dir, "a.log", known, sizeof known - 1);
	char buf[300], *many = malloc(40 * sizeof buf), *p = many;
	for (int i = 0; i < 30; i++) /* 30 distinct error requests, 6 hours later */
		p += sprintf(p,
		             "1.2.3.4 - - [10/Oct/2000:%02d:00:00 -0700] \"GET /e%d HTTP/1.1\" "
		             "404 1 \"-\" \"ua\"\n",
		             14 + i / 5, i);
	char *g = write_file(dir, "b.log", many, (size_t)(p - many));
	const char *ja[] = {"-o", "json", "--output-file", "", f, NULL};
	char *pa = malloc(strlen(dir) + 16), *pb = malloc(strlen(dir) + 16);
	sprintf(pa, "%s/web1.json", dir);
	sprintf(pb, "%s/web2.json", dir);
	ja[3] = pa;
	free(run_ok(ja));
	ja[3] = pb;
	ja[4] = g;
	free(run_ok(ja));
	const char *m1[] = {"merge", "-o", "json", pa, pa, NULL};
	char *out = run_ok(m1);
	cr_expect(strstr(out, "\"exact\": true"), "%s", out);
	cr_expect(strstr(out, "{\"code\": 404, \"request\": \"GET /missing\", \"count\": 6, "
	                      "\"max_error\": 0}"),
	          "%s", out);
	cr_expect(strstr(out, "\"start\": \"2000-10-10T13:58:00-07:00\", \"1xx\": 0, \"2xx\": 0, "
	                      "\"3xx\": 0, \"4xx\": 2, \"5xx\": 4"),
	          "%s", out);
	free(out);
	const char *m2[] = {"merge", "-o", "json", pa, pb, NULL};
	out = run_ok(m2);
	cr_expect(strstr(out, "\"bucket_seconds\": 300"), "13:55 to 19:00: 5 minute buckets");
	cr_expect(strstr(out, "\"exact\": false"), "%s", out);
	cr_expect(strstr(out, "{\"code\": 404, \"request\": \"GET /missing\", \"count\": 4, "
	                      "\"max_error\": 1}"),
	          "at most one more GET /missing in web2's unlisted rest: %s", out);
	free(out);
	const char *m3[] = {"merge", "--color=never", pa, pb, NULL};
	out = run_ok(m3);
	cr_expect(strstr(out, "Top error requests (approximate: merged from partial lists)"), "%s",
	          out);
	free(out);
	free(pa);
	free(pb);
	free(many);
	free(f);
	free(g);
	tmpdir_remove(dir);
}
