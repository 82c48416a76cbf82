/* fields.c — the field readers every format parser shares: saturating numbers, durations
 * in any unit, quoted fields and the request line split into method and path; and the
 * empty record they start from. */
#include <stdint.h>
#include <string.h>

#include "formats_impl.h"

const struct record record_empty = {.status = RECORD_NO_STATUS,
                                    .upstream = RECORD_NO_UPSTREAM,
                                    .time = RECORD_NO_TIME,
                                    .duration_us = RECORD_NO_DURATION};

int fmt_u64_long(const char *p, size_t len, uint64_t *out)
{
	if (len == 1 && p[0] == '-') {
		*out = 0;
		return 0;
	}
	if (len == 0)
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!fmt_digit((unsigned char)p[i]))
			return -1;
		unsigned d = (unsigned)(p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			v = UINT64_MAX;
		else
			v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int fmt_duration_long(const char *p, size_t len, enum fmt_unit unit, int64_t *us)
{
	static const int64_t scale[] = {
	        [UNIT_S] = 1000000, [UNIT_MS] = 1000, [UNIT_US] = 1, [UNIT_NS] = 0};
	if (len > 0 && p[0] == '-') { /* -1: not measured; "-": not logged */
		for (size_t i = 1; i < len; i++)
			if (!fmt_digit((unsigned char)p[i]) && p[i] != '.')
				return -1;
		*us = RECORD_NO_DURATION;
		return 1;
	}
	size_t i = 0;
	int64_t whole = 0, frac = 0, frac_div = 1;
	while (i < len && fmt_digit((unsigned char)p[i])) {
		if (whole > INT64_MAX / 100 / 1000000)
			return -1;
		whole = whole * 10 + (p[i++] - '0');
	}
	if (i == 0)
		return -1;
	if (i < len && p[i] == '.') {
		i++;
		for (; i < len && fmt_digit((unsigned char)p[i]); i++)
			if (frac_div < 1000000000) {
				frac = frac * 10 + (p[i] - '0');
				frac_div *= 10;
			}
	}
	if (i != len)
		return -1;
	if (unit == UNIT_NS) {
		*us = whole / 1000;
		return 0;
	}
	*us = whole * scale[unit] + frac * scale[unit] / frac_div;
	return 0;
}

const char *fmt_quoted_end(const char *p, const char *end)
{
	const char *q = p + 1;
	while (q < end) {
		const char *dq = fmt_find_quote(q, end);
		if (!dq)
			return NULL;
		if (*dq == '\\') {
			q = dq + 2;
			continue;
		}
		if (dq + 1 == end || dq[1] == ' ')
			return dq;
		q = dq + 1;
	}
	return NULL;
}

void fmt_split_request(struct slice req, struct record *r)
{
	const char *p = req.ptr;
	const char *sp = p ? memchr(p, ' ', req.len) : NULL;
	if (!sp)
		return;
	const char *end = p + req.len; /* not before: p may be NULL */
	r->method = (struct slice){p, (size_t)(sp - p)};
	const char *t = sp + 1;
	const char *stop = fmt_find2(t, end, ' ', '?'); /* the path ends at either */
	r->path = (struct slice){t, (size_t)((stop ? stop : end) - t)};
}

void fmt_absolute_target(struct record *r)
{
	const char *p = r->path.ptr;
	size_t n = r->path.len, skip = 0;
	if (n >= 7 && memcmp(p, "http://", 7) == 0)
		skip = 7;
	else if (n >= 8 && memcmp(p, "https://", 8) == 0)
		skip = 8;
	else
		return;
	const char *host = p + skip, *end = p + n;
	const char *slash = memchr(host, '/', (size_t)(end - host));
	const char *hend = slash ? slash : end;
	if (!r->vhost.ptr) {
		const char *colon = memchr(host, ':', (size_t)(hend - host));
		r->vhost = (struct slice){host, (size_t)((colon ? colon : hend) - host)};
	}
	r->path = slash ? (struct slice){slash, (size_t)(end - slash)} : (struct slice){"/", 1};
}

const char *fmt_token(const char *p, const char *end, struct slice *out)
{
	while (p < end && *p == ' ')
		p++;
	if (p >= end)
		return NULL;
	if (*p == '"') {
		const char *q = fmt_quoted_end(p, end);
		if (!q)
			return NULL;
		*out = (struct slice){p + 1, (size_t)(q - p - 1)};
		return q + 1;
	}
	*out = fmt_field(p, end, ' ');
	return out->ptr + out->len;
}

struct slice fmt_strip_port(struct slice v)
{
	const char *colon = NULL;
	for (size_t i = v.len; i > 0; i--)
		if (v.ptr[i - 1] == ':') {
			colon = v.ptr + i - 1;
			break;
		}
	if (colon && colon > v.ptr) {
		for (const char *d = colon + 1; d < v.ptr + v.len; d++)
			if (!fmt_digit((unsigned char)*d))
				return v;
		v.len = (size_t)(colon - v.ptr);
		if (v.len >= 2 && v.ptr[0] == '[' && v.ptr[v.len - 1] == ']')
			v = (struct slice){v.ptr + 1, v.len - 2};
	}
	return v;
}
