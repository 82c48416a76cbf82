/* tally.h — what one or many inputs answered: counts and bytes per status code, lines,
 * no-status and malformed lines (by reason, with the first examples), the time range and
 * requests per class over time (timeline.h). A tally is plain data owned by its caller
 * (about 30 KB: keep few on the stack); tallies merge (per thread, per input, per host)
 * by tally_merge, so the order in which parts are merged never changes totals. The top
 * error requests are not here: they are too big to copy by value (toperr.h). */
#ifndef LOGSTAT_TALLY_H
#define LOGSTAT_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "logformat.h"
#include "satmath.h"
#include "timeline.h"

#define TALLY_CODES 1000 /* status numbers 000..999 */
#define TALLY_CLASSES 6  /* index 0 = other, 1..5 = 1xx..5xx */
#define TALLY_EXAMPLES 5 /* malformed lines kept for the report */
#define TALLY_EXAMPLE_LEN 160
#define TALLY_UPSTREAM 16 /* distinct target statuses kept; the rest are summed */

/* How many requests got each status from the target behind a load balancer or proxy
 * (ALB/ELB target_status_code, Traefik OriginStatus, nginx $upstream_status). */
struct tally_upstream {
	uint64_t lines;  /* requests whose format logs a target status */
	uint64_t none;   /* … where the target never answered ("-") */
	uint64_t others; /* … with a status beyond the TALLY_UPSTREAM kept */
	size_t n;
	struct {
		uint16_t code;
		uint64_t count;
	} code[TALLY_UPSTREAM];
};

struct tally_example {
	uint32_t input; /* index of the input it came from */
	uint64_t line;  /* 1-based line number in that input */
	enum malformed reason;
	uint16_t len;       /* bytes kept in text (raw, unsanitised; renderers escape) */
	uint16_t truncated; /* 1 when the line was longer than text */
	unsigned char text[TALLY_EXAMPLE_LEN];
};

struct tally {
	uint64_t lines, requests, no_status, malformed;
	uint64_t bytes;      /* response bytes of requests */
	uint64_t outside;    /* well-formed lines outside the time window (not in lines) */
	uint64_t filtered;   /* well-formed lines --status left out (not in lines) */
	uint64_t directives; /* lines a format defines as not records (W3C "#…"): not in lines */
	uint64_t shapes[SHAPE_COUNT]; /* counted lines by how they differ from the declared
	                                 format (logformat.h); [SHAPE_DECLARED] is not kept */
	struct tally_upstream upstream;
	uint64_t count[TALLY_CODES];
	uint64_t code_bytes[TALLY_CODES];
	uint64_t malformed_by[MALFORMED_COUNT];
	int64_t first, last; /* earliest and latest time, RECORD_NO_TIME if none */
	int first_tz, last_tz;
	size_t nexamples;
	struct tally_example examples[TALLY_EXAMPLES];
	struct timeline timeline; /* requests with a time, by class */
};

void tally_init(struct tally *t);

/* The rarer facts of a record (its shape, a target status), out of the hot path. */
void tally_record_rare(struct tally *t, const struct record *r);

/* Count n requests whose target answered code (RECORD_NO_STATUS: never answered). */
void tally_upstream_add(struct tally_upstream *u, int code, uint64_t n);

/* Count one parsed line (a request or a no-status line). Hot path: inline. */
static inline void tally_record(struct tally *t, const struct record *r)
{
	/* class by hundreds: 1..5, and other (0) for 000-099 and 600-999 */
	static const unsigned char class_of[10] = {0, 1, 2, 3, 4, 5, 0, 0, 0, 0};
	t->lines++;
	if (r->status < 0) {
		t->no_status++;
	} else {
		t->requests++;
		t->count[r->status]++;
		sat_inc(&t->code_bytes[r->status], r->bytes); /* a 20-digit %b must not wrap */
		sat_inc(&t->bytes, r->bytes);
	}
	if (__builtin_expect(r->shape != SHAPE_DECLARED || r->upstream != RECORD_NO_UPSTREAM, 0))
		tally_record_rare(t, r);
	if (r->time != RECORD_NO_TIME) {
		if (r->status >= 0)
			timeline_add(&t->timeline, r->time, class_of[r->status / 100], 1);
		if (r->time < t->first || t->first == RECORD_NO_TIME) {
			t->first = r->time;
			t->first_tz = r->tz;
		}
		if (r->time > t->last || t->last == RECORD_NO_TIME) {
			t->last = r->time;
			t->last_tz = r->tz;
		}
	}
}

/* Count one malformed line, keeping it as an example while there is room. */
void tally_malformed(struct tally *t, enum malformed why, uint32_t input, uint64_t line,
                     const char *text, size_t len);

/* Add src into dst. Examples are kept in (input, line) order, the first TALLY_EXAMPLES. */
void tally_merge(struct tally *dst, const struct tally *src);

/* Sums for a class: 0 = other (000-099, 600-999), 1..5 = 1xx..5xx. */
uint64_t tally_class_count(const struct tally *t, int cls);
uint64_t tally_class_bytes(const struct tally *t, int cls);

#endif
