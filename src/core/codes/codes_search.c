/* codes_search.c — find status-code rows by number or words: case-insensitive, loose about
 * spacing and hyphens, ranked number first, then names and aliases, then descriptions.
 * Pure: the caller owns the result array; nothing is allocated. */
#include "codes.h"

#include <ctype.h>
#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_alnum(char c)
{
	return isalnum((unsigned char)c) != 0;
}

/* Whether query q matches text starting exactly at t. A run of blanks in q matches a
 * run of non-alphanumeric bytes in t; a '-' in t may be skipped inside a word. */
static int match_at(const char *t, const char *q)
{
	const char *start = t;

	while (*q) {
		if (is_blank(*q)) {
			while (is_blank(*q))
				q++;
			if (!*q)
				return 1;
			if (!*t || is_alnum(*t))
				return 0;
			while (*t && !is_alnum(*t))
				t++;
			continue;
		}
		if (*t && tolower((unsigned char)*t) == tolower((unsigned char)*q)) {
			t++;
			q++;
		} else if (*t == '-' && t > start && is_alnum(t[-1])) {
			t++;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Whether q occurs in text at the start of a word ("ssl" is not in "endlessly"). */
static int contains(const char *text, const char *q)
{
	for (const char *t = text; *t; t++)
		if ((t == text || !is_alnum(t[-1])) && match_at(t, q))
			return 1;
	return 0;
}

/* Whether q (blanks trimmed) is a number of at most three digits equal to code. */
static int is_number(const char *q, int code)
{
	size_t len = 0;
	int v = 0;

	while (isdigit((unsigned char)q[len]))
		v = v * 10 + (q[len++] - '0');
	for (size_t i = len; q[i]; i++)
		if (!is_blank(q[i]))
			return 0;
	return len > 0 && len <= 3 && v == code;
}

/* The rank at which row e matches q, or -1. */
static int rank_of(const struct code_entry *e, const char *q)
{
	if (is_number(q, e->code))
		return CODE_RANK_NUMBER;
	if (contains(e->name, q) || contains(e->aliases, q) || contains(e->origin, q))
		return CODE_RANK_NAME;
	if (contains(e->meaning, q) || contains(e->details, q) || contains(e->advice, q) ||
	    contains(e->rfc, q))
		return CODE_RANK_TEXT;
	return -1;
}

/* Words the references spell two ways; a query that is one of them also finds the other
 * ("timeout" finds Cloudflare's "Connection Timed Out"). */
static const char *const synonyms[][2] = {
        {"timeout", "timed out"},
        {"timed out", "timeout"},
        {"ssl", "tls"},
        {"tls", "ssl"},
};

/* Whether a and b are equal ignoring case, with blank runs in a equal to one space in b. */
static int same_words(const char *a, const char *b)
{
	while (*a && *b) {
		if (is_blank(*a) && *b == ' ') {
			while (is_blank(*a))
				a++;
			b++;
		} else if (tolower((unsigned char)*a++) != tolower((unsigned char)*b++)) {
			return 0;
		}
	}
	while (is_blank(*a))
		a++;
	return !*a && !*b;
}

/* The best rank of e for q or its synonym, or -1. */
static int best_rank(const struct code_entry *e, const char *q)
{
	int best = rank_of(e, q);

	for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
		if (same_words(q, synonyms[i][0])) {
			int r = rank_of(e, synonyms[i][1]);

			if (r >= 0 && (best < 0 || r < best))
				best = r;
		}
	return best;
}

size_t codes_search(const struct code_entry *table, size_t n, const char *query,
                    struct code_match *out, size_t max)
{
	size_t count = 0;

	while (is_blank(*query))
		query++;
	if (!*query)
		return 0;
	/* One pass per rank keeps table order within a rank without sorting. */
	for (int rank = CODE_RANK_NUMBER; rank <= CODE_RANK_TEXT; rank++)
		for (size_t i = 0; i < n && count < max; i++)
			if (best_rank(&table[i], query) == rank)
				out[count++] = (struct code_match){&table[i], (enum code_rank)rank};
	return count;
}
