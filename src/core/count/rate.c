/* rate.c — a ring of RATE_SECONDS one-second slots per class. Moving to a later second
 * clears the slots skipped over, so quiet periods read as zeros, not stale counts. */
#include "rate.h"

#include <string.h>

static int64_t second_of(int64_t ms)
{
	return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

static size_t slot_of(int64_t sec)
{
	int64_t m = sec % RATE_SECONDS;
	return (size_t)(m < 0 ? m + RATE_SECONDS : m);
}

void rate_init(struct rate *r, int64_t now_ms)
{
	memset(r, 0, sizeof *r);
	r->start_ms = now_ms;
	r->head = second_of(now_ms);
}

static void advance(struct rate *r, int64_t sec)
{
	if (sec <= r->head)
		return;
	if (sec - r->head >= RATE_SECONDS) {
		memset(r->count, 0, sizeof r->count);
	} else {
		for (int64_t s = r->head + 1; s <= sec; s++)
			memset(r->count[slot_of(s)], 0, sizeof r->count[0]);
	}
	r->head = sec;
}

void rate_add(struct rate *r, int64_t now_ms, int cls, uint64_t n)
{
	if (cls < 0 || cls >= TALLY_CLASSES || n == 0)
		return;
	int64_t sec = second_of(now_ms);
	advance(r, sec);
	if (r->head - sec >= RATE_SECONDS)
		return;
	uint32_t *c = &r->count[slot_of(sec)][cls];
	*c = n > UINT32_MAX - *c ? UINT32_MAX : *c + (uint32_t)n;
}

void rate_observe(struct rate *r, int64_t now_ms, const uint64_t totals[TALLY_CLASSES])
{
	for (int c = 0; c < TALLY_CLASSES; c++) {
		if (totals[c] > r->last[c])
			rate_add(r, now_ms, c, totals[c] - r->last[c]);
		r->last[c] = totals[c];
	}
}

/* Count of cls (or RATE_ALL) in second sec; 0 outside the history. */
static uint64_t at(const struct rate *r, int64_t sec, int cls)
{
	if (sec > r->head || r->head - sec >= RATE_SECONDS)
		return 0;
	const uint32_t *row = r->count[slot_of(sec)];
	if (cls != RATE_ALL)
		return cls >= 0 && cls < TALLY_CLASSES ? row[cls] : 0;
	uint64_t sum = 0;
	for (int c = 0; c < TALLY_CLASSES; c++)
		sum += row[c];
	return sum;
}

double rate_per_second(const struct rate *r, int64_t now_ms, int cls, unsigned window_s)
{
	if (window_s == 0)
		window_s = 1;
	if (window_s > RATE_SECONDS)
		window_s = RATE_SECONDS;
	int64_t now_sec = second_of(now_ms);
	uint64_t sum = 0;
	for (int64_t s = now_sec - window_s + 1; s <= now_sec; s++)
		sum += at(r, s, cls);
	/* The window is window_s - 1 whole seconds plus the part of this one gone by. */
	int64_t span = (int64_t)(window_s - 1) * 1000 + (now_ms - now_sec * 1000);
	if (now_ms - r->start_ms < span)
		span = now_ms - r->start_ms;
	if (span < 1000)
		span = 1000;
	return (double)sum * 1000.0 / (double)span;
}

void rate_series(const struct rate *r, int64_t now_ms, int cls, unsigned bucket_s, uint64_t *out,
                 size_t n)
{
	if (bucket_s == 0)
		bucket_s = 1;
	int64_t end = second_of(now_ms);
	for (size_t i = n; i-- > 0; end -= bucket_s) {
		uint64_t sum = 0;
		for (unsigned k = 0; k < bucket_s; k++)
			sum += at(r, end - (int64_t)k, cls);
		out[i] = sum;
	}
}
