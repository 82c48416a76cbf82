/* series.c — the bounded table of labelled request counts (series.h): rows in an array
 * that grows up to its cap, found through an open-addressing index of twice the cap.
 * SERIES_KEEP_LOWEST tables also keep their rows in a max-heap by rank, so that the
 * highest row can give way to a lower newcomer in O(log cap), and only then. */
#include "series.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct series_table {
	unsigned labels;
	enum series_keep keep;
	size_t cap, n, alloc;
	struct series_row *rows;
	uint64_t *hashes; /* hashes[i]: of rows[i]'s code and label values */
	uint32_t *heap;   /* KEEP_LOWEST: row numbers, the highest rank at heap[0] */
	uint32_t *index;  /* row number + 1, 0: empty slot */
	size_t mask;
	uint64_t *over_requests, *over_bytes; /* by code (TALLY_CODES each); NULL without labels */
	uint64_t over_total;
	struct durhist latency;
};

int series_parse_labels(const char *arg, unsigned *labels, char *err, size_t errsize)
{
	*labels = 0;
	for (const char *p = arg;;) {
		size_t n = strcspn(p, ",");
		if (n == 6 && strncmp(p, "method", 6) == 0) {
			*labels |= SERIES_METHOD;
		} else if (n == 5 && strncmp(p, "vhost", 5) == 0) {
			*labels |= SERIES_VHOST;
		} else {
			snprintf(err, errsize, "'%.*s' is not a label: vhost, method",
			         (int)(n < 64 ? n : 64), p);
			return -1;
		}
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

struct series_table *series_new_keep(unsigned labels, size_t cap, enum series_keep keep)
{
	struct series_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->labels = labels;
	t->keep = keep;
	t->cap = cap ? cap : 1;
	if (t->cap > UINT32_MAX / 4)
		t->cap = UINT32_MAX / 4; /* row numbers + 1 fit the index's uint32_t */
	if (!labels)                     /* durations only (series_add): no rows, no index */
		return t;
	size_t slots = 16;
	while (slots < 2 * t->cap)
		slots *= 2;
	t->index = calloc(slots, sizeof *t->index);
	t->mask = slots - 1;
	t->over_requests = calloc(2 * TALLY_CODES, sizeof *t->over_requests);
	if (!t->index || !t->over_requests) {
		free(t->index);
		free(t->over_requests);
		free(t);
		return NULL;
	}
	t->over_bytes = t->over_requests + TALLY_CODES;
	return t;
}

struct series_table *series_new(unsigned labels, size_t cap)
{
	return series_new_keep(labels, cap, SERIES_KEEP_FIRST);
}

struct series_table *series_new_like(const struct series_table *proto)
{
	return series_new_keep(proto->labels, proto->cap, proto->keep);
}

void series_free(struct series_table *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t->hashes);
	free(t->heap);
	free(t->index);
	free(t->over_requests);
	free(t);
}

/* The method label: the method field, else the request line's first word; a standard
 * method, else OTHER. */
static const char *method_of(const struct record *r)
{
	static const struct {
		const char *name;
		size_t len;
	} known[] = {{"GET", 3},     {"HEAD", 4},    {"POST", 4},  {"PUT", 3},  {"DELETE", 6},
	             {"CONNECT", 7}, {"OPTIONS", 7}, {"TRACE", 5}, {"PATCH", 5}};
	struct slice m = r->method;
	if (!m.ptr) { /* the first word, read no further than the longest method */
		m = r->request;
		size_t n = 0;
		while (m.ptr && n < m.len && n < SERIES_METHOD_LEN && m.ptr[n] != ' ')
			n++;
		m.len = n;
	}
	for (size_t i = 0; m.ptr && i < sizeof known / sizeof known[0]; i++)
		if (known[i].len == m.len && memcmp(known[i].name, m.ptr, m.len) == 0)
			return known[i].name;
	return "OTHER";
}

/* The vhost label into buf: as logged, cut to fit; "-" when not logged. */
static void vhost_of(const struct record *r, char *buf)
{
	size_t n = r->vhost.len < SERIES_VHOST_LEN - 1 ? r->vhost.len : SERIES_VHOST_LEN - 1;
	if (!r->vhost.ptr || !r->vhost.len) {
		strcpy(buf, "-");
		return;
	}
	memcpy(buf, r->vhost.ptr, n);
	buf[n] = 0;
}

static uint64_t hash(int code, const char *method, const char *vhost)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)code;
	for (const char *p = method; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (const char *p = vhost; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ^ (h >> 29);
}

/* The order of KEEP_LOWEST: by hash, then by the values (a total order, so ties of the
 * hash are decided the same way whatever came first). <0, 0, >0 as strcmp. */
static int rank_cmp(uint64_t h, int code, const char *method, const char *vhost, uint64_t rh,
                    const struct series_row *row)
{
	if (h != rh)
		return h < rh ? -1 : 1;
	if (code != row->code)
		return code < row->code ? -1 : 1;
	int c = strcmp(method, row->method);
	return c ? c : strcmp(vhost, row->vhost);
}

/* Whether row i ranks above row j. */
static int above(const struct series_table *t, uint32_t i, uint32_t j)
{
	const struct series_row *a = &t->rows[i];
	return rank_cmp(t->hashes[i], a->code, a->method, a->vhost, t->hashes[j], &t->rows[j]) > 0;
}

static void heap_swap(struct series_table *t, size_t a, size_t b)
{
	uint32_t x = t->heap[a];
	t->heap[a] = t->heap[b];
	t->heap[b] = x;
}

static void heap_up(struct series_table *t, size_t k)
{
	for (size_t parent; k > 0 && above(t, t->heap[k], t->heap[parent = (k - 1) / 2]);
	     k = parent)
		heap_swap(t, k, parent);
}

static void heap_down(struct series_table *t, size_t k)
{
	for (;;) {
		size_t top = k, l = 2 * k + 1, r = l + 1;
		if (l < t->n && above(t, t->heap[l], t->heap[top]))
			top = l;
		if (r < t->n && above(t, t->heap[r], t->heap[top]))
			top = r;
		if (top == k)
			return;
		heap_swap(t, k, top);
		k = top;
	}
}

/* The first empty slot from h's home. */
static size_t free_slot(const struct series_table *t, uint64_t h)
{
	size_t slot = (size_t)h & t->mask;
	while (t->index[slot])
		slot = (slot + 1) & t->mask;
	return slot;
}

/* Empty the slot of row i, moving back the entries after it that may live there (linear
 * probing's deletion: every entry stays reachable from its home without tombstones). */
static void index_remove(struct series_table *t, uint32_t i)
{
	size_t slot = (size_t)t->hashes[i] & t->mask;
	while (t->index[slot] != i + 1)
		slot = (slot + 1) & t->mask;
	for (size_t next = (slot + 1) & t->mask; t->index[next]; next = (next + 1) & t->mask) {
		size_t home = (size_t)t->hashes[t->index[next] - 1] & t->mask;
		if (((next - home) & t->mask) >= ((next - slot) & t->mask)) {
			t->index[slot] = t->index[next];
			slot = next;
		}
	}
	t->index[slot] = 0;
}

static void fill(struct series_row *row, int code, const char *method, const char *vhost)
{
	memset(row, 0, sizeof *row);
	row->code = code;
	snprintf(row->method, sizeof row->method, "%s", method);
	snprintf(row->vhost, sizeof row->vhost, "%s", vhost);
}

static int grow(struct series_table *t)
{
	size_t want = t->alloc ? 2 * t->alloc : 16;
	want = want < t->cap ? want : t->cap;
	struct series_row *rows = realloc(t->rows, want * sizeof *rows);
	if (rows)
		t->rows = rows;
	uint64_t *hashes = rows ? realloc(t->hashes, want * sizeof *hashes) : NULL;
	if (hashes)
		t->hashes = hashes;
	uint32_t *heap = hashes ? realloc(t->heap, want * sizeof *heap) : NULL;
	if (!heap)
		return -1;
	t->heap = heap;
	t->alloc = want;
	return 0;
}

static void overflow_add(struct series_table *t, int code, uint64_t requests, uint64_t bytes)
{
	t->over_requests[code] += requests;
	t->over_bytes[code] += bytes;
	t->over_total += requests;
}

/* A new row in the empty slot. NULL when out of memory. */
static struct series_row *make(struct series_table *t, size_t slot, uint64_t h, int code,
                               const char *method, const char *vhost)
{
	if (t->n == t->alloc && grow(t) != 0)
		return NULL;
	uint32_t i = (uint32_t)t->n++;
	fill(&t->rows[i], code, method, vhost);
	t->hashes[i] = h;
	t->index[slot] = i + 1;
	t->heap[i] = i;
	if (t->keep == SERIES_KEEP_LOWEST)
		heap_up(t, i);
	return &t->rows[i];
}

/* A full KEEP_LOWEST table: the newcomer takes the place of the highest row when it ranks
 * below it (that row's counts go to the overflow); NULL when it ranks above. */
static struct series_row *replace(struct series_table *t, uint64_t h, int code, const char *method,
                                  const char *vhost)
{
	uint32_t i = t->heap[0];
	struct series_row *row = &t->rows[i];
	if (rank_cmp(h, code, method, vhost, t->hashes[i], row) > 0)
		return NULL;
	overflow_add(t, row->code, row->requests, row->bytes);
	index_remove(t, i);
	fill(row, code, method, vhost);
	t->hashes[i] = h;
	t->index[free_slot(t, h)] = i + 1;
	heap_down(t, 0);
	return row;
}

/* The row for (code, method, vhost) of hash h, made when the table's choice lets it in;
 * NULL when it does not (or out of memory). */
static struct series_row *find(struct series_table *t, uint64_t h, int code, const char *method,
                               const char *vhost)
{
	size_t slot = (size_t)h & t->mask;
	for (; t->index[slot]; slot = (slot + 1) & t->mask) {
		uint32_t i = t->index[slot] - 1;
		struct series_row *row = &t->rows[i];
		if (t->hashes[i] == h && row->code == code && strcmp(row->method, method) == 0 &&
		    strcmp(row->vhost, vhost) == 0)
			return row;
	}
	if (t->n < t->cap)
		return make(t, slot, h, code, method, vhost);
	return t->keep == SERIES_KEEP_LOWEST ? replace(t, h, code, method, vhost) : NULL;
}

void series_add(struct series_table *t, const struct record *r)
{
	if (r->status < 0)
		return;
	durhist_add(&t->latency, r->duration_us);
	if (!t->labels) /* rows by code alone would repeat the tally's counts */
		return;
	char vhost[SERIES_VHOST_LEN];
	vhost[0] = 0;
	if (t->labels & SERIES_VHOST)
		vhost_of(r, vhost);
	const char *method = t->labels & SERIES_METHOD ? method_of(r) : "";
	struct series_row *row = find(t, hash(r->status, method, vhost), r->status, method, vhost);
	if (!row) {
		overflow_add(t, r->status, 1, r->bytes);
		return;
	}
	row->requests++;
	row->bytes += r->bytes;
}

int series_merge(struct series_table *dst, const struct series_table *src)
{
	if (dst->labels != src->labels)
		return -1;
	for (size_t k = 0; k < src->n; k++) {
		const struct series_row *s = &src->rows[k];
		struct series_row *d = find(dst, src->hashes[k], s->code, s->method, s->vhost);
		if (!d) {
			overflow_add(dst, s->code, s->requests, s->bytes);
			continue;
		}
		d->requests += s->requests;
		d->bytes += s->bytes;
	}
	for (int c = 0; src->over_requests && c < TALLY_CODES; c++) {
		dst->over_requests[c] += src->over_requests[c];
		dst->over_bytes[c] += src->over_bytes[c];
	}
	dst->over_total += src->over_total;
	durhist_merge(&dst->latency, &src->latency);
	return 0;
}

static int row_order(const void *pa, const void *pb)
{
	const struct series_row *a = pa, *b = pb;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	int c = strcmp(a->vhost, b->vhost);
	return c ? c : strcmp(a->method, b->method);
}

void series_sort(struct series_table *t)
{
	if (!t->n)
		return;
	qsort(t->rows, t->n, sizeof *t->rows, row_order);
	memset(t->index, 0, (t->mask + 1) * sizeof *t->index);
	for (uint32_t i = 0; i < t->n; i++) {
		const struct series_row *row = &t->rows[i];
		t->hashes[i] = hash(row->code, row->method, row->vhost);
		t->index[free_slot(t, t->hashes[i])] = i + 1;
		t->heap[i] = i;
	}
	for (size_t k = t->n / 2; t->keep == SERIES_KEEP_LOWEST && k-- > 0;)
		heap_down(t, k);
}

unsigned series_roles(const struct series_table *t)
{
	unsigned m = 1u << ROLE_DURATION_US | 1u << ROLE_DURATION_MS | 1u << ROLE_DURATION_S;
	if (t->labels & SERIES_VHOST)
		m |= 1u << ROLE_VHOST;
	if (t->labels & SERIES_METHOD)
		m |= 1u << ROLE_REQUEST | 1u << ROLE_METHOD;
	return m;
}

const struct durhist *series_latency(const struct series_table *t)
{
	return &t->latency;
}

unsigned series_labels(const struct series_table *t)
{
	return t->labels;
}

size_t series_count(const struct series_table *t)
{
	return t->n;
}

const struct series_row *series_row(const struct series_table *t, size_t i)
{
	return &t->rows[i];
}

uint64_t series_overflow(const struct series_table *t, int code, uint64_t *bytes)
{
	if (code < 0 || code >= TALLY_CODES)
		return t->over_total;
	if (bytes)
		*bytes = t->over_requests ? t->over_bytes[code] : 0;
	return t->over_requests ? t->over_requests[code] : 0;
}
