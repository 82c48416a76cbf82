/* options.h — the command line of the report and merge commands, parsed once into plain
 * data through the shared option layer (opts.h). */
#ifndef LOGSTAT_OPTIONS_H
#define LOGSTAT_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decoder.h"
#include "drill.h"
#include "logformat.h"
#include "statusfilter.h"
#include "threshold.h"

#define OPTIONS_MAX_CHECKS 64

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	int have_format;
	struct logformat format;
	const char *output;
	enum color_mode color;
	unsigned width; /* --width, 0: not given */
	unsigned threads;
	enum decoder_inflater inflater;
	size_t max_line;
	const char *codes_file;
	const char *json_status, *json_time; /* --json-status / --json-time KEY */
	/* Unattended runs (cron_opts.c, docs/cron.md). */
	const char *state_file;     /* --state */
	int dry_run;                /* --dry-run: read, report, leave the state alone */
	int have_since, have_until; /* --since / --until, as UTC seconds */
	int64_t since, until;
	/* --no-seek: read what is before --since, too */
	int no_seek;
	const char *output_file;                           /* --output-file, written atomically */
	struct threshold_check checks[OPTIONS_MAX_CHECKS]; /* --fail-if, --warning, --critical */
	size_t nchecks;
	int64_t stale_after; /* --stale, seconds; 0: no check */
	int stale_state;     /* --stale-state: Nagios state of a stale input (1..3) */
	/* Drill-down (docs/drilldown.md). */
	int by[BY_FIELDS]; /* --by FIELD, in the order given, no repeats */
	size_t nby;
	unsigned top;    /* --top N rows per --by section (default 10) */
	int have_status; /* --status SPEC */
	struct statusfilter status;
	unsigned labels; /* --labels: SERIES_* bits (series.h), for -o prometheus */
	char **inputs;
	size_t ninputs;
};

/* Parse argv for cmd (CMD_REPORT or CMD_MERGE; argv[0] is the command's name). Returns
 * 0 to run, 1 when --help/--version was printed (exit 0), 2 after printing a one-line
 * error with a hint to stderr (exit 2). */
int options_parse(unsigned cmd, int argc, char **argv, struct options *o);

#endif
