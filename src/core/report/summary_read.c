/* summary_read.c — the JSON report back into tallies: totals, codes, malformed reasons
 * and examples, time range, timeline, top error requests, and each input with its codes.
 * Classes and percentages are derived data and are not read. Every count is checked. */
#include "summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "satmath.h"
#include "timespec.h"

struct reader {
	struct json_doc d;
	char *err;
	size_t errsize;
};

static int bad(struct reader *rd, size_t node, const char *what, const char *key)
{
	snprintf(rd->err, rd->errsize, "offset %zu: %s%s%s", node ? rd->d.nodes[node].offset : 0,
	         what, key ? " " : "", key ? key : "");
	return -1;
}

static int get_uint(struct reader *rd, size_t obj, const char *key, uint64_t *out)
{
	size_t node = json_member(&rd->d, obj, key);
	if (json_uint(&rd->d, node, out) != 0)
		return bad(rd, node ? node : obj, "expected a non-negative integer for", key);
	return 0;
}

static int get_time(struct reader *rd, size_t obj, const char *key, int64_t *t, int *tz)
{
	size_t node = json_member(&rd->d, obj, key), len;
	int has_tz;
	if (node && rd->d.nodes[node].type == JSON_NULL) {
		*t = RECORD_NO_TIME;
		*tz = 0;
		return 0;
	}
	const char *s = json_string(&rd->d, node, &len);
	if (!s || timespec_parse_iso(s, len, t, tz, &has_tz) != 0 || !has_tz)
		return bad(rd, node ? node : obj,
		           "expected null or an ISO 8601 time with offset for", key);
	return 0;
}

/* lines, requests, no_status, malformed, bytes, first, last of obj into t. */
static int read_counts(struct reader *rd, size_t obj, struct tally *t)
{
	if (get_uint(rd, obj, "lines", &t->lines) || get_uint(rd, obj, "requests", &t->requests) ||
	    get_uint(rd, obj, "no_status", &t->no_status) ||
	    get_uint(rd, obj, "malformed", &t->malformed) ||
	    get_uint(rd, obj, "bytes", &t->bytes) ||
	    get_time(rd, obj, "first", &t->first, &t->first_tz) ||
	    get_time(rd, obj, "last", &t->last, &t->last_tz))
		return -1;
	if (t->lines != sat_add(sat_add(t->requests, t->no_status), t->malformed))
		return bad(rd, obj, "lines is not requests + no_status + malformed", NULL);
	/* absent in summaries written before windows were reported */
	if (json_member(&rd->d, obj, "outside_window"))
		return get_uint(rd, obj, "outside_window", &t->outside);
	return 0;
}

static size_t get_array(struct reader *rd, size_t obj, const char *key)
{
	size_t node = json_member(&rd->d, obj, key);
	if (!node || rd->d.nodes[node].type != JSON_ARRAY)
		return bad(rd, node ? node : obj, "expected an array for", key), 0;
	return node;
}

/* codes: [{code, count, bytes}, ...] into t; their counts must sum to t->requests. */
static int read_codes(struct reader *rd, size_t obj, struct tally *t)
{
	size_t arr = get_array(rd, obj, "codes");
	if (!arr)
		return -1;
	uint64_t sum = 0, bytes = 0;
	for (size_t c = rd->d.nodes[arr].child; c; c = rd->d.nodes[c].next) {
		uint64_t code, count, b;
		if (get_uint(rd, c, "code", &code) || get_uint(rd, c, "count", &count) ||
		    get_uint(rd, c, "bytes", &b))
			return -1;
		if (code >= TALLY_CODES || t->count[code])
			return bad(rd, c, "a code out of range or listed twice", NULL);
		t->count[code] = count;
		t->code_bytes[code] = b;
		sum = sat_add(sum, count);
		bytes = sat_add(bytes, b);
	}
	if (sum != t->requests || bytes != t->bytes)
		return bad(rd, arr, "the codes do not add up to requests and bytes", NULL);
	return 0;
}

