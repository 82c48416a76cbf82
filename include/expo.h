/* expo.h — the Prometheus exposition of counts. One builder writes the metrics of both
 * `-o prometheus` (a textfile for node_exporter) and the exporter (`logstat -f --listen`),
 * in the classic text format (0.0.4) or OpenMetrics 1.0, so names and labels never differ
 * between the two. Pure: it writes only to the FILE it is given and reads no clock. */
#ifndef LOGSTAT_EXPO_H
#define LOGSTAT_EXPO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "codes.h"
#include "report_input.h"
#include "series.h"
#include "tally.h"

enum expo_format { EXPO_TEXT, EXPO_OPENMETRICS };

/* One set of per-input series. */
struct expo_input {
	const char *name;          /* the value of the input label; NULL: no input label */
	const struct tally *tally; /* not owned */
	/* The same counts kept compact (a report's input), read when tally is NULL; not owned. */
	const struct report_input *input;
	/* The input's labelled counts (series.h: the exporter's, or the textfile's merged
	 * from its scanning threads), not owned, NULL: none. Its durations make the
	 * histogram; with extra labels (--labels) the per-code families come from it (the sums
	 * are the same as from tally). */
	const struct series_table *series;
	/* Exporter only (struct expo.live): what following this input has seen. */
	uint64_t read_errors; /* read errors so far */
	uint64_t bytes_read;  /* raw bytes read, rotated files included */
	uint64_t rotations;   /* rotations and truncations noticed */
	int followed;         /* 1 while the file is open and followed */
};

/* Everything one exposition says. Times are seconds since the epoch; 0 leaves the
 * series out. */
struct expo {
	enum expo_format format;
	const struct expo_input *inputs;
	size_t ninputs;
	const struct code_entry *table; /* decides the official label; not owned */
	size_t table_n;
	const char *version;  /* logstat_build_info{version} */
	size_t input_errors;  /* inputs that could not be read (in full) */
	int64_t last_success; /* the last run (or poll) in which every input was read */
	int64_t state_saved;  /* when the --state file was last saved */
	int live;             /* 1: the exporter's series too (start time, bytes, ...) */
	int64_t start_time;   /* live: when the process started */
};

/* Write the exposition. Families come in a fixed order, each with HELP and TYPE; codes
 * that were never seen have no series, malformed reasons always have one. Returns 0, or
 * -1 when out reports a write error. */
int expo_write(FILE *out, const struct expo *e);

/* The format a scraper asked for in its Accept header (NULL: none): OpenMetrics when it
 * names application/openmetrics-text with a non-zero quality, else the text format. */
enum expo_format expo_negotiate(const char *accept);

/* The Content-Type header value for a format. Static string. */
const char *expo_content_type(enum expo_format f);

/* Write s as a label value with its quotes: backslash, double quote and newline escaped,
 * bytes that are not valid UTF-8 replaced by U+FFFD (label values must be UTF-8). */
void expo_label_value(FILE *out, const char *s);

#endif
