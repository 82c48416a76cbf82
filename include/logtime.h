/* logtime.h — the access-log timestamp `dd/Mon/yyyy:HH:MM:SS +hhmm` to UTC seconds,
 * with a one-entry cache because consecutive lines usually repeat the same second. */
#ifndef LOGSTAT_LOGTIME_H
#define LOGSTAT_LOGTIME_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LOGTIME_LEN 26 /* "10/Oct/2000:13:55:36 -0700" */

/* Per-thread cache of the last minute seen ("dd/Mon/yyyy:HH:MM" and the offset): lines
 * of the same minute only parse their seconds. Zero-initialise before first use. */
struct logtime_cache {
	char key[LOGTIME_LEN];
	int valid;
	int64_t minute_utc; /* UTC seconds at second 00 of the cached minute */
	int tz_minutes;
};

/* Parse exactly LOGTIME_LEN bytes at p. On success stores seconds since the epoch (UTC)
 * and the logged offset in minutes east of UTC, and returns 0; -1 on any invalid field. */
int logtime_parse(const char *p, int64_t *utc, int *tz_minutes);

/* Same, through the cache. */
int logtime_parse_cached(struct logtime_cache *c, const char *p, int64_t *utc, int *tz_minutes);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t logtime_days_from_civil(int64_t y, int m, int d);

/* ISO 8601 / RFC 3339 date-time of exactly len bytes: "2019-12-04T21:02:31Z",
 * "2016-04-15T20:17:00.310Z", "2024-05-01 13:00:05+02:00", "…+0200"; fractions of a second
 * are read and dropped. No offset: UTC (W3C, ELB and most JSON loggers write UTC).
 * Returns 0, or -1 when invalid. */
int logtime_parse_iso(const char *p, size_t len, int64_t *utc, int *tz_minutes);

/* Per-thread cache for ISO 8601 times: lines of the same minute (and offset) only parse
 * their seconds. Zero-initialise before first use. */
struct isotime_cache {
	char key[16]; /* "2019-12-04T21:02" (the 'T' or ' ' as written) */
	char off[8];  /* the offset text after the seconds and fraction */
	unsigned char off_len;
	int valid;
	int64_t minute_utc;
	int tz_minutes;
	char last[32];          /* the last text read, when it fits, and what it gave: busy logs */
	unsigned char last_len; /* repeat a second over several lines (0: none) */
	int64_t last_utc;
	int last_tz;
};
int logtime_parse_iso_cached(struct isotime_cache *c, const char *p, size_t len, int64_t *utc,
                             int *tz_minutes);

/* The time of the text read last by logtime_parse_iso_cached when p[0..len) repeats it:
 * returns 0 with it, or -1 (then ask logtime_parse_iso_cached). Inline: most lines of a
 * busy log repeat the second of the line before. */
static inline int logtime_iso_repeat(const struct isotime_cache *c, const char *p, size_t len,
                                     int64_t *utc, int *tz_minutes)
{
	if (len != c->last_len || len == 0 || memcmp(c->last, p, len) != 0)
		return -1;
	*utc = c->last_utc;
	*tz_minutes = c->last_tz;
	return 0;
}

/* W3C's separate date and time columns (dlen and tlen bytes), joined as the ISO 8601 text
 * "dateTtime" and read through the cache. Returns 0, or -1 when invalid or longer than 47
 * bytes together. logtime_parse_date_time_cached below first tries the cached minute. */
int logtime_parse_date_time_joined(struct isotime_cache *c, const char *date, size_t dlen,
                                   const char *time, size_t tlen, int64_t *utc, int *tz_minutes);

/* The test for the common row: "yyyy-mm-dd" and "hh:mm:ss" in the minute cached (the
 * test of logtime_parse_iso_cached on the joined text, made on the two columns in
 * place). Returns 0 with the time, or -1. */
static inline int logtime_date_time_hit(const struct isotime_cache *c, const char *date,
                                        size_t dlen, const char *time, size_t tlen, int64_t *utc,
                                        int *tz_minutes)
{
	if (dlen != 10 || tlen != 8 || !c->valid || c->off_len != 0 || c->key[10] != 'T' ||
	    memcmp(c->key, date, 10) != 0 || memcmp(c->key + 11, time, 5) != 0 || time[5] != ':')
		return -1;
	unsigned s1 = (unsigned)(unsigned char)time[6] - '0',
	         s2 = (unsigned)(unsigned char)time[7] - '0';
	if (s1 > 9 || s2 > 9 || s1 * 10 + s2 > 60)
		return -1;
	*utc = c->minute_utc + (int64_t)(s1 * 10 + s2);
	*tz_minutes = c->tz_minutes;
	return 0;
}

/* The date and time columns read, inline since every W3C row asks: a row of the minute
 * cached is neither copied nor parsed. Returns 0, or -1 as logtime_parse_date_time_joined. */
static inline int logtime_parse_date_time_cached(struct isotime_cache *c, const char *date,
                                                 size_t dlen, const char *time, size_t tlen,
                                                 int64_t *utc, int *tz_minutes)
{
	if (logtime_date_time_hit(c, date, dlen, time, tlen, utc, tz_minutes) == 0)
		return 0;
	return logtime_parse_date_time_joined(c, date, dlen, time, tlen, utc, tz_minutes);
}

/* Seconds since the epoch, with an optional fraction ("1646861401.5241024"); values too
 * large for seconds are read as milliseconds, microseconds or nanoseconds (13, 16, 19
 * digits). Returns 0, or -1 when invalid or before 1970 / after 9999. */
int logtime_parse_epoch(const char *p, size_t len, int64_t *utc);

/* The access-log time with fractions and no offset, HAProxy's accept date
 * "06/Feb/2009:12:14:14.655" (len bytes, read as UTC). Returns 0 or -1. */
int logtime_parse_clf_frac(const char *p, size_t len, int64_t *utc);

/* Match p[0..len) against a strftime pattern (Apache %{…}t): %d %e %m %b %h %B %Y %y %H %M
 * %S %z %Z(UTC/GMT) %T %F %D %R %j %a %A %p %I %s %%, and literal bytes. On success sets
 * *used to the bytes matched, the time and offset (0 without %z), and returns 0. */
int logtime_parse_strf(const char *pattern, const char *p, size_t len, size_t *used, int64_t *utc,
                       int *tz_minutes);

/* Format utc as ISO 8601 in the given offset: "2018-04-25T06:25:14+02:00" into buf
 * (at least 26 bytes). Returns buf. */
char *logtime_format_iso(int64_t utc, int tz_minutes, char *buf, size_t size);

#endif
