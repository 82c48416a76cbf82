/* series.h — requests split by extra labels (`--labels vhost,method`) for the exporter and
 * `-o prometheus`: a bounded table of (label values, status code) rows with their request
 * and byte counts, and the histogram of durations. Label values come from log bytes, so
 * the table never holds more than its cap of rows: requests of the combinations left out
 * are counted by code only, in overflow counts exported with empty label values. Owned by
 * its caller; not thread-safe (one table per scanning thread, merged with series_merge). */
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

/* Which combinations keep rows of their own once more than cap of them were met. */
enum series_keep {
	/* The first cap met; a row, once made, stays and only grows (the exporter: its
	 * counters never move between series). Which rows a merge keeps depends on the order
	 * of the lines and on how they were split between tables. */
	SERIES_KEEP_FIRST,
	/* The cap lowest in a fixed order of the label values (a hash of them, then the values
	 * themselves): a row met later may take the place of a higher one, whose counts move
	 * to the overflow. However the lines are ordered and split between tables merged with
	 * series_merge, the result has the same rows with the same counts (`-o prometheus`:
	 * the same log gives the same file at any --threads). */
	SERIES_KEEP_LOWEST
};

/* Parse --labels' argument ("vhost,method", in any order) into bits. Returns 0, or -1
 * with a reason in err. */
int series_parse_labels(const char *arg, unsigned *labels, char *err, size_t errsize);

/* A table for labels (SERIES_* bits) holding at most cap rows, SERIES_KEEP_FIRST. Returns
 * NULL when out of memory. */
struct series_table *series_new(unsigned labels, size_t cap);
/* The same with the choice of rows given. */
struct series_table *series_new_keep(unsigned labels, size_t cap, enum series_keep keep);
/* An empty table with the labels, cap and choice of proto. NULL when out of memory. */
struct series_table *series_new_like(const struct series_table *proto);
void series_free(struct series_table *t);

/* Count one request (status >= 0), and its duration when logged. A table without labels
 * counts durations only: its rows would be the tally's counts by code. The method is the record's method
 * field, else the first word of its request line: one of the standard methods (GET, HEAD, POST,
 * PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH) or else "OTHER". */
void series_add(struct series_table *t, const struct record *r);

/* Add src's counts and durations into dst (same labels: else -1 and dst unchanged),
 * keeping dst's cap and choice: src rows that do not fit dst go to its overflow counts,
 * as series_add does. With SERIES_KEEP_LOWEST tables the result does not depend on the
 * order of merges. Returns 0 (a row that cannot be allocated is counted as overflow). */
int series_merge(struct series_table *dst, const struct series_table *src);

/* Put the rows in a fixed order (code, vhost, method), so an exposition of the table does
 * not depend on the order the rows were made in. */
void series_sort(struct series_table *t);

/* The fields a format must read for this table (logformat_need's mask of 1u << ROLE_…):
 * durations, and the vhost or method when they are labels. */
unsigned series_roles(const struct series_table *t);

unsigned series_labels(const struct series_table *t);
/* Rows in the order first met, or the order series_sort gave them. Valid until the next
 * series_add or series_merge. */
size_t series_count(const struct series_table *t);
const struct series_row *series_row(const struct series_table *t, size_t i);
/* Durations of the requests counted (those whose format logs one). */
const struct durhist *series_latency(const struct series_table *t);

/* Requests with code counted outside the rows, the table being full (their bytes in
 * *bytes when not NULL); code outside 0..999: all of them. */
uint64_t series_overflow(const struct series_table *t, int code, uint64_t *bytes);

#endif
