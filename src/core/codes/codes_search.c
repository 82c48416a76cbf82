/* codes_search.c — find status-code rows by number or by what people type: words in any
 * order, punctuation as space, simple stemming and a few synonyms; ranked number, name,
 * description, and within a rank current codes before marked ones. Pure: the caller owns
 * the result array; nothing is allocated. */
#include "codes.h"

#include <ctype.h>
#include <string.h>

#define WORD_MAX 24     /* longer words are compared on their first 23 bytes */
#define FIELD_WORDS 256 /* words of one field looked at; the rest is ignored */
#define MAX_TERMS 8     /* query words beyond this are ignored */
#define MAX_ALTS 6
#define PHRASE_MAX 3

/* A word: lowercased letters and digits, and its stem. */
struct word {
	char raw[WORD_MAX];
	char stem[WORD_MAX];
};

/* A word of text: also the form that joins a hyphenated word ("Time-out" -> "timeout"). */
struct text_word {
	struct word w, joined;
};

struct phrase {
	struct word w[PHRASE_MAX];
	size_t n;
};

/* One query word (or a multi-word synonym key): matched when any alternative occurs. */
struct term {
	struct phrase alt[MAX_ALTS];
	size_t nalt;
	int number; /* the word as a code (1 to 3 digits), else -1 */
};

struct query {
	struct term t[MAX_TERMS];
	size_t n;
};

static int is_alnum(char c)
{
	return isalnum((unsigned char)c) != 0;
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* A light stemmer for English words as they appear in the reference: enough to make
 * limit/limits/limited/limiting, throttle/throttling, overload/overloaded and
 * temporary/temporarily meet. Not a linguist's stemmer: it only has to agree with itself. */
static void stem(const char *raw, char *out)
{
	size_t len = strlen(raw);

	memcpy(out, raw, len + 1);
	if (strcmp(raw, "https") == 0 || strcmp(raw, "status") == 0)
		return;
	if (len > 4 && (ends_with(out, len, "ies") || ends_with(out, len, "ied"))) {
		len -= 2;
		out[len - 1] = 'y';
	} else if (len > 5 && ends_with(out, len, "ing")) {
		len -= 3;
	} else if (len > 4 && ends_with(out, len, "ed")) {
		len -= 2;
	} else if (len > 5 && ends_with(out, len, "ily")) {
		len -= 3;
	} else if (len > 4 && ends_with(out, len, "ly")) {
		len -= 2;
	} else if (len > 3 && out[len - 1] == 's' && !ends_with(out, len, "ss") &&
	           !ends_with(out, len, "us") && !ends_with(out, len, "is")) {
		len -= 1;
	}
	if (len > 3 && out[len - 1] == 'e')
		len--;
	else if (len > 4 && out[len - 1] == 'y')
		len--;
	out[len] = '\0';
}

static void word_set(struct word *w, const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < WORD_MAX; i++)
		w->raw[k++] = (char)tolower((unsigned char)s[i]);
	w->raw[k] = '\0';
	stem(w->raw, w->stem);
}

/* Split text into words (runs of letters and digits); a '-' between two letters or
 * digits also yields the joined form. Returns the number of words, at most max. */
static size_t split_text(const char *text, struct text_word *out, size_t max)
{
	size_t n = 0;
	const char *p = text;

	while (*p && n < max) {
		while (*p && !is_alnum(*p))
			p++;
		if (!*p)
			break;
		const char *start = p;
		char joined[WORD_MAX];
		size_t j = 0;

		while (is_alnum(*p))
			p++;
		for (const char *q = start;
		     (is_alnum(*q) || (*q == '-' && q > start && is_alnum(q[1]))); q++)
			if (*q != '-' && j + 1 < WORD_MAX)
				joined[j++] = *q;
		word_set(&out[n].w, start, (size_t)(p - start));
		if (j == (size_t)(p - start) || j + 1 == WORD_MAX)
			out[n].joined = out[n].w; /* no hyphen inside: the same word */
		else
			word_set(&out[n].joined, joined, j);
		n++;
	}
	return n;
}

