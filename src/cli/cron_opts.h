/* cron_opts.h — the report command's options for unattended runs (--state, --dry-run,
 * --since, --until, --fail-if, --warning, --critical, --output-file): their getopt rows
 * and how each is applied to struct options. Used by options.c only. */
#ifndef LOGSTAT_CRON_OPTS_H
#define LOGSTAT_CRON_OPTS_H

#include <getopt.h>

#include "options.h"

enum cron_opt {
	OPT_STATE = 512,
	OPT_DRY_RUN,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_FAIL_IF,
	OPT_WARNING,
	OPT_CRITICAL,
	OPT_OUTPUT_FILE
};

#define CRON_OPTS_LONG                                                                             \
	{"state", required_argument, 0, OPT_STATE}, {"dry-run", no_argument, 0, OPT_DRY_RUN},      \
	        {"since", required_argument, 0, OPT_SINCE},                                        \
	        {"until", required_argument, 0, OPT_UNTIL},                                        \
	        {"fail-if", required_argument, 0, OPT_FAIL_IF},                                    \
	        {"warning", required_argument, 0, OPT_WARNING},                                    \
	        {"critical", required_argument, 0, OPT_CRITICAL},                                  \
	{                                                                                          \
		"output-file", required_argument, 0, OPT_OUTPUT_FILE                               \
	}

/* Apply option c (one of enum cron_opt) with arg to o. Returns 0, or 2 after printing a
 * one-line error with a hint. */
int cron_opts_apply(struct options *o, int c, const char *arg);

#endif
