/* breakdown.c — a table of values with their counts: open addressing while there is room,
 * and past it a bounded summary whose counts are upper bounds (see breakdown.h). */
#include "breakdown.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_key(const unsigned char *k, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

struct breakdown *breakdown_new(int field, size_t cap)
{
	struct breakdown *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->field = field;
	b->cap = cap ? cap : BREAKDOWN_CAPACITY;
	size_t slots = 8;
	while (slots < 4 * b->cap)
		slots *= 2;
	b->mask = slots - 1;
	b->slot = calloc(slots, sizeof *b->slot);
	b->rows = malloc(2 * b->cap * sizeof *b->rows);
	b->mark = malloc(2 * b->cap);
	if (!b->slot || !b->rows || !b->mark) {
		breakdown_free(b);
		return NULL;
	}
	return b;
}

void breakdown_free(struct breakdown *b)
{
	if (!b)
		return;
	for (size_t i = 0; b->rows && i < b->n; i++)
		latency_free(&b->rows[i].lat);
	free(b->slot);
	free(b->rows);
	free(b->mark);
	free(b);
}

void breakdown_clear(struct breakdown *b)
{
	for (size_t i = 0; i < b->n; i++)
		latency_free(&b->rows[i].lat);
	b->n = 0;
	b->floor = b->requests = b->missing = 0;
	memset(b->slot, 0, (b->mask + 1) * sizeof *b->slot);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t find(const struct breakdown *b, const unsigned char *key, size_t len, uint32_t h)
{
	size_t i = h & b->mask;
	for (;;) {
		uint32_t s = b->slot[i];
		if (!s)
			return i;
		const struct breakdown_row *r = &b->rows[s - 1];
		if (r->hash == h && r->len == len && memcmp(r->key, key, len) == 0)
			return i;
		i = (i + 1) & b->mask;
	}
}

static void rehash(struct breakdown *b)
{
	memset(b->slot, 0, (b->mask + 1) * sizeof *b->slot);
	for (size_t i = 0; i < b->n; i++) {
		const struct breakdown_row *r = &b->rows[i];
		b->slot[find(b, r->key, r->len, r->hash)] = (uint32_t)(i + 1);
	}
}

static int by_count_desc(const void *a, const void *b)
{
	const struct breakdown_row *x = *(const struct breakdown_row *const *)a;
	const struct breakdown_row *y = *(const struct breakdown_row *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (int)x->len - (int)y->len;
}

static int by_key_asc(const void *a, const void *b)
{
	const struct breakdown_row *x = *(const struct breakdown_row *const *)a;
	const struct breakdown_row *y = *(const struct breakdown_row *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (int)x->len - (int)y->len;
}

size_t breakdown_order(const struct breakdown *b, const struct breakdown_row **out, int by_key)
{
	for (size_t i = 0; i < b->n; i++)
		out[i] = &b->rows[i];
	qsort(out, b->n, sizeof *out, by_key ? by_key_asc : by_count_desc);
	return b->n;
}

/* The k-th largest (0-based) of v[0..n), k < n; v is reordered (Hoare's selection). */
static uint64_t select_kth(uint64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		uint64_t pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] > pivot)
				i++;
			while (v[j] < pivot)
				j--;
			if (i <= j) {
				uint64_t t = v[i];
				v[i++] = v[j];
				v[j] = t;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/* Keep the keep largest rows (ties: the earlier rows); the largest count dropped raises
 * the floor. Linear: a selection finds the cut, rows are compacted in place (a row only
 * moves to a lower index). Returns -1 out of memory. */
static int prune(struct breakdown *b, size_t keep)
{
	if (b->n <= keep)
		return 0;
	uint64_t *counts = malloc(b->n * sizeof *counts);
	if (!counts)
		return -1;
	for (size_t i = 0; i < b->n; i++)
		counts[i] = b->rows[i].count;
	/* the keep-th largest is the cut; the largest dropped is the (keep+1)-th */
	uint64_t cut = keep ? select_kth(counts, b->n, keep - 1) : UINT64_MAX;
	size_t above = 0;
	for (size_t i = 0; i < b->n; i++)
		above += b->rows[i].count > cut;
	size_t ties = keep - above, w = 0; /* rows equal to the cut that stay */
	uint64_t dropped = 0;
	for (size_t i = 0; i < b->n; i++) {
		struct breakdown_row *r = &b->rows[i];
		int stay = r->count > cut || (r->count == cut && ties > 0);
		if (r->count == cut && stay)
			ties--;
		if (!stay) {
			dropped = r->count > dropped ? r->count : dropped;
			latency_free(&r->lat);
			continue;
		}
		if (w != i)
			b->rows[w] = *r;
		w++;
	}
	free(counts);
	if (dropped > b->floor)
		b->floor = dropped;
	b->n = w;
	rehash(b);
	return 0;
}

/* Codes are kept in ascending order, at most BREAKDOWN_CODES of them: when a row has met
 * more, the highest are kept (errors before successes) and the rest summed in other_codes.
 * Which codes a row keeps and their counts do not depend on the order the requests came in,
 * so threads that split a log between them and merge their rows agree with one thread: a
 * code among the highest of the whole row is never among the lowest of a part of it. */
static void count_code(struct breakdown_row *r, int code, uint64_t n)
{
	uint8_t i = 0;
	while (i < r->ncodes && r->code[i] < code)
		i++;
	if (i < r->ncodes && r->code[i] == code) {
		r->code_count[i] += n;
		return;
	}
	if (r->ncodes == BREAKDOWN_CODES) {
		if (i == 0) { /* lower than every code kept */
			r->other_codes += n;
			return;
		}
		r->other_codes += r->code_count[0]; /* the lowest gives way */
		memmove(&r->code[0], &r->code[1], (size_t)(i - 1) * sizeof r->code[0]);
		memmove(&r->code_count[0], &r->code_count[1],
		        (size_t)(i - 1) * sizeof r->code_count[0]);
		i--;
	} else {
		memmove(&r->code[i + 1], &r->code[i], (size_t)(r->ncodes - i) * sizeof r->code[0]);
		memmove(&r->code_count[i + 1], &r->code_count[i],
		        (size_t)(r->ncodes - i) * sizeof r->code_count[0]);
		r->ncodes++;
	}
	r->code[i] = (uint16_t)code;
	r->code_count[i] = n;
}

static struct breakdown_row *new_row(struct breakdown *b, size_t at, const unsigned char *key,
                                     size_t len, uint32_t h)
{
	struct breakdown_row *r = &b->rows[b->n];
	memset(r, 0, offsetof(struct breakdown_row, key));
	latency_init(&r->lat);
	r->len = (uint8_t)len;
	r->hash = h;
	memcpy(r->key, key, len);
	b->slot[at] = (uint32_t)(++b->n);
	return r;
}

int breakdown_add(struct breakdown *b, const unsigned char *key, size_t len, int code, int64_t us,
                  uint64_t n)
{
	static const unsigned char class_of[10] = {0, 1, 2, 3, 4, 5, 0, 0, 0, 0};
	if (len > BREAKDOWN_KEY_LEN)
		len = BREAKDOWN_KEY_LEN;
	uint32_t h = hash_key(key, len);
	size_t at = find(b, key, len, h);
	struct breakdown_row *r;
	int rc = 0;
	if (b->slot[at]) {
		r = &b->rows[b->slot[at] - 1];
	} else {
		if (b->n >= b->cap) {
			if (prune(b, b->cap / 2) != 0)
				return -1;
			at = find(b, key, len, h);
		}
		r = new_row(b, at, key, len, h);
		r->count = r->max_error = b->floor;
	}
	b->requests += n;
	r->count += n;
	r->classes[class_of[(code % 1000) / 100]] += n;
	count_code(r, code, n);
	if (us >= 0)
		rc = latency_add(&r->lat, us, n);
	return rc;
}

/* Add row src into dst (same key). */
static int combine(struct breakdown_row *dst, const struct breakdown_row *src)
{
	dst->count += src->count;
	dst->max_error += src->max_error;
	for (int c = 0; c < BREAKDOWN_CLASSES; c++)
		dst->classes[c] += src->classes[c];
	for (uint8_t i = 0; i < src->ncodes; i++)
		count_code(dst, src->code[i], src->code_count[i]);
	dst->other_codes += src->other_codes;
	return latency_merge(&dst->lat, &src->lat);
}

int breakdown_put(struct breakdown *b, const struct breakdown_row *row)
{
	size_t len = row->len > BREAKDOWN_KEY_LEN ? BREAKDOWN_KEY_LEN : row->len;
	uint32_t h = hash_key(row->key, len);
	size_t at = find(b, row->key, len, h);
	if (b->slot[at] || b->n >= b->cap)
		return -1;
	struct breakdown_row *r = new_row(b, at, row->key, len, h);
	struct latency lat = r->lat;
	*r = *row;
	r->len = (uint8_t)len;
	r->hash = h;
	r->lat = lat;
	return latency_merge(&r->lat, &row->lat);
}

int breakdown_merge(struct breakdown *dst, const struct breakdown *src)
{
	uint64_t fd = dst->floor, fs = src->floor;
	int rc = 0;
	size_t before = dst->n;
	memset(dst->mark, 0, 2 * dst->cap);
	for (size_t i = 0; i < src->n; i++) {
		const struct breakdown_row *s = &src->rows[i];
		size_t at = find(dst, s->key, s->len, s->hash);
		struct breakdown_row *d;
		if (!dst->slot[at]) {
			if (dst->n >= 2 * dst->cap) /* cannot be: each side holds at most cap */
				return -1;
			d = new_row(dst, at, s->key, s->len, s->hash);
			d->count = d->max_error = fd;
		} else {
			d = &dst->rows[dst->slot[at] - 1];
		}
		dst->mark[d - dst->rows] = 1;
		rc |= combine(d, s);
	}
	for (size_t i = 0; i < before && i < dst->n; i++)
		if (!dst->mark[i]) {
			dst->rows[i].count += fs;
			dst->rows[i].max_error += fs;
		}
	dst->floor = fd + fs;
	dst->requests += src->requests;
	dst->missing += src->missing;
	if (prune(dst, dst->cap) != 0)
		return -1;
	return rc;
}
