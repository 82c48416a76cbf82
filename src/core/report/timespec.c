/* timespec.c — --since/--until parsing. Each accepted form is one small parser; the
 * first that takes the whole string wins. Times without an offset are local time. */
#include "timespec.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "logtime.h"

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int valid_date(int y, int m, int d)
{
	static const unsigned char dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
	return d <= dim[m - 1] + leap;
}

/* "Z", "+HH", "+HHMM", "+HH:MM" (or -) filling the rest of s[0..len). */
static int parse_offset(const char *s, size_t len, int *tz)
{
	if (len == 1 && (s[0] == 'Z' || s[0] == 'z')) {
		*tz = 0;
		return 0;
	}
	if (len < 3 || (s[0] != '+' && s[0] != '-'))
		return -1;
	int h = digits(s + 1, 2), m = 0;
	if (len == 5)
		m = digits(s + 3, 2);
	else if (len == 6 && s[3] == ':')
		m = digits(s + 4, 2);
	else if (len != 3)
		return -1;
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	*tz = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
	return 0;
}

/* HH:MM[:SS[.fraction]] at s; returns bytes used or 0. */
static size_t parse_clock(const char *s, size_t len, int *secs)
{
	if (len < 5 || s[2] != ':')
		return 0;
	int h = digits(s, 2), mi = digits(s + 3, 2), ss = 0;
	size_t used = 5;
	if (len >= 8 && s[5] == ':') {
		ss = digits(s + 6, 2);
		used = 8;
		if (used < len && s[used] == '.')
			for (used++; used < len && isdigit((unsigned char)s[used]); used++)
				;
	}
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 60)
		return 0;
	*secs = h * 3600 + mi * 60 + ss;
	return used;
}

int timespec_parse_iso(const char *s, size_t len, int64_t *utc, int *tz_minutes, int *has_tz)
{
	if (len < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2), secs = 0;
	if (!valid_date(y, m, d))
		return -1;
	size_t pos = 10;
	if (pos < len && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
		size_t used = parse_clock(s + pos + 1, len - pos - 1, &secs);
		if (used == 0)
			return -1;
		pos += 1 + used;
	}
	*has_tz = pos < len;
	*tz_minutes = 0;
	if (*has_tz && parse_offset(s + pos, len - pos, tz_minutes) != 0)
		return -1;
	*utc = logtime_days_from_civil(y, m, d) * 86400 + secs - (int64_t)*tz_minutes * 60;
	return 0;
}

/* dd/Mon/yyyy:HH:MM:SS with an optional " +hhmm", brackets optional. */
static int parse_logtime(const char *s, size_t len, int64_t *utc, int *has_tz)
{
	char buf[LOGTIME_LEN + 1];
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len != LOGTIME_LEN && len != LOGTIME_LEN - 6)
		return -1;
	memcpy(buf, s, len);
	*has_tz = len == LOGTIME_LEN;
	if (!*has_tz)
		memcpy(buf + len, " +0000", 6);
	int tz;
	return logtime_parse(buf, utc, &tz);
}

static int local_offset(const struct timespec_clock *clk, int64_t wall)
{
	return clk->local_tz_at ? clk->local_tz_at(wall) : clk->local_tz;
}

/* now, today, yesterday, N[s|m|min|h|d|w] with optional "-" before or " ago" after. */
static int parse_relative(const char *s, const struct timespec_clock *clk, int64_t *utc)
{
	if (strcmp(s, "now") == 0) {
		*utc = clk->now;
		return 0;
	}
	int back = strcmp(s, "yesterday") == 0;
	if (back || strcmp(s, "today") == 0) {
		int64_t wall = clk->now + (int64_t)clk->local_tz * 60;
		int64_t day = (wall >= 0 ? wall : wall - 86399) / 86400 - back;
		int64_t midnight = day * 86400;
		*utc = midnight - (int64_t)local_offset(clk, midnight) * 60;
		return 0;
	}
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	int64_t n = 0;
	for (; isdigit((unsigned char)*s); s++)
		if ((n = n * 10 + (*s - '0')) > 100000000)
			return -1;
	static const struct {
		const char *unit;
		int64_t secs;
	} units[] = {{"s", 1}, {"m", 60}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}};
	size_t ulen = strcspn(s, " ");
	const char *rest = s + ulen;
	if (*rest && strcmp(rest, " ago") != 0)
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strlen(units[i].unit) == ulen && strncmp(s, units[i].unit, ulen) == 0) {
			*utc = clk->now - n * units[i].secs;
			return 0;
		}
	return -1;
}

int timespec_parse(const char *s, const struct timespec_clock *clk, int64_t *utc, char *err,
                   size_t errsize)
{
	size_t len = strlen(s);
	int tz, has_tz;
	if (timespec_parse_iso(s, len, utc, &tz, &has_tz) == 0 ||
	    parse_logtime(s, len, utc, &has_tz) == 0) {
		if (!has_tz)
			*utc -= (int64_t)local_offset(clk, *utc) * 60;
		return 0;
	}
	if (parse_relative(s, clk, utc) == 0)
		return 0;
	snprintf(err, errsize,
	         "'%s' is not a time: use ISO 8601 (2024-05-01T13:00:00+02:00), "
	         "the log's format (10/Oct/2000:13:55:36 -0700), a duration back from now (15m, "
	         "1h, 2d, 1w), now, today or yesterday",
	         s);
	return -1;
}
