/* test_logtime.c — timestamp parsing, the cache, and ISO 8601 output. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "support.h"

#include "logtime.h"

struct time_case {
	const char *text;
	int ok;
	long long utc;
	int tz;
};
static const struct time_case cases[] = {
        {"01/Jan/1970:00:00:00 +0000", 1, 0, 0},
        {"10/Oct/2000:13:55:36 -0700", 1, 971211336, -420},
        {"29/Feb/2000:00:00:00 +0000", 1, 951782400, 0},
        {"29/Feb/1900:00:00:00 +0000", 0, 0, 0},
        {"31/Dec/1999:23:59:60 +0000", 1, 946684800, 0},
        {"13/Jan/2019:10:00:00 +0330", 1, 1547361000, 210},
        {"01/Aug/1995:00:00:01 -0400", 1, 807249601, -240},
        {"00/Jan/2000:00:00:00 +0000", 0, 0, 0},
        {"10/oct/2000:13:55:36 -0700", 1, 971211336, -420},
        {"10/Oct/2000:24:00:00 -0700", 0, 0, 0},
        {"10/Oct/2000 13:55:36 -0700", 0, 0, 0},
        {"10/Oct/2000:13:55:36 0700 ", 0, 0, 0},
        {"1x/Oct/2000:13:55:36 -0700", 0, 0, 0},
};

ParameterizedTestParameters(logtime, parse)
{
	return INDEX_PARAMS(cases);
}

ParameterizedTest(size_t *ix, logtime, parse)
{
	const struct time_case *c = &cases[*ix];
	int64_t utc = 0;
	int tz = 0;
	int rc = logtime_parse(c->text, &utc, &tz);
	cr_assert_eq(rc == 0, c->ok, "<%s>", c->text);
	if (c->ok) {
		cr_expect_eq(utc, c->utc, "<%s>: %lld", c->text, (long long)utc);
		cr_expect_eq(tz, c->tz);
		struct logtime_cache cache = {0};
		int64_t u2;
		int tz2;
		cr_expect_eq(logtime_parse_cached(&cache, c->text, &u2, &tz2), 0);
		cr_expect_eq(logtime_parse_cached(&cache, c->text, &u2, &tz2), 0);
		cr_expect_eq(u2, utc);
	}
}

Test(logtime, iso)
{
	char buf[40];
	cr_expect_str_eq(logtime_format_iso(971211336, -420, buf, sizeof buf),
	                 "2000-10-10T13:55:36-07:00");
	cr_expect_str_eq(logtime_format_iso(1547361000, 210, buf, sizeof buf),
	                 "2019-01-13T10:00:00+03:30");
	cr_expect_str_eq(logtime_format_iso(0, 0, buf, sizeof buf), "1970-01-01T00:00:00+00:00");
	cr_expect_str_eq(logtime_format_iso(-1, 0, buf, sizeof buf), "1969-12-31T23:59:59+00:00");
}

Test(logtime, cache_distinguishes_offsets)
{
	struct logtime_cache cache = {0};
	int64_t a, b;
	int tz;
	cr_assert_eq(logtime_parse_cached(&cache, "10/Oct/2000:13:55:36 -0700", &a, &tz), 0);
	cr_assert_eq(logtime_parse_cached(&cache, "10/Oct/2000:13:55:36 +0000", &b, &tz), 0);
	cr_expect_eq(a - b, 7 * 3600);
}
