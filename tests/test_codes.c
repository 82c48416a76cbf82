/* test_codes.c — the status-code reference: the built-in table's invariants (sorted,
 * unique, classes, required fields), coverage of every code the seeds name
 * (tests/data/seed_codes.txt), and codes_find / codes_class on edge cases. */
#include <criterion/criterion.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "support.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static int ci_cmp(const char *a, const char *b)
{
	for (; *a && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++)
		;
	return tolower((unsigned char)*a) - tolower((unsigned char)*b);
}

static int is_official(const struct code_entry *e)
{
	return (e->flags & CODE_OFFICIAL) != 0;
}

/* The table order: code, then official rows first, then origin ignoring case. */
static int row_cmp(const struct code_entry *a, const struct code_entry *b)
{
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (is_official(a) != is_official(b))
		return is_official(a) ? -1 : 1;
	return ci_cmp(a->origin, b->origin);
}

/* The row for (code, origin), or NULL. */
static const struct code_entry *row_of(int code, const char *origin)
{
	const struct code_entry *first;
	size_t n = codes_find(codes_builtin, codes_builtin_count, code, &first);

	for (size_t i = 0; i < n; i++)
		if (strcmp(first[i].origin, origin) == 0)
			return &first[i];
	return NULL;
}

/* Whether list ("; "-separated) holds item exactly. */
static int list_has(const char *list, const char *item)
{
	size_t len = strlen(item);

	for (const char *p = list; *p;) {
		const char *end = strstr(p, "; ");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && strncmp(p, item, len) == 0)
			return 1;
		p += n;
		if (end)
			p += 2;
	}
	return 0;
}

Test(codes_table, not_empty)
{
	cr_assert_gt(codes_builtin_count, 90, "only %zu rows", codes_builtin_count);
}

Test(codes_table, sorted_by_code_official_origin)
{
	for (size_t i = 1; i < codes_builtin_count; i++) {
		const struct code_entry *a = &codes_builtin[i - 1], *b = &codes_builtin[i];

		cr_expect_lt(row_cmp(a, b), 0, "row %zu (%d %s) should come before row %zu (%d %s)",
		             i - 1, a->code, a->origin, i, b->code, b->origin);
	}
}

/* Checked pairwise, independently of the order, so a sorting slip cannot hide a duplicate. */
Test(codes_table, unique_per_code_and_origin)
{
	for (size_t i = 0; i < codes_builtin_count; i++)
		for (size_t j = i + 1; j < codes_builtin_count; j++) {
			const struct code_entry *a = &codes_builtin[i], *b = &codes_builtin[j];

			cr_expect(a->code != b->code || ci_cmp(a->origin, b->origin) != 0,
			          "rows %zu and %zu both hold (%d, %s)", i, j, a->code, a->origin);
		}
}

Test(codes_table, class_of_every_row)
{
	for (size_t i = 0; i < codes_builtin_count; i++) {
		const struct code_entry *e = &codes_builtin[i];

		int want = e->code >= 100 && e->code <= 599 ? e->code / 100 : 0;

		cr_expect(e->code >= 0 && e->code <= 999, "row %zu: code %d out of 000..999", i,
		          e->code);
		cr_expect_eq(codes_class(e->code), want, "row %zu: class of %d", i, e->code);
	}
}

Test(codes_table, required_fields)
{
	for (size_t i = 0; i < codes_builtin_count; i++) {
		const struct code_entry *e = &codes_builtin[i];

		cr_assert(e->origin && e->name && e->aliases && e->meaning && e->rfc &&
		                  e->details && e->advice,
		          "row %zu (%d): a NULL string", i, e->code);
		cr_expect_neq(e->origin[0], '\0', "row %zu (%d): empty origin", i, e->code);
		cr_expect_neq(e->name[0], '\0', "row %zu (%d): empty name", i, e->code);
		cr_expect_neq(e->meaning[0], '\0', "row %zu (%d): empty meaning", i, e->code);
		cr_expect_eq(e->flags & CODE_USER, 0, "row %zu (%d): built-in row marked user", i,
		             e->code);
	}
}

