/* scan.c — splits decoded bytes into lines and counts each one. This is the hot loop:
 * memchr for the newline, the compiled format for the fields, no allocation. */
#include "scan.h"

#include <string.h>

void scanner_init(struct scanner *s, const struct logformat *format, struct tally *tally,
                  uint32_t input, size_t max_line)
{
	memset(s, 0, sizeof *s);
	s->format = format;
	s->tally = tally;
	s->input = input;
	s->max_line = max_line ? max_line : SCAN_DEFAULT_MAX_LINE;
	s->since = s->until = RECORD_NO_TIME;
	logformat_state_init(&s->st);
}

void scanner_window(struct scanner *s, int64_t since, int64_t until)
{
	s->since = since;
	s->until = until;
	s->windowed = since != RECORD_NO_TIME || until != RECORD_NO_TIME;
}

void scanner_prime(struct scanner *s, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		struct record r;
		logformat_parse(s->format, p, n, &s->st, &r);
		p += n + 1;
	}
}

void scanner_collect(struct scanner *s, struct toperr *top)
{
	s->top = top;
}

void scanner_series(struct scanner *s, struct series_table *series)
{
	s->series = series;
}

void scanner_filter(struct scanner *s, const struct statusfilter *filter)
{
	s->filter = filter;
}

void scanner_drill(struct scanner *s, struct drill *drill)
{
	s->drill = drill;
}

static int outside_window(const struct scanner *s, int64_t t)
{
	if (t == RECORD_NO_TIME)
		return 0;
	return (s->since != RECORD_NO_TIME && t < s->since) ||
	       (s->until != RECORD_NO_TIME && t >= s->until);
}

/* An error request into the top table: by its request line, or by method and path when
 * the format logs them apart. */
__attribute__((noinline)) static void add_error(struct toperr *top, const struct record *r)
{
	if (r->request.ptr || !r->path.ptr) {
		toperr_add(top, r->status, r->request.ptr, r->request.len);
		return;
	}
	char key[TOPERR_KEY_LEN];
	size_t m = r->method.len < TOPERR_KEY_LEN / 4 ? r->method.len : TOPERR_KEY_LEN / 4, n = 0;
	if (m) {
		memcpy(key, r->method.ptr, m);
		key[m] = ' ';
		n = m + 1;
	}
	size_t room = TOPERR_KEY_LEN - n, pl = r->path.len < room ? r->path.len : room;
	memcpy(key + n, r->path.ptr, pl);
	toperr_add(top, r->status, key, n + pl);
}

void scanner_line(struct scanner *s, const char *p, size_t len)
{
	s->line++;
	if (len && p[len - 1] == '\r')
		len--;
	if (len > s->max_line) {
		tally_malformed(s->tally, MALFORMED_TOO_LONG, s->input, s->line, p, len);
		return;
	}
	struct record r;
	enum malformed m = logformat_parse(s->format, p, len, &s->st, &r);
	if (m != MALFORMED_NONE) {
		tally_malformed(s->tally, m, s->input, s->line, p, len);
		return;
	}
	if (r.status == RECORD_DIRECTIVE) {
		s->tally->directives++;
		return;
	}
	if (s->windowed && outside_window(s, r.time)) {
		s->tally->outside++;
		return;
	}
	if (s->filter && !statusfilter_keep(s->filter, r.status)) {
		s->tally->filtered++;
		return;
	}
	tally_record(s->tally, &r);
	if (r.status >= TOPERR_MIN_STATUS && s->top)
		add_error(s->top, &r);
	if (s->series)
		series_add(s->series, &r);
	/* A run without --by counts only sites and durations: a line with neither (most CLF
	 * lines) has nothing for the drill, and every line pays for a call that finds that. */
	if (s->drill && r.status >= 0 &&
	    (s->drill->nasked || r.duration_us >= 0 || (s->drill->nfields && r.vhost.ptr)))
		drill_add(s->drill, &r);
}

size_t scanner_feed(struct scanner *s, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	if (s->skipping) {
		const char *nl = memchr(p, '\n', len);
		if (!nl)
			return len;
		s->skipping = 0;
		p = nl + 1;
	}
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		scanner_line(s, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if ((size_t)(end - p) > s->max_line) {
		s->line++;
		tally_malformed(s->tally, MALFORMED_TOO_LONG, s->input, s->line, p,
		                (size_t)(end - p));
		s->skipping = 1;
		return len;
	}
	return (size_t)(p - buf);
}

void scanner_finish(struct scanner *s, const char *buf, size_t len)
{
	if (s->skipping) {
		s->skipping = 0;
		return;
	}
	if (len)
		scanner_line(s, buf, len);
}
