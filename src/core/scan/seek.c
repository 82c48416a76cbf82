/* seek.c — finding where a --since window starts in a time-ordered plain file: a few
 * preads at evenly spread points tell whether the file is ordered, then a binary search
 * on line boundaries narrows the start down to SEEK_GRAIN bytes. Any doubt (a time going
 * back, a probe without a time, an I/O error) means no seek: the file is read whole. */
#include "seek.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct seeker {
	int fd;
	uint64_t size;
	const struct logformat *f;
	char *buf;
	struct logformat_state st;
	struct seek_plan *plan;
};

enum probe_result { PROBE_FOUND, PROBE_END, PROBE_NO_TIME, PROBE_IO };

static ssize_t read_at(struct seeker *sk, uint64_t at)
{
	for (;;) {
		ssize_t n = pread(sk->fd, sk->buf, SEEK_PROBE_BYTES, (off_t)at);
		if (n >= 0) {
			sk->plan->probes++;
			sk->plan->bytes_read += (uint64_t)n;
			return n;
		}
		if (errno != EINTR)
			return -1;
	}
}

/* The time of the line p[0..n) (newline removed), or RECORD_NO_TIME. */
static int64_t line_time(const struct logformat *f, struct logformat_state *st, const char *p,
                         size_t n)
{
	if (n && p[n - 1] == '\r')
		n--;
	struct record r;
	if (logformat_parse(f, p, n, st, &r) != MALFORMED_NONE || r.status == RECORD_DIRECTIVE)
		return RECORD_NO_TIME;
	return r.time;
}

/* The first line with a time that starts at or after at (at itself when sync is 0: at is
 * a line boundary). Lines without one are stepped over, SEEK_PROBE_TRIES reads at most. */
static enum probe_result probe(struct seeker *sk, uint64_t at, int sync, uint64_t *line_at,
                               int64_t *t)
{
	logformat_state_init(&sk->st);
	for (unsigned tries = 0; tries < SEEK_PROBE_TRIES; tries++) {
		ssize_t n = read_at(sk, at);
		if (n < 0)
			return PROBE_IO;
		if (n == 0)
			return PROBE_END;
		const char *p = sk->buf, *end = sk->buf + n;
		if (sync) {
			const char *nl = memchr(p, '\n', (size_t)n);
			if (!nl) { /* inside a line longer than the read */
				at += (uint64_t)n;
				continue;
			}
			p = nl + 1;
			sync = 0;
		}
		const char *nl;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			*t = line_time(sk->f, &sk->st, p, (size_t)(nl - p));
			if (*t != RECORD_NO_TIME) {
				*line_at = at + (uint64_t)(p - sk->buf);
				return PROBE_FOUND;
			}
			p = nl + 1;
		}
		if ((size_t)n < SEEK_PROBE_BYTES && p < end) { /* the last line, no newline */
			*t = line_time(sk->f, &sk->st, p, (size_t)(end - p));
			if (*t != RECORD_NO_TIME) {
				*line_at = at + (uint64_t)(p - sk->buf);
				return PROBE_FOUND;
			}
			return PROBE_END;
		}
		sync = p == sk->buf; /* no whole line in the read: resync after it */
		at += (uint64_t)(p - sk->buf) + (sync ? (uint64_t)n : 0);
	}
	return PROBE_NO_TIME;
}

struct mark {
	uint64_t at; /* a line boundary */
	int64_t t;   /* its line's time; RECORD_NO_TIME: none known (hi at the end) */
};

static enum seek_outcome probe_failed(enum probe_result r)
{
	return r == PROBE_IO ? SEEK_IO_ERROR : SEEK_NO_TIME;
}

/* Samples spread over [base, size): every one may be at most SEEK_SLACK earlier than the
 * latest before it. Leaves lo at the last sample before target (lo->at == base with
 * lo->t >= target when none) and hi at the first after lo at or past it. */
