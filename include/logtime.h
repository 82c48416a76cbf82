/* logtime.h — the access-log timestamp `dd/Mon/yyyy:HH:MM:SS +hhmm` to UTC seconds,
 * with a one-entry cache because consecutive lines usually repeat the same second. */
#ifndef LOGSTAT_LOGTIME_H
#define LOGSTAT_LOGTIME_H

#include <stddef.h>
#include <stdint.h>

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

/* Format utc as ISO 8601 in the given offset: "2018-04-25T06:25:14+02:00" into buf
 * (at least 26 bytes). Returns buf. */
char *logtime_format_iso(int64_t utc, int tz_minutes, char *buf, size_t size);

#endif
