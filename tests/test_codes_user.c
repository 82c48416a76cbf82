/* test_codes_user.c — the merged status-code table (codes_user.c): loading user lines,
 * overriding and adding rows, invalid lines reported as name:line with the table left
 * alone, and codes_search's matching and ranking. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "codes.h"
#include "support.h"

static struct code_table tab;
static char err[512];

static void setup(void)
{
	cr_assert_eq(codes_table_init(&tab), 0);
	err[0] = 0;
}

static void teardown(void)
{
	codes_table_free(&tab);
}

static int parse(const char *text)
{
	return codes_table_parse(&tab, text, strlen(text), "user.codes", err, sizeof err);
}

static const struct code_entry *row_of(int code, const char *origin)
{
	const struct code_entry *first;
	size_t n = codes_find(tab.rows, tab.n, code, &first);

	for (size_t i = 0; i < n; i++)
		if (strcmp(first[i].origin, origin) == 0)
			return &first[i];
	return NULL;
}

/* Sorted by (code, official first, origin ignoring case) and unique per (code, origin). */
static void assert_sorted_unique(void)
{
	for (size_t i = 1; i < tab.n; i++) {
		const struct code_entry *a = &tab.rows[i - 1], *b = &tab.rows[i];
		int oa = (a->flags & CODE_OFFICIAL) != 0, ob = (b->flags & CODE_OFFICIAL) != 0;

		cr_assert(a->code < b->code ||
		                  (a->code == b->code &&
		                   (oa > ob || (oa == ob && strcasecmp(a->origin, b->origin) < 0))),
		          "rows %zu (%d %s) and %zu (%d %s) out of order or duplicate", i - 1,
		          a->code, a->origin, i, b->code, b->origin);
	}
}

TestSuite(codes_user, .init = setup, .fini = teardown);

Test(codes_user, init_copies_builtin)
{
	cr_assert_eq(tab.n, codes_builtin_count);
	cr_assert_eq(memcmp(tab.rows, codes_builtin, tab.n * sizeof *tab.rows), 0);
}

Test(codes_user, adds_new_code_sorted)
{
	cr_assert_eq(parse("# my proxy\n\n"
	                   "299 | acme | All Fine | The acme proxy says all is fine.\n"
	                   "  599 | acme-lb | Upstream Reset | reset | advice=Check the pool.\r\n"),
	             0, "%s", err);
	cr_assert_eq(tab.n, codes_builtin_count + 2);
	const struct code_entry *e = row_of(299, "acme");
	cr_assert_not_null(e);
	cr_assert_str_eq(e->name, "All Fine");
	cr_assert_str_eq(e->meaning, "The acme proxy says all is fine.");
	cr_assert_str_eq(e->aliases, "");
	cr_assert_eq(e->flags, CODE_USER);
	e = row_of(599, "acme-lb");
	cr_assert_not_null(e);
	cr_assert_str_eq(e->advice, "Check the pool.");
	cr_assert_not_null(row_of(599, "Informal"), "the built-in 599 stays");
	assert_sorted_unique();
}

Test(codes_user, overrides_same_code_and_origin)
{
	cr_assert_eq(parse("404 | iana | Nothing Here | We looked everywhere.\n"), 0, "%s", err);
	cr_assert_eq(tab.n, codes_builtin_count, "an override adds no row");
	const struct code_entry *e = row_of(404, "IANA");
	cr_assert_not_null(e);
	cr_assert_str_eq(e->name, "Nothing Here");
	cr_assert_str_eq(e->meaning, "We looked everywhere.");
	/* keys not given are kept from the built-in row */
	cr_assert(e->flags & CODE_OFFICIAL);
	cr_assert(e->flags & CODE_USER);
	cr_assert_str_eq(e->rfc, "RFC 9110, Section 15.5.5");
	cr_assert_neq(e->details[0], 0);
	assert_sorted_unique();
}

Test(codes_user, keys_and_flags)
{
	cr_assert_eq(
	        parse("418|IANA|Teapot|Short and stout.|aliases=A; B|flags=official, deprecated"
	              "|rfc=RFC 2324|details=Long story.|advice=Ignore it.\n"),
	        0, "%s", err);
	const struct code_entry *e = row_of(418, "IANA");
	cr_assert_str_eq(e->aliases, "A; B");
	cr_assert_eq(e->flags, CODE_OFFICIAL | CODE_DEPRECATED | CODE_USER, "flags replaced");
	cr_assert_str_eq(e->rfc, "RFC 2324");
	cr_assert_str_eq(e->details, "Long story.");
	cr_assert_str_eq(e->advice, "Ignore it.");
}