/* Official rows are IANA's and cite an RFC (an Internet-Draft for a temporary, experimental
 * registration); unofficial rows name their vendor and cite none. Only 100..599 can be
 * official. */
Test(codes_table, official_rows_cite_rfc)
{
	for (size_t i = 0; i < codes_builtin_count; i++) {
		const struct code_entry *e = &codes_builtin[i];

		if (is_official(e)) {
			int draft =
			        (e->flags & CODE_EXPERIMENTAL) && strncmp(e->rfc, "draft-", 6) == 0;

			cr_expect_str_eq(e->origin, "IANA", "row %zu (%d)", i, e->code);
			cr_expect(strncmp(e->rfc, "RFC ", 4) == 0 || draft,
			          "row %zu (%d): rfc \"%s\"", i, e->code, e->rfc);
			cr_expect_neq(codes_class(e->code), 0, "row %zu: official %03d", i,
			              e->code);
		} else {
			cr_expect_str_neq(e->origin, "IANA", "row %zu (%d): IANA but not official",
			                  i, e->code);
			cr_expect_str_empty(e->rfc, "row %zu (%d) %s", i, e->code, e->origin);
		}
	}
}

/* Every code any seed reference names must resolve. The file is also checked for shape. */
Test(codes_table, covers_seed_codes)
{
	char *path = data_path("seed_codes.txt");
	size_t len;
	char *text = read_file(path, &len);
	int prev = -1;
	size_t seen = 0;

	cr_assert_not_null(text, "cannot read %s", path);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		const struct code_entry *first;
		char *end;
		long code;

		if (line[0] == '#')
			continue;
		code = strtol(line, &end, 10);
		cr_assert(end != line && *end == '\0', "bad line \"%s\"", line);
		cr_expect_gt(code, prev, "seed_codes.txt not sorted/unique at %ld", code);
		prev = (int)code;
		seen++;
		cr_expect_gt(codes_find(codes_builtin, codes_builtin_count, (int)code, &first), 0,
		             "seed code %ld has no row", code);
	}
	cr_expect_gt(seen, 80, "only %zu seed codes read", seen);
	free(text);
	free(path);
}

static const struct {
	int code;
	size_t min_rows;
	const char *origins[3];
} multi_cases[] = {
        {0, 3, {"nginx", "AWS ELB", "curl"}},
        {103, 2, {"IANA", "Resumable requests"}},
        {418, 2, {"IANA", "HTCPCP"}},
        {420, 2, {"Spring", "Twitter"}},
        {451, 2, {"IANA", "IIS"}},
        {499, 2, {"nginx", "Esri"}},
        {526, 2, {"Cloudflare", "Cloud Foundry"}},
        {530, 2, {"Cloudflare", "Pantheon"}},
};

Test(codes_table, multi_meaning_codes_keep_every_origin)
{
	for (size_t i = 0; i < LEN(multi_cases); i++) {
		const struct code_entry *first;
		size_t n =
		        codes_find(codes_builtin, codes_builtin_count, multi_cases[i].code, &first);

		cr_expect_geq(n, multi_cases[i].min_rows, "%d: %zu rows", multi_cases[i].code, n);
		for (size_t j = 0; j < LEN(multi_cases[i].origins) && multi_cases[i].origins[j];
		     j++)
			cr_expect_not_null(row_of(multi_cases[i].code, multi_cases[i].origins[j]),
			                   "%d has no %s row", multi_cases[i].code,
			                   multi_cases[i].origins[j]);
	}
}

