/* timespec.h — the times --since and --until accept, to UTC seconds: ISO 8601
 * (2024-05-01, 2024-05-01T13:00, 2024-05-01 13:00:05+02:00, ...Z), the access-log format
 * (10/Oct/2000:13:55:36 -0700, brackets optional), durations back from now (30s, 15m,
 * 1h, 2d, 1w; "-15m" and "15m ago" too), now, today and yesterday (local midnight).
 * Pure: the current time and the local offset come from the caller. */
#ifndef LOGSTAT_TIMESPEC_H
#define LOGSTAT_TIMESPEC_H

#include <stddef.h>
#include <stdint.h>

struct timespec_clock {
	int64_t now;  /* UTC seconds */
	int local_tz; /* minutes east of UTC, for times written without an offset */
	/* Optional (NULL: local_tz always): the local offset in effect at a local wall-clock
	 * time, given as seconds since the epoch as if it were UTC (DST changes it). */
	int (*local_tz_at)(int64_t local_wall);
};

/* Parse s. Returns 0 with *utc set, or -1 with a reason in err. */
int timespec_parse(const char *s, const struct timespec_clock *clk, int64_t *utc, char *err,
                   size_t errsize);

/* ISO 8601 date-time of exactly len bytes at s. A missing offset sets *has_tz to 0 and
 * *utc is then the wall-clock time as if it were UTC. Returns 0, or -1 when invalid. */
int timespec_parse_iso(const char *s, size_t len, int64_t *utc, int *tz_minutes, int *has_tz);

#endif
