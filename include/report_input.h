/* report_input.h — what a report keeps of each input once it is read: the scalars of its
 * tally and only the status codes it met, sparse, so a run over thousands of small inputs
 * holds a few hundred bytes per input rather than a whole tally. Its examples and timeline
 * live in the run's total only (no output shows them per input). */
#ifndef LOGSTAT_REPORT_INPUT_H
#define LOGSTAT_REPORT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"
#include "tally.h"

struct report_input_code {
	uint16_t code;
	uint64_t count, bytes; /* requests and their response bytes */
};

struct report_input {
	const char *name;    /* as given; "-" is shown as "(stdin)" by renderers */
	const char *error;   /* "" unless failed */
	const char *warning; /* "", or why the counts may mislead */
	char format[32];     /* format used */
	char compression[8]; /* "plain", "gzip", "zstd" */
	int failed;
	/* bytes before --since a seek, after --until a stop did not read (analyze.h): in no
	 * count */
	uint64_t window_skipped, until_skipped;
	/* the tally's scalars, as in struct tally (upstream kept only when logged) */
	uint64_t lines, requests, no_status, malformed, bytes, outside, filtered, directives;
	uint64_t shapes[SHAPE_COUNT];
	uint64_t malformed_by[MALFORMED_COUNT];
	int64_t first, last;
	int first_tz, last_tz;
	const struct tally_upstream *upstream; /* NULL: no request logged a target status */
	size_t ncodes;                         /* codes with a request */
	const struct report_input_code *codes; /* in ascending code order */
};

/* A growing list of inputs that owns their names, messages and codes (all of an input in
 * one block, freed with the list). Zero-initialised is empty. Not thread-safe. */
struct report_inputs {
	struct report_input *v;
	size_t n, cap;
};

/* Append the compact form of res. Returns 0, or -1 when out of memory (l unchanged). */
int report_inputs_add(struct report_inputs *l, const struct input_result *res);

/* Append an input known by its name and counts only (parts of one input added up):
 * no format, compression or messages. Returns 0, or -1 when out of memory. */
int report_inputs_add_tally(struct report_inputs *l, const char *name, const struct tally *t);

/* Move every input of src to the end of dst (src is left empty). Returns 0, or -1 when
 * out of memory (both unchanged). */
int report_inputs_take(struct report_inputs *dst, struct report_inputs *src);

void report_inputs_free(struct report_inputs *l);

/* An input by name and position. */
struct report_input_ref {
	const char *name;
	size_t i;
};

/* The n inputs of v sorted by name, then by position, into out[n]: the parts of one input
 * (read in parts, or named twice) side by side, the first of them first. */
void report_inputs_by_name(const struct report_input *v, size_t n, struct report_input_ref *out);

/* The counts of in as a whole tally, written into scratch (which needs no initialising)
 * and returned: codes and scalars as read, no examples, an empty timeline. */
const struct tally *report_input_tally(const struct report_input *in, struct tally *scratch);

/* Requests of a class: 0 = other (000-099, 600-999), 1..5 = 1xx..5xx (as tally.h). */
uint64_t report_input_class_count(const struct report_input *in, int cls);

#endif