static const struct {
	int code;
	const char *origin;
	const char *name;
	const char *alias; /* must be one of the aliases, or NULL */
} name_cases[] = {
        {302, "IANA", "Found", "Moved Temporarily"},
        {306, "IANA", "(Unused)", "Switch Proxy"},
        {408, "IANA", "Request Timeout", "Request Time-out"},
        {413, "IANA", "Content Too Large", "Payload Too Large"},
        {413, "IANA", "Content Too Large", "Request Entity Too Large"},
        {414, "IANA", "URI Too Long", "Request-URI Too Long"},
        {416, "IANA", "Range Not Satisfiable", "Requested Range Not Satisfiable"},
        {0, "nginx", "No Status", NULL},
        {9, "nginx", "HTTP/0.9 Request", NULL},
        {104, "IANA", "Upload Resumption Supported", NULL},
        {418, "IANA", "(Unused)", NULL},
        {418, "HTCPCP", "I'm a teapot", NULL},
        {420, "Twitter", "Enhance Your Calm", NULL},
        {430, "Shopify", "Security Rejection", "Request Header Fields Too Large"},
        {421, "IANA", "Misdirected Request", NULL},
        {422, "IANA", "Unprocessable Content", "Unprocessable Entity"},
        {444, "nginx", "No Response", NULL},
        {451, "IIS", "Redirect", NULL},
        {463, "AWS ELB", "Too Many Forwarded Addresses", NULL},
        {464, "AWS ELB", "Incompatible Protocol Versions", NULL},
        {499, "Esri", "Token Required", NULL},
        {499, "nginx", "Client Closed Request", NULL},
        {504, "IANA", "Gateway Timeout", "ServerTimeout"},
        {509, "Apache/cPanel", "Bandwidth Limit Exceeded", NULL},
        {530, "Cloudflare", "(1xxx error)", NULL},
        {529, "Qualys", "Site is overloaded", NULL},
};

Test(codes_table, names_and_aliases)
{
	for (size_t i = 0; i < LEN(name_cases); i++) {
		const struct code_entry *e = row_of(name_cases[i].code, name_cases[i].origin);

		cr_expect_not_null(e, "no row (%d, %s)", name_cases[i].code, name_cases[i].origin);
		if (!e)
			continue;
		cr_expect_str_eq(e->name, name_cases[i].name, "(%d, %s)", e->code, e->origin);
		if (name_cases[i].alias)
			cr_expect(list_has(e->aliases, name_cases[i].alias),
			          "(%d, %s): aliases \"%s\" lack \"%s\"", e->code, e->origin,
			          e->aliases, name_cases[i].alias);
	}
}

static const struct {
	int code;
	const char *origin;
	unsigned flags; /* all must be set */
} flag_cases[] = {
        {0, "nginx", CODE_COMMON},
        {102, "IANA", CODE_OFFICIAL | CODE_DEPRECATED},
        {103, "Resumable requests", CODE_EXPERIMENTAL},
        {104, "IANA", CODE_OFFICIAL | CODE_EXPERIMENTAL},
        {218, "Apache", CODE_DUBIOUS},
        {200, "IANA", CODE_OFFICIAL},
        {305, "IANA", CODE_OFFICIAL | CODE_DEPRECATED},
        {306, "IANA", CODE_OFFICIAL | CODE_UNUSED},
        {418, "IANA", CODE_OFFICIAL | CODE_UNUSED | CODE_RESERVED},
        {420, "Spring", CODE_DEPRECATED},
        {420, "Twitter", CODE_COMMON | CODE_RETIRED},
        {527, "Cloudflare", CODE_RETIRED},
        {530, "Cloudflare", CODE_COMMON},
};

/* Flags a row must not carry: 418 is not an official teapot, nothing else is dubious. */
static const struct {
	int code;
	const char *origin;
	unsigned flags; /* none may be set */
} not_flag_cases[] = {
        {418, "HTCPCP", CODE_OFFICIAL},     {420, "Spring", CODE_COMMON},
        {451, "IANA", CODE_MARKS},          {499, "Esri", CODE_COMMON},
        {509, "Apache/cPanel", CODE_MARKS},
};

Test(codes_table, flags_not_set)
{
	for (size_t i = 0; i < LEN(not_flag_cases); i++) {
		const struct code_entry *e =
		        row_of(not_flag_cases[i].code, not_flag_cases[i].origin);

		cr_expect_not_null(e, "no row (%d, %s)", not_flag_cases[i].code,
		                   not_flag_cases[i].origin);
		if (e)
			cr_expect_eq(e->flags & not_flag_cases[i].flags, 0, "(%d, %s): flags %#x",
			             e->code, e->origin, e->flags);
	}
}

