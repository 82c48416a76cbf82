/* test_codes_search.c — codes_search on the built-in table, in-process: a table of the
 * questions people actually type with the codes they expect near the top, then the rules
 * one by one (punctuation, word order, stemming, synonyms, ranking, hostile queries). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "codes.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_RESULTS 256

static struct code_match results[MAX_RESULTS];

static size_t search(const char *q)
{
	return codes_search(codes_builtin, codes_builtin_count, q, results, MAX_RESULTS);
}

/* The codes found, in order, as "429 420 503". */
static const char *found(size_t n)
{
	static char buf[2048];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len + 8 < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%03d", i ? " " : "",
		                        results[i].row->code);
	return buf;
}

/* Position of code among the first n results, or -1. */
static int position(size_t n, int code)
{
	for (size_t i = 0; i < n; i++)
		if (results[i].row->code == code)
			return (int)i;
	return -1;
}

/* A question, how many results a user reads (top), the codes that must be among them,
 * and the code that must come first (-1: no check). */
static const struct {
	const char *query;
	size_t top;
	int want[4];
	int first;
} questions[] = {
        {"rate limit", 3, {429}, 429},
        {"rate-limit", 3, {429}, 429},
        {"rate limiting", 3, {429}, 429},
        {"throttle", 4, {429, 420}, 429},
        {"throttling", 4, {429, 420}, 429},
        {"throttled", 4, {429}, 429},
        {"too many requests", 2, {429}, 429},
        {"redirect", 6, {301, 302, 307, 308}, -1},
        {"redirect permanent", 2, {301, 308}, 301},
        {"permanent redirect", 2, {301, 308}, 301},
        {"temporary redirect", 2, {302, 307}, -1},
        {"moved", 3, {301, 302}, 301},
        {"proxy", 1, {407}, 407},
        {"auth", 3, {401, 407}, 401},
        {"authentication failed", 4, {401}, -1},
        {"login", 4, {401, 440}, 401},
        {"log in", 3, {401}, 401},
        {"unauthorized", 2, {401}, 401},
        {"permission denied", 2, {403}, 403},
        {"forbidden", 1, {403}, 403},
        {"blocked", 3, {403}, 403},
        {"timeout", 7, {408, 504, 522, 524}, 408},
        {"time out", 7, {408, 504, 522, 524}, 408},
        {"timed out", 7, {408, 504, 522}, -1},
        {"gateway timeout", 1, {504}, 504},
        {"upstream timed out", 3, {504}, 504},
        {"client closed connection", 2, {460, 499}, 460},
        {"client disconnected", 4, {499}, -1},
        {"ssl", 6, {495, 496, 525, 526}, -1},
        {"tls handshake", 2, {525}, 525},
        {"ssl error", 6, {495, 525, 526}, -1},
        {"certificate", 6, {495, 496, 526}, -1},
        {"http request on https port", 1, {497}, 497},
        {"file too big", 2, {413}, 413},
        {"upload too large", 1, {413}, 413},
        {"url too long", 1, {414}, 414},
        {"header too large", 3, {431, 494}, 431},
        {"cookie too big", 3, {431}, 431},
        {"page not found", 1, {404}, 404},
        {"not found", 2, {404}, 404},
        {"bad gateway", 1, {502}, 502},
        {"server down", 4, {521, 503}, -1},
        {"server overloaded", 3, {503}, -1},
        {"overload", 3, {503, 529}, -1},
        {"maintenance", 1, {503}, 503},
        {"csrf token", 1, {419}, 419},
        {"token expired", 3, {498, 419}, -1},
        {"session expired", 3, {440, 419}, -1},
        {"what does 499 mean", 2, {499}, 499},
        {"499", 2, {499}, 499},
        {"nginx 444", 1, {444}, 444},
        {"teapot", 2, {418}, 418},
        {"legal reasons", 2, {451}, 451},
        {"not modified", 1, {304}, 304},
        {"resume download", 2, {206, 416}, -1},
        {"websocket", 1, {101}, 101},
        {"origin unreachable", 1, {523}, 523},
        {"unknown error", 1, {520}, 520},
        {"validation error", 2, {422}, 422},
        {"http 0.9", 1, {9}, 9},
        {"no status", 1, {0}, 0},
        {"upload resume", 2, {104}, 104},
        {"bandwidth", 1, {509}, 509},
        {"captive portal", 1, {511}, 511},
        {"load balancer", 5, {460, 463}, -1},
};