static int read_reasons(struct reader *rd, size_t root, struct tally *t)
{
	size_t obj = json_member(&rd->d, root, "malformed_reasons");
	if (!obj || rd->d.nodes[obj].type != JSON_OBJECT)
		return bad(rd, obj ? obj : root, "expected an object for", "malformed_reasons");
	uint64_t sum = 0;
	for (size_t c = rd->d.nodes[obj].child; c; c = rd->d.nodes[c].next) {
		const char *key = rd->d.strings + rd->d.nodes[c].key;
		int m = 1;
		while (m < MALFORMED_COUNT && strcmp(key, malformed_name((enum malformed)m)) != 0)
			m++;
		if (m == MALFORMED_COUNT)
			return bad(rd, c, "unknown malformed reason", key);
		if (json_uint(&rd->d, c, &t->malformed_by[m]) != 0)
			return bad(rd, c, "expected a count for", key);
		sum = sat_add(sum, t->malformed_by[m]);
	}
	if (sum != t->malformed)
		return bad(rd, obj, "malformed_reasons do not add up to malformed", NULL);
	return 0;
}

static void set_name(char *dst, size_t size, const char *label, const char *name)
{
	if (label[0])
		snprintf(dst, size, "%s:%s", label, name);
	else
		snprintf(dst, size, "%s", name);
}

/* A format or compression name as logstat writes them: letters, digits, "_.:+-", no more
 * than fits. Anything else (terminal escapes, controls) is refused, not printed later. */
static int plain_name(const char *s, size_t size)
{
	size_t n = strlen(s);
	if (n == 0 || n >= size)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("_.:+-", c)))
			return 0;
	}
	return 1;
}

static int read_input(struct reader *rd, size_t obj, const char *label, struct input_result *in)
{
	memset(in, 0, sizeof *in);
	tally_init(&in->tally);
	size_t len;
	const char *name = json_string(&rd->d, json_member(&rd->d, obj, "name"), &len);
	const char *format = json_string(&rd->d, json_member(&rd->d, obj, "format"), NULL);
	const char *comp = json_string(&rd->d, json_member(&rd->d, obj, "compression"), NULL);
	if (!name || !format || !comp)
		return bad(rd, obj, "an input needs name, format and compression strings", NULL);
	if (!plain_name(format, sizeof in->format))
		return bad(rd, json_member(&rd->d, obj, "format"),
		           "an input's format is not a format name", NULL);
	if (strcmp(comp, "plain") != 0 && strcmp(comp, "gzip") != 0 && strcmp(comp, "zstd") != 0 &&
	    strcmp(comp, "unknown") != 0)
		return bad(rd, json_member(&rd->d, obj, "compression"),
		           "an input's compression is not plain, gzip, zstd or unknown", NULL);
	set_name(in->name, sizeof in->name, label, name);
	snprintf(in->format, sizeof in->format, "%s", format);
	snprintf(in->compression, sizeof in->compression, "%s", comp);
	size_t err = json_member(&rd->d, obj, "error");
	const char *msg = json_string(&rd->d, err, NULL);
	if (msg) {
		in->failed = 1;
		snprintf(in->error, sizeof in->error, "%s", msg);
	} else if (!err || rd->d.nodes[err].type != JSON_NULL) {
		return bad(rd, err ? err : obj, "expected null or a string for", "error");
	}
	if (read_counts(rd, obj, &in->tally) != 0 || read_codes(rd, obj, &in->tally) != 0)
		return -1;
	return 0;
}

static int read_inputs(struct reader *rd, size_t root, const char *label, struct summary *s)
{
	size_t arr = get_array(rd, root, "inputs");
	if (!arr)
		return -1;
	struct input_result *in = malloc(sizeof *in); /* one at a time, then kept compact */
	if (!in)
		return bad(rd, arr, "out of memory", NULL);
	int rc = 0;
	for (size_t c = rd->d.nodes[arr].child; c && rc == 0; c = rd->d.nodes[c].next) {
		rc = read_input(rd, c, label, in);
		if (rc == 0 && report_inputs_add(&s->inputs, in) != 0)
			rc = bad(rd, c, "out of memory", NULL);
	}
	free(in);
	return rc;
}

