/* summary.h — reading logstat's own JSON report (docs/json.md) back into the data it was
 * rendered from, so reports from several hosts or runs can be merged (`logstat merge`)
 * without moving raw logs. Only that schema is accepted, and checked: counts must add up. */
#ifndef LOGSTAT_SUMMARY_H
#define LOGSTAT_SUMMARY_H

#include <stddef.h>

#include "analyze.h"
#include "drill.h"
#include "report_input.h"
#include "statusfilter.h"
#include "tally.h"
#include "toperr.h"

struct summary {
	/* owned, compact (report_input.h); names are "LABEL:NAME" (LABEL alone if empty) */
	struct report_inputs inputs;
	struct tally total;  /* examples point at inputs[] by index; with the timeline */
	struct toperr *top;  /* owned; "top_errors" as read. A report without that key, or
	                        whose list is truncated, has a floor: the most any request
	                        not listed can count (toperr.h), so merging stays honest */
	struct drill *drill; /* owned; latency of classes and codes, and the "by" list */
	int have_filter;     /* the report was made with --status filter.spec */
	struct statusfilter filter;
};

/* Parse text[0..len). label prefixes input names (a host or file name; "" for none).
 * Returns 0, or -1 with "offset N: reason" in err (s empty). Free with summary_free. */
int summary_parse(const char *text, size_t len, const char *label, struct summary *s, char *err,
                  size_t errsize);
void summary_free(struct summary *s);

/* The drill-down members of a parsed report (summary_drill.c): latency_ms of classes and
 * codes, "by", "filter" into s (after its totals are read). Returns 0, or -1 with
 * "offset N: reason" in err. */
struct json_doc;
int summary_read_drill(const struct json_doc *d, size_t root, struct summary *s, char *err,
                       size_t errsize);

#endif
