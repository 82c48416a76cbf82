/* series.h — requests split by extra labels for the exporter (`--labels vhost,method`):
 * a bounded table of (label values, status code) rows with their request and byte
 * counts. Label values come from log bytes, so the table never holds more than its cap of
 * rows: combinations met once it is full are counted by code only, in overflow counts
 * exported with empty label values. Owned by its caller; not thread-safe. */
#ifndef LOGSTAT_SERIES_H
#define LOGSTAT_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "durhist.h"
#include "logformat.h"
#include "tally.h"

enum series_label { SERIES_METHOD = 1, SERIES_VHOST = 2 }; /* bits of the labels asked for */

#define SERIES_DEFAULT_CAP 2000 /* rows per input */
#define SERIES_METHOD_LEN 8     /* longest standard method, "CONNECT", and its NUL */
#define SERIES_VHOST_LEN 64     /* a vhost label keeps at most 63 bytes */

struct series_row {
	int code;                       /* 0..999 */
	char method[SERIES_METHOD_LEN]; /* "GET" … or "OTHER"; "" when not asked for */
	char vhost[SERIES_VHOST_LEN];   /* as logged (cut at 63 bytes), "-" when the format
	                                  does not log it; "" when not asked for */
	uint64_t requests, bytes;
};

struct series_table;

/* Parse --labels' argument ("vhost,method", in any order) into bits. Returns 0, or -1
 * with a reason in err. */
int series_parse_labels(const char *arg, unsigned *labels, char *err, size_t errsize);

/* A table for labels (SERIES_* bits) holding at most cap rows. Returns NULL when out of
 * memory. */
struct series_table *series_new(unsigned labels, size_t cap);
void series_free(struct series_table *t);

/* Count one request (status >= 0), and its duration when logged. The method is the record's method
 * field, else the first word of its request line: one of the standard methods (GET, HEAD, POST,
 * PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH) or else "OTHER". */
void series_add(struct series_table *t, const struct record *r);

unsigned series_labels(const struct series_table *t);
/* Rows in the order first met. Valid until the next series_add. */
size_t series_count(const struct series_table *t);
const struct series_row *series_row(const struct series_table *t, size_t i);
/* Durations of the requests counted (those whose format logs one). */
const struct durhist *series_latency(const struct series_table *t);

/* Requests with code counted outside the rows, the table being full (their bytes in
 * *bytes when not NULL); code outside 0..999: all of them. */
uint64_t series_overflow(const struct series_table *t, int code, uint64_t *bytes);

#endif