static uint32_t input_index(const struct summary *s, const char *label, const char *name)
{
	char full[4096];
	set_name(full, sizeof full, label, name);
	for (size_t i = 0; i < s->inputs.n; i++)
		if (strcmp(s->inputs.v[i].name, full) == 0)
			return (uint32_t)i;
	return 0;
}

static int read_example(struct reader *rd, size_t c, const char *label, struct summary *s)
{
	struct tally_example *ex = &s->total.examples[s->total.nexamples];
	size_t tlen;
	uint64_t line;
	const char *input = json_string(&rd->d, json_member(&rd->d, c, "input"), NULL);
	const char *reason = json_string(&rd->d, json_member(&rd->d, c, "reason"), NULL);
	const char *text = json_string(&rd->d, json_member(&rd->d, c, "text"), &tlen);
	size_t trunc = json_member(&rd->d, c, "truncated");
	if (!input || !reason || !text || !trunc || get_uint(rd, c, "line", &line) != 0)
		return bad(rd, c, "an example needs input, line, reason, text and truncated", NULL);
	int m = 1;
	while (m < MALFORMED_COUNT && strcmp(reason, malformed_name((enum malformed)m)) != 0)
		m++;
	if (m == MALFORMED_COUNT)
		return bad(rd, c, "unknown malformed reason", reason);
	*ex = (struct tally_example){
	        .input = input_index(s, label, input), .line = line, .reason = (enum malformed)m};
	ex->len = (uint16_t)(tlen < TALLY_EXAMPLE_LEN ? tlen : TALLY_EXAMPLE_LEN);
	memcpy(ex->text, text, ex->len);
	ex->truncated = rd->d.nodes[trunc].type == JSON_TRUE || tlen > TALLY_EXAMPLE_LEN;
	s->total.nexamples++;
	return 0;
}

static int read_examples(struct reader *rd, size_t root, const char *label, struct summary *s)
{
	size_t arr = get_array(rd, root, "malformed_examples");
	if (!arr)
		return -1;
	for (size_t c = rd->d.nodes[arr].child; c && s->total.nexamples < TALLY_EXAMPLES;
	     c = rd->d.nodes[c].next)
		if (read_example(rd, c, label, s) != 0)
			return -1;
	return 0;
}

static const char *const class_keys[TIMELINE_CLASSES] = {"other", "1xx", "2xx",
                                                         "3xx",   "4xx", "5xx"};

static int read_bucket(struct reader *rd, size_t b, int64_t width, struct timeline *tl)
{
	int64_t start;
	int tz;
	if (get_time(rd, b, "start", &start, &tz) != 0)
		return -1;
	if (start == RECORD_NO_TIME || start % width != 0)
		return bad(rd, b, "a bucket start not aligned to bucket_seconds", NULL);
	for (int c = 0; c < TIMELINE_CLASSES; c++) {
		uint64_t n;
		if (get_uint(rd, b, class_keys[c], &n) != 0)
			return -1;
		if (n)
			timeline_add_at_width(tl, width, start, c, n);
	}
	return 0;
}

/* "timeline" (absent in reports older than it: nothing to add). */
static int read_timeline(struct reader *rd, size_t root, struct tally *t)
{
	size_t obj = json_member(&rd->d, root, "timeline");
	if (!obj)
		return 0;
	uint64_t width;
	if (get_uint(rd, obj, "bucket_seconds", &width) != 0)
		return -1;
	size_t arr = get_array(rd, obj, "buckets");
	if (!arr)
		return -1;
	if (rd->d.nodes[arr].count && !timeline_valid_width((int64_t)width))
		return bad(rd, obj, "bucket_seconds is not a width logstat uses", NULL);
	for (size_t b = rd->d.nodes[arr].child; b; b = rd->d.nodes[b].next)
		if (read_bucket(rd, b, (int64_t)width, &t->timeline) != 0)
			return -1;
	if (timeline_total(&t->timeline) > t->requests)
		return bad(rd, arr, "the timeline counts more than requests", NULL);
	return 0;
}

