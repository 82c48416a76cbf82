/* logtime.c — access-log timestamps to UTC seconds and back to ISO 8601.
 * Fixed-width parsing: the common/combined `%t` field is always 26 bytes inside []. */
#include "logtime.h"

#include <stdio.h>
#include <string.h>

static int two(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Month from its three-letter English abbreviation, 1..12, or -1. Case-sensitive as
 * servers write it, with a case-insensitive fallback for hand-made logs. */
static int month_of(const char *p)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char m[3] = {p[0], p[1], p[2]};
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < 12; i++)
			if (memcmp(names + 3 * i, m, 3) == 0)
				return i + 1;
		m[0] = (char)(m[0] & ~0x20);
		m[1] = (char)(m[1] | 0x20);
		m[2] = (char)(m[2] | 0x20);
	}
	return -1;
}

int64_t logtime_days_from_civil(int64_t y, int m, int d)
{
	/* Shift the year so it starts in March: the leap day is then the last day. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const unsigned char dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

int logtime_parse(const char *p, int64_t *utc, int *tz_minutes)
{
	if (p[2] != '/' || p[6] != '/' || p[11] != ':' || p[14] != ':' || p[17] != ':' ||
	    p[20] != ' ' || (p[21] != '+' && p[21] != '-'))
		return -1;
	int day = two(p), mon = month_of(p + 3);
	int yh = two(p + 7), yl = two(p + 9);
	int hh = two(p + 12), mi = two(p + 15), ss = two(p + 18);
	int th = two(p + 22), tm = two(p + 24);
	if (day < 1 || mon < 0 || yh < 0 || yl < 0 || hh < 0 || hh > 23 || mi < 0 || mi > 59 ||
	    ss < 0 || ss > 60 || th < 0 || th > 23 || tm < 0 || tm > 59)
		return -1;
	int year = yh * 100 + yl;
	if (day > days_in_month(year, mon))
		return -1;
	int tz = th * 60 + tm;
	if (p[21] == '-')
		tz = -tz;
	int64_t days = logtime_days_from_civil(year, mon, day);
	*utc = days * 86400 + hh * 3600 + mi * 60 + ss - (int64_t)tz * 60;
	*tz_minutes = tz;
	return 0;
}

int logtime_parse_cached(struct logtime_cache *c, const char *p, int64_t *utc, int *tz_minutes)
{
	/* bytes 0..16 are the minute, 17 ':', 18..19 the second, 20..25 the offset */
	if (c->valid && memcmp(c->key, p, 17) == 0 && memcmp(c->key + 20, p + 20, 6) == 0 &&
	    p[17] == ':') {
		int ss = two(p + 18);
		if (ss >= 0 && ss <= 60) {
			*utc = c->minute_utc + ss;
			*tz_minutes = c->tz_minutes;
			return 0;
		}
	}
	if (logtime_parse(p, utc, tz_minutes) != 0)
		return -1;
	memcpy(c->key, p, LOGTIME_LEN);
	c->minute_utc = *utc - two(p + 18);
	c->tz_minutes = *tz_minutes;
	c->valid = 1;
	return 0;
}

char *logtime_format_iso(int64_t utc, int tz_minutes, char *buf, size_t size)
{
	int64_t t = utc + (int64_t)tz_minutes * 60;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400;
	/* Civil from days (inverse of logtime_days_from_civil). */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);
	int a = tz_minutes < 0 ? -tz_minutes : tz_minutes;
	snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (long long)y, m, d,
	         (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
	         tz_minutes < 0 ? '-' : '+', a / 60, a % 60);
	return buf;
}
