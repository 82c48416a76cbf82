/* logformat.c — the record parser of the CLF family: the compiled list of items walked
 * over one line (no allocation), with straight-line code for the common prefix; and
 * logformat_parse, which hands a line to its family's parser. */
#include "logformat.h"

#include <stdio.h>
#include <string.h>

#include "formats_impl.h"

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

static const char *const shape_names[SHAPE_COUNT] = {
        [SHAPE_DECLARED] = "declared",           [SHAPE_VHOST_PREFIX] = "vhost_prefix",
        [SHAPE_LONG_PREFIX] = "long_prefix",     [SHAPE_CLIENT_LIST] = "client_list",
        [SHAPE_QUOTED_CLIENT] = "quoted_client", [SHAPE_UNIX_CLIENT] = "unix_client",
        [SHAPE_SHORT_PREFIX] = "short_prefix",   [SHAPE_ISO_TIME] = "iso_time",
        [SHAPE_OTHER] = "other_shape",           [SHAPE_W3C_EARLIER] = "earlier_fields",
};

const char *record_shape_name(enum record_shape sh)
{
	return (unsigned)sh < SHAPE_COUNT ? shape_names[sh] : "unknown";
}

void logformat_state_init(struct logformat_state *st)
{
	memset(st, 0, sizeof *st);
	st->w3c_active = -1;
}

