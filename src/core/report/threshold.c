/* threshold.c — parsing and evaluating threshold expressions. Values are fixed-point and
 * comparisons exact (long double holds 64-bit counts times the scale without rounding
 * that matters), so `5xx>=1%` with 1 of 100 holds. */
#include "threshold.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	enum threshold_subject subject;
} words[] = {
        {"unofficial", THRESHOLD_UNOFFICIAL}, {"unknown", THRESHOLD_UNKNOWN},
        {"malformed", THRESHOLD_MALFORMED},   {"no_status", THRESHOLD_NO_STATUS},
        {"requests", THRESHOLD_REQUESTS},     {"lines", THRESHOLD_LINES},
        {"other", THRESHOLD_CLASS},
};

static const char *const op_names[] = {">", ">=", "<", "<=", "==", "!="};

/* Remove blanks; fails when the result does not fit. */
static int squeeze(const char *expr, char *out, size_t size)
{
	size_t n = 0;
	for (; *expr; expr++) {
		if (isspace((unsigned char)*expr))
			continue;
		if (n + 1 >= size)
			return -1;
		out[n++] = (char)tolower((unsigned char)*expr);
	}
	out[n] = 0;
	return 0;
}

static int parse_subject(const char *s, size_t len, struct threshold *t)
{
	if (len == 3 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2])) {
		t->subject = THRESHOLD_CODE;
		t->code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		return 0;
	}
	if (len == 3 && s[0] >= '1' && s[0] <= '5' && s[1] == 'x' && s[2] == 'x') {
		t->subject = THRESHOLD_CLASS;
		t->code = s[0] - '0';
		return 0;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].name) == len && memcmp(words[i].name, s, len) == 0) {
			t->subject = words[i].subject;
			t->code = 0;
			return 0;
		}
	return -1;
}

/* The operator at s: its length, or 0. */
static size_t parse_op(const char *s, enum threshold_op *op)
{
	for (int i = 5; i >= 0; i--) { /* two-character operators first */
		size_t n = strlen(op_names[i]);
		if (strncmp(s, op_names[i], n) == 0) {
			*op = (enum threshold_op)i;
			return n;
		}
	}
	if (s[0] == '=') {
		*op = THRESHOLD_EQ;
		return 1;
	}
	return 0;
}

/* A decimal number with at most 6 decimals, optionally followed by %. */
static int parse_value(const char *s, struct threshold *t)
{
	uint64_t whole = 0, frac = 0, scale = THRESHOLD_SCALE;
	int digits = 0;
	for (; isdigit((unsigned char)*s); s++, digits++) {
		if (whole > (UINT64_MAX / THRESHOLD_SCALE - 9) / 10)
			return -1;
		whole = whole * 10 + (uint64_t)(*s - '0');
	}
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++, digits++) {
			if (scale == 1)
				return -1;
			scale /= 10;
			frac += (uint64_t)(*s - '0') * scale;
		}
	}
	if (digits == 0)
		return -1;
	t->percent = *s == '%';
	if (t->percent)
		s++;
	if (*s)
		return -1;
	t->value = whole * THRESHOLD_SCALE + frac;
	return 0;
}

int threshold_parse(const char *expr, struct threshold *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	char s[sizeof out->text];
	if (squeeze(expr, s, sizeof s) != 0) {
		snprintf(err, errsize, "expression too long");
		return -1;
	}
	size_t len = strcspn(s, "<>=!");
	if (len == 0 || parse_subject(s, len, out) != 0) {
		snprintf(err, errsize,
		         "'%.*s' is not a code (502), a class (5xx, other) or one of "
		         "unofficial, unknown, malformed, no_status, requests, lines",
		         (int)(len ? len : strlen(s)), s);
		return -1;
	}
	size_t oplen = parse_op(s + len, &out->op);
	if (oplen == 0) {
		snprintf(err, errsize, "expected an operator (> >= < <= == !=) after '%.*s'",
		         (int)len, s);
		return -1;
	}
	if (parse_value(s + len + oplen, out) != 0) {
		snprintf(err, errsize, "'%s' is not a number or a percentage (0.5%%)",
		         s + len + oplen);
		return -1;
	}
	if (out->percent &&
	    (out->subject == THRESHOLD_REQUESTS || out->subject == THRESHOLD_LINES)) {
		snprintf(err, errsize, "%.*s takes a count, not a percentage", (int)len, s);
		return -1;
	}
	if (out->percent && out->value > 100ull * THRESHOLD_SCALE) {
		snprintf(err, errsize, "a percentage above 100%% never holds");
		return -1;
	}
	snprintf(out->text, sizeof out->text, "%s", s);
	return 0;
}

