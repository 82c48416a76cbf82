/* tally.c — counting outside the hot path: malformed lines, merging, class sums. */
#include "tally.h"

#include <stddef.h>
#include <string.h>

#include "codes.h"

void tally_init(struct tally *t)
{
	/* the timeline is zeroed by its own init: once is enough (a run over many small
	 * inputs initialises a tally per input) */
	memset(t, 0, offsetof(struct tally, timeline));
	t->first = t->last = RECORD_NO_TIME;
	timeline_init(&t->timeline);
}

void tally_upstream_add(struct tally_upstream *u, int code, uint64_t n)
{
	u->lines += n;
	if (code < 0) {
		u->none += n;
		return;
	}
	for (size_t i = 0; i < u->n; i++)
		if (u->code[i].code == code) {
			u->code[i].count += n;
			return;
		}
	if (u->n == TALLY_UPSTREAM) {
		u->others += n;
		return;
	}
	size_t at = u->n++;
	while (at > 0 && u->code[at - 1].code > code) { /* kept in code order */
		u->code[at] = u->code[at - 1];
		at--;
	}
	u->code[at].code = (uint16_t)code;
	u->code[at].count = n;
}

void tally_record_rare(struct tally *t, const struct record *r)
{
	if (r->shape < SHAPE_COUNT)
		t->shapes[r->shape]++;
	if (r->upstream != RECORD_NO_UPSTREAM && r->status >= 0)
		tally_upstream_add(&t->upstream, r->upstream, 1);
}

static void upstream_merge(struct tally_upstream *dst, const struct tally_upstream *src)
{
	uint64_t lines = sat_add(dst->lines, src->lines);
	sat_inc(&dst->none, src->none);
	sat_inc(&dst->others, src->others);
	for (size_t i = 0; i < src->n; i++)
		tally_upstream_add(dst, src->code[i].code, src->code[i].count);
	dst->lines = lines;
}

static void keep_example(struct tally *t, const struct tally_example *ex)
{
	size_t at = t->nexamples;
	while (at > 0 &&
	       (t->examples[at - 1].input > ex->input ||
	        (t->examples[at - 1].input == ex->input && t->examples[at - 1].line > ex->line)))
		at--;
	if (at >= TALLY_EXAMPLES)
		return;
	size_t keep = t->nexamples < TALLY_EXAMPLES ? t->nexamples : TALLY_EXAMPLES - 1;
	memmove(&t->examples[at + 1], &t->examples[at], (keep - at) * sizeof *ex);
	t->examples[at] = *ex;
	if (t->nexamples < TALLY_EXAMPLES)
		t->nexamples++;
}

void tally_malformed(struct tally *t, enum malformed why, uint32_t input, uint64_t line,
                     const char *text, size_t len)
{
	t->lines++;
	t->malformed++;
	t->malformed_by[why]++;
	if (t->nexamples >= TALLY_EXAMPLES)
		return;
	struct tally_example ex = {.input = input, .line = line, .reason = why};
	ex.truncated = len > TALLY_EXAMPLE_LEN;
	ex.len = (uint16_t)(len > TALLY_EXAMPLE_LEN ? TALLY_EXAMPLE_LEN : len);
	if (ex.len)
		memcpy(ex.text, text, ex.len);
	keep_example(t, &ex);
}

void tally_merge(struct tally *dst, const struct tally *src)
{
	sat_inc(&dst->lines, src->lines); /* saturating: a merged count never wraps */
	sat_inc(&dst->requests, src->requests);
	sat_inc(&dst->no_status, src->no_status);
	sat_inc(&dst->malformed, src->malformed);
	sat_inc(&dst->bytes, src->bytes);
	sat_inc(&dst->outside, src->outside);
	sat_inc(&dst->filtered, src->filtered);
	sat_inc(&dst->directives, src->directives);
	for (size_t i = 0; i < SHAPE_COUNT; i++)
		sat_inc(&dst->shapes[i], src->shapes[i]);
	upstream_merge(&dst->upstream, &src->upstream);
	for (size_t i = 0; i < TALLY_CODES; i++) {
		sat_inc(&dst->count[i], src->count[i]);
		sat_inc(&dst->code_bytes[i], src->code_bytes[i]);
	}
	for (size_t i = 0; i < MALFORMED_COUNT; i++)
		sat_inc(&dst->malformed_by[i], src->malformed_by[i]);
	if (src->first != RECORD_NO_TIME &&
	    (dst->first == RECORD_NO_TIME || src->first < dst->first)) {
		dst->first = src->first;
		dst->first_tz = src->first_tz;
	}
	if (src->last != RECORD_NO_TIME && (dst->last == RECORD_NO_TIME || src->last > dst->last)) {
		dst->last = src->last;
		dst->last_tz = src->last_tz;
	}
	for (size_t i = 0; i < src->nexamples; i++)
		keep_example(dst, &src->examples[i]);
	timeline_merge(&dst->timeline, &src->timeline);
}

/* The codes of a class: cls*100 .. cls*100+99 for 1xx..5xx; other is 000-099 and 600-999
 * (the same split as codes_class, without a call per code: renderers ask this per input). */
static uint64_t class_sum(const uint64_t *v, int cls)
{
	uint64_t sum = 0;
	if (cls >= 1 && cls <= 5) {
		for (int c = cls * 100; c < cls * 100 + 100; c++)
			sum = sat_add(sum, v[c]);
		return sum;
	}
	for (int c = 0; c < 100; c++)
		sum = sat_add(sum, v[c]);
	for (int c = 600; c < TALLY_CODES; c++)
		sum = sat_add(sum, v[c]);
	return sum;
}

uint64_t tally_class_count(const struct tally *t, int cls)
{
	return class_sum(t->count, cls);
}

uint64_t tally_class_bytes(const struct tally *t, int cls)
{
	return class_sum(t->code_bytes, cls);
}
