/* stale.h — `--stale DURATION` for Nagios checks: an input whose newest logged request
 * is older than DURATION makes the check WARNING, CRITICAL or UNKNOWN (--stale-state),
 * so a server that stopped writing its log is not reported OK. */
#ifndef LOGSTAT_STALE_H
#define LOGSTAT_STALE_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"
#include "report.h"

/* "15m", "2h", "1d", "90s", "1w" to seconds (> 0). Returns 0, or -1. */
int stale_parse_duration(const char *s, int64_t *seconds);

/* Fill job's stale fields for after seconds (0: no check) at state: per input name in
 * res[0..n), its newest line is the latest request time read this run; when the run read
 * no timed line from it (an incremental run with nothing new), the file's modification
 * time stands in. now is the current time in seconds since the epoch. */
void stale_check(const struct report_input *res, size_t n, int64_t after, int state, int64_t now,
                 struct report_job *job);

#endif
