/* clf_loose.c — the resilient reader of the CLF family: a line counts when its core
 * `[time] "request" status size` is intact, whatever comes before it (vhosts, client
 * lists, syslog or container prefixes, lost ident/user fields) and whatever follows. The
 * prefix is kept where it is unambiguous (client, vhost) and the line's shape is named. */
#include <string.h>

#include "formats_impl.h"

/* The time inside brackets at b (b[0] == '['), to its closing bracket: the CLF form
 * (cached), with fractions (HAProxy-like), or ISO 8601 (Envoy text). Returns the
 * position of ']' or NULL; *iso says which. */
static const char *bracket_time(const char *b, const char *end, struct logformat_state *st,
                                struct record *r, int *iso)
{
	const char *t = b + 1;
	*iso = 0;
	if (end - t > LOGTIME_LEN && t[LOGTIME_LEN] == ']' &&
	    logtime_parse_cached(&st->tc, t, &r->time, &r->tz) == 0)
		return t + LOGTIME_LEN;
	size_t span = (size_t)(end - t) < 48 ? (size_t)(end - t) : 48;
	const char *close = memchr(t, ']', span);
	if (!close)
		return NULL;
	size_t len = (size_t)(close - t);
	if (logtime_parse_iso(t, len, &r->time, &r->tz) == 0) {
		*iso = 1;
		return close;
	}
	if (logtime_parse_clf_frac(t, len, &r->time) == 0) {
		r->tz = 0;
		return close;
	}
	return NULL;
}

/* The closing quote of the request at q (q[0] == '"'): the first that is followed by
 * " STATUS" and a space or the end; failing that the first followed by a space. */
static const char *request_end(const char *q, const char *end)
{
	const char *weak = NULL, *p = q + 1;
	while (p < end) {
		const char *dq = memchr(p, '"', (size_t)(end - p));
		if (!dq)
			break;
		const char *bs = memchr(p, '\\', (size_t)(dq - p));
		if (bs) {
			p = bs + 2;
			continue;
		}
		const char *s = dq + 2;
		if (dq + 1 < end && dq[1] == ' ') {
			size_t avail = (size_t)(end - s);
			if ((avail >= 3 && fmt_digit((unsigned char)s[0]) &&
			     fmt_digit((unsigned char)s[1]) && fmt_digit((unsigned char)s[2]) &&
			     (avail == 3 || s[3] == ' ')) ||
			    (avail >= 1 && s[0] == '-' && (avail == 1 || s[1] == ' ')))
				return dq;
			if (!weak)
				weak = dq;
		} else if (dq + 1 == end && !weak) {
			weak = dq;
		}
		p = dq + 1;
	}
	return weak;
}

struct prefix_token {
	const char *p;
	size_t len;
};

/* Split the prefix into tokens: a quoted string is one token, and "a, b, c" (a client
 * list) is one token. Keeps the first one and the last three; returns the count. */
static size_t prefix_tokens(const char *p, const char *end, struct prefix_token *first,
                            struct prefix_token last[3])
{
	size_t k = 0;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
		const char *s = p;
		if (*p == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
			p = q ? q + 1 : end;
		} else {
			for (;;) {
				const char *sp = memchr(p, ' ', (size_t)(end - p));
				if (!sp) {
					p = end;
					break;
				}
				p = sp;
				if (sp > s && sp[-1] == ',' && sp + 1 < end && sp[1] != ' ') {
					p = sp + 1; /* "a, b": the list goes on */
					continue;
				}
				break;
			}
		}
		struct prefix_token t = {s, (size_t)(p - s)};
		if (k == 0)
			*first = t;
		last[0] = last[1];
		last[1] = last[2];
		last[2] = t;
		k++;
	}
	return k;
}

/* "host:443" → "host" (a trailing :digits port is not part of the site). */
static struct slice strip_port(struct slice v)
{
	size_t i = v.len;
	while (i > 0 && fmt_digit((unsigned char)v.ptr[i - 1]))
		i--;
	if (i > 0 && i < v.len && v.ptr[i - 1] == ':' && memchr(v.ptr, ':', i - 1) == NULL)
		v.len = i - 1;
	return v;
}

