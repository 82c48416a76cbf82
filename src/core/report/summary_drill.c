/* summary_drill.c — the drill-down of a JSON report read back for `logstat merge`:
 * latency sketches of classes and codes (their buckets), the `by` list and the --status
 * filter. Every count is checked against the others, as in summary_read.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

#include "json_read.h"

struct rd {
	const struct json_doc *d;
	char *err;
	size_t errsize;
};

static int bad(struct rd *r, size_t node, const char *what)
{
	snprintf(r->err, r->errsize, "offset %zu: %s", node ? r->d->nodes[node].offset : 0, what);
	return -1;
}

static int uint_of(struct rd *r, size_t obj, const char *key, uint64_t *out)
{
	size_t node = json_member(r->d, obj, key);
	if (json_uint(r->d, node, out) != 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "expected a non-negative integer for %s", key);
		return bad(r, node ? node : obj, msg);
	}
	return 0;
}

/* "latency_ms": null or {count, max_us, buckets: [[index, count], ...]} into l (empty). */
static int read_latency(struct rd *r, size_t obj, struct latency *l, uint64_t most)
{
	size_t node = json_member(r->d, obj, "latency_ms");
	if (!node || r->d->nodes[node].type == JSON_NULL)
		return 0;
	uint64_t count, max_us, sum = 0;
	size_t arr = json_member(r->d, node, "buckets");
	if (r->d->nodes[node].type != JSON_OBJECT || uint_of(r, node, "count", &count) ||
	    uint_of(r, node, "max_us", &max_us) || !arr || r->d->nodes[arr].type != JSON_ARRAY)
		return bad(r, node, "latency_ms needs count, max_us and buckets");
	if (count > most || max_us > INT64_MAX)
		return bad(r, node, "latency_ms counts more durations than requests");
	unsigned top = 0;
	for (size_t b = r->d->nodes[arr].child; b; b = r->d->nodes[b].next) {
		size_t i = r->d->nodes[b].child, c = i ? r->d->nodes[i].next : 0;
		uint64_t index, n;
		if (r->d->nodes[b].type != JSON_ARRAY || r->d->nodes[b].count != 2 ||
		    json_uint(r->d, i, &index) || json_uint(r->d, c, &n) ||
		    index > LATENCY_MAX_INDEX || n > count - sum)
			return bad(r, b, "a latency bucket is not [index, count] within the count");
		if (latency_add_bucket(l, (unsigned)index, n) != 0)
			return bad(r, b, "out of memory");
		sum += n;
		top = (unsigned)index > top ? (unsigned)index : top;
	}
	if (sum != count || (count && latency_index((int64_t)max_us) != top))
		return bad(r, node,
		           "latency buckets do not add up to count, or max_us is not in "
		           "the highest bucket");
	l->max_us = count ? (int64_t)max_us : -1;
	return 0;
}

static int read_class_latency(struct rd *r, size_t root, struct summary *s)
{
	static const char *const names[DRILL_CLASSES] = {"other", "1xx", "2xx",
	                                                 "3xx",   "4xx", "5xx"};
	size_t arr = json_member(r->d, root, "classes");
	for (size_t c = arr ? r->d->nodes[arr].child : 0; c; c = r->d->nodes[c].next) {
		size_t len;
		const char *name = json_string(r->d, json_member(r->d, c, "class"), &len);
		for (int k = 0; name && k < DRILL_CLASSES; k++) {
			uint64_t most = 0;
			for (int code = 0; code < TALLY_CODES; code++)
				most += (code / 100 == k || (k == 0 && (code < 100 || code >= 600)))
				                ? s->total.count[code]
				                : 0;
			if (strcmp(name, names[k]) == 0 &&
			    read_latency(r, c, &s->drill->cls[k], most) != 0)
				return -1;
		}
	}
	arr = json_member(r->d, root, "codes");
	for (size_t c = arr ? r->d->nodes[arr].child : 0; c; c = r->d->nodes[c].next) {
		uint64_t code;
		if (json_uint(r->d, json_member(r->d, c, "code"), &code) == 0 &&
		    code < TALLY_CODES &&
		    read_latency(r, c, &s->drill->code[code], s->total.count[code]) != 0)
			return -1;
	}
	for (int k = 0; k < DRILL_CLASSES; k++)
		s->drill->durations += s->drill->cls[k].count;
	return 0;
}

