/* test_threshold.c — threshold expressions as data: what parses (and what error a bad
 * one gives), and whether each form holds against one known tally. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "support.h"
#include "threshold.h"

static const struct {
	const char *expr;
	int ok;
	const char *error; /* substring of the error when !ok */
} parse_cases[] = {
        {"5xx>1%", 1, NULL},
        {"502>0", 1, NULL},
        {"499>=100", 1, NULL},
        {"unofficial>0.5%", 1, NULL},
        {"malformed>0", 1, NULL},
        {" 5XX > 1 % ", 1, NULL},
        {"other!=0", 1, NULL},
        {"requests<10", 1, NULL},
        {"lines==0", 1, NULL},
        {"no_status<=2.25%", 1, NULL},
        {"unknown=0", 1, NULL},
        {"000>0", 1, NULL},
        {"6xx>1", 0, "is not a code"},
        {"50>1", 0, "is not a code"},
        {">1", 0, "is not a code"},
        {"5xx", 0, "expected an operator"},
        {"5xx=>1", 0, "is not a number"},
        {"5xx>", 0, "is not a number"},
        {"5xx>1%%", 0, "is not a number"},
        {"5xx>1.1234567", 0, "is not a number"},
        {"requests>5%", 0, "takes a count"},
        {"5xx>101%", 0, "above 100%"},
        {"5xx>abc", 0, "is not a number"},
};

ParameterizedTestParameters(threshold, parse)
{
	return INDEX_PARAMS(parse_cases);
}

ParameterizedTest(size_t *i, threshold, parse)
{
	struct threshold t;
	char err[256] = "";
	int rc = threshold_parse(parse_cases[*i].expr, &t, err, sizeof err);
	cr_assert_eq(rc == 0, parse_cases[*i].ok, "%s: %s", parse_cases[*i].expr, err);
	if (!parse_cases[*i].ok)
		cr_expect(strstr(err, parse_cases[*i].error), "%s: %s", parse_cases[*i].expr, err);
}

/* 200 requests: 190 x 200, 7 x 502, 1 x 499, 2 x 999; 4 no-status, 6 malformed. */
static void sample(struct tally *t)
{
	tally_init(t);
	t->count[200] = 190;
	t->count[502] = 7;
	t->count[499] = 1;
	t->count[999] = 2;
	t->requests = 200;
	t->no_status = 4;
	t->malformed = 6;
	t->lines = 210;
}

static const struct {
	const char *expr;
	int holds;
} eval_cases[] = {
        {"5xx>1%", 1},           {"5xx>3.5%", 0},      {"5xx>=3.5%", 1},
        {"5xx<3.6%", 1},         {"502>0", 1},         {"502>7", 0},
        {"502==7", 1},           {"502!=7", 0},        {"499>=100", 0},
        {"499>=1", 1},           {"503>0", 0},         {"unofficial>0.5%", 1},
        {"unofficial>1.5%", 0},  {"unofficial==3", 1}, {"unknown==2", 1},
        {"other==1%", 1},        {"malformed>0", 1},   {"malformed>2.857142%", 1},
        {"malformed>2.858%", 0}, {"no_status<=4", 1},  {"requests<200", 0},
        {"lines>=210", 1},       {"2xx>=95%", 1},      {"2xx>95%", 0},
};

ParameterizedTestParameters(threshold, eval)
{
	return INDEX_PARAMS(eval_cases);
}

ParameterizedTest(size_t *i, threshold, eval)
{
	struct tally t;
	struct threshold th;
	struct threshold_measure m;
	char err[256];
	sample(&t);
	cr_assert_eq(threshold_parse(eval_cases[*i].expr, &th, err, sizeof err), 0, "%s", err);
	cr_expect_eq(threshold_eval(&th, &t, codes_builtin, codes_builtin_count, &m),
	             eval_cases[*i].holds, "%s", eval_cases[*i].expr);
}

Test(threshold, describe_and_nagios_state)
{
	struct tally t;
	sample(&t);
	struct threshold_check c[2] = {{.level = THRESHOLD_WARNING}, {.level = THRESHOLD_CRITICAL}};
	char err[256], buf[160];
	cr_assert_eq(threshold_parse("5xx>1%", &c[0].th, err, sizeof err), 0);
	cr_assert_eq(threshold_parse("5xx>5%", &c[1].th, err, sizeof err), 0);
	cr_expect_eq(threshold_run(c, 2, &t, codes_builtin, codes_builtin_count), 1);
	cr_expect_eq(threshold_nagios_state(c, 2), 1);
	cr_expect_str_eq(threshold_describe(&c[0].th, &c[0].m, buf, sizeof buf),
	                 "5xx=3.50% (7 of 200 requests)");
	t.count[500] = 10;
	threshold_run(c, 2, &t, codes_builtin, codes_builtin_count);
	cr_expect_eq(threshold_nagios_state(c, 2), 2);
}

Test(threshold, percent_of_nothing_is_zero)
{
	struct tally t;
	tally_init(&t);
	struct threshold th;
	struct threshold_measure m;
	char err[64];
	cr_assert_eq(threshold_parse("5xx>0%", &th, err, sizeof err), 0);
	cr_expect_eq(threshold_eval(&th, &t, codes_builtin, codes_builtin_count, &m), 0);
}
