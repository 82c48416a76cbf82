/* cmd_codes.c — `logstat codes [FILTER|WORD]...` and `logstat explain CODE`: turn the
 * arguments into a selection of rows from the merged table (codes_load) and hand it to
 * codes_print. Exit status: 0 found, 1 nothing matched, 2 usage or file error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "codes_load.h"
#include "codes_print.h"
#include "commands.h"
#include "options.h"
#include "opts.h"
#include "report.h"
#include "term.h"

#define MAX_FILTERS 64

struct codes_args {
	int explain; /* run as `explain` */
	int official, unofficial;
	int json;
	enum color_mode color;
	unsigned long width; /* --width, 0: not given */
	const char *codes_file;
	int lo[MAX_FILTERS], hi[MAX_FILTERS]; /* code filters: classes, ranges, numbers */
	size_t nfilters;
	int is_code[MAX_FILTERS]; /* the filter is one bare code */
	size_t ncodes;
	size_t nwords;
	char query[1024]; /* the WORDs, blank-separated */
};

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Classify an argument: 1 a code (lo == hi), 2 a class or range, 0 a word, -1 a range
 * whose ends are reversed. */
static int classify(const char *s, int *lo, int *hi)
{
	size_t n = strlen(s);

	if (n == 3 && digits(s, 3)) {
		*lo = *hi = atoi(s);
		return 1;
	}
	if (n == 3 && digits(s, 1) && (s[1] == 'x' || s[1] == 'X') &&
	    (s[2] == 'x' || s[2] == 'X')) {
		*lo = (s[0] - '0') * 100;
		*hi = *lo + 99;
		return 2;
	}
	if (n == 3 && digits(s, 2) && (s[2] == 'x' || s[2] == 'X')) {
		*lo = ((s[0] - '0') * 10 + (s[1] - '0')) * 10;
		*hi = *lo + 9;
		return 2;
	}
	if (n == 7 && digits(s, 3) && s[3] == '-' && digits(s + 4, 3)) {
		*lo = atoi(s);
		*hi = atoi(s + 4);
		return *lo <= *hi ? 2 : -1;
	}
	return 0;
}

static int add_positional(struct codes_args *a, const char *arg)
{
	int lo, hi, kind = classify(arg, &lo, &hi);

	if (kind < 0)
		return opts_error("range '%s' ends before it starts", arg);
	if (a->explain && kind != 1)
		return opts_error("'%s' is not a status code (three digits, 000-999)", arg);
	if (kind == 0) {
		size_t len = strlen(a->query);

		if (len + strlen(arg) + 2 > sizeof a->query)
			return opts_error("search words too long");
		snprintf(a->query + len, sizeof a->query - len, "%s%s", len ? " " : "", arg);
		a->nwords++;
		return 0;
	}
	if (a->nfilters == MAX_FILTERS)
		return opts_error("too many codes, classes and ranges");
	a->ncodes += kind == 1;
	a->is_code[a->nfilters] = kind == 1;
	a->lo[a->nfilters] = lo;
	a->hi[a->nfilters++] = hi;
	return 0;
}

static int apply_option(void *ctx, int c, const char *arg)
{
	struct codes_args *a = ctx;
	switch (c) {
	case OPT_OFFICIAL:
	case OPT_UNOFFICIAL:
		*(c == OPT_OFFICIAL ? &a->official : &a->unofficial) = 1;
		if (a->official && a->unofficial)
			return opts_error("give --official or --unofficial, not both");
		return 0;
	case 'o':
		if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
			return opts_error("--output: unknown format '%s' (text, json)", arg);
		a->json = strcmp(arg, "json") == 0;
		return 0;
	case OPT_CODES:
		a->codes_file = arg;
		return 0;
	case OPT_WIDTH:
		return opts_number("--width", arg, 40, 1000, &a->width);
	case OPT_COLOR:
		if (term_parse_color(arg, &a->color) != 0)
			return opts_error("--color: '%s' is not auto, always or never", arg);
		return 0;
	}
	return 2;
}

/* Returns 0 to run, 1 after --help, 2 after a usage error. */
static int parse_args(int argc, char **argv, struct codes_args *a)
{
	char **operands;
	size_t n;
	int rc = opts_parse(a->explain ? CMD_EXPLAIN : CMD_CODES, argc, argv, apply_option, a,
	                    &operands, &n);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (add_positional(a, operands[i]) != 0)
			return 2;
	if (a->nwords == 1 && strcasecmp(a->query, "other") == 0 && !a->explain) {
		/* `codes other` alone is the class reports call other; with more words it is
		 * a word ("see other") */
		a->nwords = 0;
		a->query[0] = '\0';
		if (add_positional(a, "000-099") != 0 || add_positional(a, "600-999") != 0)
			return 2;
	}
	if (a->explain && a->nfilters != 1)
		return opts_error("%s", a->nfilters ? "give one CODE" : "which CODE? (e.g. 499)");
	return 0;
}