/* A code without an official row but with several meanings names exactly one as the usual
 * one; no code has two. */
Test(codes_table, one_usual_meaning_per_code)
{
	for (size_t i = 0; i < codes_builtin_count;) {
		const struct code_entry *first;
		size_t n = codes_find(codes_builtin, codes_builtin_count, codes_builtin[i].code,
		                      &first);
		size_t official = 0, common = 0;

		for (size_t k = 0; k < n; k++) {
			official += (first[k].flags & CODE_OFFICIAL) != 0;
			common += (first[k].flags & CODE_COMMON) != 0;
		}
		cr_expect_leq(official, 1, "%03d: %zu official rows", first->code, official);
		cr_expect_leq(common, 1, "%03d: %zu usual meanings", first->code, common);
		if (n > 1 && official == 0)
			cr_expect_eq(common, 1, "%03d: %zu meanings, none marked usual",
			             first->code, n);
		i += n;
	}
}

/* The row that names each code in reports. */
static const struct {
	int code;
	const char *origin;
	const char *name;
} primary_cases[] = {
        {0, "nginx", "No Status"},
        {9, "nginx", "HTTP/0.9 Request"},
        {418, "IANA", "(Unused)"},
        {420, "Twitter", "Enhance Your Calm"},
        {499, "nginx", "Client Closed Request"},
        {526, "Cloudflare", "Invalid SSL Certificate"},
        {530, "Cloudflare", "(1xxx error)"},
};

Test(codes_table, primary_rows)
{
	for (size_t i = 0; i < LEN(primary_cases); i++) {
		const struct code_entry *first;
		size_t n = codes_find(codes_builtin, codes_builtin_count, primary_cases[i].code,
		                      &first);
		const struct code_entry *p = codes_primary(first, n);

		cr_expect_not_null(p, "%03d has no row", primary_cases[i].code);
		if (!p)
			continue;
		cr_expect_str_eq(p->origin, primary_cases[i].origin, "%03d", p->code);
		cr_expect_str_eq(p->name, primary_cases[i].name, "%03d", p->code);
	}
}

/* What the registry, the RFCs and the vendors say, held against the text: a field of a row
 * must contain one string and must not contain another ("" for no check). */
enum field { MEANING, DETAILS, ADVICE, RFC };

static const struct {
	int code;
	const char *origin;
	enum field field;
	const char *has, *lacks;
} text_cases[] = {
        /* RFC 9110 10.1.1: an HTTP/1.0 server ignores 100-continue, it does not send 417 */
        {100, "IANA", DETAILS, "ignores the expectation", "HTTP/1.0 server, say"},
        {104, "IANA", RFC, "draft-ietf-httpbis-resumable-upload", ""},
        {104, "IANA", DETAILS, "temporary IANA registration", ""},
        {218, "Apache", DETAILS, "dubious", ""},
        {418, "IANA", DETAILS, "(Unused)", "I'm a teapot"},
        {418, "HTCPCP", DETAILS, "RFC 2324", ""},
        {418, "HTCPCP", DETAILS, "RFC 7168", ""},
        {420, "Twitter", DETAILS, "retired", ""},
        {420, "Twitter", DETAILS, "usual meaning of 420", ""},
        {420, "Spring", DETAILS, "deprecated", ""},
        {430, "Shopify", MEANING, "malicious", "too many URLs"},
        {430, "Shopify", DETAILS, "outdated", ""},
        {494, "nginx", DETAILS, "answers and logs 400", ""},
        {495, "nginx", DETAILS, "answers and logs 400", ""},
        {496, "nginx", DETAILS, "answers and logs 400", ""},
        {497, "nginx", DETAILS, "answers and logs 400", ""},
        {504, "IANA", DETAILS, "", "vendor"},
        {504, "IANA", DETAILS, "", "Timeout parameter"},
        {509, "Apache/cPanel", DETAILS, "Apache", ""},
        {522, "Cloudflare", MEANING, "acknowledge", ""},
        {522, "Cloudflare", DETAILS, "accepted the connection but never acknowledged", ""},
        {527, "Cloudflare", DETAILS, "retired", ""},
        {530, "Cloudflare", DETAILS, "no name of its own", ""},
        {0, "nginx", DETAILS, "000", ""},
        {9, "nginx", DETAILS, "HTTP/0.9", ""},
        {0, "AWS ELB", MEANING, "without an HTTP response", ""},
        {0, "AWS ELB", DETAILS, "GOAWAY", ""},
};

