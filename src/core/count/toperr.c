/* toperr.c — the error-request table: key extraction, an open-addressing hash over a
 * preallocated entry array, Space-Saving eviction through a min-heap once the table is
 * full, and merging that keeps every count an upper bound with a known error. */
#include "toperr.h"

#include <stdlib.h>
#include <string.h>

#include "satmath.h"

#define SLOT_MASK (TOPERR_SLOTS - 1)

static inline size_t key_len(const char *req, size_t len)
{
	const char *end = req + len, *s1 = req;
	while (s1 < end && *s1 != ' ') /* the method: a few bytes, no call needed */
		s1++;
	size_t key = len;
	if (s1 < end && s1 > req) {
		const char *target = s1 + 1;
		const char *s2 = memchr(target, ' ', (size_t)(end - target));
		if (s2 && s2 > target && s2 + 1 < end &&
		    !memchr(s2 + 1, ' ', (size_t)(end - s2 - 1))) {
			const char *q = memchr(target, '?', (size_t)(s2 - target));
			key = (size_t)((q ? q : s2) - req);
		}
	}
	return key < TOPERR_KEY_LEN ? key : TOPERR_KEY_LEN;
}

size_t toperr_key_len(const char *req, size_t len)
{
	return key_len(req, len);
}

/* Eight bytes at a time (keys are short paths, and this runs on every error line),
 * seeded with the code and length so 404 and 500 of one path differ. */
static uint32_t key_hash(int code, const unsigned char *p, size_t len)
{
	size_t n = len;
	uint64_t h = 0x9e3779b97f4a7c15u ^ ((uint64_t)code << 32 | n);
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	if (n && len >= 8) /* the last 8 bytes, overlapping the ones already mixed */
		memcpy(&w, p + n - 8, 8);
	else
		for (size_t i = 0; i < n; i++)
			w |= (uint64_t)p[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
	return (uint32_t)(h ^ (h >> 32));
}

struct toperr *toperr_new(void)
{
	return calloc(1, sizeof(struct toperr));
}

void toperr_free(struct toperr *t)
{
	free(t);
}

void toperr_clear(struct toperr *t)
{
	t->n = 0;
	t->floor = 0;
	t->heaped = 0;
	memset(t->slot, 0, sizeof t->slot);
	memset(t->sketch, 0, sizeof t->sketch);
}

/* Add n to key h in the sketch; returns the estimate after (never below the truth). */
static uint64_t sketch_add(struct toperr *t, uint32_t h, uint64_t n)
{
	size_t a = h & (TOPERR_SKETCH_COLS - 1);
	size_t b = ((h >> 16) ^ (h * 0x9e3779b1u >> 7)) & (TOPERR_SKETCH_COLS - 1);
	sat_inc(&t->sketch[0][a], n);
	sat_inc(&t->sketch[1][b], n);
	uint64_t x = t->sketch[0][a], y = t->sketch[1][b];
	return x < y ? x : y;
}

/* The slot holding (code, key), or the empty slot where it would go. */
static size_t find_slot(const struct toperr *t, uint32_t h, int code, const unsigned char *key,
                        size_t len)
{
	for (size_t i = h & SLOT_MASK;; i = (i + 1) & SLOT_MASK) {
		if (!t->slot[i])
			return i;
		const struct toperr_entry *e = &t->e[t->slot[i] - 1];
		if (e->hash == h && e->code == code && e->len == len &&
		    memcmp(e->key, key, len) == 0)
			return i;
	}
}

/* Empty slot i and shift later members of its probe run back (no tombstones). */
static void remove_slot(struct toperr *t, size_t i)
{
	for (size_t j = i;;) {
		j = (j + 1) & SLOT_MASK;
		if (!t->slot[j])
			break;
		size_t home = t->e[t->slot[j] - 1].hash & SLOT_MASK;
		/* j's entry may move to i when its home is not in (i, j] (cyclically) */
		int movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
		if (movable) {
			t->slot[i] = t->slot[j];
			i = j;
		}
	}
	t->slot[i] = 0;
}

static void heap_swap(struct toperr *t, size_t a, size_t b)
{
	struct toperr_heap_item x = t->heap[a];
	t->heap[a] = t->heap[b];
	t->heap[b] = x;
	t->pos[t->heap[a].idx] = (uint16_t)a;
	t->pos[t->heap[b].idx] = (uint16_t)b;
}

static void sift_down(struct toperr *t, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < t->n && t->heap[l].count < t->heap[m].count)
			m = l;
		if (l + 1 < t->n && t->heap[l + 1].count < t->heap[m].count)
			m = l + 1;
		if (m == i)
			return;
		heap_swap(t, i, m);
		i = m;
	}
}

