/* satmath.h — counter arithmetic that stops at UINT64_MAX instead of wrapping past 2^64:
 * a sum that overflowed would report a small, believable and wrong number. Used by every
 * tally, merge and byte sum (and by the record parsers for sizes). Header only. */
#ifndef LOGSTAT_SATMATH_H
#define LOGSTAT_SATMATH_H

#include <stdint.h>

/* a + b, or UINT64_MAX when that does not fit. */
static inline uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* *a += b, saturating. */
static inline void sat_inc(uint64_t *a, uint64_t b)
{
	*a = sat_add(*a, b);
}

#endif