static int read_top_entry(struct reader *rd, size_t c, struct toperr *top)
{
	uint64_t code, count, max_error;
	size_t len;
	const char *req = json_string(&rd->d, json_member(&rd->d, c, "request"), &len);
	if (!req || get_uint(rd, c, "code", &code) || get_uint(rd, c, "count", &count) ||
	    get_uint(rd, c, "max_error", &max_error))
		return bad(rd, c, "an entry needs code, request, count and max_error", NULL);
	if (code < TOPERR_MIN_STATUS || code >= TALLY_CODES || max_error > count)
		return bad(rd, c, "an entry with a code below 400 or an error above its count",
		           NULL);
	if (toperr_put(top, (int)code, (const unsigned char *)req, len, count, max_error) != 0)
		return bad(rd, c, "a request listed twice (or too many)", NULL);
	return 0;
}

/* "top_errors" into s->top. Its floor (the most a request not listed can count) is
 * unlisted_max; without the key at all, every error request of the report. */
static int read_top_errors(struct reader *rd, size_t root, struct summary *s)
{
	if (!(s->top = toperr_new()))
		return bad(rd, root, "out of memory", NULL);
	size_t obj = json_member(&rd->d, root, "top_errors");
	if (!obj) {
		for (int c = TOPERR_MIN_STATUS; c < TALLY_CODES; c++)
			sat_inc(&s->top->floor, s->total.count[c]);
		return 0;
	}
	size_t exact = json_member(&rd->d, obj, "exact"), arr = get_array(rd, obj, "entries");
	if (!arr)
		return -1;
	if (!exact ||
	    (rd->d.nodes[exact].type != JSON_TRUE && rd->d.nodes[exact].type != JSON_FALSE))
		return bad(rd, exact ? exact : obj, "expected true or false for", "exact");
	for (size_t c = rd->d.nodes[arr].child; c; c = rd->d.nodes[c].next)
		if (read_top_entry(rd, c, s->top) != 0)
			return -1;
	if (get_uint(rd, obj, "unlisted_max", &s->top->floor) != 0)
		return -1;
	if (rd->d.nodes[exact].type == JSON_FALSE && s->top->floor == 0)
		return bad(rd, obj, "exact is false but unlisted_max is 0", NULL);
	return 0;
}

int summary_parse(const char *text, size_t len, const char *label, struct summary *s, char *err,
                  size_t errsize)
{
	memset(s, 0, sizeof *s);
	tally_init(&s->total);
	struct reader rd = {.err = err, .errsize = errsize};
	if (json_parse(&rd.d, text, len, err, errsize) != 0)
		return -1;
	int rc = -1;
	if (rd.d.nodes[1].type != JSON_OBJECT || !json_member(&rd.d, 1, "version"))
		bad(&rd, 1, "not a logstat JSON report (no \"version\")", NULL);
	else if (read_counts(&rd, 1, &s->total) == 0 && read_reasons(&rd, 1, &s->total) == 0 &&
	         read_codes(&rd, 1, &s->total) == 0 && read_inputs(&rd, 1, label, s) == 0 &&
	         read_examples(&rd, 1, label, s) == 0 && read_timeline(&rd, 1, &s->total) == 0 &&
	         read_top_errors(&rd, 1, s) == 0 &&
	         summary_read_drill(&rd.d, 1, s, err, errsize) == 0)
		rc = 0;
	json_free(&rd.d);
	if (rc != 0)
		summary_free(s);
	return rc;
}

void summary_free(struct summary *s)
{
	toperr_free(s->top);
	s->top = NULL;
	drill_free(s->drill);
	s->drill = NULL;
	report_inputs_free(&s->inputs);
}
