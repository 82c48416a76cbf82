/* test_statusfilter.c — --status SPEC as data: what each spec keeps, and the errors. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "statusfilter.h"
#include "support.h"

struct keep_case {
	const char *spec;
	int code;
	int kept;
};
static const struct keep_case keeps[] = {
        {"404", 404, 1},          {"404", 405, 0},
        {"4xx", 400, 1},          {"4xx", 499, 1},
        {"4XX", 450, 1},          {"4xx", 500, 0},
        {"500-504", 500, 1},      {"500-504", 504, 1},
        {"500-504", 505, 0},      {"429,5xx", 429, 1},
        {"429,5xx", 503, 1},      {"429,5xx", 404, 0},
        {"!2xx", 200, 0},         {"!2xx", 304, 1},
        {"!2xx", 0, 1},           {"!2xx", 999, 1},
        {"5xx,!503", 503, 0},     {"5xx,!503", 502, 1},
        {"5xx,!503", 404, 0},     {"!2xx,!3xx", 404, 1},
        {"!2xx,!3xx", 301, 0},    {"000", 0, 1},
        {"9xx", 999, 1},          {"100-199,!101", 101, 0},
        {"100-199,!101", 102, 1},
};

ParameterizedTestParameters(statusfilter, keeps)
{
	return INDEX_PARAMS(keeps);
}

ParameterizedTest(size_t *ix, statusfilter, keeps)
{
	const struct keep_case *c = &keeps[*ix];
	struct statusfilter f;
	char err[256];
	cr_assert_eq(statusfilter_parse(c->spec, &f, err, sizeof err), 0, "%s: %s", c->spec, err);
	cr_expect_eq(statusfilter_keep(&f, c->code), c->kept, "%s %d", c->spec, c->code);
	cr_expect_eq(statusfilter_keep(&f, -1), 0, "no status never matches");
	cr_expect_str_eq(f.spec, c->spec);
}

static const char *const bad[] = {"",     "4x",    "40",   "4044", "4xx,",    ",4xx",
                                  "!",    "!!4xx", "500-", "-500", "504-500", "5xx-6xx",
                                  "1000", " 404",  "404 ", "4O4",  "a"};

ParameterizedTestParameters(statusfilter, rejects)
{
	return INDEX_PARAMS(bad);
}

ParameterizedTest(size_t *ix, statusfilter, rejects)
{
	struct statusfilter f;
	char err[256] = "";
	cr_expect_eq(statusfilter_parse(bad[*ix], &f, err, sizeof err), -1, "'%s'", bad[*ix]);
	cr_expect(err[0], "'%s' without a message", bad[*ix]);
}

Test(statusfilter, long_spec_rejected)
{
	char spec[300];
	memset(spec, '4', sizeof spec - 1);
	spec[sizeof spec - 1] = 0;
	struct statusfilter f;
	char err[256];
	cr_expect_eq(statusfilter_parse(spec, &f, err, sizeof err), -1);
}