static enum seek_outcome sample(struct seeker *sk, uint64_t base, int64_t target, struct mark *lo,
                                struct mark *hi)
{
	int64_t latest = RECORD_NO_TIME;
	*hi = (struct mark){sk->size, RECORD_NO_TIME};
	for (unsigned k = 0; k < SEEK_SAMPLES; k++) {
		uint64_t at = base + (sk->size - base) / SEEK_SAMPLES * k;
		struct mark m;
		enum probe_result r = probe(sk, at, k > 0, &m.at, &m.t);
		if (r == PROBE_END)
			break;
		if (r != PROBE_FOUND)
			return probe_failed(r);
		if (latest != RECORD_NO_TIME && m.t < latest - SEEK_SLACK)
			return SEEK_UNORDERED;
		if (latest == RECORD_NO_TIME || m.t > latest)
			latest = m.t;
		if (k == 0 || m.t < target) {
			*lo = m;
			*hi = (struct mark){sk->size, RECORD_NO_TIME}; /* a later one is past lo */
		} else if (hi->t == RECORD_NO_TIME) {
			*hi = m;
		}
	}
	return SEEK_AT;
}

/* Halve [lo, hi) until it is SEEK_GRAIN bytes or holds no other line with a time. */
static enum seek_outcome narrow(struct seeker *sk, int64_t target, struct mark *lo, struct mark *hi)
{
	while (hi->at > lo->at && hi->at - lo->at > SEEK_GRAIN) {
		struct mark m;
		enum probe_result r = probe(sk, lo->at + (hi->at - lo->at) / 2, 1, &m.at, &m.t);
		if (r == PROBE_END)
			break;
		if (r != PROBE_FOUND)
			return probe_failed(r);
		if (m.at >= hi->at || m.at <= lo->at)
			break;
		if (m.t < lo->t - SEEK_SLACK ||
		    (hi->t != RECORD_NO_TIME && m.t > hi->t + SEEK_SLACK))
			return SEEK_UNORDERED;
		if (m.t < target)
			*lo = m;
		else
			*hi = m;
	}
	return SEEK_AT;
}

void seek_find(int fd, uint64_t base, uint64_t size, const struct logformat *f, int64_t since,
               struct seek_plan *plan)
{
	memset(plan, 0, sizeof *plan);
	plan->outcome = SEEK_NONE;
	plan->offset = base;
	if (size <= base || f->sequential)
		return;
	struct seeker sk = {.fd = fd, .size = size, .f = f, .plan = plan};
	sk.buf = malloc(SEEK_PROBE_BYTES);
	if (!sk.buf)
		return;
	/* lines before a line stamped earlier than since - SEEK_SLACK are before since */
	int64_t target = since > INT64_MIN + SEEK_SLACK ? since - SEEK_SLACK : INT64_MIN;
	struct mark lo = {base, RECORD_NO_TIME}, hi;
	enum seek_outcome out = sample(&sk, base, target, &lo, &hi);
	plan->ordered = out == SEEK_AT;
	if (out == SEEK_AT && lo.t < target)
		out = narrow(&sk, target, &lo, &hi);
	free(sk.buf);
	if (out == SEEK_AT && (lo.t == RECORD_NO_TIME || lo.t >= target || lo.at <= base))
		out = SEEK_NONE;
	plan->outcome = out;
	plan->offset = out == SEEK_AT ? lo.at : base;
}

#define PAST_LINES 64 /* lines looked at for a time at the start of a block */

int seek_past(const struct logformat *f, const char *buf, size_t len, int64_t until)
{
	if (until == RECORD_NO_TIME || until > INT64_MAX - SEEK_SLACK)
		return 0;
	struct logformat_state st;
	logformat_state_init(&st);
	const char *p = buf, *end = buf + len, *nl;
	for (int i = 0; i < PAST_LINES && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; i++) {
		int64_t t = line_time(f, &st, p, (size_t)(nl - p));
		if (t != RECORD_NO_TIME)
			return t >= until + SEEK_SLACK;
		p = nl + 1;
	}
	return 0;
}

const char *seek_outcome_name(enum seek_outcome o)
{
	switch (o) {
	case SEEK_NONE:
		return "none";
	case SEEK_AT:
		return "seek";
	case SEEK_UNORDERED:
		return "unordered";
	case SEEK_NO_TIME:
		return "no time";
	case SEEK_IO_ERROR:
		return "read error";
	}
	return "?";
}
