/* logformat.c — built-in and custom access-log formats, compiled to a list of items,
 * and the record parser that walks those items over one line (no allocation). */
#include "logformat.h"

#include <stdio.h>
#include <string.h>

static const char *const malformed_names[MALFORMED_COUNT][2] = {
        [MALFORMED_NONE] = {"none", "parsed"},
        [MALFORMED_EMPTY] = {"empty", "empty line"},
        [MALFORMED_TOO_LONG] = {"too_long", "line longer than the limit"},
        [MALFORMED_MISSING_FIELDS] = {"missing_fields", "line ends before the format does"},
        [MALFORMED_BAD_FIELD] = {"bad_field", "a separator or field does not match the format"},
        [MALFORMED_NO_TIMESTAMP] = {"no_timestamp", "no [timestamp] where expected"},
        [MALFORMED_BAD_TIMESTAMP] = {"bad_timestamp", "timestamp is not a valid date"},
        [MALFORMED_UNTERMINATED] = {"unterminated", "quoted field without closing quote"},
        [MALFORMED_BAD_STATUS] = {"bad_status", "status is neither three digits nor -"},
        [MALFORMED_BAD_BYTES] = {"bad_bytes", "size is neither digits nor -"},
        [MALFORMED_TRAILING] = {"trailing", "unexpected bytes after the last field"},
};

const char *malformed_name(enum malformed m)
{
	return (unsigned)m < MALFORMED_COUNT ? malformed_names[m][0] : "unknown";
}

const char *malformed_text(enum malformed m)
{
	return (unsigned)m < MALFORMED_COUNT ? malformed_names[m][1] : "unknown";
}

/* ---- parsing ------------------------------------------------------------------------ */

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the run of non-space bytes at p (bounded by end). Eight bytes at a time:
 * tokens (hosts, users, sizes) are short but this runs several times per line. */
static inline size_t token_len(const char *p, const char *end)
{
	const char *q = p;
	if (q + 1 < end && q[1] == ' ') /* "-" and other one-byte tokens */
		return 1;
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (end - q >= 8) {
		uint64_t w;
		memcpy(&w, q, 8);
		uint64_t x = w ^ (ones * ' ');
		uint64_t hit = (x - ones) & ~x & highs; /* a zero byte where w had a space */
		if (hit)
			return (size_t)(q - p) + (size_t)(__builtin_ctzll(hit) >> 3);
		q += 8;
	}
	while (q < end && *q != ' ')
		q++;
	return (size_t)(q - p);
}

/* Is p..end a status token (three digits or "-") followed by a space or the end? */
static inline int status_token_at(const char *p, const char *end)
{
	size_t avail = (size_t)(end - p);
	if (avail >= 3 && is_digit((unsigned char)p[0]) && is_digit((unsigned char)p[1]) &&
	    is_digit((unsigned char)p[2]))
		return avail == 3 || p[3] == ' ';
	return avail >= 1 && p[0] == '-' && (avail == 1 || p[1] == ' ');
}

/* Does a closing quote at q fit what follows it in the format? Lets the parser step over
 * unescaped quotes inside a field (servers before Apache 2.0.46 did not escape them). */
static int quote_closes(const struct logformat *f, size_t i, const char *q, const char *end)
{
	const char *after = q + 1;
	if (i + 1 >= f->n)
		return after == end || *after == ' ';
	const struct logformat_item *next = &f->items[i + 1];
	if (next->kind != ITEM_LITERAL)
		return 1;
	if ((size_t)(end - after) < next->len || memcmp(after, next->lit, next->len) != 0)
		return 0;
	if (i + 2 < f->n && f->items[i + 2].kind == ITEM_STATUS)
		return status_token_at(after + next->len, end);
	return 1;
}

/* Does the literal after field i follow q? (The weaker test quoted_end falls back on.) */
static int literal_follows(const struct logformat *f, size_t i, const char *q, const char *end)
{
	if (i + 1 >= f->n || f->items[i + 1].kind != ITEM_LITERAL)
		return q + 1 == end || q[1] == ' ';
	const struct logformat_item *next = &f->items[i + 1];
	return (size_t)(end - q - 1) >= next->len && memcmp(q + 1, next->lit, next->len) == 0;
}

/* Position of the closing quote of the quoted field starting at p (p[0] == '"'), or NULL.
 * Prefers a quote after which the whole line fits (quote_closes); failing that, the first
 * quote followed by the next separator, so a bad status is reported as a bad status. */
