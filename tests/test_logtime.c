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

/* The other ways logs write a time: ISO 8601, epoch, HAProxy's accept date, strftime. */
enum other_kind { ISO, EPOCH, CLF_FRAC, STRF };
struct other_case {
	int kind;
	const char *pattern; /* STRF only */
	const char *text;
	int ok;
	long long utc;
	int tz;
};
static const struct other_case others[] = {
        {ISO, NULL, "2019-12-04T21:02:31Z", 1, 1575493351, 0},
        {ISO, NULL, "2019-12-04 21:02:31", 1, 1575493351, 0},
        {ISO, NULL, "2016-04-15T20:17:00.310Z", 1, 1460751420, 0},
        {ISO, NULL, "2015-09-06T05:58:05+09:00", 1, 1441486685, 540},
        {ISO, NULL, "2015-09-06T05:58:05-0230", 1, 1441528085, -150},
        {ISO, NULL, "2015-09-06T05:58:05,5+01", 1, 1441515485, 60},
        {ISO, NULL, "2015-09-06T05:58:05.Z", 0, 0, 0},
        {ISO, NULL, "2015-02-29T05:58:05Z", 0, 0, 0},
        {ISO, NULL, "2015-09-06T24:00:00Z", 0, 0, 0},
        {ISO, NULL, "2015-09-06T05:58:05+25:00", 0, 0, 0},
        {ISO, NULL, "2015-09-06", 0, 0, 0},
        {EPOCH, NULL, "1157689312.049", 1, 1157689312, 0},
        {EPOCH, NULL, "1693840791", 1, 1693840791, 0},
        {EPOCH, NULL, "1693840791123", 1, 1693840791, 0},       /* ms */
        {EPOCH, NULL, "1693840791123456", 1, 1693840791, 0},    /* µs */
        {EPOCH, NULL, "1693840791123456789", 1, 1693840791, 0}, /* ns */
        {EPOCH, NULL, "1693840791.", 0, 0, 0},
        {EPOCH, NULL, "-5", 0, 0, 0},
        {EPOCH, NULL, "99999999999999999999", 0, 0, 0},
        {CLF_FRAC, NULL, "06/Feb/2009:12:14:14.655", 1, 1233922454, 0},
        {CLF_FRAC, NULL, "06/Feb/2009:12:14:14", 1, 1233922454, 0},
        {CLF_FRAC, NULL, "06/Feb/2009:12:14:14.", 0, 0, 0},
        {CLF_FRAC, NULL, "06/Foo/2009:12:14:14.655", 0, 0, 0},
        {STRF, "%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:13:55:36 -0700", 1, 971211336, -420},
        {STRF, "%F %T", "2024-05-01 13:00:05", 1, 1714568405, 0},
        {STRF, "%e %B %Y %I:%M %p", " 1 May 2024 01:00 PM", 1, 1714568400, 0},
        {STRF, "%s", "1714568405", 1, 1714568405, 0},
        {STRF, "%Y-%j %H:%M", "2024-122 13:00", 1, 1714568400, 0},
        {STRF, "%D %R %Z", "05/01/24 13:00 UTC", 1, 1714568400, 0},
        {STRF, "%F %T", "2024-05-01T13:00:05", 0, 0, 0},
        {STRF, "%F", "2024-13-01", 0, 0, 0},
};

ParameterizedTestParameters(logtime, other_forms)
{
	return INDEX_PARAMS(others);
}

ParameterizedTest(size_t *ix, logtime, other_forms)
{
	const struct other_case *c = &others[*ix];
	int64_t utc = -1;
	int tz = 0, rc;
	size_t n = strlen(c->text), used = 0;
	switch (c->kind) {
	case ISO:
		rc = logtime_parse_iso(c->text, n, &utc, &tz);
		break;
	case EPOCH:
		rc = logtime_parse_epoch(c->text, n, &utc);
		break;
	case CLF_FRAC:
		rc = logtime_parse_clf_frac(c->text, n, &utc);
		break;
	default:
		rc = logtime_parse_strf(c->pattern, c->text, n, &used, &utc, &tz);
		if (rc == 0)
			cr_expect_eq(used, n, "%s: all of it matched", c->text);
	}
	cr_assert_eq(rc == 0, c->ok, "%s: rc %d", c->text, rc);
	if (!c->ok)
		return;
	cr_expect_eq(utc, c->utc, "%s: %lld", c->text, (long long)utc);
	cr_expect_eq(tz, c->tz, "%s: tz %d", c->text, tz);
	if (c->kind == ISO) { /* the cache gives the same, twice and after another minute */
		struct isotime_cache cache = {0};
		for (int k = 0; k < 2; k++) {
			int64_t u2;
			int tz2;
			cr_assert_eq(logtime_parse_iso_cached(&cache, c->text, n, &u2, &tz2), 0);
			cr_expect_eq(u2, c->utc, "%s: cached %lld", c->text, (long long)u2);
			cr_expect_eq(tz2, c->tz);
		}
	}
}