Test(codes_user, common_moves_to_user_row)
{
	cr_assert_eq(parse("499 | mycdn | Origin Gave Up | x | flags=common\n"), 0, "%s", err);
	cr_assert(row_of(499, "mycdn")->flags & CODE_COMMON);
	cr_assert_eq(row_of(499, "nginx")->flags & CODE_COMMON, 0, "one usual meaning per code");
}

Test(codes_user, later_file_wins_and_official_reorders)
{
	cr_assert_eq(parse("299 | acme | One | first\n"), 0, "%s", err);
	cr_assert_eq(parse("299 | ACME | Two | second\n299 | zeta | Z | z | flags=official\n"), 0,
	             "%s", err);
	const struct code_entry *first;
	cr_assert_eq(codes_find(tab.rows, tab.n, 299, &first), 2);
	cr_assert_str_eq(first[0].origin, "zeta", "official rows come first");
	cr_assert_str_eq(first[1].name, "Two");
	assert_sorted_unique();
}

struct bad_case {
	const char *text;
	const char *error; /* expected err, exactly */
	size_t len;        /* 0: strlen(text); set when text holds a NUL */
};

static const struct bad_case bad_cases[] = {
        {"200 | x | y\n", "user.codes:1: expected CODE | ORIGIN | NAME | MEANING", 0},
        {"# ok\n\n42 | x | y | z\n", "user.codes:3: '42' is not a three-digit status code", 0},
        {"4O4 | x | y | z\n", "user.codes:1: '4O4' is not a three-digit status code", 0},
        {"1000 | x | y | z\n", "user.codes:1: '1000' is not a three-digit status code", 0},
        {"200 |  | y | z\n", "user.codes:1: the origin is empty", 0},
        {"200 | x |  | z\n", "user.codes:1: the name is empty", 0},
        {"200 | x | y | \n", "user.codes:1: the meaning is empty", 0},
        {"200 | x | y | z | colour=red\n",
         "user.codes:1: unknown key 'colour' (aliases, rfc, flags, details, advice)", 0},
        {"200 | x | y | z | oops\n",
         "user.codes:1: expected KEY=VALUE after the meaning, got 'oops'", 0},
        {"200 | x | y | z | flags=official,shiny\n",
         "user.codes:1: unknown flag 'shiny' (official, deprecated, unused, reserved, "
         "experimental, common, retired, dubious)",
         0},
        {"200 | x | y | z\n201 | x | y\x1b[31m | z\n", "user.codes:2: control character 0x1b", 0},
        {"200 | x | y | z\n\n\n299 | a\0b | y | z\n", "user.codes:4: NUL byte", 36},
};

ParameterizedTestParameters(codes_user, invalid_line)
{
	return INDEX_PARAMS(bad_cases);
}

ParameterizedTest(size_t *i, codes_user, invalid_line)
{
	const struct bad_case *c = &bad_cases[*i];

	cr_assert_eq(codes_table_parse(&tab, c->text, c->len ? c->len : strlen(c->text),
	                               "user.codes", err, sizeof err),
	             -1, "case %zu accepted", *i);
	cr_assert_str_eq(err, c->error);
	cr_assert_eq(tab.n, codes_builtin_count, "a bad file changes nothing");
	cr_assert_eq(memcmp(tab.rows, codes_builtin, tab.n * sizeof *tab.rows), 0);
}

