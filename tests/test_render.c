/* test_render.c — the renderer table and the helpers the renderers share: every listed
 * name is found and carries consistent facts (exit statuses, plugin lines, running
 * totals), and the shared rules (class order, percent, sanitized width) hold. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "render_util.h"
#include "support.h"

/* What each output must declare; a new output is a row here too. */
static const struct {
	const char *name;
	int error_status, has_status, has_fatal, cumulative;
} expected[] = {
        {"text", 2, 0, 0, 0},    {"json", 2, 0, 0, 0},       {"csv", 2, 0, 0, 0},
        {"summary", 2, 0, 0, 0}, {"prometheus", 2, 0, 0, 1}, {"html", 2, 0, 0, 0},
        {"nagios", 3, 1, 1, 0},
};

ParameterizedTestParameters(render, facts)
{
	return INDEX_PARAMS(expected);
}

ParameterizedTest(size_t *i, render, facts)
{
	const struct renderer *r = render_find(expected[*i].name);
	cr_assert(r, "%s not found", expected[*i].name);
	cr_expect_str_eq(r->name, expected[*i].name);
	cr_expect(r->render != NULL);
	cr_expect_eq(r->error_status, expected[*i].error_status, "%s", r->name);
	cr_expect_eq(r->status != NULL, expected[*i].has_status, "%s", r->name);
	cr_expect_eq(r->fatal != NULL, expected[*i].has_fatal, "%s", r->name);
	cr_expect_eq(r->cumulative, expected[*i].cumulative, "%s", r->name);
}

Test(render, names_list_every_row_and_only_those)
{
	char *list = strdup(render_names());
	size_t n = 0;
	for (char *tok = strtok(list, ", "); tok; tok = strtok(NULL, ", ")) {
		cr_expect(render_find(tok) != NULL, "listed but not found: %s", tok);
		int known = 0;
		for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
			known |= strcmp(expected[i].name, tok) == 0;
		cr_expect(known, "%s has no row in this test's table", tok);
		n++;
	}
	cr_expect_geq(n, sizeof expected / sizeof expected[0]);
	free(list);
	cr_expect_null(render_find("nope"));
	cr_expect_null(render_find(""));
}

Test(render, plugin_fatal_line_is_one_line_without_perfdata)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	render_find("nagios")->fatal(f, "a|b\nc\033d");
	fclose(f);
	cr_expect_str_eq(buf, "LOGSTAT UNKNOWN - a/b\\x0ac\\x1bd\n");
	free(buf);
}

Test(render, class_order_lists_each_class_once)
{
	int seen[TALLY_CLASSES] = {0};
	for (int k = 0; k < TALLY_CLASSES; k++)
		seen[render_class_at(k)]++;
	for (int c = 0; c < TALLY_CLASSES; c++)
		cr_expect_eq(seen[c], 1, "class %d", c);
	cr_expect_str_eq(render_class_name(render_class_at(0)), "1xx");
	cr_expect_str_eq(render_class_name(render_class_at(TALLY_CLASSES - 1)), "other");
	cr_expect_str_eq(render_class_title(4), "Client error");
	cr_expect_str_eq(render_class_title(99), "Other");
}

Test(render, percent_and_color)
{
	cr_expect_float_eq(render_percent(0, 0), 0.0, 1e-12);
	cr_expect_float_eq(render_percent(1, 4), 25.0, 1e-12);
	cr_expect_str_eq(render_col(0, RENDER_BOLD), "");
	cr_expect_str_eq(render_col(1, RENDER_BOLD), "\033[1m");
}

/* render_sanitized_width must agree with what render_sanitized writes, byte by byte. */
Test(render, sanitized_width_matches_output)
{
	for (int c = 0; c < 256; c++) {
		unsigned char b = (unsigned char)c;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		render_sanitized(f, &b, 1);
		fclose(f);
		cr_expect_eq(len, render_sanitized_width(b), "byte 0x%02x", c);
		free(buf);
	}
}
