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

/* After the seconds at p[*i]: an optional fraction ".ddd" (or ",ddd"), at least one digit.
 * Returns 0 with *i past it, or -1 for a separator without digits. */
static int skip_fraction(const char *p, size_t len, size_t *i, int comma)
{
	if (*i >= len || (p[*i] != '.' && !(comma && p[*i] == ',')))
		return 0;
	size_t f = ++*i;
	while (*i < len && p[*i] >= '0' && p[*i] <= '9')
		++*i;
	return *i == f ? -1 : 0;
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

/* ---- the other ways logs write a time ----------------------------------------------- */

/* n digits at p as a number, or -1. */
static int digits(const char *p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int civil_to_utc(int year, int mon, int day, int hh, int mi, int ss, int tz, int64_t *utc)
{
	if (year < 1 || mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon) ||
	    hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 60)
		return -1;
	*utc = logtime_days_from_civil(year, mon, day) * 86400 + hh * 3600 + mi * 60 + ss -
	       (int64_t)tz * 60;
	return 0;
}

/* "Z", "+hh:mm", "+hhmm", "+hh" at p[0..n) (n may be 0: UTC). */
static int offset_of(const char *p, size_t n, int *tz)
{
	*tz = 0;
	if (n == 0 || (n == 1 && (*p == 'Z' || *p == 'z')))
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	int h = -1, m = 0;
	if (n == 3)
		h = digits(p + 1, 2);
	else if (n == 5)
		h = digits(p + 1, 2), m = digits(p + 3, 2);
	else if (n == 6 && p[3] == ':')
		h = digits(p + 1, 2), m = digits(p + 4, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	*tz = (*p == '-' ? -1 : 1) * (h * 60 + m);
	return 0;
}

int logtime_parse_iso(const char *p, size_t len, int64_t *utc, int *tz_minutes)
{
	if (len < 19 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != ' ') ||
	    p[13] != ':' || p[16] != ':')
		return -1;
	int y = digits(p, 4), mo = digits(p + 5, 2), d = digits(p + 8, 2);
	int hh = digits(p + 11, 2), mi = digits(p + 14, 2), ss = digits(p + 17, 2);
	size_t i = 19;
	if (skip_fraction(p, len, &i, 1) != 0)
		return -1;
	if (offset_of(p + i, len - i, tz_minutes) != 0 || y < 0 || mo < 0 || d < 0)
		return -1;
	return civil_to_utc(y, mo, d, hh, mi, ss, *tz_minutes, utc);
}

static int iso_minute(struct isotime_cache *c, const char *p, size_t len, int64_t *utc,
                      int *tz_minutes);

int logtime_parse_iso_cached(struct isotime_cache *c, const char *p, size_t len, int64_t *utc,
                             int *tz_minutes)
{
	if (iso_minute(c, p, len, utc, tz_minutes) != 0)
		return -1;
	if (len <= sizeof c->last) {
		memcpy(c->last, p, len);
		c->last_len = (unsigned char)len;
		c->last_utc = *utc;
		c->last_tz = *tz_minutes;
	}
	return 0;
}

/* Through the minute cache: lines of the minute cached only parse their seconds. */
static int iso_minute(struct isotime_cache *c, const char *p, size_t len, int64_t *utc,
                      int *tz_minutes)
{
	if (len < 19)
		return -1;
	size_t i = 19; /* the offset starts after the seconds and any fraction */
	if (skip_fraction(p, len, &i, 1) != 0)
		return -1;
	size_t off = len - i;
	if (c->valid && off == c->off_len && memcmp(c->key, p, 16) == 0 && p[16] == ':' &&
	    memcmp(c->off, p + i, off) == 0) {
		int ss = two(p + 17);
		if (ss >= 0 && ss <= 60) {
			*utc = c->minute_utc + ss;
			*tz_minutes = c->tz_minutes;
			return 0;
		}
	}
	if (logtime_parse_iso(p, len, utc, tz_minutes) != 0)
		return -1;
	if (off <= sizeof c->off) {
		memcpy(c->key, p, 16);
		memcpy(c->off, p + i, off);
		c->off_len = (unsigned char)off;
		c->minute_utc = *utc - two(p + 17);
		c->tz_minutes = *tz_minutes;
		c->valid = 1;
	}
	return 0;
}

int logtime_parse_date_time_joined(struct isotime_cache *c, const char *date, size_t dlen,
                                   const char *time, size_t tlen, int64_t *utc, int *tz_minutes)
{
	char buf[48];
	if (dlen + 1 + tlen > sizeof buf)
		return -1;
	memcpy(buf, date, dlen);
	buf[dlen] = 'T';
	memcpy(buf + dlen + 1, time, tlen);
	return logtime_parse_iso_cached(c, buf, dlen + 1 + tlen, utc, tz_minutes);
}

int logtime_parse_epoch(const char *p, size_t len, int64_t *utc)
{
	size_t i = 0;
	uint64_t v = 0; /* 19 digits (nanoseconds) fit in 64 unsigned bits, not in signed ones */
	while (i < len && p[i] >= '0' && p[i] <= '9') {
		if (i >= 19)
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
		i++;
	}
	size_t int_digits = i;
	if (int_digits == 0 || skip_fraction(p, len, &i, 0) != 0)
		return -1;
	if (i != len)
		return -1;
	if (int_digits >= 18)
		v /= 1000000000; /* nanoseconds */
	else if (int_digits >= 15)
		v /= 1000000; /* microseconds */
	else if (int_digits >= 12)
		v /= 1000;    /* milliseconds */
	if (v > 253402300799) /* 9999-12-31T23:59:59Z */
		return -1;
	*utc = (int64_t)v;
	return 0;
}

int logtime_parse_clf_frac(const char *p, size_t len, int64_t *utc)
{
	if (len < 20 || p[2] != '/' || p[6] != '/' || p[11] != ':' || p[14] != ':' || p[17] != ':')
		return -1;
	size_t i = 20;
	if (skip_fraction(p, len, &i, 0) != 0 || i != len)
		return -1;
	int mon = month_of(p + 3);
	if (mon < 0)
		return -1;
	return civil_to_utc(digits(p + 7, 4), mon, digits(p, 2), digits(p + 12, 2),
	                    digits(p + 15, 2), digits(p + 18, 2), 0, utc);
}

/* ---- strftime patterns (Apache %{…}t) ----------------------------------------------- */

struct strf_fields {
	int year, mon, day, yday, hh, mi, ss, tz, pm, h12;
	int64_t epoch;
	int have_epoch;
};

/* Up to max digits (at least one; a leading space allowed when pad_space) as a number. */
static int num_at(const char **pp, const char *end, int max, int pad_space, int *out)
{
	const char *p = *pp;
	if (pad_space && p < end && *p == ' ')
		p++, max--;
	int v = 0, n = 0;
	while (n < max && p < end && *p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0'), n++;
	if (n == 0)
		return -1;
	*out = v;
	*pp = p;
	return 0;
}

/* A run of letters (a day or month name): returns its length. */
static size_t word_at(const char *p, const char *end)
{
	size_t n = 0;
	while (p + n < end && ((p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z'))
		n++;
	return n;
}

static int strf_conv(char c, const char **pp, const char *end, struct strf_fields *f);

/* Composite conversions as their expansion. */
static int strf_sub(const char *pattern, const char **pp, const char *end, struct strf_fields *f)
{
	for (const char *s = pattern; *s; s++) {
		if (*s == '%') {
			if (strf_conv(*++s, pp, end, f) != 0)
				return -1;
		} else if (*pp < end && **pp == *s) {
			(*pp)++;
		} else {
			return -1;
		}
	}
	return 0;
}

static int strf_conv(char c, const char **pp, const char *end, struct strf_fields *f)
{
	size_t w;
	switch (c) {
	case 'd':
		return num_at(pp, end, 2, 0, &f->day);
	case 'e':
		return num_at(pp, end, 2, 1, &f->day);
	case 'm':
		return num_at(pp, end, 2, 0, &f->mon);
	case 'Y':
		return num_at(pp, end, 4, 0, &f->year);
	case 'y':
		if (num_at(pp, end, 2, 0, &f->year) != 0)
			return -1;
		f->year += f->year < 69 ? 2000 : 1900;
		return 0;
	case 'H':
		return num_at(pp, end, 2, 0, &f->hh);
	case 'I':
		f->h12 = 1;
		return num_at(pp, end, 2, 0, &f->hh);
	case 'M':
		return num_at(pp, end, 2, 0, &f->mi);
	case 'S':
		return num_at(pp, end, 2, 0, &f->ss);
	case 'j':
		return num_at(pp, end, 3, 0, &f->yday);
	case 'T':
		return strf_sub("%H:%M:%S", pp, end, f);
	case 'R':
		return strf_sub("%H:%M", pp, end, f);
	case 'F':
		return strf_sub("%Y-%m-%d", pp, end, f);
	case 'D':
		return strf_sub("%m/%d/%y", pp, end, f);
	case 'b':
	case 'h':
	case 'B':
		if ((w = word_at(*pp, end)) < 3 || (f->mon = month_of(*pp)) < 0)
			return -1;
		*pp += w;
		return 0;
	case 'a':
	case 'A':
		if ((w = word_at(*pp, end)) < 3)
			return -1;
		*pp += w;
		return 0;
	case 'p':
		if (end - *pp < 2 || ((*pp)[1] | 0x20) != 'm')
			return -1;
		f->pm = ((*pp)[0] | 0x20) == 'p';
		*pp += 2;
		return 0;
	case 'z': {
		const char *p = *pp;
		size_t n = (size_t)(end - p) >= 6 && p[3] == ':' ? 6 : 5;
		if ((size_t)(end - p) < n || offset_of(p, n, &f->tz) != 0)
			return -1;
		*pp += n;
		return 0;
	}
	case 'Z':
		if ((w = word_at(*pp, end)) != 3 ||
		    (memcmp(*pp, "UTC", 3) && memcmp(*pp, "GMT", 3)))
			return -1;
		*pp += w;
		return 0;
	case 's': {
		const char *p = *pp;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (logtime_parse_epoch(*pp, (size_t)(p - *pp), &f->epoch) != 0)
			return -1;
		f->have_epoch = 1;
		*pp = p;
		return 0;
	}
	case '%':
		if (*pp >= end || **pp != '%')
			return -1;
		(*pp)++;
		return 0;
	default:
		return -1;
	}
}

int logtime_parse_strf(const char *pattern, const char *p, size_t len, size_t *used, int64_t *utc,
                       int *tz_minutes)
{
	struct strf_fields f = {.year = 1970, .mon = 1, .day = 1};
	const char *q = p, *end = p + len;
	if (strf_sub(pattern, &q, end, &f) != 0)
		return -1;
	*used = (size_t)(q - p);
	*tz_minutes = f.tz;
	if (f.have_epoch) {
		*utc = f.epoch;
		*tz_minutes = 0;
		return 0;
	}
	if (f.h12) {
		if (f.hh < 1 || f.hh > 12)
			return -1;
		f.hh = f.hh % 12 + (f.pm ? 12 : 0);
	}
	if (f.yday > 0) {
		if (civil_to_utc(f.year, 1, 1, f.hh, f.mi, f.ss, f.tz, utc) != 0 || f.yday > 366)
			return -1;
		*utc += (int64_t)(f.yday - 1) * 86400;
		return 0;
	}
	return civil_to_utc(f.year, f.mon, f.day, f.hh, f.mi, f.ss, f.tz, utc);
}