static const char *quoted_end(const struct logformat *f, size_t i, const char *p, const char *end)
{
	const char *q = p + 1, *weak = NULL;
	while (q < end) {
		const char *dq = memchr(q, '"', (size_t)(end - q));
		const char *bs = memchr(q, '\\', (size_t)((dq ? dq : end) - q));
		if (bs) {
			q = bs + 2; /* an escaped byte, whatever it is */
			continue;
		}
		if (!dq)
			break;
		if (quote_closes(f, i, dq, end))
			return dq;
		if (!weak && literal_follows(f, i, dq, end))
			weak = dq;
		q = dq + 1;
	}
	return weak;
}

static enum malformed parse_literal(const struct logformat_item *it, const char **pp,
                                    const char *end)
{
	const char *p = *pp;
	size_t avail = (size_t)(end - p);
	if (it->len == 1 && avail > 0) { /* most separators are one space */
		if (*p != it->lit[0])
			return MALFORMED_BAD_FIELD;
		*pp = p + 1;
		return MALFORMED_NONE;
	}
	if (avail < it->len)
		return memcmp(p, it->lit, avail) == 0 ? MALFORMED_MISSING_FIELDS
		                                      : MALFORMED_BAD_FIELD;
	if (memcmp(p, it->lit, it->len) != 0)
		return MALFORMED_BAD_FIELD;
	*pp = p + it->len;
	return MALFORMED_NONE;
}

/* A token ends at a space, or at the last occurrence of the next literal's first byte
 * inside its run of non-space bytes (so `%v:%p` splits "host:443" at the colon). */
static const char *token_end(const struct logformat *f, size_t i, const char *p, const char *end)
{
	const char *stop = p + token_len(p, end);
	if (i + 1 < f->n && f->items[i + 1].kind == ITEM_LITERAL && f->items[i + 1].lit[0] != ' ') {
		char c = f->items[i + 1].lit[0];
		for (const char *q = stop; q > p; q--)
			if (q[-1] == c)
				return q - 1;
		return NULL;
	}
	return stop;
}

static enum malformed parse_time(struct logtime_cache *tc, const char **pp, const char *end,
                                 struct record *r)
{
	const char *p = *pp;
	if (p >= end)
		return MALFORMED_MISSING_FIELDS;
	if (*p != '[')
		return MALFORMED_NO_TIMESTAMP;
	if (end - p < LOGTIME_LEN + 2)
		return memchr(p, ']', (size_t)(end - p)) ? MALFORMED_BAD_TIMESTAMP
		                                         : MALFORMED_MISSING_FIELDS;
	if (p[LOGTIME_LEN + 1] != ']' || logtime_parse_cached(tc, p + 1, &r->time, &r->tz) != 0)
		return MALFORMED_BAD_TIMESTAMP;
	*pp = p + LOGTIME_LEN + 2;
	return MALFORMED_NONE;
}

static enum malformed parse_status(const char **pp, const char *end, struct record *r)
{
	const char *p = *pp;
	if (p >= end)
		return MALFORMED_MISSING_FIELDS;
	if (!status_token_at(p, end))
		return MALFORMED_BAD_STATUS;
	if (p[0] == '-') {
		r->status = RECORD_NO_STATUS;
		*pp = p + 1;
	} else {
		r->status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
		*pp = p + 3;
	}
	return MALFORMED_NONE;
}

static enum malformed parse_bytes(const char **pp, const char *end, struct record *r)
{
	const char *p = *pp, *q = p;
	if (p >= end)
		return MALFORMED_MISSING_FIELDS;
	uint64_t v = 0;
	if (*p == '-') {
		q++;
	} else {
		while (q < end && is_digit((unsigned char)*q) && q - p < 19)
			v = v * 10 + (uint64_t)(*q++ - '0');
		if (q == p)
			return MALFORMED_BAD_BYTES;
	}
	if (q < end && *q != ' ')
		return MALFORMED_BAD_BYTES;
	r->bytes = v;
	*pp = q;
	return MALFORMED_NONE;
}

