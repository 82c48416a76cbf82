/* cron_opts.h — the report command's options for unattended runs (--state, --dry-run,
 * --since, --until, --fail-if, --warning, --critical, --output-file): how each is applied
 * to struct options (their rows are in opts_table.c). Used by options.c only. */
#ifndef LOGSTAT_CRON_OPTS_H
#define LOGSTAT_CRON_OPTS_H

#include "options.h"

/* Apply option c (an OPT_* id of opts.h) with arg to o. Returns 0, or 2 after printing a
 * one-line error with a hint. */
int cron_opts_apply(struct options *o, int c, const char *arg);

#endif