/* Client, vhost and shape from the prefix before the [time]. */
static void read_prefix(const char *line, const char *time_at, int iso, struct record *r)
{
	struct prefix_token first = {0}, last[3] = {{0}};
	size_t k = prefix_tokens(line, time_at, &first, last);
	if (iso) { /* Envoy-like text: the client comes later in the line, if at all */
		r->shape = SHAPE_ISO_TIME;
		return;
	}
	struct prefix_token client = k >= 3 ? last[0] : first;
	if (k == 0) {
		r->shape = SHAPE_SHORT_PREFIX;
		return;
	}
	r->host = (struct slice){client.p, client.len};
	if (client.p[0] == '"') {
		r->shape = SHAPE_QUOTED_CLIENT;
		r->host = (struct slice){client.p + 1, client.len >= 2 ? client.len - 2 : 0};
	} else if (memchr(client.p, ',', client.len)) {
		r->shape = SHAPE_CLIENT_LIST;
	} else if (client.len >= 5 && memcmp(client.p, "unix:", 5) == 0) {
		r->shape = SHAPE_UNIX_CLIENT;
	} else if (k < 3) {
		r->shape = SHAPE_SHORT_PREFIX;
	} else if (k == 4) {
		r->shape = SHAPE_VHOST_PREFIX;
	} else if (k > 4) {
		r->shape = SHAPE_LONG_PREFIX;
	} else {
		r->shape = SHAPE_OTHER;
	}
	if (k == 4)
		r->vhost = strip_port((struct slice){first.p, first.len});
}

/* After the status: the size, or (Envoy text) FLAGS RX TX with the size third. */
static enum malformed read_size(const char *p, const char *end, int iso, struct record *r)
{
	if (p >= end) /* the core ends with the size: a line cut after the status is not whole */
		return MALFORMED_MISSING_FIELDS;
	if (*p++ != ' ')
		return MALFORMED_BAD_STATUS;
	struct slice t = fmt_field(p, end, ' ');
	if (fmt_u64(t.ptr, t.len, &r->bytes) == 0 && !iso)
		return MALFORMED_NONE;
	if (!iso)
		return MALFORMED_BAD_BYTES;
	for (int i = 0; i < 2; i++) { /* %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% */
		p = t.ptr + t.len;
		if (p >= end)
			return MALFORMED_MISSING_FIELDS;
		t = fmt_field(p + 1, end, ' ');
	}
	return fmt_u64(t.ptr, t.len, &r->bytes) == 0 ? MALFORMED_NONE : MALFORMED_BAD_BYTES;
}

enum malformed clf_parse_loose(const char *line, size_t n, struct logformat_state *st,
                               struct record *r)
{
	const char *end = line + n, *p = line, *b, *close = NULL;
	int iso = 0;
	record_clear(r);
	while ((b = memchr(p, '[', (size_t)(end - p))) != NULL) {
		close = bracket_time(b, end, st, r, &iso);
		if (close && end - close > 2 && close[1] == ' ' && close[2] == '"')
			break;
		p = b + 1;
	}
	if (!b)
		return memchr(line, '[', n) ? MALFORMED_BAD_TIMESTAMP : MALFORMED_NO_TIMESTAMP;
	const char *q = close + 2, *qe = request_end(q, end);
	if (!qe)
		return MALFORMED_UNTERMINATED;
	r->request = (struct slice){q + 1, (size_t)(qe - q - 1)};
	p = qe + 1;
	if (p >= end)
		return MALFORMED_MISSING_FIELDS;
	struct slice st_tok = fmt_field(p + 1, end, ' ');
	if (fmt_status(st_tok.ptr, st_tok.len, &r->status) != 0)
		return MALFORMED_BAD_STATUS;
	read_prefix(line, b, iso, r);
	return read_size(st_tok.ptr + st_tok.len, end, iso, r);
}