static int starts(const char *s, const char *prefix)
{
	return prefix[0] && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether query word q matches text word t: q, or its stem, begins t or its stem. A word
 * of one or two letters must be the whole word ("no" is not "not", "ok" not "okay"). */
static int word_match(const struct word *q, const struct text_word *t)
{
	if (strlen(q->raw) <= 2)
		return strcmp(t->w.raw, q->raw) == 0 || strcmp(t->joined.raw, q->raw) == 0;
	return starts(t->w.raw, q->raw) || starts(t->joined.raw, q->raw) ||
	       starts(t->w.stem, q->stem) || starts(t->joined.stem, q->stem);
}

static int phrase_in(const struct phrase *ph, const struct text_word *tw, size_t n)
{
	for (size_t i = 0; i + ph->n <= n; i++) {
		size_t j = 0;

		while (j < ph->n && word_match(&ph->w[j], &tw[i + j]))
			j++;
		if (j == ph->n)
			return 1;
	}
	return 0;
}

/* Words that carry no meaning in a question ("what does 499 mean"). Dropped from a query
 * unless the query has nothing else. */
static const char *const stopwords[] = {
        "a",       "am",   "an",    "and",     "are",   "at",     "be",  "by",   "code",
        "codes",   "do",   "does",  "did",     "error", "errors", "for", "from", "get",
        "getting", "got",  "how",   "http",    "i",     "in",     "is",  "it",   "its",
        "me",      "mean", "means", "meaning", "my",    "of",     "on",  "or",   "status",
        "the",     "this", "to",    "what",    "whats", "when",   "why", "with",
};

static int is_stopword(const char *raw)
{
	for (size_t i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++)
		if (strcmp(raw, stopwords[i]) == 0)
			return 1;
	return 0;
}

/* Synonyms: a query word or phrase (the key, compared by stems) stands for any of its
 * alternatives. Alternatives are phrases of one to three words, "|"-separated. */
static const struct {
	const char *key;
	const char *alts;
} synonyms[] = {
        {"timeout", "timeout|time out"},
        {"time out", "timeout|time out"},
        {"ssl", "ssl|tls"},
        {"tls", "tls|ssl"},
        {"https", "https|ssl|tls"},
        {"throttle", "throttle|rate limit"},
        {"rate limit", "rate limit|throttle"},
        {"auth", "authenticat|authoriz|unauthorized|login|log in"},
        {"login", "login|log in|sign in|authenticat|unauthorized"},
        {"log in", "login|log in|sign in|authenticat|unauthorized"},
        {"sign in", "login|log in|sign in|authenticat|unauthorized"},
        {"url", "url|uri"},
        {"uri", "uri|url"},
        {"redirect", "redirect|moved|see other"},
        {"big", "big|large|long"},
        {"huge", "huge|large|long"},
        {"down", "down|unavailable|unreachable"},
        {"busy", "busy|overload|unavailable"},
        {"deny", "deny|forbidden|refuse"},
        {"block", "block|forbidden|deny|refuse"},
        {"disconnect", "disconnect|closed"},
        {"delete", "delete|removed|gone"},
        {"fail", "fail|reject|refuse"},
        {"disk", "disk|storage"},
};

/* Parse "a b|c d" into phrases. */
static void set_alts(struct term *t, const char *alts)
{
	const char *p = alts;

	t->nalt = 0;
	while (*p && t->nalt < MAX_ALTS) {
		size_t len = strcspn(p, "|");
		struct phrase *ph = &t->alt[t->nalt++];
		const char *q = p, *end = p + len;

		ph->n = 0;
		while (q < end && ph->n < PHRASE_MAX) {
			size_t wl = strcspn(q, " |");

			word_set(&ph->w[ph->n++], q, wl);
			q += wl + (q[wl] == ' ');
		}
		p = end + (*end == '|');
	}
}

/* How many query words at w[0..n) a synonym key covers (0 when none), and which. */
static size_t synonym_at(const struct word *w, size_t n, size_t *which)
{
	size_t best = 0;

	for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++) {
		struct term key;
		size_t k = 0;

		set_alts(&key, synonyms[i].key);
		while (k < key.alt[0].n && k < n && strcmp(key.alt[0].w[k].stem, w[k].stem) == 0)
			k++;
		if (k == key.alt[0].n && k > best) {
			best = k;
			*which = i;
		}
	}
	return best;
}

static int as_number(const char *raw)
{
	size_t len = strlen(raw);
	int v = 0;

	if (len == 0 || len > 3)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)raw[i]))
			return -1;
		v = v * 10 + (raw[i] - '0');
	}
	return v;
}

/* Whether word i of w[0..n) is filler to drop: a stopword, unless the query has nothing
 * else or it follows "no" ("no status" is the name of a code). */
static int filler(const struct word *w, size_t n, size_t i)
{
	int content = 0;

	if (!is_stopword(w[i].raw) || (i > 0 && strcmp(w[i - 1].raw, "no") == 0))
		return 0;
	for (size_t k = 0; k < n; k++)
		content |= !is_stopword(w[k].raw);
	return content;
}

/* Split the query into terms: synonym keys first (so "log in" survives), then single
 * words, filler dropped. */
