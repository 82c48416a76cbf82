/* haproxy.c — HAProxy's HTTP log (option httplog), usually behind a syslog prefix:
 *   client:port [accept_date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes
 *   cookies termination_state conns queues {captures} "request"
 * The accept date has milliseconds and no offset (read as UTC). TCP log lines (three
 * timers, no status) and HAProxy's own messages are not requests. */
#include <string.h>

#include "formats_impl.h"

/* The accept date: a '[' whose time parses and is followed by "] ". */
static const char *accept_date(const char *line, const char *end, struct record *r,
                               const char **after)
{
	const char *p = line, *b;
	while ((b = memchr(p, '[', (size_t)(end - p))) != NULL) {
		size_t span = (size_t)(end - b - 1) < 32 ? (size_t)(end - b - 1) : 32;
		const char *close = memchr(b + 1, ']', span);
		if (close && close + 1 < end && close[1] == ' ' &&
		    logtime_parse_clf_frac(b + 1, (size_t)(close - b - 1), &r->time) == 0) {
			*after = close + 2;
			return b;
		}
		p = b + 1;
	}
	return NULL;
}

/* Is there a '[' that starts like a date ("[dd/")? Then the date is bad, not missing
 * ("haproxy[1]: Proxy … started." has no date at all). */
static int looks_dated(const char *p, const char *end)
{
	const char *b;
	while ((b = memchr(p, '[', (size_t)(end - p))) != NULL) {
		if (end - b > 3 && fmt_digit((unsigned char)b[1]) &&
		    fmt_digit((unsigned char)b[2]) && b[3] == '/')
			return 1;
		p = b + 1;
	}
	return 0;
}

/* The token before pos (the client "ip:port"). */
static struct slice token_before(const char *line, const char *pos)
{
	const char *e = pos;
	while (e > line && e[-1] == ' ')
		e--;
	const char *s = e;
	while (s > line && s[-1] != ' ')
		s--;
	return (struct slice){s, (size_t)(e - s)};
}

/* The last field when it is quoted: the request. */
static struct slice last_quoted(const char *p, const char *end)
{
	if (end - p < 2 || end[-1] != '"')
		return (struct slice){NULL, 0};
	for (const char *q = end - 2; q > p; q--)
		if (*q == '"' && q[-1] == ' ')
			return (struct slice){q + 1, (size_t)(end - q - 2)};
	return (struct slice){NULL, 0};
}

static size_t count_byte(struct slice s, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < s.len; i++)
		k += s.ptr[i] == c;
	return k;
}

static struct slice unplus(struct slice s)
{
	if (s.len > 1 && s.ptr[0] == '+')
		return (struct slice){s.ptr + 1, s.len - 1};
	return s;
}

enum malformed haproxy_parse(const struct logformat *f, const char *line, size_t n,
                             struct logformat_state *st, struct record *r)
{
	(void)f;
	(void)st;
	record_clear(r);
	const char *end = line + n, *p;
	const char *b = accept_date(line, end, r, &p);
	if (!b)
		return looks_dated(line, end) ? MALFORMED_BAD_TIMESTAMP : MALFORMED_NO_TIMESTAMP;
	r->host = fmt_strip_port(token_before(line, b));
	struct slice t[5];
	for (int i = 0; i < 5; i++)
		if (!(p = fmt_token(p, end, &t[i])))
			return MALFORMED_MISSING_FIELDS;
	if (count_byte(t[2], '/') != 4) /* a TCP log line, or not HAProxy */
		return MALFORMED_BAD_FIELD;
	if (t[3].len == 2 && memcmp(t[3].ptr, "-1", 2) == 0)
		r->status = RECORD_NO_STATUS; /* no response was sent */
	else if (fmt_status(t[3].ptr, t[3].len, &r->status) != 0)
		return MALFORMED_BAD_STATUS;
	if (fmt_u64(unplus(t[4]).ptr, unplus(t[4]).len, &r->bytes) != 0)
		return MALFORMED_BAD_BYTES;
	const char *ta = t[2].ptr + t[2].len;
	while (ta > t[2].ptr && ta[-1] != '/')
		ta--;
	struct slice total = unplus((struct slice){ta, (size_t)(t[2].ptr + t[2].len - ta)});
	fmt_duration(total.ptr, total.len, UNIT_MS, &r->duration_us);
	r->request = last_quoted(p, end);
	fmt_split_request(r->request, r);
	return MALFORMED_NONE;
}
