/* drill.c — the value of each --by field taken from a record, and the latency sketches
 * per class and code. Keys are slices of the line (cut to BREAKDOWN_KEY_LEN), built in a
 * stack buffer only when the format logs method and path apart. */
#include "drill.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "toperr.h"

static const char *const names[BY_FIELDS] = {"path",   "request",    "method",  "client",
                                             "vhost",  "user_agent", "referer", "input",
                                             "minute", "hour",       "day"};

const char *drill_field_name(int field)
{
	return field >= 0 && field < BY_FIELDS ? names[field] : "?";
}

int drill_field_parse(const char *name, size_t len)
{
	for (int i = 0; i < BY_FIELDS; i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return i;
	return -1;
}

const char *drill_field_names(void)
{
	return "path, request, method, client, vhost, user_agent, referer, input, minute, "
	       "hour, day";
}

struct drill *drill_new(const int *fields, size_t n, size_t cap)
{
	struct drill *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	for (int c = 0; c < DRILL_CLASSES; c++)
		latency_init(&d->cls[c]);
	for (int c = 0; c < DRILL_CODES; c++)
		latency_init(&d->code[c]);
	for (int i = 0; i < 3; i++)
		d->bucket_t[i] = RECORD_NO_TIME;
	for (size_t i = 0; i < n; i++) {
		int dup = fields[i] < 0 || fields[i] >= BY_FIELDS;
		for (size_t j = 0; j < d->nfields && !dup; j++)
			dup = d->fields[j] == fields[i];
		if (dup)
			continue;
		d->fields[d->nfields] = fields[i];
		if (!(d->by[d->nfields++] = breakdown_new(fields[i], cap))) {
			drill_free(d);
			return NULL;
		}
	}
	d->nasked = d->nfields;
	return d;
}

int drill_also(struct drill *d, int field)
{
	if (field < 0 || field >= BY_FIELDS || drill_by(d, field))
		return 0;
	size_t cap = d->nfields ? d->by[0]->cap : 0;
	if (!(d->by[d->nfields] = breakdown_new(field, cap)))
		return -1;
	d->fields[d->nfields++] = field;
	return 0;
}

struct drill *drill_new_like(const struct drill *proto)
{
	struct drill *d =
	        drill_new(proto->fields, proto->nfields, proto->nfields ? proto->by[0]->cap : 0);
	if (d) {
		d->input_name = proto->input_name;
		d->nasked = proto->nasked;
	}
	return d;
}

void drill_free(struct drill *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nfields; i++)
		breakdown_free(d->by[i]);
	for (int c = 0; c < DRILL_CLASSES; c++)
		latency_free(&d->cls[c]);
	for (int c = 0; c < DRILL_CODES; c++)
		latency_free(&d->code[c]);
	free(d);
}

void drill_clear(struct drill *d)
{
	for (size_t i = 0; i < d->nfields; i++)
		breakdown_clear(d->by[i]);
	for (int c = 0; c < DRILL_CLASSES; c++)
		latency_free(&d->cls[c]);
	for (int c = 0; c < DRILL_CODES; c++)
		latency_free(&d->code[c]);
	d->durations = 0;
	d->lost = 0;
}

unsigned drill_roles(const struct drill *d)
{
	unsigned m = 1u << ROLE_DURATION_US | 1u << ROLE_DURATION_MS | 1u << ROLE_DURATION_S;
	for (size_t i = 0; d && i < d->nfields; i++) {
		if (d->fields[i] == BY_USER_AGENT)
			m |= 1u << ROLE_USER_AGENT;
		if (d->fields[i] == BY_REFERER)
			m |= 1u << ROLE_REFERER;
		if (d->fields[i] == BY_VHOST)
			m |= 1u << ROLE_VHOST;
		if (d->fields[i] == BY_CLIENT)
			m |= 1u << ROLE_HOST;
		if (d->fields[i] <= BY_METHOD)
			m |= 1u << ROLE_REQUEST | 1u << ROLE_METHOD | 1u << ROLE_PATH;
	}
	return m;
}

/* The n-th space-separated token of a request line ("GET /x HTTP/1.1"). */
static struct slice token(struct slice s, int nth)
{
	if (!s.ptr) /* no request logged (NULL + 0 is undefined too) */
		return s;
	const char *p = s.ptr, *end = s.ptr + s.len;
	for (int i = 0; p < end; i++) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *e = sp ? sp : end;
		if (i == nth)
			return (struct slice){p, (size_t)(e - p)};
		p = e + 1;
	}
	return (struct slice){NULL, 0};
}

static struct slice no_query(struct slice s)
{
	const char *q = s.ptr ? memchr(s.ptr, '?', s.len) : NULL;
	if (q)
		s.len = (size_t)(q - s.ptr);
	return s;
}