static enum malformed parse_item(const struct logformat *f, size_t i, const char **pp,
                                 const char *end, struct logtime_cache *tc, struct record *r)
{
	const struct logformat_item *it = &f->items[i];
	const char *p = *pp, *q;
	switch (it->kind) {
	case ITEM_LITERAL:
		return parse_literal(it, pp, end);
	case ITEM_TIME:
		return parse_time(tc, pp, end, r);
	case ITEM_STATUS:
		return parse_status(pp, end, r);
	case ITEM_BYTES:
		return parse_bytes(pp, end, r);
	case ITEM_QUOTED:
		if (p >= end)
			return MALFORMED_MISSING_FIELDS;
		if (*p != '"')
			return MALFORMED_BAD_FIELD;
		if (!(q = quoted_end(f, i, p, end)))
			return MALFORMED_UNTERMINATED;
		if (it->role == ROLE_REQUEST)
			r->request = (struct slice){p + 1, (size_t)(q - p - 1)};
		*pp = q + 1;
		return MALFORMED_NONE;
	default: /* ITEM_TOKEN */
		if (!(q = token_end(f, i, p, end)))
			return p >= end ? MALFORMED_MISSING_FIELDS : MALFORMED_BAD_FIELD;
		if (it->role == ROLE_HOST)
			r->host = (struct slice){p, (size_t)(q - p)};
		*pp = q;
		return MALFORMED_NONE;
	}
}

/* Skip a token and the space after it; NULL when the line ends first. */
static inline const char *skip_token(const char *p, const char *end, struct slice *out)
{
	size_t n = token_len(p, end);
	if (p + n >= end)
		return NULL;
	if (out)
		*out = (struct slice){p, n};
	return p + n + 1;
}

/* The CLF prefix in straight-line code, for formats compiled with `fast` set. Returns 1
 * with r filled only where the item interpreter would accept the line the same way;
 * anything unusual returns 0 and the interpreter decides (so both always agree). */
static int parse_fast(const struct logformat *f, const char *p, const char *end,
                      struct logtime_cache *tc, struct record *r)
{
	size_t base = 0;
	if (f->fast == 2) { /* vhost:port, split at the last ':' of the first token */
		const char *stop = p + token_len(p, end), *colon = stop;
		while (colon > p && colon[-1] != ':')
			colon--;
		if (colon == p || stop >= end)
			return 0;
		p = stop + 1;
		base = 4;
	}
	if (!(p = skip_token(p, end, &r->host)) || !(p = skip_token(p, end, NULL)) ||
	    !(p = skip_token(p, end, NULL)))
		return 0;
	if (end - p < LOGTIME_LEN + 4 || p[0] != '[' || p[LOGTIME_LEN + 1] != ']' ||
	    p[LOGTIME_LEN + 2] != ' ' || p[LOGTIME_LEN + 3] != '"' ||
	    logtime_parse_cached(tc, p + 1, &r->time, &r->tz) != 0)
		return 0;
	p += LOGTIME_LEN + 3;
	const char *q = quoted_end(f, base + 8, p, end);
	if (!q || end - q < 2 || q[1] != ' ')
		return 0;
	r->request = (struct slice){p + 1, (size_t)(q - p - 1)};
	p = q + 2;
	if (parse_status(&p, end, r) != MALFORMED_NONE || p >= end || *p++ != ' ')
		return 0;
	return parse_bytes(&p, end, r) == MALFORMED_NONE;
}

static void record_clear(struct record *r)
{
	r->status = RECORD_NO_STATUS;
	r->bytes = 0;
	r->time = RECORD_NO_TIME;
	r->tz = 0;
	r->request = (struct slice){NULL, 0};
	r->host = (struct slice){NULL, 0};
}

/* Once status and size are read the line counts as a request: a damaged referer or
 * user agent after them (a truncated line) does not hide what the server answered. */
enum malformed logformat_parse(const struct logformat *f, const char *line, size_t n,
                               struct logtime_cache *tc, struct record *r)
{
	const char *p = line, *end = line + n;
	if (n == 0) {
		record_clear(r);
		return MALFORMED_EMPTY;
	}
	if (f->fast && !f->strict_tail && parse_fast(f, p, end, tc, r))
		return MALFORMED_NONE;
	record_clear(r);
	for (size_t i = 0; i < f->n; i++) {
		enum malformed m = parse_item(f, i, &p, end, tc, r);
		if (m != MALFORMED_NONE)
			return i > f->commit && !f->strict_tail ? MALFORMED_NONE : m;
		if (i == f->last && !f->strict_tail)
			return MALFORMED_NONE; /* nothing after this changes the count */
	}
	if (p < end && f->strict_tail)
		return MALFORMED_TRAILING;
	return MALFORMED_NONE;
}
