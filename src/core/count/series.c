/* series.c — the bounded table of labelled request counts (series.h): rows in an array
 * that grows up to its cap, found through an open-addressing index of twice the cap. */
#include "series.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct series_table {
	unsigned labels;
	size_t cap, n, alloc;
	struct series_row *rows;
	uint32_t *index; /* row number + 1, 0: empty slot */
	size_t mask;
	uint64_t over_requests[TALLY_CODES], over_bytes[TALLY_CODES]; /* by code */
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

struct series_table *series_new(unsigned labels, size_t cap)
{
	struct series_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->labels = labels;
	t->cap = cap ? cap : 1;
	size_t slots = 16;
	while (slots < 2 * t->cap)
		slots *= 2;
	t->index = calloc(slots, sizeof *t->index);
	t->mask = slots - 1;
	if (!t->index) {
		free(t);
		return NULL;
	}
	return t;
}

void series_free(struct series_table *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t->index);
	free(t);
}

/* The method label: the method field, else the request line's first word; a standard
 * method, else OTHER. */
static const char *method_of(const struct record *r)
{
	static const char *const known[] = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
	                                    "CONNECT", "OPTIONS", "TRACE", "PATCH"};
	struct slice m = r->method;
	if (!m.ptr) {
		m = r->request;
		size_t n = 0;
		while (m.ptr && n < m.len && m.ptr[n] != ' ')
			n++;
		m.len = n;
	}
	for (size_t i = 0; m.ptr && i < sizeof known / sizeof known[0]; i++)
		if (strlen(known[i]) == m.len && memcmp(known[i], m.ptr, m.len) == 0)
			return known[i];
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

static size_t hash(int code, const char *method, const char *vhost)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)code;
	for (const char *p = method; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (const char *p = vhost; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

/* The row for (code, method, vhost), made when there is room; NULL when full. */
static struct series_row *find(struct series_table *t, int code, const char *method,
                               const char *vhost)
{
	size_t slot = hash(code, method, vhost) & t->mask;
	for (; t->index[slot]; slot = (slot + 1) & t->mask) {
		struct series_row *row = &t->rows[t->index[slot] - 1];
		if (row->code == code && strcmp(row->method, method) == 0 &&
		    strcmp(row->vhost, vhost) == 0)
			return row;
	}
	if (t->n == t->cap)
		return NULL;
	if (t->n == t->alloc) {
		size_t want = t->alloc ? 2 * t->alloc : 16;
		want = want < t->cap ? want : t->cap;
		struct series_row *rows = realloc(t->rows, want * sizeof *rows);
		if (!rows)
			return NULL;
		t->rows = rows;
		t->alloc = want;
	}
	struct series_row *row = &t->rows[t->n];
	memset(row, 0, sizeof *row);
	row->code = code;
	snprintf(row->method, sizeof row->method, "%s", method);
	memcpy(row->vhost, vhost, strlen(vhost) + 1);
	t->index[slot] = (uint32_t)++t->n;
	return row;
}

void series_add(struct series_table *t, const struct record *r)
{
	if (r->status < 0)
		return;
	durhist_add(&t->latency, r->duration_us);
	char vhost[SERIES_VHOST_LEN] = "";
	if (t->labels & SERIES_VHOST)
		vhost_of(r, vhost);
	const char *method = t->labels & SERIES_METHOD ? method_of(r) : "";
	struct series_row *row = find(t, r->status, method, vhost);
	if (!row) {
		t->over_requests[r->status]++;
		t->over_bytes[r->status] += r->bytes;
		t->over_total++;
		return;
	}
	row->requests++;
	row->bytes += r->bytes;
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
		*bytes = t->over_bytes[code];
	return t->over_requests[code];
}