Test(codes_user, load_file_and_missing_file)
{
	char *dir = tmpdir_make();
	const char text[] = "599 | acme | Reset | r\n600 | acme | Bad\n";
	char *path = write_file(dir, "codes", text, sizeof text - 1);
	char want[600];

	cr_assert_eq(codes_table_load(&tab, path, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:2: expected CODE | ORIGIN | NAME | MEANING", path);
	cr_assert_str_eq(err, want);
	cr_assert_null(row_of(599, "acme"), "nothing from a file with a bad line");
	free(path);
	path = write_file(dir, "codes", text, 23);
	cr_assert_eq(codes_table_load(&tab, path, err, sizeof err), 0, "%s", err);
	cr_assert_not_null(row_of(599, "acme"));
	snprintf(want, sizeof want, "%s/none", dir);
	cr_assert_eq(codes_table_load(&tab, want, err, sizeof err), -1);
	cr_assert(strstr(err, "No such file"), "%s", err);
	free(path);
	tmpdir_remove(dir);
}

/* Search: codes of the matches, in order, as "499 499 460". */
static void search(const char *q, char *buf, size_t size, enum code_rank *first_rank)
{
	struct code_match m[256];
	size_t n = codes_search(tab.rows, tab.n, q, m, 256), len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < n && len + 5 < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%03d", i ? " " : "",
		                        m[i].row->code);
	if (first_rank)
		*first_rank = n ? m[0].rank : (enum code_rank) - 1;
}

Test(codes_user, search_number_ranks_first)
{
	char buf[1024];
	enum code_rank r;

	search("499", buf, sizeof buf, &r);
	cr_assert_eq(r, CODE_RANK_NUMBER);
	cr_assert_eq(strncmp(buf, "499 499", 7), 0, "%s", buf);
	cr_assert(strstr(buf, "460"), "460's text mentions nginx 499: %s", buf);
}

Test(codes_user, search_name_before_text)
{
	struct code_match m[256];
	size_t n = codes_search(tab.rows, tab.n, "TIMEOUT", m, 256);
	int seen_text = 0, has440 = 0, has408 = 0, has504 = 0, has522 = 0;

	cr_assert_gt(n, 4);
	for (size_t i = 0; i < n; i++) {
		if (m[i].rank == CODE_RANK_TEXT)
			seen_text = 1;
		else
			cr_assert_not(seen_text, "name match %d after a text match",
			              m[i].row->code);
		has440 |= m[i].row->code == 440; /* "Login Time-out": the hyphen is skipped */
		has408 |= m[i].row->code == 408 && m[i].rank == CODE_RANK_NAME;
		has504 |= m[i].row->code == 504 && m[i].rank == CODE_RANK_NAME;
		has522 |= m[i].row->code == 522;
	}
	cr_assert(has440 && has408 && has504 && has522);
}

Test(codes_user, search_phrase_and_limits)
{
	char buf[1024];
	enum code_rank r;

	search("rate   limit", buf, sizeof buf, &r);
	cr_assert(strstr(buf, "429") && strstr(buf, "420"), "%s", buf);
	search("ssl", buf, sizeof buf, &r);
	cr_assert(strstr(buf, "495") && strstr(buf, "525") && strstr(buf, "526"), "%s", buf);
	cr_assert_eq(r, CODE_RANK_NAME);
	search("no such words anywhere", buf, sizeof buf, NULL);
	cr_assert_str_eq(buf, "");
	search("   ", buf, sizeof buf, NULL);
	cr_assert_str_eq(buf, "");
	struct code_match m[2];
	cr_assert_eq(codes_search(tab.rows, tab.n, "timeout", m, 2), 2, "max is honored");
}

Test(codes_user, search_sees_user_rows)
{
	char buf[1024];
	enum code_rank r;

	cr_assert_eq(parse("599 | acme-lb | Upstream Reset | The pool hung up.\n"), 0, "%s", err);
	search("acme", buf, sizeof buf, &r);
	cr_assert_str_eq(buf, "599");
	cr_assert_eq(r, CODE_RANK_NAME);
	search("pool hung", buf, sizeof buf, &r);
	cr_assert_str_eq(buf, "599");
	cr_assert_eq(r, CODE_RANK_TEXT);
}

/* The usual meaning moves as lines come, in file order: the last row to take it keeps it,
 * a row changed later without the flag key keeps what it had then. */
Test(codes_user, common_follows_file_order)
{
	cr_assert_eq(parse("499 | a | A | a. | flags=common\n"
	                   "499 | b | B | b. | flags=common\n"
	                   "499 | a | A2 | a again.\n"
	                   "598 | c | C | c. | flags=common\n"
	                   "598 | d | D | d. | flags=common\n"
	                   "598 | d | D2 | d again. | flags=official\n"),
	             0, "%s", err);
	cr_expect_eq(row_of(499, "a")->flags & CODE_COMMON, 0, "taken by b after a had it");
	cr_expect(row_of(499, "b")->flags & CODE_COMMON);
	cr_expect_eq(row_of(499, "nginx")->flags & CODE_COMMON, 0);
	cr_expect_str_eq(row_of(499, "a")->name, "A2");
	cr_expect_eq(row_of(598, "c")->flags & CODE_COMMON, 0, "cleared when d took it");
	cr_expect_eq(row_of(598, "d")->flags & CODE_COMMON, 0, "then d's flags were replaced");
	assert_sorted_unique();
}

/* Read on every run: 40,000 lines must take a moment, not 45 seconds (it was quadratic:
 * a sort after every line). The bound is loose on purpose; the cost is O(n log n). */
Test(codes_user, large_file_is_not_quadratic, .timeout = 60)
{
	size_t cap = 40000 * 64, len = 0;
	char *text = malloc(cap);
	for (int i = 0; i < 40000; i++)
		len += (size_t)snprintf(text + len, cap - len,
		                        "%03d | org%d | Name %d | Meaning %d.%s\n", 100 + i % 900,
		                        i / 900, i, i, i % 7 ? "" : " | flags=common");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(codes_table_parse(&tab, text, len, "big", err, sizeof err), 0, "%s", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_expect_lt(secs, 5.0, "40,000 lines took %.2f s", secs);
	cr_expect_eq(tab.n, codes_builtin_count + 40000);
	assert_sorted_unique();
	free(text);
}
