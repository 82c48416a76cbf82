/* formats_impl.h — what the format parsers share, private to src/core/formats: one parse
 * function per family (dispatched by logformat_parse) and the small field readers they
 * all use. Every reader is bounded by an end pointer and allocates nothing. */
#ifndef LOGSTAT_FORMATS_IMPL_H
#define LOGSTAT_FORMATS_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "logformat.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Each family's parser: the contract of logformat_parse (clf_parse_items: the CLF family,
 * resilient when the format says so). */
enum malformed clf_parse_items(const struct logformat *f, const char *line, size_t n,
                               struct logformat_state *st, struct record *r);
enum malformed clf_parse_loose(const char *line, size_t n, struct logformat_state *st,
                               struct record *r);
enum malformed w3c_parse(const struct logformat *f, const char *line, size_t n,
                         struct logformat_state *st, struct record *r);
enum malformed elb_parse(const struct logformat *f, const char *line, size_t n,
                         struct logformat_state *st, struct record *r);
enum malformed haproxy_parse(const struct logformat *f, const char *line, size_t n,
                             struct logformat_state *st, struct record *r);
enum malformed s3_parse(const struct logformat *f, const char *line, size_t n,
                        struct logformat_state *st, struct record *r);
enum malformed squid_parse(const struct logformat *f, const char *line, size_t n,
                           struct logformat_state *st, struct record *r);
enum malformed jsonl_parse(const struct logformat *f, const char *line, size_t n,
                           struct logformat_state *st, struct record *r);

/* Every field empty, no status, no time, no duration, shape as declared: a copy of
 * record_empty. Inline, as it runs on every line of every format but CLF's fast path.
 * record_empty is defined in fields.c, which clears no record: where a compiler sees the
 * template's zeros it clears the record with `rep stos` (tens of cycles to start, a tenth
 * of a W3C row's time), where it does not it copies ten 16-byte words. */
extern const struct record record_empty;
static inline void record_clear(struct record *r)
{
	*r = record_empty;
}

static inline int fmt_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A status token of exactly len bytes: three digits (0..999), or "-" (RECORD_NO_STATUS).
 * Returns 0, or -1 when it is neither. */
static inline int fmt_status(const char *p, size_t len, int *status)
{
	if (len == 3 && fmt_digit((unsigned char)p[0]) && fmt_digit((unsigned char)p[1]) &&
	    fmt_digit((unsigned char)p[2])) {
		*status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
		return 0;
	}
	if (len == 1 && p[0] == '-') {
		*status = RECORD_NO_STATUS;
		return 0;
	}
	return -1;
}

/* Digits of exactly len bytes (at least one) as a number that saturates at UINT64_MAX
 * instead of wrapping; "-" is 0. Returns 0, or -1 when not a number. Sizes are read on
 * every line: up to 19 digits cannot overflow and take the short way. */
int fmt_u64_long(const char *p, size_t len, uint64_t *out);
static inline int fmt_u64(const char *p, size_t len, uint64_t *out)
{
	if (len == 0 || len > 19)
		return fmt_u64_long(p, len, out);
	if (len == 1 && p[0] == '-') {
		*out = 0;
		return 0;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)((unsigned char)p[i] - '0');
		if (d > 9)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* A decimal duration of len bytes ("0.057", "123", "-1") in the given unit, to whole
 * microseconds. Negative values (ELB's -1, HAProxy's -1) mean "not measured": returns 1
 * with *us = RECORD_NO_DURATION. Returns 0, or -1 when not a number. */
enum fmt_unit { UNIT_S, UNIT_MS, UNIT_US, UNIT_NS };
int fmt_duration_long(const char *p, size_t len, enum fmt_unit unit, int64_t *us);
/* Durations are read on every line of most non-CLF formats: whole milliseconds or
 * microseconds, and seconds with up to six decimals ("0.057"), take the short way. */
static inline int fmt_duration(const char *p, size_t len, enum fmt_unit unit, int64_t *us)
{
	size_t i = 0;
	int64_t whole = 0;
	if (len == 0 || len > 11 || unit == UNIT_NS) /* 11 digits cannot overflow */
		return fmt_duration_long(p, len, unit, us);
	for (; i < len && fmt_digit((unsigned char)p[i]); i++)
		whole = whole * 10 + (p[i] - '0');
	if (i == len && unit != UNIT_S) {
		*us = unit == UNIT_MS ? whole * 1000 : whole;
		return 0;
	}
	if (i == 0 || i == len || p[i] != '.' || unit != UNIT_S || len - i - 1 > 6)
		return fmt_duration_long(p, len, unit, us);
	int64_t frac = 0, scale = 1000000;
	for (size_t j = i + 1; j < len; j++) {
		if (!fmt_digit((unsigned char)p[j]))
			return fmt_duration_long(p, len, unit, us);
		frac = frac * 10 + (p[j] - '0');
		scale /= 10;
	}
	*us = whole * 1000000 + frac * scale;
	return 0;
}

/* The first a or b in p..end, or NULL: one pass where two memchr would cross the field
 * twice (quoted fields and request targets are read on every line). 16 bytes at a time
 * with SSE2. */
static inline const char *fmt_find2(const char *p, const char *end, char a, char b)
{
#if defined(__SSE2__)
	const __m128i dq = _mm_set1_epi8(a), bs = _mm_set1_epi8(b);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)));
		if (m)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	for (; p < end; p++)
		if (*p == a || *p == b)
			return p;
	return NULL;
}

/* The first '"' or '\\' in p..end, or NULL. */
static inline const char *fmt_find_quote(const char *p, const char *end)
{
	return fmt_find2(p, end, '"', '\\');
}

/* The field starting at p up to the next sep byte (or end). */
static inline struct slice fmt_field(const char *p, const char *end, char sep)
{
	const char *q = memchr(p, sep, (size_t)(end - p));
	return (struct slice){p, (size_t)((q ? q : end) - p)};
}

/* The closing quote of the quoted field at p (p[0] == '"'), honouring backslash escapes,
 * that is followed by a space or the end of the line; NULL when there is none. */
const char *fmt_quoted_end(const char *p, const char *end);

/* Request line "METHOD TARGET PROTO" → method and path (target up to '?'). */
void fmt_split_request(struct slice req, struct record *r);

/* A proxy's absolute target ("http://host:80/path") in r->path → path "/path", and the
 * host (without port) as r->vhost unless one is set. Other paths are left alone. */
void fmt_absolute_target(struct record *r);

/* The next space-separated token after any spaces at p: a quoted one ("…", escapes
 * honoured) without its quotes. Returns the position after it, or NULL at the end of
 * the line or on an unterminated quote. */
const char *fmt_token(const char *p, const char *end, struct slice *out);

/* "1.2.3.4:5678" → "1.2.3.4", "[2001:db8::1]:443" → "2001:db8::1"; else unchanged. */
struct slice fmt_strip_port(struct slice v);

#endif