static void parse_query(const char *text, struct query *q)
{
	struct text_word tw[MAX_TERMS * 2];
	struct word w[MAX_TERMS * 2];
	size_t n = split_text(text, tw, MAX_TERMS * 2);

	for (size_t i = 0; i < n; i++)
		w[i] = tw[i].w;
	q->n = 0;
	for (size_t i = 0; i < n && q->n < MAX_TERMS;) {
		struct term *t = &q->t[q->n];
		size_t which = 0, k = synonym_at(&w[i], n - i, &which);

		if (k) {
			set_alts(t, synonyms[which].alts);
			t->number = -1;
			q->n++;
			i += k;
			continue;
		}
		if (filler(w, n, i)) {
			i++;
			continue;
		}
		t->alt[0].w[0] = w[i];
		t->alt[0].n = 1;
		t->nalt = 1;
		/* a number is a code when it has three digits or is all the query says */
		t->number = as_number(w[i].raw);
		if (t->number >= 0 && strlen(w[i].raw) != 3 && n > 1)
			t->number = -1;
		q->n++;
		i++;
	}
}

/* Where a term was found, by field group. */
enum { IN_NAME = 1, IN_MEANING = 2, IN_OTHER = 4 };

/* The level at which row e matches q (0 the number, 1 all words in the name, aliases or
 * origin, 2 all within those and the meaning, 3 all anywhere), or -1. Each field is split
 * once and every term looked up in it. */
static int level_of(const struct code_entry *e, const struct query *q, struct text_word *tw)
{
	const char *const fields[] = {e->name,    e->aliases, e->origin, e->meaning,
	                              e->details, e->advice,  e->rfc};
	static const unsigned group[] = {IN_NAME,  IN_NAME,  IN_NAME, IN_MEANING,
	                                 IN_OTHER, IN_OTHER, IN_OTHER};
	unsigned found[MAX_TERMS] = {0};
	int level = 1;

	if (q->n == 0)
		return -1;
	for (size_t i = 0; i < q->n; i++)
		if (q->t[i].number >= 0 && q->t[i].number == e->code)
			return 0;
	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
		int in_name = 1, in_upper = 1;
		size_t n;

		/* once every term is in the name (or, past the meaning, in the name or the
		 * meaning), later fields cannot improve the level */
		for (size_t i = 0; i < q->n; i++) {
			in_name &= (found[i] & IN_NAME) != 0;
			in_upper &= (found[i] & (IN_NAME | IN_MEANING)) != 0;
		}
		if (in_name || (f >= 4 && in_upper))
			break;
		n = split_text(fields[f], tw, FIELD_WORDS);

		for (size_t i = 0; i < q->n; i++)
			for (size_t a = 0; a < q->t[i].nalt && !(found[i] & group[f]); a++)
				if (phrase_in(&q->t[i].alt[a], tw, n))
					found[i] |= group[f];
	}
	for (size_t i = 0; i < q->n; i++) {
		if (!found[i])
			return -1;
		if (!(found[i] & IN_NAME) && level < 2)
			level = 2;
		if (!(found[i] & (IN_NAME | IN_MEANING)))
			level = 3;
	}
	return level;
}

/* Within a level: plain rows that name their code (official, or the usual vendor
 * meaning), then other plain vendor rows, then marked rows (deprecated, unused, retired
 * ...) in the same two steps; so `proxy` does not lead with 305 and 306, and 499 lists
 * nginx before Esri. */
#define TIERS 4

static unsigned tier_of(const struct code_entry *e)
{
	unsigned usual = (e->flags & (CODE_OFFICIAL | CODE_COMMON)) ? 0 : 1;

	return (e->flags & CODE_MARKS) ? 2 + usual : usual;
}

static enum code_rank rank_of_level(int level)
{
	return level == 0 ? CODE_RANK_NUMBER : level == 1 ? CODE_RANK_NAME : CODE_RANK_TEXT;
}

size_t codes_search(const struct code_entry *table, size_t n, const char *query,
                    struct code_match *out, size_t max)
{
	struct query q;
	struct text_word tw[FIELD_WORDS];
	size_t count[4 * TIERS] = {0}, next[4 * TIERS], total = 0;

	parse_query(query, &q);
	if (q.n == 0 || max == 0)
		return 0;
	/* A counting sort in two passes: count the rows of each order, then place each row
	 * at its order's next slot, so table order holds within an order and nothing is
	 * allocated. */
	for (size_t i = 0; i < n; i++) {
		int level = level_of(&table[i], &q, tw);

		if (level >= 0)
			count[(unsigned)level * TIERS + tier_of(&table[i])]++;
	}
	for (size_t o = 0; o < 4 * TIERS; o++) {
		next[o] = total;
		total += count[o];
	}
	for (size_t i = 0; i < n; i++) {
		int level = level_of(&table[i], &q, tw);

		if (level < 0)
			continue;
		unsigned order = (unsigned)level * TIERS + tier_of(&table[i]);
		size_t at = next[order]++;
		if (at < max)
			out[at] = (struct code_match){&table[i], rank_of_level(level), order};
	}
	return total < max ? total : max;
}