/* The full entry of one code, the usual meaning first (official, else common). */
static int explain(const struct code_table *t, int code, const struct codes_args *a,
                   const struct codes_style *s)
{
	const struct code_entry *first, *rows[64];
	size_t n = codes_find(t->rows, t->n, code, &first), k = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n && k < 64; i++) {
			int usual = (first[i].flags & (CODE_OFFICIAL | CODE_COMMON)) != 0;

			if (usual == (pass == 0))
				rows[k++] = &first[i];
		}
	if (a->json)
		codes_json_entry(stdout, code, rows, k);
	else if (k)
		codes_print_entry(stdout, code, rows, k, s);
	else if (codes_class(code))
		fprintf(stderr,
		        "logstat: %03d is not in the status-code table; it is a %s code, see "
		        "'logstat codes %s'\n",
		        code, render_class_name(codes_class(code)),
		        render_class_name(codes_class(code)));
	else
		fprintf(stderr,
		        "logstat: %03d is not in the status-code table; it is outside 100-599, so "
		        "reports count it under 'other'\n",
		        code);
	return k ? 0 : 1;
}

/* Whether row e passes the filters. When searching, a bare code is a search term rather
 * than a filter (searched), so only classes, ranges and --(un)official narrow. */
static int keep(const struct code_entry *e, const struct codes_args *a, int searched)
{
	size_t tried = 0;

	if (a->official && !(e->flags & CODE_OFFICIAL))
		return 0;
	if (a->unofficial && (e->flags & CODE_OFFICIAL))
		return 0;
	for (size_t i = 0; i < a->nfilters; i++) {
		if (searched && a->is_code[i])
			continue;
		tried++;
		if (e->code >= a->lo[i] && e->code <= a->hi[i])
			return 1;
	}
	return tried == 0;
}

/* Search for the words and for each bare code, keeping each row's best order in best[]
 * (indexed like t->rows, -1 when not found) and its rank in rank[]. */
static void search_all(const struct code_table *t, const struct codes_args *a, int *best,
                       enum code_rank *rank, struct code_match *tmp)
{
	for (size_t q = 0; q <= a->nfilters; q++) {
		char num[8];
		const char *query = a->query;
		size_t n;

		if (q < a->nfilters) {
			if (!a->is_code[q])
				continue;
			snprintf(num, sizeof num, "%03d", a->lo[q]);
			query = num;
		}
		n = codes_search(t->rows, t->n, query, tmp, t->n);
		for (size_t i = 0; i < n; i++) {
			size_t row = (size_t)(tmp[i].row - t->rows);

			if (best[row] < 0 || (int)tmp[i].order < best[row]) {
				best[row] = (int)tmp[i].order;
				rank[row] = tmp[i].rank;
			}
		}
	}
}

/* Order of search results: best order first, then table order (rows point into one
 * array, so their addresses give it). */
static int match_cmp(const void *pa, const void *pb)
{
	const struct code_match *a = pa, *b = pb;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

/* Nothing listed: say so, and for a class no row falls in, what reports make of it. */
static void no_match(const struct codes_args *a)
{
	if (a->nwords == 0 && a->nfilters > 0 && !a->official && !a->unofficial) {
		fprintf(stderr, "logstat: no status code is defined in %03d-%03d", a->lo[0],
		        a->hi[0]);
		if (codes_class(a->lo[0]) == 0)
			fputs("; reports count such codes under 'other'", stderr);
		putc('\n', stderr);
		return;
	}
	fputs("logstat: no status code matches\n", stderr);
}

/* The list: every row, or the search results (best first, then table order), narrowed
 * by the filters. */
static int list(const struct code_table *t, const struct codes_args *a, const struct codes_style *s)
{
	size_t cap = t->n ? t->n : 1, k = 0;
	struct code_match *m = malloc(cap * sizeof *m), *tmp = malloc(cap * sizeof *tmp);
	int *best = malloc(cap * sizeof *best);
	enum code_rank *rank = malloc(cap * sizeof *rank);

	if (!m || !tmp || !best || !rank) {
		fputs("logstat: out of memory\n", stderr);
		free(m), free(tmp), free(best), free(rank);
		return 2;
	}
	for (size_t i = 0; i < t->n; i++) {
		best[i] = a->nwords ? -1 : 0;
		rank[i] = CODE_RANK_NUMBER;
	}
	if (a->nwords)
		search_all(t, a, best, rank, tmp);
	for (size_t i = 0; i < t->n; i++)
		if (best[i] >= 0 && keep(&t->rows[i], a, a->nwords > 0))
			m[k++] = (struct code_match){&t->rows[i], rank[i], (unsigned)best[i]};
	qsort(m, k, sizeof *m, match_cmp);
	if (a->json)
		codes_json_list(stdout, m, k, a->nwords > 0);
	else if (k)
		codes_print_list(stdout, m, k, a->nwords == 0, s);
	else
		no_match(a);
	free(m), free(tmp), free(best), free(rank);
	return k ? 0 : 1;
}

static int run(int argc, char **argv, int as_explain)
{
	struct codes_args a = {.explain = as_explain};
	int rc = parse_args(argc, argv, &a);

	if (rc != 0)
		return rc == 1 ? 0 : 2;
	struct code_table t;
	char err[600];
	if (codes_load(&t, a.codes_file, err, sizeof err) != 0) {
		codes_load_print_error(err);
		return 2;
	}
	struct codes_style s = {term_want_color(a.color, 1), term_width(1, (unsigned)a.width)};
	if (a.explain ||
	    (a.nfilters == 1 && a.ncodes == 1 && a.nwords == 0 && !a.official && !a.unofficial))
		rc = explain(&t, a.lo[0], &a, &s);
	else
		rc = list(&t, &a, &s);
	if (fflush(stdout) != 0) {
		perror("logstat: write");
		rc = 2;
	}
	codes_table_free(&t);
	return rc;
}

int cmd_codes(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int cmd_explain(int argc, char **argv)
{
	return run(argc, argv, 1);
}
