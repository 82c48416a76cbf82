/* report_run.h — the report command after its options are parsed: read every input
 * (whole, or incrementally with --state), check thresholds, render to stdout or
 * --output-file, save the state; and the exit statuses that go with it. Shared with
 * `logstat merge`, which fills a report from JSON summaries instead of logs. */
#ifndef LOGSTAT_REPORT_RUN_H
#define LOGSTAT_REPORT_RUN_H

#include "codes.h"
#include "options.h"
#include "report.h"

/* Read o's inputs and report them. Returns the exit status. */
int report_run(struct options *o, const struct renderer *rend, const struct code_table *table,
               const struct render_options *ro);

/* Evaluate o's thresholds against r->total and attach them to r (with -o nagios a
 * --fail-if counts as --critical). */
void report_check(struct options *o, const struct renderer *rend, struct report *r);

/* Render r to stdout or o->output_file. failed: an input or a step already failed.
 * Returns the exit status: 2 on failure (3 with -o nagios), else the threshold outcome. */
int report_emit(const struct options *o, const struct renderer *rend, const struct report *r,
                const struct render_options *ro, int failed);

/* "logstat: msg" to stderr; with -o nagios also "LOGSTAT UNKNOWN - msg" to stdout.
 * Returns the exit status for it (2, or 3 for nagios). rend may be NULL. */
int report_fatal(const struct renderer *rend, const char *msg);

/* Exit status after options_parse printed an error: 3 when argv asks for -o nagios
 * (so the monitoring system sees UNKNOWN), else 2. */
int report_usage_status(int argc, char **argv);

/* "logstat: NAME: error" for a failed input, escaped ("-" is named "(stdin)"). */
void report_print_error(const char *name, const char *error);
/* Its warning (most lines malformed …), when it has one (not ""), to stderr. */
void report_print_warning(const char *name, const char *warning);

#endif
