/* durhist.c — the fixed buckets of request durations (durhist.h). */
#include "durhist.h"

#include <string.h>

static const struct {
	int64_t us;
	const char *text;
} bounds[DURHIST_BUCKETS] = {{5000, "0.005"},  {10000, "0.01"},  {25000, "0.025"}, {50000, "0.05"},
                             {100000, "0.1"},  {250000, "0.25"}, {500000, "0.5"},  {1000000, "1"},
                             {2500000, "2.5"}, {5000000, "5"},   {10000000, "10"}};

int64_t durhist_bound_us(size_t i)
{
	return bounds[i].us;
}

const char *durhist_bound_text(size_t i)
{
	return bounds[i].text;
}

void durhist_init(struct durhist *l)
{
	memset(l, 0, sizeof *l);
}

void durhist_add(struct durhist *l, int64_t us)
{
	if (us < 0)
		return;
	for (size_t i = 0; i < DURHIST_BUCKETS; i++)
		if (us <= bounds[i].us) {
			l->bucket[i]++;
			break;
		}
	l->count++;
	l->sum_us = l->sum_us + (uint64_t)us < l->sum_us ? UINT64_MAX : l->sum_us + (uint64_t)us;
}

void durhist_merge(struct durhist *dst, const struct durhist *src)
{
	for (size_t i = 0; i < DURHIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum_us =
	        dst->sum_us + src->sum_us < dst->sum_us ? UINT64_MAX : dst->sum_us + src->sum_us;
}
