/* fuzz_scan.c — hostile text through format detection, every built-in format and the
 * scanner; the books must balance: lines = requests + no_status + malformed, the
 * timeline holds every timed request, the top-error table every error request, each
 * drill-down table (small, so that it overflows) every request, within its bounds, and
 * the labelled series (small too) every request, in rows or overflow; the text cut in two
 * and counted into two series tables merged gives the table of the whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drill.h"
#include "logformat.h"
#include "scan.h"
#include "series.h"
#include "toperr.h"

/* Two tables hold the same rows, counts, overflow and durations. */
static int same_series(struct series_table *a, struct series_table *b)
{
	series_sort(a);
	series_sort(b);
	if (series_count(a) != series_count(b) ||
	    series_overflow(a, -1, NULL) != series_overflow(b, -1, NULL) ||
	    memcmp(series_latency(a), series_latency(b), sizeof(struct durhist)) != 0)
		return 0;
	for (size_t i = 0; i < series_count(a); i++) {
		const struct series_row *x = series_row(a, i), *y = series_row(b, i);
		if (x->code != y->code || strcmp(x->method, y->method) ||
		    strcmp(x->vhost, y->vhost) || x->requests != y->requests ||
		    x->bytes != y->bytes)
			return 0;
	}
	for (int c = 0; c < TALLY_CODES; c++) {
		uint64_t ba = 0, bb = 0;
		if (series_overflow(a, c, &ba) != series_overflow(b, c, &bb) || ba != bb)
			return 0;
	}
	return 1;
}

/* Every request of t is in a row of s or in its overflow, by code; rows within the cap. */
static void check_series(const struct series_table *s, const struct tally *t, size_t cap)
{
	uint64_t sum[TALLY_CODES] = {0};
	for (size_t i = 0; i < series_count(s); i++)
		sum[series_row(s, i)->code] += series_row(s, i)->requests;
	for (int c = 0; c < TALLY_CODES; c++)
		if (sum[c] + series_overflow(s, c, NULL) != t->count[c])
			abort();
	if (series_count(s) > cap || series_latency(s)->count > t->requests)
		abort();
}

/* The text cut at a newline near its middle, each part scanned into a table of its own,
 * the two merged: the same table as whole's (formats without per-input state only). */
static void check_split(const struct logformat *f, const char *text, size_t len,
                        struct series_table *whole, size_t max_line)
{
	const char *mid = memchr(text + len / 2, '\n', len - len / 2);
	size_t cut = mid ? (size_t)(mid - text) + 1 : len;
	struct series_table *part[2] = {series_new_like(whole), series_new_like(whole)};
	struct series_table *merged = series_new_like(whole);
	struct tally *t = malloc(sizeof *t);
	if (part[0] && part[1] && merged && t) {
		for (int k = 0; k < 2; k++) {
			tally_init(t);
			struct scanner s;
			scanner_init(&s, f, t, 0, max_line);
			scanner_series(&s, part[k]);
			const char *p = k ? text + cut : text;
			size_t n = k ? len - cut : cut;
			size_t used = scanner_feed(&s, p, n);
			scanner_finish(&s, p + used, n - used);
		}
		series_merge(merged, part[1]);
		series_merge(merged, part[0]);
		if (!same_series(merged, whole))
			abort();
	}
	free(t);
	series_free(part[0]);
	series_free(part[1]);
	series_free(merged);
}