static int read_row(struct rd *r, size_t c, struct breakdown *b)
{
	struct breakdown_row row;
	memset(&row, 0, sizeof row);
	latency_init(&row.lat);
	size_t len, cls = json_member(r->d, c, "classes"), codes = json_member(r->d, c, "codes");
	const char *v = json_string(r->d, json_member(r->d, c, "value"), &len);
	if (!v || len > BREAKDOWN_KEY_LEN || uint_of(r, c, "count", &row.count) ||
	    uint_of(r, c, "max_error", &row.max_error) ||
	    uint_of(r, c, "other_codes", &row.other_codes) || !cls || !codes ||
	    r->d->nodes[codes].type != JSON_OBJECT)
		return bad(r, c,
		           "a row needs value (up to 120 bytes), count, max_error, classes, "
		           "codes and other_codes");
	memcpy(row.key, v, len);
	row.len = (uint8_t)len;
	static const char *const names[BREAKDOWN_CLASSES] = {"other", "1xx", "2xx",
	                                                     "3xx",   "4xx", "5xx"};
	uint64_t split = 0, coded = row.other_codes;
	for (int k = 0; k < BREAKDOWN_CLASSES; k++) {
		if (uint_of(r, cls, names[k], &row.classes[k]) != 0)
			return -1;
		split += row.classes[k];
	}
	for (size_t k = r->d->nodes[codes].child; k; k = r->d->nodes[k].next) {
		uint64_t n;
		const char *key = r->d->strings + r->d->nodes[k].key;
		int digits = r->d->nodes[k].key_len == 3;
		for (int i = 0; digits && i < 3; i++)
			digits = key[i] >= '0' && key[i] <= '9';
		if (!digits || row.ncodes >= BREAKDOWN_CODES || json_uint(r->d, k, &n) != 0)
			return bad(r, k, "row codes are up to eight \"NNN\": count members");
		uint16_t code =
		        (uint16_t)((key[0] - '0') * 100 + (key[1] - '0') * 10 + (key[2] - '0'));
		/* kept ascending, as breakdown.h holds them (older reports list them as met) */
		uint8_t at = row.ncodes;
		while (at > 0 && row.code[at - 1] > code) {
			row.code[at] = row.code[at - 1];
			row.code_count[at] = row.code_count[at - 1];
			at--;
		}
		if (at > 0 && row.code[at - 1] == code)
			return bad(r, k, "a row code listed twice");
		row.code[at] = code;
		row.code_count[at] = n;
		row.ncodes++;
		coded += n;
	}
	if (row.max_error > row.count || split > row.count || coded != split ||
	    (b->floor == 0 && (row.max_error || split != row.count)))
		return bad(r, c, "a row whose classes, codes, count and max_error do not add up");
	if (read_latency(r, c, &row.lat, split) != 0) {
		latency_free(&row.lat);
		return -1;
	}
	int rc = breakdown_put(b, &row);
	latency_free(&row.lat);
	return rc ? bad(r, c, "a value listed twice, or more rows than the capacity") : 0;
}

static int read_by_field(struct rd *r, size_t obj, struct breakdown *b)
{
	size_t appr = json_member(r->d, obj, "approximate"), rows = json_member(r->d, obj, "rows");
	if (!appr || !rows || r->d->nodes[rows].type != JSON_ARRAY ||
	    (r->d->nodes[appr].type != JSON_TRUE && r->d->nodes[appr].type != JSON_FALSE) ||
	    uint_of(r, obj, "requests", &b->requests) || uint_of(r, obj, "missing", &b->missing) ||
	    uint_of(r, obj, "unlisted_max", &b->floor))
		return bad(r, obj,
		           "a by entry needs field, approximate, requests, missing, "
		           "unlisted_max and rows");
	if ((r->d->nodes[appr].type == JSON_TRUE) != (b->floor != 0))
		return bad(r, obj, "approximate must be true exactly when unlisted_max is not 0");
	uint64_t sum = 0;
	for (size_t c = r->d->nodes[rows].child; c; c = r->d->nodes[c].next) {
		if (read_row(r, c, b) != 0)
			return -1;
		sum += b->rows[b->n - 1].count - b->rows[b->n - 1].max_error;
	}
	if (sum > b->requests || (b->floor == 0 && sum != b->requests))
		return bad(r, obj, "the rows do not add up to requests");
	return 0;
}

static int read_by(struct rd *r, size_t root, struct summary *s)
{
	size_t arr = json_member(r->d, root, "by");
	if (!arr)
		return 0;
	if (r->d->nodes[arr].type != JSON_ARRAY)
		return bad(r, arr, "expected an array for by");
	int fields[BY_FIELDS];
	size_t n = 0;
	for (size_t c = r->d->nodes[arr].child; c; c = r->d->nodes[c].next) {
		size_t len;
		const char *f = json_string(r->d, json_member(r->d, c, "field"), &len);
		int field = f ? drill_field_parse(f, len) : -1;
		for (size_t i = 0; i < n && field >= 0; i++)
			field = fields[i] == field ? -1 : field;
		if (field < 0 || n >= BY_FIELDS)
			return bad(r, c, "a by entry whose field is unknown or repeated");
		fields[n++] = field;
	}
	struct drill *d = drill_new(fields, n, 0);
	if (!d)
		return bad(r, arr, "out of memory");
	for (int k = 0; k < DRILL_CLASSES; k++) /* keep what was read already */
		latency_merge(&d->cls[k], &s->drill->cls[k]);
	for (int k = 0; k < DRILL_CODES; k++)
		if (s->drill->code[k].count)
			latency_merge(&d->code[k], &s->drill->code[k]);
	d->durations = s->drill->durations;
	drill_free(s->drill);
	s->drill = d;
	size_t i = 0;
	for (size_t c = r->d->nodes[arr].child; c; c = r->d->nodes[c].next, i++)
		if (read_by_field(r, c, d->by[i]) != 0)
			return -1;
	return 0;
}

static int read_filter(struct rd *r, size_t root, struct summary *s)
{
	size_t obj = json_member(r->d, root, "filter");
	if (!obj)
		return 0;
	size_t len;
	const char *spec = json_string(r->d, json_member(r->d, obj, "status"), &len);
	char err[256];
	if (!spec || strlen(spec) != len || statusfilter_parse(spec, &s->filter, err, sizeof err))
		return bad(r, obj, "filter needs a valid --status spec in status");
	s->have_filter = 1;
	return uint_of(r, obj, "left_out", &s->total.filtered);
}

int summary_read_drill(const struct json_doc *d, size_t root, struct summary *s, char *err,
                       size_t errsize)
{
	struct rd r = {d, err, errsize};
	if (!(s->drill = drill_new(NULL, 0, 0)))
		return bad(&r, root, "out of memory");
	return read_class_latency(&r, root, s) || read_by(&r, root, s) || read_filter(&r, root, s)
	               ? -1
	               : 0;
}