Test(codes_table, text_by_the_sources)
{
	for (size_t i = 0; i < LEN(text_cases); i++) {
		const struct code_entry *e = row_of(text_cases[i].code, text_cases[i].origin);

		cr_expect_not_null(e, "no row (%d, %s)", text_cases[i].code, text_cases[i].origin);
		if (!e)
			continue;
		const char *f = text_cases[i].field == MEANING   ? e->meaning
		                : text_cases[i].field == DETAILS ? e->details
		                : text_cases[i].field == ADVICE  ? e->advice
		                                                 : e->rfc;
		if (text_cases[i].has[0])
			cr_expect(strstr(f, text_cases[i].has), "(%03d, %s) lacks \"%s\": %s",
			          e->code, e->origin, text_cases[i].has, f);
		if (text_cases[i].lacks[0])
			cr_expect_null(strstr(f, text_cases[i].lacks),
			               "(%03d, %s) still has \"%s\"", e->code, e->origin,
			               text_cases[i].lacks);
	}
}

/* The names of the marks, one per flag, and a list of them that never overflows. */
Test(codes_table, mark_names)
{
	char buf[64];

	cr_expect_str_eq(codes_mark_name(CODE_DEPRECATED), "deprecated");
	cr_expect_str_eq(codes_mark_name(CODE_RETIRED), "retired");
	cr_expect_str_eq(codes_mark_name(CODE_DUBIOUS), "dubious");
	cr_expect_null(codes_mark_name(CODE_OFFICIAL));
	cr_expect_null(codes_mark_name(CODE_DEPRECATED | CODE_UNUSED));
	cr_expect_str_eq(
	        codes_marks(CODE_UNUSED | CODE_RESERVED | CODE_OFFICIAL, ", ", buf, sizeof buf),
	        "unused, reserved");
	cr_expect_str_eq(codes_marks(CODE_OFFICIAL | CODE_COMMON | CODE_USER, ",", buf, sizeof buf),
	                 "");
	cr_expect_str_eq(codes_marks(CODE_MARKS, ",", buf, sizeof buf),
	                 "deprecated,unused,reserved,experimental,retired,dubious");
	cr_expect_str_eq(codes_marks(CODE_MARKS, ",", buf, 20), "deprecated,unused", "whole names");
	cr_expect_str_eq(codes_marks(CODE_MARKS, ",", buf, 1), "");
}

Test(codes_table, flags)
{
	for (size_t i = 0; i < LEN(flag_cases); i++) {
		const struct code_entry *e = row_of(flag_cases[i].code, flag_cases[i].origin);

		cr_expect_not_null(e, "no row (%d, %s)", flag_cases[i].code, flag_cases[i].origin);
		if (e)
			cr_expect_eq(e->flags & flag_cases[i].flags, flag_cases[i].flags,
			             "(%d, %s): flags %#x", e->code, e->origin, e->flags);
	}
}

/* Official codes whose defining document is not RFC 9110. */
static const struct {
	int code;
	const char *rfc; /* prefix */
} rfc_cases[] = {
        {102, "RFC 2518"}, {103, "RFC 8297"}, {207, "RFC 4918"}, {208, "RFC 5842"},
        {226, "RFC 3229"}, {404, "RFC 9110"}, {421, "RFC 9110"}, {422, "RFC 9110"},
        {423, "RFC 4918"}, {425, "RFC 8470"}, {429, "RFC 6585"}, {451, "RFC 7725"},
        {508, "RFC 5842"}, {510, "RFC 2774"}, {511, "RFC 6585"},
};