static void build_heap(struct toperr *t)
{
	for (size_t i = 0; i < t->n; i++) {
		t->heap[i] = (struct toperr_heap_item){t->e[i].count, (uint32_t)i};
		t->pos[i] = (uint16_t)i;
	}
	for (size_t i = t->n / 2; i-- > 0;)
		sift_down(t, i);
	t->heaped = 1;
}

static void fill_entry(struct toperr_entry *e, uint32_t h, int code, const unsigned char *key,
                       size_t len, uint64_t count, uint64_t max_error)
{
	e->hash = h;
	e->code = (uint16_t)code;
	e->len = (uint8_t)len;
	memcpy(e->key, key, len);
	e->count = count;
	e->max_error = max_error;
}

/* A key not in the full table: counted in the sketch, it takes the place of the smallest
 * count only when its estimate is larger (Space-Saving with an admission filter). The
 * evicted count goes to the sketch, so a key that comes back is estimated with all of its
 * history: counts stay upper bounds, and no key outside exceeds floor. */
static void evict_min(struct toperr *t, uint32_t h, int code, const unsigned char *key, size_t len)
{
	if (!t->heaped)
		build_heap(t);
	uint64_t est = sketch_add(t, h, 1);
	size_t idx = t->heap[0].idx;
	struct toperr_entry *e = &t->e[idx];
	uint64_t min = e->count;
	if (est <= min) { /* stays out: its true count is at most est */
		if (est > t->floor)
			t->floor = est;
		return;
	}
	if (min > t->floor)
		t->floor = min;
	sketch_add(t, e->hash, min);
	size_t old = find_slot(t, e->hash, e->code, e->key, e->len);
	remove_slot(t, old);
	fill_entry(e, h, code, key, len, est, est - 1);
	t->heap[0].count = est;
	/* looked up again: the removal may have moved the free slot the caller found */
	t->slot[find_slot(t, h, code, key, len)] = (uint16_t)(idx + 1);
	sift_down(t, 0);
}

void toperr_add(struct toperr *t, int code, const char *req, size_t reqlen)
{
	if (!req) /* a format without %r: every error has the empty key */
		req = "";
	const unsigned char *key = (const unsigned char *)req;
	size_t len = key_len(req, reqlen);
	uint32_t h = key_hash(code, key, len);
	size_t i = find_slot(t, h, code, key, len);
	if (t->slot[i]) {
		struct toperr_entry *e = &t->e[t->slot[i] - 1];
		e->count++;
		if (t->heaped) {
			size_t at = t->pos[t->slot[i] - 1];
			t->heap[at].count = e->count;
			sift_down(t, at);
		}
	} else if (t->n < TOPERR_CAPACITY) {
		fill_entry(&t->e[t->n], h, code, key, len, 1, 0);
		t->slot[i] = (uint16_t)(++t->n);
		t->heaped = 0;
	} else {
		evict_min(t, h, code, key, len);
	}
}

int toperr_put(struct toperr *t, int code, const unsigned char *key, size_t len, uint64_t count,
               uint64_t max_error)
{
	if (len > TOPERR_KEY_LEN)
		len = TOPERR_KEY_LEN;
	uint32_t h = key_hash(code, key, len);
	size_t i = find_slot(t, h, code, key, len);
	if (t->slot[i] || t->n >= TOPERR_CAPACITY)
		return -1;
	fill_entry(&t->e[t->n], h, code, key, len, count, max_error);
	t->slot[i] = (uint16_t)(++t->n);
	t->heaped = 0;
	return 0;
}

/* Total order of the report: count descending, then code, then key bytes. */
static int before(uint64_t ca, const struct toperr_entry *a, uint64_t cb,
                  const struct toperr_entry *b)
{
	if (ca != cb)
		return ca > cb;
	if (a->code != b->code)
		return a->code < b->code;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->key, b->key, n);
	return c ? c < 0 : a->len < b->len;
}

static int pick_cmp(const void *pa, const void *pb)
{
	const struct toperr_pick *a = pa, *b = pb;
	if (before(a->count, a->e, b->count, b->e))
		return -1;
	return before(b->count, b->e, a->count, a->e) ? 1 : 0;
}