/* "2026-11-30T01:02Z" (minute), "2026-11-30T01Z" (hour), "2026-11-30" (day), cached. */
static struct slice time_bucket(struct drill *d, int field, int64_t t)
{
	static const int64_t width[3] = {60, 3600, 86400};
	static const char *const fmt[3] = {"%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:00Z", "%Y-%m-%d"};
	int k = field - BY_MINUTE;
	int64_t b = t - ((t % width[k]) + width[k]) % width[k];
	if (b != d->bucket_t[k]) {
		time_t tt = (time_t)b;
		struct tm tm;
		if (!gmtime_r(&tt, &tm) ||
		    !strftime(d->bucket_s[k], sizeof d->bucket_s[k], fmt[k], &tm))
			return (struct slice){NULL, 0};
		d->bucket_t[k] = b;
	}
	return (struct slice){d->bucket_s[k], strlen(d->bucket_s[k])};
}

/* The value of field in r; ptr NULL when the record does not carry it. buf holds a key
 * built from method and path. */
static struct slice value(struct drill *d, int field, const struct record *r, char *buf)
{
	switch (field) {
	case BY_PATH:
		return no_query(r->path.ptr ? r->path : token(r->request, 1));
	case BY_REQUEST:
		if (r->request.ptr)
			return (struct slice){r->request.ptr,
			                      toperr_key_len(r->request.ptr, r->request.len)};
		if (!r->path.ptr)
			return r->path;
		{
			struct slice m = r->method.ptr ? r->method : (struct slice){"-", 1};
			struct slice p = no_query(r->path);
			size_t ml = m.len < 20 ? m.len : 20;
			size_t pl = p.len < BREAKDOWN_KEY_LEN - ml - 1 ? p.len
			                                               : BREAKDOWN_KEY_LEN - ml - 1;
			memcpy(buf, m.ptr, ml);
			buf[ml] = ' ';
			memcpy(buf + ml + 1, p.ptr, pl);
			return (struct slice){buf, ml + 1 + pl};
		}
	case BY_METHOD:
		return r->method.ptr ? r->method : token(r->request, 0);
	case BY_CLIENT:
		return r->host;
	case BY_VHOST:
		return r->vhost;
	case BY_USER_AGENT:
		return r->user_agent;
	case BY_REFERER:
		return r->referer;
	case BY_INPUT:
		return d->input_name ? (struct slice){d->input_name, strlen(d->input_name)}
		                     : (struct slice){NULL, 0};
	default:
		if (r->time == RECORD_NO_TIME)
			return (struct slice){NULL, 0};
		return time_bucket(d, field, r->time);
	}
}

void drill_add(struct drill *d, const struct record *r)
{
	static const unsigned char class_of[10] = {0, 1, 2, 3, 4, 5, 0, 0, 0, 0};
	int64_t us = r->duration_us;
	if (us >= 0) {
		d->durations++;
		unsigned index = latency_index(us);
		if (latency_add_at(&d->cls[class_of[r->status / 100]], index, us, 1) != 0 ||
		    latency_add_at(&d->code[r->status], index, us, 1) != 0)
			d->lost = 1;
	}
	char buf[BREAKDOWN_KEY_LEN];
	for (size_t i = 0; i < d->nfields; i++) {
		struct slice v = value(d, d->fields[i], r, buf);
		if (!v.ptr) {
			d->by[i]->missing++;
			continue;
		}
		if (breakdown_add(d->by[i], (const unsigned char *)v.ptr, v.len, r->status, us,
		                  1) != 0)
			d->lost = 1;
	}
}

void drill_merge(struct drill *dst, const struct drill *src)
{
	dst->durations += src->durations;
	dst->lost |= src->lost;
	for (int c = 0; c < DRILL_CLASSES; c++)
		dst->lost |= latency_merge(&dst->cls[c], &src->cls[c]) != 0;
	for (int c = 0; c < DRILL_CODES; c++)
		if (src->code[c].count)
			dst->lost |= latency_merge(&dst->code[c], &src->code[c]) != 0;
	for (size_t i = 0; i < src->nfields; i++) {
		for (size_t j = 0; j < dst->nfields; j++)
			if (dst->fields[j] == src->fields[i])
				dst->lost |= breakdown_merge(dst->by[j], src->by[i]) != 0;
	}
}

void drill_restrict(struct drill *d, const struct drill *other)
{
	size_t w = 0, asked = 0;
	for (size_t i = 0; i < d->nfields; i++) {
		if (!drill_by(other, d->fields[i])) {
			breakdown_free(d->by[i]);
			continue;
		}
		asked += i < d->nasked;
		d->fields[w] = d->fields[i];
		d->by[w++] = d->by[i];
	}
	d->nfields = w;
	d->nasked = asked;
}

const struct breakdown *drill_by(const struct drill *d, int field)
{
	for (size_t i = 0; d && i < d->nfields; i++)
		if (d->fields[i] == field)
			return d->by[i];
	return NULL;
}
