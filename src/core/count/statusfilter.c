/* statusfilter.c — parsing --status SPEC into a table of the 1000 codes it keeps. */
#include "statusfilter.h"

#include <stdio.h>
#include <string.h>

/* One item [from, from + n) of spec: a code, Nxx, or a range. Returns 0 and the
 * inclusive bounds, or -1. */
static int parse_item(const char *p, size_t n, int *lo, int *hi)
{
	int d[3];
	*lo = *hi = -1;
	if (n == 3 && p[0] >= '0' && p[0] <= '9' && (p[1] == 'x' || p[1] == 'X') &&
	    (p[2] == 'x' || p[2] == 'X')) {
		*lo = (p[0] - '0') * 100;
		*hi = *lo + 99;
		return 0;
	}
	if (n != 3 && n != 7)
		return -1;
	for (size_t k = 0; k < n; k += 4) {
		for (int i = 0; i < 3; i++) {
			if (p[k + (size_t)i] < '0' || p[k + (size_t)i] > '9')
				return -1;
			d[i] = p[k + (size_t)i] - '0';
		}
		int v = d[0] * 100 + d[1] * 10 + d[2];
		if (k == 0)
			*lo = *hi = v;
		else
			*hi = v;
	}
	if (n == 7 && p[3] != '-')
		return -1;
	return *lo <= *hi ? 0 : -1;
}

int statusfilter_parse(const char *spec, struct statusfilter *f, char *err, size_t errsize)
{
	memset(f, 0, sizeof *f);
	size_t len = strlen(spec);
	if (len == 0 || len >= sizeof f->spec) {
		snprintf(err, errsize, "'%.40s%s' is empty or longer than %zu bytes", spec,
		         len > 40 ? "…" : "", sizeof f->spec - 1);
		return -1;
	}
	memcpy(f->spec, spec, len + 1);
	unsigned char minus[1000] = {0};
	int positive = 0;
	for (size_t at = 0; at <= len;) {
		size_t n = strcspn(spec + at, ",");
		const char *p = spec + at;
		int neg = n > 0 && p[0] == '!', lo, hi;
		if (parse_item(p + neg, n - (size_t)neg, &lo, &hi) != 0) {
			snprintf(err, errsize,
			         "'%.*s' at byte %zu of '%s' is not a code (404), a class (4xx), "
			         "a range (500-504) or one of them after '!'",
			         (int)(n > 20 ? 20 : n), p, at + 1, f->spec);
			return -1;
		}
		for (int c = lo; c <= hi; c++)
			(neg ? minus : f->keep)[c] = 1;
		positive |= !neg;
		at += n + 1;
	}
	for (int c = 0; c < 1000; c++)
		f->keep[c] = (positive ? f->keep[c] : 1) && !minus[c];
	return 0;
}
