/* seek_support.h — generated access logs for the --since seek suites (test_seek.c,
 * test_seek_cli.c): combined lines at a steady rate, with late lines, malformed lines,
 * a region written out of order, or a second half from an earlier day, as asked. The
 * same spec always gives the same bytes. */
#ifndef LOGSTAT_SEEK_SUPPORT_H
#define LOGSTAT_SEEK_SUPPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct gen_spec {
	unsigned lines;
	int64_t t0;             /* UTC time of the first line */
	unsigned per_sec;       /* lines per second (1..) */
	unsigned late;          /* 1 line in 8 is stamped up to this many seconds early */
	unsigned malformed;     /* every this many lines one is malformed (0: none) */
	unsigned garbage_at;    /* from this line on (0: none) ... */
	unsigned garbage_lines; /* ... this many lines without a time */
	unsigned back_at;       /* from this line on (0: none) ... */
	unsigned back_lines;    /* ... this many lines are stamped ... */
	int64_t back_by;        /* ... this many seconds early */
	int64_t second_half_by; /* the second half is this many seconds earlier (0: none) */
	int tz_minutes;         /* offset written in the lines */
	int json;               /* JSON lines (nginx escape=json) instead of combined */
};

static inline uint32_t gen_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

static inline int64_t gen_time_of(const struct gen_spec *g, unsigned i, uint64_t *rng)
{
	int64_t t = g->t0 + (int64_t)(i / (g->per_sec ? g->per_sec : 1));
	if (g->late && gen_rand(rng) % 8 == 0)
		t -= (int64_t)(gen_rand(rng) % (g->late + 1));
	if (g->back_at && i >= g->back_at && i < g->back_at + g->back_lines)
		t -= g->back_by;
	if (g->second_half_by && i >= g->lines / 2)
		t -= g->second_half_by;
	return t;
}

static inline size_t gen_line(const struct gen_spec *g, unsigned i, uint64_t *rng, char *out,
                              size_t cap)
{
	if ((g->malformed && i % g->malformed == g->malformed - 1) ||
	    (g->garbage_at && i >= g->garbage_at && i < g->garbage_at + g->garbage_lines)) {
		switch (i % 3) {
		case 0:
			return (size_t)snprintf(out, cap, "garbage line %u without a time\n", i);
		case 1:
			return (size_t)snprintf(out, cap, "\n");
		default:
			return (size_t)snprintf(out, cap,
			                        "10.9.9.9 - - [-] \"GET /x HTTP/1.1\" 200 1\n");
		}
	}
	static const int codes[] = {200, 200, 200, 200, 200, 304, 301, 404, 404, 500, 502, 206};
	int64_t t = gen_time_of(g, i, rng) + (int64_t)g->tz_minutes * 60;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char when[40];
	strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S", &tm);
	int tz = g->tz_minutes < 0 ? -g->tz_minutes : g->tz_minutes;
	uint32_t r = gen_rand(rng);
	if (g->json) {
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
		return (size_t)snprintf(
		        out, cap,
		        "{\"time\":\"%s%c%02d:%02d\",\"remote_addr\":\"10.%u.%u.%u\","
		        "\"request\":\"GET /item/%u?q=%u HTTP/1.1\",\"status\":%d,"
		        "\"body_bytes_sent\":%u,\"http_user_agent\":\"seek-test\"}\n",
		        when, g->tz_minutes < 0 ? '-' : '+', tz / 60, tz % 60, r & 255,
		        (r >> 8) & 255, i & 255, r % 97, i, codes[r % 12], (r >> 4) % 20000);
	}
	return (size_t)snprintf(out, cap,
	                        "10.%u.%u.%u - - [%s %c%02d%02d] \"GET /item/%u?q=%u HTTP/1.1\" %d "
	                        "%u \"-\" \"Mozilla/5.0 (X11; Linux x86_64) seek-test\"\n",
	                        r & 255, (r >> 8) & 255, i & 255, when,
	                        g->tz_minutes < 0 ? '-' : '+', tz / 60, tz % 60, r % 97, i,
	                        codes[r % 12], (r >> 4) % 20000);
}

/* The log as one malloc'd buffer of *len bytes. */
static inline char *gen_log(const struct gen_spec *g, size_t *len)
{
	size_t cap = (size_t)g->lines * 200 + 1, n = 0;
	char *buf = malloc(cap);
	uint64_t rng = 42;
	for (unsigned i = 0; i < g->lines && buf; i++)
		n += gen_line(g, i, &rng, buf + n, cap - n);
	*len = n;
	return buf;
}

#endif