int threshold_code_official(const struct code_entry *table, size_t n, int code)
{
	const struct code_entry *rows;
	size_t k = codes_find(table, n, code, &rows);
	for (size_t i = 0; i < k; i++)
		if (rows[i].flags & CODE_OFFICIAL)
			return 1;
	return 0;
}

int threshold_code_known(const struct code_entry *table, size_t n, int code)
{
	const struct code_entry *rows;
	return codes_find(table, n, code, &rows) > 0;
}

static uint64_t measure(const struct threshold *t, const struct tally *tally,
                        const struct code_entry *table, size_t n)
{
	uint64_t sum = 0;
	switch (t->subject) {
	case THRESHOLD_CODE:
		return tally->count[t->code];
	case THRESHOLD_CLASS:
		return tally_class_count(tally, t->code);
	case THRESHOLD_UNOFFICIAL:
	case THRESHOLD_UNKNOWN:
		for (int c = 0; c < TALLY_CODES; c++)
			if (tally->count[c] && (t->subject == THRESHOLD_UNKNOWN
			                                ? !threshold_code_known(table, n, c)
			                                : !threshold_code_official(table, n, c)))
				sum += tally->count[c];
		return sum;
	case THRESHOLD_MALFORMED:
		return tally->malformed;
	case THRESHOLD_NO_STATUS:
		return tally->no_status;
	case THRESHOLD_REQUESTS:
		return tally->requests;
	case THRESHOLD_LINES:
		return tally->lines;
	}
	return 0;
}

static int compare(enum threshold_op op, long double a, long double b)
{
	switch (op) {
	case THRESHOLD_GT:
		return a > b;
	case THRESHOLD_GE:
		return a >= b;
	case THRESHOLD_LT:
		return a < b;
	case THRESHOLD_LE:
		return a <= b;
	case THRESHOLD_EQ:
		return a == b;
	case THRESHOLD_NE:
		return a != b;
	}
	return 0;
}

static int of_lines(const struct threshold *t)
{
	return t->subject == THRESHOLD_MALFORMED || t->subject == THRESHOLD_NO_STATUS;
}

int threshold_eval(const struct threshold *t, const struct tally *tally,
                   const struct code_entry *table, size_t n, struct threshold_measure *m)
{
	m->count = measure(t, tally, table, n);
	m->whole = of_lines(t) ? tally->lines : tally->requests;
	long double lhs = (long double)m->count * THRESHOLD_SCALE;
	long double rhs = (long double)t->value;
	if (t->percent) {
		/* count / whole * 100 OP value  <=>  count * 100 OP value * whole (0% if no whole)
		 */
		lhs = m->whole ? lhs * 100 : 0;
		rhs = m->whole ? rhs * (long double)m->whole : rhs;
	}
	return compare(t->op, lhs, rhs);
}

char *threshold_describe(const struct threshold *t, const struct threshold_measure *m, char *buf,
                         size_t size)
{
	size_t len = strcspn(t->text, "<>=!");
	if (!t->percent) {
		snprintf(buf, size, "%.*s=%llu", (int)len, t->text, (unsigned long long)m->count);
		return buf;
	}
	double pct = m->whole ? 100.0 * (double)m->count / (double)m->whole : 0.0;
	snprintf(buf, size, "%.*s=%.2f%% (%llu of %llu %s)", (int)len, t->text, pct,
	         (unsigned long long)m->count, (unsigned long long)m->whole,
	         of_lines(t) ? "lines" : "requests");
	return buf;
}

size_t threshold_run(struct threshold_check *c, size_t n, const struct tally *tally,
                     const struct code_entry *table, size_t table_n)
{
	size_t held = 0;
	for (size_t i = 0; i < n; i++) {
		c[i].held = threshold_eval(&c[i].th, tally, table, table_n, &c[i].m);
		held += c[i].held != 0;
	}
	return held;
}

int threshold_nagios_state(const struct threshold_check *c, size_t n)
{
	int worst = 0;
	for (size_t i = 0; i < n; i++) {
		if (!c[i].held)
			continue;
		if (c[i].level == THRESHOLD_CRITICAL)
			worst = 2;
		else if (c[i].level == THRESHOLD_WARNING && worst < 1)
			worst = 1;
	}
	return worst;
}