Test(codes_table, defining_rfcs)
{
	for (size_t i = 0; i < LEN(rfc_cases); i++) {
		const struct code_entry *e = row_of(rfc_cases[i].code, "IANA");

		cr_expect_not_null(e, "no IANA row for %d", rfc_cases[i].code);
		if (e)
			cr_expect(strncmp(e->rfc, rfc_cases[i].rfc, strlen(rfc_cases[i].rfc)) == 0,
			          "%d: rfc \"%s\", want %s", e->code, e->rfc, rfc_cases[i].rfc);
	}
}

/* Every row is reachable: codes_find lands on the first row of its code and counts the run. */
Test(codes_find, agrees_with_linear_scan)
{
	for (size_t i = 0; i < codes_builtin_count; i++) {
		int code = codes_builtin[i].code;
		const struct code_entry *first = NULL;
		size_t start = i, want = 0;

		while (start > 0 && codes_builtin[start - 1].code == code)
			start--;
		while (start + want < codes_builtin_count &&
		       codes_builtin[start + want].code == code)
			want++;
		cr_expect_eq(codes_find(codes_builtin, codes_builtin_count, code, &first), want,
		             "count for %d", code);
		cr_expect_eq(first, &codes_builtin[start], "first row for %d", code);
	}
}

static const int unknown_codes[] = {-1, 1, 8, 10, 99, 105, 199, 299, 309, 427, 432, 512, 600, 999};

Test(codes_find, unknown_codes)
{
	for (size_t i = 0; i < LEN(unknown_codes); i++) {
		const struct code_entry *first = codes_builtin;

		cr_expect_eq(
		        codes_find(codes_builtin, codes_builtin_count, unknown_codes[i], &first), 0,
		        "code %d", unknown_codes[i]);
		cr_expect_null(first, "code %d: first not reset", unknown_codes[i]);
	}
}

/* A small hand-made table: runs at both ends, a gap, the empty table, a NULL first. */
Test(codes_find, small_tables)
{
	static const struct code_entry t[] = {
	        {200, "A", "a", "", "m", "", 0, "", ""}, {200, "B", "b", "", "m", "", 0, "", ""},
	        {404, "A", "c", "", "m", "", 0, "", ""}, {599, "A", "d", "", "m", "", 0, "", ""},
	        {599, "B", "e", "", "m", "", 0, "", ""}, {599, "C", "f", "", "m", "", 0, "", ""},
	};
	static const struct {
		int code;
		size_t n, first;
	} cases[] = {
	        {100, 0, 0}, {200, 2, 0}, {300, 0, 0}, {404, 1, 2},
	        {500, 0, 0}, {599, 3, 3}, {600, 0, 0},
	};
	const struct code_entry *first;

	for (size_t i = 0; i < LEN(cases); i++) {
		cr_expect_eq(codes_find(t, LEN(t), cases[i].code, &first), cases[i].n, "code %d",
		             cases[i].code);
		if (cases[i].n)
			cr_expect_eq(first, &t[cases[i].first], "code %d: first", cases[i].code);
	}
	cr_expect_eq(codes_find(t, 0, 200, &first), 0);
	cr_expect_eq(codes_find(t + 3, 1, 599, &first), 1);
	cr_expect_eq(first, &t[3]);
	cr_expect_eq(codes_find(t, LEN(t), 599, NULL), 3);
}

static const struct {
	int code, class;
} class_cases[] = {
        {-200, 0}, {-1, 0},  {0, 0},   {99, 0},  {100, 1}, {199, 1}, {200, 2}, {299, 2},
        {300, 3},  {404, 4}, {499, 4}, {500, 5}, {599, 5}, {600, 0}, {999, 0}, {1000, 0},
};

Test(codes_class, edges)
{
	for (size_t i = 0; i < LEN(class_cases); i++)
		cr_expect_eq(codes_class(class_cases[i].code), class_cases[i].class, "code %d",
		             class_cases[i].code);
}
