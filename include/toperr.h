/* toperr.h — which requests caused the errors: a bounded table of (status code, request
 * key) counts for requests with status >= 400, exact while the distinct keys fit and a
 * Space-Saving heavy-hitters summary beyond, with a known maximum error per entry. */
#ifndef LOGSTAT_TOPERR_H
#define LOGSTAT_TOPERR_H

#include <stddef.h>
#include <stdint.h>

#define TOPERR_CAPACITY 4096  /* distinct (code, key) pairs held */
#define TOPERR_KEY_LEN 120    /* bytes of a key kept; longer keys are cut */
#define TOPERR_MIN_STATUS 400 /* 4xx, 5xx and the 'other' codes 600-999 */
#define TOPERR_SLOTS 8192     /* hash slots: a power of two, load at most one half */
#define TOPERR_SKETCH_ROWS 2
#define TOPERR_SKETCH_COLS 8192 /* a power of two */

/* The key of a request: "METHOD TARGET PROTO" (three non-empty tokens, two spaces) keeps
 * "METHOD TARGET" with the query string ("?…") removed; anything else ("-", "", a TLS
 * handshake, "GET /x") is kept as it is. The key is always a prefix of the request, so
 * this returns its length (at most TOPERR_KEY_LEN). */
size_t toperr_key_len(const char *req, size_t len);

struct toperr_entry {
	uint64_t count;     /* an upper bound of the true count (exact when max_error is 0) */
	uint64_t max_error; /* the true count is at least count - max_error */
	uint32_t hash;
	uint16_t mark; /* scratch of a merge */
	uint16_t code;
	uint8_t len;
	unsigned char key[TOPERR_KEY_LEN]; /* raw log bytes: renderers escape */
};

/* One candidate of a merge that overflows (internal scratch, kept here so merging never
 * allocates and never fails). */
struct toperr_pick {
	uint64_t count, max_error;
	const struct toperr_entry *e;
	int from_src;
};

/* About 1.1 MB, always on the heap (toperr_new). Owned by whoever created it; not
 * thread-safe: each scanning thread fills its own and they are merged afterwards.
 * Counting is O(1) per error line while the table is exact (open addressing); past
 * TOPERR_CAPACITY distinct keys, a new key is first counted in a count-min sketch and
 * takes the place of the smallest count (Space-Saving, the min kept by a heap) only when
 * its estimate is larger: counts stay upper bounds, and a key left out never has a true
 * count above floor. */
struct toperr {
	size_t n;       /* entries in use */
	uint64_t floor; /* no key outside the table has a true count above floor; 0: exact */
	int heaped;     /* heap[] is valid (built on the first eviction) */
	uint16_t slot[TOPERR_SLOTS]; /* entry index + 1; 0: empty (linear probing) */
	/* the min-heap of counts, compact (64 KB) so that sifting stays in cache: each item
	 * mirrors its entry's count; pos[i] is where entry i sits in it */
	struct toperr_heap_item {
		uint64_t count;
		uint32_t idx;
	} heap[TOPERR_CAPACITY];
	uint16_t pos[TOPERR_CAPACITY];
	struct toperr_entry e[TOPERR_CAPACITY];
	struct toperr_pick picks[2 * TOPERR_CAPACITY];
	/* once full: a count-min sketch of what is not in the table (and of what was evicted,
	 * with its count), so a new key only evicts when its estimate beats the smallest count
	 * (128 KB, stays in cache; one-off keys then cost two increments, not an eviction) */
	uint64_t sketch[TOPERR_SKETCH_ROWS][TOPERR_SKETCH_COLS];
};

/* An empty table, or NULL when out of memory. Free with toperr_free (NULL is fine). */
struct toperr *toperr_new(void);
void toperr_free(struct toperr *t);
void toperr_clear(struct toperr *t);

/* Whether every count is exact (nothing was ever evicted or left out). */
static inline int toperr_exact(const struct toperr *t)
{
	return t->floor == 0;
}

/* Count one request with status code (the caller checks code >= TOPERR_MIN_STATUS). */
void toperr_add(struct toperr *t, int code, const char *req, size_t len);

/* Insert a key as it is (no key extraction) with its count and max_error: for readers of
 * a saved table. Returns 0, or -1 when the key is already there or the table is full. */
int toperr_put(struct toperr *t, int code, const unsigned char *key, size_t len, uint64_t count,
               uint64_t max_error);

/* Add src into dst. A key missing from one side counts that side's floor (as count and
 * as max_error), so counts stay upper bounds. When the union exceeds the capacity, the
 * largest counts are kept (ties: code, then key) and the largest dropped count raises the
 * floor. Exact parts whose union fits give an exact result, whatever the order. */
void toperr_merge(struct toperr *dst, const struct toperr *src);

/* The k largest entries into out (count descending, then code, then key), returning how
 * many (at most k and t->n). Pointers are into t, valid until it changes. */
size_t toperr_top(const struct toperr *t, const struct toperr_entry **out, size_t k);

#endif