static const char *const formats[] = {"common", "combined", "vhost_combined", "combined_extra"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct logformat f;
	if (data[0] & 0x80)
		logformat_detect((const char *)data + 1, size - 1, 50, &f);
	else
		logformat_builtin(formats[data[0] % 4], &f);
	f.strict_tail = data[0] & 0x40 ? 1 : 0;
	struct tally t;
	tally_init(&t);
	struct scanner s;
	scanner_init(&s, &f, &t, 0, 256 + (data[0] & 0x3f) * 16);
	if (data[0] & 0x20)
		scanner_window(&s, 0, 2000000000);
	static struct toperr *top; /* 1.1 MB: allocated once, cleared per input */
	if (!top && !(top = toperr_new()))
		return 0;
	toperr_clear(top);
	scanner_collect(&s, top);
	static const int fields[BY_FIELDS] = {BY_PATH,   BY_REQUEST,    BY_METHOD,  BY_CLIENT,
	                                      BY_VHOST,  BY_USER_AGENT, BY_REFERER, BY_INPUT,
	                                      BY_MINUTE, BY_HOUR,       BY_DAY};
	struct drill *drill = drill_new(fields, BY_FIELDS, 16);
	if (!drill)
		return 0;
	drill->input_name = "fuzz";
	logformat_need(&f, drill_roles(drill));
	scanner_drill(&s, drill);
	size_t cap = 1 + (data[0] & 7);
	struct series_table *series =
	        series_new_keep(SERIES_VHOST | SERIES_METHOD, cap,
	                        data[0] & 8 ? SERIES_KEEP_LOWEST : SERIES_KEEP_FIRST);
	if (!series) {
		drill_free(drill);
		return 0;
	}
	logformat_need(&f, series_roles(series));
	scanner_series(&s, series);
	/* the straight-line parser and the item interpreter agree on every line */
	struct logformat generic = f;
	generic.fast = 0;
	struct logformat_state tca, tcb;
	logformat_state_init(&tca);
	logformat_state_init(&tcb);
	for (const uint8_t *p = data + 1, *end = data + size; p < end;) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		struct record ra, rb;
		enum malformed ma = logformat_parse(&f, (const char *)p, len, &tca, &ra);
		enum malformed mb = logformat_parse(&generic, (const char *)p, len, &tcb, &rb);
		if (ma != mb ||
		    (ma == MALFORMED_NONE &&
		     (ra.status != rb.status || ra.bytes != rb.bytes || ra.time != rb.time ||
		      ra.request.ptr != rb.request.ptr || ra.request.len != rb.request.len ||
		      ra.host.ptr != rb.host.ptr || ra.host.len != rb.host.len)))
			abort();
		p += len + 1;
	}
	/* exact-size copy so reads past the end are caught */
	char *copy = malloc(size - 1 ? size - 1 : 1);
	memcpy(copy, data + 1, size - 1);
	size_t used = scanner_feed(&s, copy, size - 1);
	scanner_finish(&s, copy + used, size - 1 - used);
	check_series(series, &t, cap);
	/* a window would need the same clock in both parts; the order-free choice only */
	if (!f.sequential && !(data[0] & 0x20) && (data[0] & 8))
		check_split(&f, copy, size - 1, series, s.max_line);
	series_free(series);
	free(copy);
	if (t.lines != t.requests + t.no_status + t.malformed)
		abort();
	uint64_t sum = 0;
	for (size_t i = 0; i < TALLY_CODES; i++)
		sum += t.count[i];
	if (sum != t.requests || timeline_total(&t.timeline) > t.requests ||
	    timeline_span(&t.timeline) > TIMELINE_BUCKETS)
		abort();
	uint64_t errors = 0, listed = 0;
	for (size_t i = TOPERR_MIN_STATUS; i < TALLY_CODES; i++)
		errors += t.count[i];
	for (size_t i = 0; i < top->n; i++)
		listed += top->e[i].count;
	if (toperr_exact(top) && listed != errors)
		abort();
	for (size_t i = 0; i < drill->nfields; i++) {
		const struct breakdown *b = drill->by[i];
		uint64_t rows = 0;
		for (size_t k = 0; k < b->n; k++) {
			const struct breakdown_row *r = &b->rows[k];
			uint64_t split = 0;
			for (int c = 0; c < BREAKDOWN_CLASSES; c++)
				split += r->classes[c];
			if (r->max_error > r->count || split > r->count ||
			    r->len > BREAKDOWN_KEY_LEN)
				abort();
			rows += r->count - r->max_error;
		}
		if (b->requests + b->missing != t.requests || b->n > b->cap || rows > b->requests ||
		    (breakdown_exact(b) && rows != b->requests))
			abort();
	}
	drill_free(drill);
	return 0;
}
