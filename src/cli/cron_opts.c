/* cron_opts.c — parsing the options of unattended runs. Times are read against the
 * clock and local time zone of this process (the core takes both as arguments). */
#include "cron_opts.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "opts.h"
#include "stale.h"
#include "timespec.h"

static int bad(const char *opt, const char *arg, const char *why)
{
	return opts_error("%s '%s': %s", opt, arg, why);
}

/* Minutes east of UTC of local time at a local wall-clock time (seconds as if UTC). */
static int local_tz_at(int64_t wall)
{
	time_t w = (time_t)wall;
	struct tm tm;
	if (!gmtime_r(&w, &tm))
		return 0;
	tm.tm_isdst = -1;
	time_t utc = mktime(&tm);
	return utc == (time_t)-1 ? 0 : (int)((wall - (int64_t)utc) / 60);
}

static int parse_time(const char *opt, const char *arg, int64_t *out)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	struct timespec_clock clk = {.now = (int64_t)now,
	                             .local_tz = (int)(tm.tm_gmtoff / 60),
	                             .local_tz_at = local_tz_at};
	char err[512];
	if (timespec_parse(arg, &clk, out, err, sizeof err) != 0)
		return bad(opt, arg, err);
	return 0;
}

static int add_check(struct options *o, const char *opt, const char *arg,
                     enum threshold_level level)
{
	char err[256];
	if (o->nchecks == OPTIONS_MAX_CHECKS)
		return bad(opt, arg, "too many thresholds");
	struct threshold_check *c = &o->checks[o->nchecks];
	memset(c, 0, sizeof *c);
	if (threshold_parse(arg, &c->th, err, sizeof err) != 0)
		return bad(opt, arg, err);
	c->level = level;
	o->nchecks++;
	return 0;
}

int cron_opts_apply(struct options *o, int c, const char *arg)
{
	switch (c) {
	case OPT_STATE:
		o->state_file = arg;
		return 0;
	case OPT_DRY_RUN:
		o->dry_run = 1;
		return 0;
	case OPT_SINCE:
		o->have_since = 1;
		return parse_time("--since", arg, &o->since);
	case OPT_UNTIL:
		o->have_until = 1;
		return parse_time("--until", arg, &o->until);
	case OPT_NO_SEEK:
		o->no_seek = 1;
		return 0;
	case OPT_FAIL_IF:
		return add_check(o, "--fail-if", arg, THRESHOLD_FAIL);
	case OPT_WARNING:
		return add_check(o, "--warning", arg, THRESHOLD_WARNING);
	case OPT_CRITICAL:
		return add_check(o, "--critical", arg, THRESHOLD_CRITICAL);
	case OPT_OUTPUT_FILE:
		o->output_file = arg;
		return 0;
	case OPT_STALE:
		if (stale_parse_duration(arg, &o->stale_after) != 0)
			return bad("--stale", arg, "not a duration such as 90s, 15m, 2h, 1d, 1w");
		return 0;
	case OPT_STALE_STATE:
		o->stale_state = strcasecmp(arg, "warning") == 0    ? 1
		                 : strcasecmp(arg, "critical") == 0 ? 2
		                 : strcasecmp(arg, "unknown") == 0  ? 3
		                                                    : 0;
		return o->stale_state
		               ? 0
		               : bad("--stale-state", arg, "not warning, critical or unknown");
	}
	return 2;
}
