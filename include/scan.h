/* scan.h — the line splitter and record parser feeding a tally: bytes in, counts out.
 * A scanner holds per-input parse state (format, timestamp cache, line number, a line
 * being skipped for being too long). It never allocates and never does I/O. The tally
 * and the top-error table it fills belong to the caller and must outlive it. */
#ifndef LOGSTAT_SCAN_H
#define LOGSTAT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "drill.h"
#include "logformat.h"
#include "series.h"
#include "statusfilter.h"
#include "tally.h"
#include "toperr.h"

#define SCAN_DEFAULT_MAX_LINE (64 * 1024)

struct scanner {
	const struct logformat *format;    /* not owned */
	struct tally *tally;               /* not owned */
	struct toperr *top;                /* not owned; NULL: error requests not collected */
	struct series_table *series;       /* not owned; NULL: no labelled counts */
	const struct statusfilter *filter; /* not owned; NULL: every line kept */
	struct drill *drill;               /* not owned; NULL: no drill-down */
	struct logformat_state st;
	uint32_t input; /* index written into malformed examples */
	uint64_t line;  /* lines seen so far in this input */
	size_t max_line;
	int skipping; /* inside a too-long line, dropping to its newline */
	int windowed; /* records outside [since, until) go to tally->outside */
	int64_t since, until;
};

void scanner_init(struct scanner *s, const struct logformat *format, struct tally *tally,
                  uint32_t input, size_t max_line);

/* Count only records whose time is in [since, until) (RECORD_NO_TIME: that side open);
 * the others are counted in tally->outside and nowhere else. Lines without a time
 * (malformed, or a format without %t) are counted as usual. */
void scanner_window(struct scanner *s, int64_t since, int64_t until);

/* Let the format's per-input state learn from lines that are not counted (the "#Fields:"
 * lines before the point a resumed run starts from): text[0..len), whole lines. */
void scanner_prime(struct scanner *s, const char *text, size_t len);

/* Also count requests with status >= TOPERR_MIN_STATUS into top (NULL: stop). */
void scanner_collect(struct scanner *s, struct toperr *top);

/* Also count requests by the labels of series (NULL: stop). */
void scanner_series(struct scanner *s, struct series_table *series);
/* Keep only requests whose status filter keeps (NULL: all); the other well-formed lines
 * are counted in tally->filtered and nowhere else. */
void scanner_filter(struct scanner *s, const struct statusfilter *filter);

/* Also count every kept request into drill (NULL: stop). */
void scanner_drill(struct scanner *s, struct drill *drill);

/* Scan the complete lines in buf[0..len). Returns the bytes consumed: everything up to
 * and including the last newline. When what follows the last newline is longer than
 * max_line, that partial line is counted as too long, dropped (all len bytes consumed),
 * and the rest of it up to its newline is dropped on later calls. */
size_t scanner_feed(struct scanner *s, const char *buf, size_t len);

/* End of input: buf[0..len) is the last line, without newline (len may be 0: nothing). */
void scanner_finish(struct scanner *s, const char *buf, size_t len);

/* Scan one line (newline removed; a trailing CR is removed here). */
void scanner_line(struct scanner *s, const char *p, size_t len);

#endif