Test(codes_search, realistic_questions)
{
	cr_assert_geq(LEN(questions), 30);
	for (size_t i = 0; i < LEN(questions); i++) {
		size_t n = search(questions[i].query);
		size_t top = n < questions[i].top ? n : questions[i].top;

		for (size_t k = 0; k < LEN(questions[i].want) && questions[i].want[k]; k++) {
			int at = position(top, questions[i].want[k]);

			cr_expect_geq(at, 0, "\"%s\": %03d not in the top %zu: %s",
			              questions[i].query, questions[i].want[k], questions[i].top,
			              found(n));
		}
		/* 000 is a real code: the table's want[] ends at the first 0 unless it leads */
		if (questions[i].first == 0)
			cr_expect_eq(position(1, 0), 0, "\"%s\": %s", questions[i].query, found(n));
		else if (questions[i].first > 0)
			cr_expect(n > 0 && results[0].row->code == questions[i].first,
			          "\"%s\": %03d should come first: %s", questions[i].query,
			          questions[i].first, found(n));
	}
}

/* Queries that must give exactly the same results: punctuation, case, order of words,
 * word endings, synonyms. */
static const char *const same[][2] = {
        {"rate limit", "Rate-Limit"},
        {"rate limit", "rate_limit!"},
        {"rate limit", "  rate,,,limit  "},
        {"redirect permanent", "permanent redirect"},
        {"client closed", "closed client"},
        {"limit", "limits"},
        {"limiting", "limited"},
        {"throttle", "throttling"},
        {"overload", "overloaded"},
        {"timeout", "time out"},
        {"timeout", "TIME-OUT"},
        {"ssl", "tls"},
        {"what does 499 mean", "499"},
        {"temporary", "temporarily"},
};

Test(codes_search, equivalent_queries)
{
	static char a[2048];

	for (size_t i = 0; i < LEN(same); i++) {
		size_t n = search(same[i][0]);

		cr_expect_gt(n, 0, "\"%s\" finds nothing", same[i][0]);
		snprintf(a, sizeof a, "%s", found(n));
		n = search(same[i][1]);
		cr_expect_str_eq(found(n), a, "\"%s\" and \"%s\" differ", same[i][1], same[i][0]);
	}
}

/* Synonyms reach rows that do not contain the word typed. */
static const struct {
	const char *query;
	int code;
	const char *origin;
} synonym_cases[] = {
        {"throttle", 429, "IANA"}, {"auth", 401, "IANA"},          {"auth", 511, "IANA"},
        {"login", 401, "IANA"},    {"redirect", 301, "IANA"},      {"redirect", 303, "IANA"},
        {"url", 414, "IANA"},      {"timeout", 522, "Cloudflare"}, {"ssl", 421, "IANA"},
        {"down", 503, "IANA"},
};

Test(codes_search, synonyms)
{
	for (size_t i = 0; i < LEN(synonym_cases); i++) {
		size_t n = search(synonym_cases[i].query);
		int hit = 0;

		for (size_t k = 0; k < n; k++)
			hit |= results[k].row->code == synonym_cases[i].code &&
			       strcmp(results[k].row->origin, synonym_cases[i].origin) == 0;
		cr_expect(hit, "\"%s\" misses %03d %s: %s", synonym_cases[i].query,
		          synonym_cases[i].code, synonym_cases[i].origin, found(n));
	}
	/* "auth" stands for authentication, not for any word starting so */
	size_t n = search("auth");
	cr_expect_lt(position(n, 203), 0, "203 Non-Authoritative is not auth: %s", found(n));
}

/* Results come ordered by order, which grows with the rank; within a level (order / 4:
 * number, name, meaning, anywhere), plain rows before marked rows, and rows that name
 * their code (official or usual) before other vendor rows. */