static void rebuild_slots(struct toperr *t)
{
	memset(t->slot, 0, sizeof t->slot);
	for (size_t i = 0; i < t->n; i++) {
		const struct toperr_entry *e = &t->e[i];
		t->slot[find_slot(t, e->hash, e->code, e->key, e->len)] = (uint16_t)(i + 1);
	}
	t->heaped = 0;
}

/* The union is too big: keep the TOPERR_CAPACITY first picks (dst's own entries are
 * already updated in place), drop the rest, raise the floor to the largest dropped. */
static void keep_best(struct toperr *dst, size_t npicks)
{
	qsort(dst->picks, npicks, sizeof dst->picks[0], pick_cmp);
	uint64_t dropped = dst->picks[TOPERR_CAPACITY].count;
	if (dropped > dst->floor)
		dst->floor = dropped;
	for (size_t i = 0; i < dst->n; i++)
		dst->e[i].mark = 0; /* 1 = kept */
	for (size_t i = 0; i < TOPERR_CAPACITY; i++)
		if (!dst->picks[i].from_src)
			dst->e[dst->picks[i].e - dst->e].mark = 1;
	size_t n = 0;
	for (size_t i = 0; i < dst->n; i++)
		if (dst->e[i].mark)
			dst->e[n++] = dst->e[i];
	for (size_t i = 0; i < TOPERR_CAPACITY; i++) {
		const struct toperr_pick *p = &dst->picks[i];
		if (p->from_src) {
			dst->e[n] = *p->e;
			dst->e[n].count = p->count;
			dst->e[n++].max_error = p->max_error;
		}
	}
	dst->n = n;
	rebuild_slots(dst);
}

void toperr_merge(struct toperr *dst, const struct toperr *src)
{
	uint64_t dst_floor = dst->floor, src_floor = src->floor;
	size_t npicks = 0;
	for (size_t i = 0; i < dst->n; i++) { /* keys src does not hold: src's floor */
		struct toperr_entry *e = &dst->e[i];
		if (!src->slot[find_slot(src, e->hash, e->code, e->key, e->len)]) {
			sat_inc(&e->count, src_floor);
			sat_inc(&e->max_error, src_floor);
		}
		dst->picks[npicks++] = (struct toperr_pick){e->count, e->max_error, e, 0};
	}
	for (size_t i = 0; i < src->n; i++) {
		const struct toperr_entry *s = &src->e[i];
		size_t at = find_slot(dst, s->hash, s->code, s->key, s->len);
		if (dst->slot[at]) {
			struct toperr_entry *e = &dst->e[dst->slot[at] - 1];
			sat_inc(&e->count, s->count);
			sat_inc(&e->max_error, s->max_error);
			dst->picks[dst->slot[at] - 1].count = e->count;
			dst->picks[dst->slot[at] - 1].max_error = e->max_error;
		} else {
			dst->picks[npicks++] = (struct toperr_pick){s->count + dst_floor,
			                                            s->max_error + dst_floor, s, 1};
		}
	}
	dst->floor = dst_floor + src_floor;
	if (npicks > TOPERR_CAPACITY) {
		keep_best(dst, npicks);
		return;
	}
	for (size_t i = dst->n; i < npicks; i++) {
		const struct toperr_pick *p = &dst->picks[i];
		const struct toperr_entry *s = p->e;
		fill_entry(&dst->e[dst->n], s->hash, s->code, s->key, s->len, p->count,
		           p->max_error);
		dst->slot[find_slot(dst, s->hash, s->code, s->key, s->len)] = (uint16_t)++dst->n;
	}
	dst->heaped = 0;
}

size_t toperr_top(const struct toperr *t, const struct toperr_entry **out, size_t k)
{
	size_t m = 0;
	for (size_t i = 0; i < t->n; i++) { /* insertion into a sorted list of at most k */
		const struct toperr_entry *e = &t->e[i];
		size_t at = m;
		while (at > 0 && before(e->count, e, out[at - 1]->count, out[at - 1]))
			at--;
		if (at >= k)
			continue;
		size_t keep = m < k ? m : k - 1;
		memmove(&out[at + 1], &out[at], (keep - at) * sizeof *out);
		out[at] = e;
		if (m < k)
			m++;
	}
	return m;
}
