/* series.h — requests split by extra labels for the exporter (`--labels method`): a
 * bounded table of (label values, status code) rows with their request and byte counts.
 * Label values come from log bytes, so the table never holds more than its cap of rows:
 * combinations met once it is full are counted by code only, in overflow counts exported
 * with empty label values. Owned by its caller; not thread-safe. */
#ifndef LOGSTAT_SERIES_H
#define LOGSTAT_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "logformat.h"
#include "tally.h"

enum series_label { SERIES_METHOD = 1 }; /* bits of the labels asked for */

#define SERIES_DEFAULT_CAP 2000 /* rows per input */
#define SERIES_VALUE_LEN 16     /* a label value keeps at most 15 bytes */

struct series_row {
	int code;                      /* 0..999 */
	char method[SERIES_VALUE_LEN]; /* "GET" … or "OTHER" */
	uint64_t requests, bytes;
};

struct series_table;

/* Parse --labels' argument ("method"; names separated by commas) into bits. Returns 0,
 * or -1 with a reason in err (an unknown name, or a field the parser does not keep yet). */
int series_parse_labels(const char *arg, unsigned *labels, char *err, size_t errsize);

/* A table for labels (SERIES_* bits) holding at most cap rows besides the overflow row.
 * Returns NULL when out of memory. */
struct series_table *series_new(unsigned labels, size_t cap);
void series_free(struct series_table *t);

/* Count one request (status >= 0). The method is the first word of the request line,
 * one of the standard methods (GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE,
 * PATCH) or else "OTHER". */
void series_add(struct series_table *t, const struct record *r);

unsigned series_labels(const struct series_table *t);
/* Rows in the order first met. Valid until the next series_add. */
size_t series_count(const struct series_table *t);
const struct series_row *series_row(const struct series_table *t, size_t i);
/* Requests with code counted outside the rows, the table being full (their bytes in
 * *bytes when not NULL); code outside 0..999: all of them. */
uint64_t series_overflow(const struct series_table *t, int code, uint64_t *bytes);

#endif
