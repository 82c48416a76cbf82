/* breakdown.h — requests counted by the value of one field (a path, a client, an hour …):
 * per value its count, its split by class, its commonest codes and a latency sketch.
 * Exact while the distinct values fit in the table; beyond, a bounded summary in the
 * manner of Space-Saving: counts become upper bounds, each row states its maximum error,
 * and no value left out has a true count above the table's floor. */
#ifndef BREAKDOWN_H
#define BREAKDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "latency.h"

#define BREAKDOWN_CAPACITY 8192 /* distinct values held per field */
#define BREAKDOWN_KEY_LEN 120   /* bytes of a value kept; longer values are cut */
#define BREAKDOWN_CODES 8       /* codes kept per value (the highest); the rest summed */
#define BREAKDOWN_CLASSES 6     /* index 0 = other, 1..5 = 1xx..5xx (as tally.h) */

struct breakdown_row {
	uint64_t count;     /* requests: an upper bound (exact when max_error is 0) */
	uint64_t max_error; /* the true count is at least count - max_error */
	/* Split of the requests counted since the value entered the table (all of them when
	 * max_error is 0): by class, and by code for the BREAKDOWN_CODES highest codes met, ascending */
	uint64_t classes[BREAKDOWN_CLASSES];
	uint64_t code_count[BREAKDOWN_CODES];
	uint64_t other_codes; /* requests with a code beyond those kept */
	uint16_t code[BREAKDOWN_CODES];
	uint8_t ncodes;
	uint8_t len;
	uint32_t hash;
	struct latency lat; /* durations of those requests, when the format logs them */
	unsigned char key[BREAKDOWN_KEY_LEN]; /* raw log bytes: renderers escape */
};

/* Owned by whoever created it (breakdown_new); not thread-safe: each scanning thread
 * fills its own and they are merged afterwards. Adding is O(1) while the table has room;
 * when it is full, the half with the smallest counts is dropped at once (the largest
 * count dropped becomes the floor) and a new value enters with count floor + 1, so the
 * work of dropping is spread over many new values. */
struct breakdown {
	int field;         /* what the caller counts by (drill.h), kept for renderers */
	size_t n, cap;     /* rows in use, rows held at most */
	uint64_t floor;    /* no value outside the table has a true count above it; 0: exact */
	uint64_t requests; /* requests counted (with a value) */
	uint64_t missing;  /* requests whose record does not carry the field */
	uint32_t *slot;    /* row index + 1, 0 empty; linear probing over 4·cap slots */
	size_t mask;
	struct breakdown_row *rows; /* room for 2·cap (a merge holds both sides) */
	unsigned char *mark;        /* scratch of a merge */
};

/* An empty table of cap rows (0: BREAKDOWN_CAPACITY), or NULL when out of memory. */
struct breakdown *breakdown_new(int field, size_t cap);
void breakdown_free(struct breakdown *b);
/* Forget every row and count. */
void breakdown_clear(struct breakdown *b);

static inline int breakdown_exact(const struct breakdown *b)
{
	return b->floor == 0;
}

/* Count n requests with value key[0..len) (cut to BREAKDOWN_KEY_LEN), status code
 * (0..999) and duration us (negative: not logged). Returns 0, or -1 when out of memory
 * (the request is counted, its duration may be lost). */
int breakdown_add(struct breakdown *b, const unsigned char *key, size_t len, int code, int64_t us,
                  uint64_t n);

/* Insert a whole row (readers of a saved table): counts, classes, codes and latency are
 * copied (the latency's bins too); the caller sets requests, missing and floor. Returns
 * 0, or -1 when out of memory, the key is there or the table holds cap rows. */
int breakdown_put(struct breakdown *b, const struct breakdown_row *row);

/* Add src into dst. A value missing from one side counts that side's floor (as count and
 * as max_error); when the union exceeds the capacity the largest counts are kept and the
 * largest dropped count raises the floor. Exact parts whose union fits stay exact, in
 * any order. Returns 0, or -1 when out of memory (some latency may be lost). */
int breakdown_merge(struct breakdown *dst, const struct breakdown *src);

/* Every row into out (room for b->n): by count descending (ties: key), or by key
 * ascending when by_key (time buckets). Returns b->n. Pointers are into b, valid until
 * it changes. */
size_t breakdown_order(const struct breakdown *b, const struct breakdown_row **out, int by_key);

#endif