Test(codes_search, ranking)
{
	const char *queries[] = {"proxy", "redirect", "timeout", "rate limit", "webdav", "ssl"};

	for (size_t q = 0; q < LEN(queries); q++) {
		size_t n = search(queries[q]);

		for (size_t i = 1; i < n; i++) {
			cr_expect_leq(results[i - 1].order, results[i].order, "\"%s\" at %zu",
			              queries[q], i);
			cr_expect_leq(results[i - 1].rank, results[i].rank, "\"%s\" at %zu",
			              queries[q], i);
			if (results[i - 1].order / 4 == results[i].order / 4 &&
			    (results[i].row->flags & CODE_MARKS) == 0)
				cr_expect_eq(results[i - 1].row->flags & CODE_MARKS, 0,
				             "\"%s\": marked %03d before plain %03d", queries[q],
				             results[i - 1].row->code, results[i].row->code);
		}
	}
	size_t n = search("proxy");
	cr_expect_gt(position(n, 305), position(n, 407), "%s", found(n));
	cr_expect_gt(position(n, 306), position(n, 407), "%s", found(n));
	n = search("499");
	cr_expect_str_eq(results[0].row->origin, "nginx", "the usual meaning first: %s", found(n));
	cr_expect_str_eq(results[1].row->origin, "Esri");
	n = search("420");
	cr_expect_str_eq(results[0].row->origin, "Twitter", "the usual meaning first");
	n = search("webdav");
	cr_expect_gt(position(n, 102), position(n, 508), "deprecated 102 after 508: %s", found(n));
	n = search("rate limit");
	cr_expect_lt(position(n, 429), position(n, 420), "retired 420 after 429: %s", found(n));
	n = search("504");
	cr_expect_geq(n, 1);
	cr_expect_eq(results[0].row->code, 504);
	cr_expect_eq(results[0].rank, CODE_RANK_NUMBER);
	for (size_t i = 1; i < n; i++)
		cr_expect_eq(results[i].rank, CODE_RANK_TEXT, "rows that mention 504: %s",
		             found(n));
	n = search("timeout");
	cr_expect_eq(results[0].rank, CODE_RANK_NAME);
	cr_expect_eq(results[n - 1].rank, CODE_RANK_TEXT, "%s", found(n));
}

/* Words match at word starts, short words only whole. */
Test(codes_search, word_boundaries)
{
	size_t n = search("ssl");

	cr_expect_lt(position(n, 508), 0, "no match inside 'endlessly': %s", found(n));
	n = search("no");
	cr_expect_lt(position(n, 412), 0, "'no' is not 'not': %s", found(n));
	cr_expect_geq(position(n, 204), 0, "%s", found(n));
	n = search("ok");
	cr_expect_eq(n, 1, "%s", found(n));
	cr_expect_eq(results[0].row->code, 200);
}

/* Nothing to search for, and bytes nobody should type. */
Test(codes_search, empty_and_hostile_queries)
{
	char big[8192];
	const char *nothing[] = {"", "   ", "\t\n", "---", "!!!", "\xff\xfe\x01", "zzzzqqq"};

	for (size_t i = 0; i < LEN(nothing); i++)
		cr_expect_eq(search(nothing[i]), 0, "query %zu: %s", i, found(MAX_RESULTS));
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	cr_expect_eq(search(big), 0, "one huge word");
	for (size_t i = 0; i + 2 < sizeof big; i += 2)
		big[i] = 'x', big[i + 1] = ' ';
	search(big); /* many words: must return, bounded; x matches nothing useful */
	memset(big, '5', 4);
	big[4] = '\0';
	cr_expect_eq(search(big), 0, "5555 is not a code");
	cr_expect_eq(codes_search(codes_builtin, codes_builtin_count, "timeout", results, 0), 0);
	cr_expect_eq(codes_search(codes_builtin, 0, "timeout", results, MAX_RESULTS), 0);
}

/* With room for fewer results than match, the best ones are kept. */
Test(codes_search, max_keeps_the_best)
{
	size_t all = search("timeout");
	struct code_match few[3];
	size_t n = codes_search(codes_builtin, codes_builtin_count, "timeout", few, 3);

	cr_assert_gt(all, 3);
	cr_assert_eq(n, 3);
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(few[i].row, results[i].row, "result %zu", i);
}
