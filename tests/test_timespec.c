/* test_timespec.c — every form --since/--until accepts, against a fixed clock
 * (2024-05-01T12:34:56Z, local time UTC+02:00), and what is refused. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "support.h"
#include "timespec.h"

#define NOW 1714566896LL                     /* 2024-05-01T12:34:56Z */
#define MIDNIGHT_LOCAL (1714521600LL - 7200) /* 2024-05-01T00:00:00+02:00 */

static const struct {
	const char *text;
	int ok;
	long long expect;
} cases[] = {
        {"2024-05-01T12:34:56Z", 1, NOW},
        {"2024-05-01T14:34:56+02:00", 1, NOW},
        {"2024-05-01T14:34:56+0200", 1, NOW},
        {"2024-05-01T07:34:56-05", 1, NOW},
        {"2024-05-01 14:34:56", 1, NOW},     /* local: +02:00 */
        {"2024-05-01T14:34:56.250", 1, NOW}, /* fractions dropped */
        {"2024-05-01T14:34", 1, NOW - 56},
        {"2024-05-01", 1, MIDNIGHT_LOCAL},
        {"01/May/2024:05:34:56 -0700", 1, NOW},
        {"[01/May/2024:05:34:56 -0700]", 1, NOW},
        {"01/May/2024:14:34:56", 1, NOW}, /* local */
        {"now", 1, NOW},
        {"15m", 1, NOW - 900},
        {"-15m", 1, NOW - 900},
        {"15m ago", 1, NOW - 900},
        {"90s", 1, NOW - 90},
        {"1h", 1, NOW - 3600},
        {"2d", 1, NOW - 2 * 86400},
        {"1w", 1, NOW - 7 * 86400},
        {"10min", 1, NOW - 600},
        {"today", 1, MIDNIGHT_LOCAL},
        {"yesterday", 1, MIDNIGHT_LOCAL - 86400},
        {"2024-02-30", 0, 0},
        {"2024-13-01", 0, 0},
        {"2024-05-01T25:00", 0, 0},
        {"2024-05-01T12:00+25:00", 0, 0},
        {"2024-05-01T12:00 garbage", 0, 0},
        {"32/May/2024:05:34:56 -0700", 0, 0},
        {"15x", 0, 0},
        {"m", 0, 0},
        {"", 0, 0},
        {"tomorrow", 0, 0},
        {"15m later", 0, 0},
};

ParameterizedTestParameters(timespec, parse)
{
	return INDEX_PARAMS(cases);
}

ParameterizedTest(size_t *i, timespec, parse)
{
	struct timespec_clock clk = {.now = NOW, .local_tz = 120};
	int64_t t = 0;
	char err[512] = "";
	int rc = timespec_parse(cases[*i].text, &clk, &t, err, sizeof err);
	cr_assert_eq(rc == 0, cases[*i].ok, "'%s': %s", cases[*i].text, err);
	if (cases[*i].ok)
		cr_expect_eq(t, cases[*i].expect, "'%s': %lld, not %lld", cases[*i].text,
		             (long long)t, cases[*i].expect);
	else
		cr_expect(strstr(err, "is not a time"), "%s", err);
}

/* The offset in effect at the time asked about wins over the one at now (DST). */
static int winter_or_summer(int64_t wall)
{
	return wall < 1711846800LL ? 60 : 120; /* 2024-03-31T01:00Z: CET to CEST */
}

Test(timespec, local_offset_at_the_time)
{
	struct timespec_clock clk = {.now = NOW, .local_tz = 120, .local_tz_at = winter_or_summer};
	int64_t t;
	char err[256];
	cr_assert_eq(timespec_parse("2024-01-15T12:00:00", &clk, &t, err, sizeof err), 0);
	cr_expect_eq(t, 1705320000LL - 3600); /* 12:00 CET is 11:00Z */
}

Test(timespec, iso_keeps_offset)
{
	int64_t t;
	int tz, has;
	cr_assert_eq(timespec_parse_iso("2000-10-10T13:55:36-07:00", 25, &t, &tz, &has), 0);
	cr_expect_eq(t, 971211336LL);
	cr_expect_eq(tz, -420);
	cr_expect_eq(has, 1);
}