void logformat_state_forget(struct logformat_state *st)
{
	st->tc.valid = 0;
	st->iso.valid = 0;
	st->iso.last_len = 0;
	st->jk.n = 0;
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
	if (q + 1 < end && q[1] == ' ' && q[0] != ' ') /* "-" and other one-byte tokens */
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
	if ((size_t)(end - after) < next->len)
		return 0;
	if (next->len && (after[0] != next->lit[0] || /* most literals are one byte */
	                  (next->len > 1 && memcmp(after + 1, next->lit + 1, next->len - 1) != 0)))
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
		const char *dq = fmt_find_quote(q, end);
		if (!dq)
			break;
		if (*dq == '\\') {
			q = dq + 2; /* an escaped byte, whatever it is */
			continue;
		}
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

/* The run of decimal digits at the start of the 8 bytes at p: its length (0..8) and its
 * value in *v. A byte is a digit when its high nibble is 3 and adding 6 keeps it so. A
 * carry out of a non-digit byte only reaches later bytes, past the run. */
static inline size_t swar_digits(const char *p, uint64_t *v)
{
	const uint64_t high = 0xF0F0F0F0F0F0F0F0u, threes = 0x3030303030303030u;
	uint64_t w;
	memcpy(&w, p, 8);
	uint64_t other = ((w & high) ^ threes) | (((w + 0x0606060606060606u) & high) ^ threes);
	size_t k = other ? (size_t)__builtin_ctzll(other) >> 3 : 8;
	if (k == 0)
		return 0;
	uint64_t x = (w - threes) << (8 * (8 - k)); /* the digits in the top k bytes */
	x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFu;
	x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFu;
	x = (x * 10000 + (x >> 32)) & 0xFFFFFFFFu;
	*v = x;
	return k;
}

/* Any number of digits: a size past 2^64 saturates rather than hiding the status. One
 * pass: up to 19 digits cannot overflow, longer runs go the saturating way. */
static inline __attribute__((always_inline)) enum malformed
parse_bytes(const char **pp, const char *end, struct record *r)
{
	const char *p = *pp, *q = p;
	if (p >= end)
		return MALFORMED_MISSING_FIELDS;
	uint64_t v = 0;
	if (*p == '-') {
		q++;
	} else {
		size_t k = end - p >= 8 ? swar_digits(p, &v) : 0; /* up to 8 digits at once */
		q = p + k;
		const char *lim = end - p > 19 ? p + 19 : end;
		while (q < lim && (unsigned char)(*q - '0') < 10)
			v = v * 10 + (uint64_t)(*q++ - '0');
		if (q == p)
			return MALFORMED_BAD_BYTES;
		if (q < end && is_digit((unsigned char)*q)) {
			while (q < end && is_digit((unsigned char)*q))
				q++;
			fmt_u64_long(p, (size_t)(q - p), &v);
		}
	}
	if (q < end && *q != ' ')
		return MALFORMED_BAD_BYTES;
	r->bytes = v;
	*pp = q;
	return MALFORMED_NONE;
}

/* A field's text into the record by its role. Durations and statuses that do not read
 * as numbers are left out (the field is informative, the line still counts). */
static void take_role(int role, const char *p, size_t len, struct record *r)
{
	switch (role) {
	case ROLE_HOST:
		r->host = (struct slice){p, len};
		break;
	case ROLE_REQUEST:
		r->request = (struct slice){p, len};
		break;
	case ROLE_VHOST:
		r->vhost = (struct slice){p, len};
		break;
	case ROLE_USER_AGENT:
		r->user_agent = (struct slice){p, len};
		break;
	case ROLE_REFERER:
		r->referer = (struct slice){p, len};
		break;
	case ROLE_METHOD:
		r->method = (struct slice){p, len};
		break;
	case ROLE_PATH:
		r->path = (struct slice){p, len};
		break;
	case ROLE_DURATION_US:
		fmt_duration(p, len, UNIT_US, &r->duration_us);
		break;
	case ROLE_DURATION_MS:
		fmt_duration(p, len, UNIT_MS, &r->duration_us);
		break;
	case ROLE_DURATION_S:
		fmt_duration(p, len, UNIT_S, &r->duration_us);
		break;
	case ROLE_UPSTREAM:
		if (fmt_status(p, len, &r->upstream) != 0)
			r->upstream = RECORD_NO_STATUS;
		break;
	default:
		break;
	}
}

/* A time written as a strftime pattern, ISO 8601 or epoch, up to the next literal. */
static enum malformed parse_time_fmt(const struct logformat *f, size_t i, const char **pp,
                                     const char *end, struct record *r)
{
	const struct logformat_item *it = &f->items[i];
	const char *p = *pp;
	if (p >= end)
		return MALFORMED_MISSING_FIELDS;
	size_t used = 0;
	if (it->lit[0]) {
		if (logtime_parse_strf(it->lit, p, (size_t)(end - p), &used, &r->time, &r->tz) != 0)
			return MALFORMED_BAD_TIMESTAMP;
	} else {
		const char *stop = p + token_len(p, end);
		if (i + 1 < f->n && f->items[i + 1].kind == ITEM_LITERAL) {
			const char *lit = memchr(p, f->items[i + 1].lit[0], (size_t)(end - p));
			if (lit && lit < stop)
				stop = lit;
		}
		used = (size_t)(stop - p);
		if (it->len ? logtime_parse_epoch(p, used, &r->time) != 0
		            : logtime_parse_iso(p, used, &r->time, &r->tz) != 0)
			return MALFORMED_BAD_TIMESTAMP;
	}
	*pp = p + used;
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
	case ITEM_TIME_FMT:
		return parse_time_fmt(f, i, pp, end, r);
	case ITEM_QUOTED:
		if (p >= end)
			return MALFORMED_MISSING_FIELDS;
		if (*p != '"')
			return MALFORMED_BAD_FIELD;
		if (!(q = quoted_end(f, i, p, end)))
			return MALFORMED_UNTERMINATED;
		take_role(it->role, p + 1, (size_t)(q - p - 1), r);
		*pp = q + 1;
		return MALFORMED_NONE;
	default: /* ITEM_TOKEN */
		if (!(q = token_end(f, i, p, end)))
			return p >= end ? MALFORMED_MISSING_FIELDS : MALFORMED_BAD_FIELD;
		take_role(it->role, p, (size_t)(q - p), r);
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

/* Does `" ddd ` (a quote, a space, a three-digit status, a space) start at q? */
static inline __attribute__((always_inline)) int status_follows(const char *q, const char *end)
{
	return end - q >= 7 && q[1] == ' ' && is_digit((unsigned char)q[2]) &&
	       is_digit((unsigned char)q[3]) && is_digit((unsigned char)q[4]) && q[5] == ' ';
}

/* The CLF prefix in straight-line code, for formats compiled with `fast` set. Returns 1
 * with r filled only where the item interpreter would accept the line the same way;
 * anything unusual returns 0 and the interpreter decides (so both always agree). */
static inline __attribute__((always_inline)) int parse_fast(const struct logformat *f,
                                                            const char *p, const char *end,
                                                            struct logtime_cache *tc,
                                                            struct record *r)
{
	size_t base = 0;
	if (f->fast == 2) { /* vhost:port, split at the last ':' of the first token */
		const char *stop = p + token_len(p, end), *colon = stop;
		while (colon > p && colon[-1] != ':')
			colon--;
		if (colon == p || stop >= end)
			return 0;
		r->vhost = (struct slice){p, (size_t)(colon - 1 - p)};
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
	/* The request ends at its first quote when that quote is followed by ` ddd ` (what
	 * quoted_end would accept first); a backslash or anything else: quoted_end decides. */
	const char *q = fmt_find_quote(p + 1, end);
	if (!q || *q != '"' || !status_follows(q, end)) {
		q = quoted_end(f, base + 8, p, end);
		if (!q || !status_follows(q, end))
			return 0; /* "-" as status, or worse: the interpreter */
	}
	r->request = (struct slice){p + 1, (size_t)(q - p - 1)};
	r->status = (q[2] - '0') * 100 + (q[3] - '0') * 10 + (q[4] - '0');
	p = q + 6;
	return parse_bytes(&p, end, r) == MALFORMED_NONE;
}

/* The fields the straight-line prefix does not read, cleared before it runs (cheaper than
 * clearing the whole record on every line). */
static inline void clear_extras(struct record *r)
{
	r->upstream = RECORD_NO_UPSTREAM;
	r->duration_us = RECORD_NO_DURATION;
	r->shape = SHAPE_DECLARED;
	/* one by one: gcc makes a chained assignment two 8-byte stores read back as one
	 * 16-byte load, which cannot take its bytes from them */
	r->vhost = (struct slice){NULL, 0};
	r->method = (struct slice){NULL, 0};
	r->path = (struct slice){NULL, 0};
	r->user_agent = (struct slice){NULL, 0};
	r->referer = (struct slice){NULL, 0};
}

/* The item interpreter; the line counts once status and size are read: a damaged referer
 * or user agent after them (a truncated line) does not hide what the server answered. */
static enum malformed clf_interpret(const struct logformat *f, const char *p, const char *end,
                                    struct logformat_state *st, struct record *r)
{
	record_clear(r);
	for (size_t i = 0; i < f->n; i++) {
		enum malformed m = parse_item(f, i, &p, end, &st->tc, r);
		if (m != MALFORMED_NONE)
			return i > f->commit && !f->strict_tail ? MALFORMED_NONE : m;
		if (i == f->last && !f->strict_tail)
			return MALFORMED_NONE; /* nothing after this changes the count */
	}
	if (p < end && f->strict_tail)
		return MALFORMED_TRAILING;
	return MALFORMED_NONE;
}

/* A resilient CLF format reads a line its items do not fit from the line's core; the
 * reason kept is the items' (what the declared format expected), when the core fails too.
 * Out of line: the hot path is the items. */
__attribute__((noinline)) static enum malformed clf_resilient(const char *line, size_t n,
                                                              struct logformat_state *st,
                                                              struct record *r, enum malformed m)
{
	struct record loose;
	if (clf_parse_loose(line, n, st, &loose) != MALFORMED_NONE)
		return m;
	*r = loose;
	return MALFORMED_NONE;
}

enum malformed clf_parse_items(const struct logformat *f, const char *line, size_t n,
                               struct logformat_state *st, struct record *r)
{
	const char *end = line + n;
	if (f->fast && !f->strict_tail && n) {
		clear_extras(r);
		if (parse_fast(f, line, end, &st->tc, r))
			return MALFORMED_NONE;
	}
	if (n == 0) {
		record_clear(r);
		return MALFORMED_EMPTY;
	}
	enum malformed m = clf_interpret(f, line, end, st, r);
	if (m == MALFORMED_NONE || !f->resilient || f->strict_tail)
		return m;
	return clf_resilient(line, n, st, r, m);
}

enum malformed logformat_parse(const struct logformat *f, const char *line, size_t n,
                               struct logformat_state *st, struct record *r)
{
	if (__builtin_expect(f->family == FAMILY_CLF, 1))
		return clf_parse_items(f, line, n, st, r);
	if (n == 0) {
		record_clear(r);
		return MALFORMED_EMPTY;
	}
	switch (f->family) {
	case FAMILY_W3C:
	case FAMILY_CLOUDFRONT:
		return w3c_parse(f, line, n, st, r);
	case FAMILY_ALB:
	case FAMILY_ELB:
		return elb_parse(f, line, n, st, r);
	case FAMILY_HAPROXY:
		return haproxy_parse(f, line, n, st, r);
	case FAMILY_S3:
		return s3_parse(f, line, n, st, r);
	case FAMILY_SQUID:
		return squid_parse(f, line, n, st, r);
	case FAMILY_JSON:
		return jsonl_parse(f, line, n, st, r);
	default:
		return clf_parse_items(f, line, n, st, r);
	}
}
