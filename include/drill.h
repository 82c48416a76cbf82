/* drill.h — the drill-down of a run: requests counted by the fields asked for with --by
 * (breakdown.h) and latency sketches per class and per code (latency.h). One drill per
 * scanning thread, merged at the end of each input into the run's; plain heap data owned
 * by whoever created it, not thread-safe. */
#ifndef DRILL_H
#define DRILL_H

#include <stddef.h>
#include <stdint.h>

#include "breakdown.h"
#include "latency.h"
#include "logformat.h"

enum drill_field {
	BY_PATH,    /* the target without its query string */
	BY_REQUEST, /* METHOD TARGET, query string removed (as top error requests) */
	BY_METHOD,
	BY_CLIENT,
	BY_VHOST,
	BY_USER_AGENT,
	BY_REFERER,
	BY_INPUT,  /* the input's name */
	BY_MINUTE, /* UTC time buckets: 2026-11-30T01:02Z, listed in time order */
	BY_HOUR,
	BY_DAY,
	BY_FIELDS
};

/* "path", "user_agent", … and back (-1: unknown); drill_field_names lists them. */
const char *drill_field_name(int field);
int drill_field_parse(const char *name, size_t len);
const char *drill_field_names(void);
/* Time buckets list every bucket in time order rather than the top values. */
static inline int drill_field_is_time(int field)
{
	return field == BY_MINUTE || field == BY_HOUR || field == BY_DAY;
}

#define DRILL_CLASSES 6 /* as tally.h: 0 = other, 1..5 = 1xx..5xx */
#define DRILL_CODES 1000

struct drill {
	size_t nfields;
	size_t nasked; /* fields[0..nasked) were asked for (--by); the rest the report adds
	                  for itself (drill_also) and are not shown as --by sections */
	int fields[BY_FIELDS];
	struct breakdown *by[BY_FIELDS]; /* by[i] counts fields[i] */
	const char *input_name;          /* for BY_INPUT; not owned, set by the caller */
	uint64_t durations;              /* requests with a duration */
	int lost;                        /* out of memory at some point: some latency lost */
	struct latency cls[DRILL_CLASSES];
	struct latency code[DRILL_CODES];
	int64_t bucket_t[3]; /* the last time bucket formatted per width, and its text */
	char bucket_s[3][24];
};

/* A drill counting by fields[0..n) (duplicates ignored), or NULL when out of memory.
 * cap: rows per field (0: BREAKDOWN_CAPACITY). */
struct drill *drill_new(const int *fields, size_t n, size_t cap);
/* Also count by field (not an asked-for section: the report's own use), unless counted
 * already. Returns 0, or -1 when out of memory. Before counting only. */
int drill_also(struct drill *d, int field);

/* An empty drill with the same fields, capacity and input name. */
struct drill *drill_new_like(const struct drill *proto);
void drill_free(struct drill *d);

/* Forget every count (fields, capacity and input name are kept). */
void drill_clear(struct drill *d);

/* Which record fields the drill needs parsed (logformat_need's mask). */
unsigned drill_roles(const struct drill *d);

/* Count one request (status >= 0). */
void drill_add(struct drill *d, const struct record *r);

/* Add src into dst (same fields). */
void drill_merge(struct drill *dst, const struct drill *src);

/* Stop counting (and showing) the fields other lacks: a merge of reports keeps only the
 * --by sections every report has, since a missing one has unknown counts. */
void drill_restrict(struct drill *d, const struct drill *other);

/* The breakdown of field, or NULL when not counted. */
const struct breakdown *drill_by(const struct drill *d, int field);

#endif
