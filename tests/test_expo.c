/* test_expo.c — the exposition builder (expo.h) in-process, into open_memstream: exact
 * samples, label escaping, the input label, OpenMetrics family names and # EOF, the
 * Accept negotiation as a table, and promtool on every text-format variant. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "expo.h"
#include "prom_support.h"

static void count(struct tally *t, int status, uint64_t bytes, int64_t when)
{
	struct record r = {.status = status, .bytes = bytes, .time = when};
	tally_record(t, &r);
}

/* A tally with 200 x3, 404, 599, a no-status line and a too-long line. */
static void sample_tally(struct tally *t)
{
	tally_init(t);
	for (int i = 0; i < 3; i++)
		count(t, 200, 100, 1700000000 + i);
	count(t, 404, 7, 1700000100);
	count(t, 599, 0, RECORD_NO_TIME);
	count(t, RECORD_NO_STATUS, 0, 1700000000);
	tally_malformed(t, MALFORMED_TOO_LONG, 0, 7, "x", 1);
}

static struct expo base(const struct expo_input *in, size_t n)
{
	return (struct expo){.format = EXPO_TEXT,
	                     .inputs = in,
	                     .ninputs = n,
	                     .table = codes_builtin,
	                     .table_n = codes_builtin_count,
	                     .version = "9.8.7"};
}

Test(expo, one_input_samples)
{
	struct tally t;
	sample_tally(&t);
	struct expo_input in = {.tally = &t};
	struct expo e = base(&in, 1);
	e.last_success = 1700000200;
	char *text = write_expo(&e, NULL);
	static const char *const want[] = {
	        "# TYPE logstat_build_info gauge\nlogstat_build_info{version=\"9.8.7\"} 1\n",
	        "# TYPE logstat_requests_total counter\n"
	        "logstat_requests_total{code=\"200\",class=\"2xx\",official=\"true\"} 3\n"
	        "logstat_requests_total{code=\"404\",class=\"4xx\",official=\"true\"} 1\n"
	        "logstat_requests_total{code=\"599\",class=\"5xx\",official=\"false\"} 1\n",
	        "logstat_response_bytes_total{code=\"200\",class=\"2xx\",official=\"true\"} 300\n",
	        "\nlogstat_lines_total 7\n",
	        "\nlogstat_no_status_lines_total 1\n",
	        "\nlogstat_malformed_lines_total{reason=\"too_long\"} 1\n",
	        "\nlogstat_malformed_lines_total{reason=\"empty\"} 0\n",
	        "\nlogstat_last_timestamp_seconds 1700000100\n",
	        "\nlogstat_input_errors 0\n",
	        "\nlogstat_last_success_timestamp_seconds 1700000200\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_expect(strstr(text, want[i]), "missing:\n%s\nin:\n%s", want[i], text);
	cr_expect_null(strstr(text, "logstat_state_saved"), "0 leaves it out");
	cr_expect_null(strstr(text, "logstat_inputs_followed"), "not live");
	cr_expect_null(strstr(text, "input=\""), "one input: no input label");
	cr_expect_null(strstr(text, "# EOF"));
	free(text);
}

/* Input names as given on the command line, and their label values. */
static const struct {
	const char *name, *label;
} names[] = {
        {"/var/log/a.log", "input=\"/var/log/a.log\""},
        {"quo\"te", "input=\"quo\\\"te\""},
        {"back\\slash", "input=\"back\\\\slash\""},
        {"new\nline", "input=\"new\\nline\""},
        {"bad\xff\xfeutf8", "input=\"bad\xef\xbf\xbd\xef\xbf\xbdutf8\""},
        {"caf\xc3\xa9", "input=\"caf\xc3\xa9\""},
        {"trunc\xc3", "input=\"trunc\xef\xbf\xbd\""},
        {"-", "input=\"-\""},
};

ParameterizedTestParameters(expo, input_label)
{
	return INDEX_PARAMS(names);
}

ParameterizedTest(size_t *i, expo, input_label)
{
	struct tally t[2];
	sample_tally(&t[0]);
	tally_init(&t[1]);
	count(&t[1], 503, 1, 1700000000);
	struct expo_input in[2] = {{.name = names[*i].name, .tally = &t[0]},
	                           {.name = "other.log", .tally = &t[1]}};
	struct expo e = base(in, 2);
	size_t len;
	char *text = write_expo(&e, &len);
	char want[256];
	snprintf(want, sizeof want, "logstat_lines_total{%s} 7\n", names[*i].label);
	cr_expect(strstr(text, want), "missing %s in:\n%s", want, text);
	snprintf(want, sizeof want, "logstat_requests_total{%s,code=\"200\"", names[*i].label);
	cr_expect(strstr(text, want), "missing %s", want);
	cr_expect(strstr(text,
	                 "logstat_requests_total{input=\"other.log\",code=\"503\",class=\"5xx\""
	                 ",official=\"true\"} 1\n"));
	cr_expect(strstr(text, "logstat_input_errors 0\n"), "job series have no input label");
	prom_lint(text, len);
	free(text);
}

Test(expo, live_series)
{
	struct tally t;
	sample_tally(&t);
	struct expo_input in[2] = {{.name = "a",
	                            .tally = &t,
	                            .read_errors = 2,
	                            .bytes_read = 4096,
	                            .rotations = 1,
	                            .followed = 1},
	                           {.name = "b", .tally = &t}};
	struct expo e = base(in, 2);
	e.live = 1;
	e.start_time = 1700000000;
	e.input_errors = 1;
	e.state_saved = 1690000000;
	size_t len;
	char *text = write_expo(&e, &len);
	static const char *const want[] = {
	        "\nlogstat_start_time_seconds 1700000000\n",
	        "\nlogstat_inputs_followed 1\n",
	        "\nlogstat_input_read_errors_total{input=\"a\"} 2\n",
	        "\nlogstat_input_bytes_read_total{input=\"a\"} 4096\n",
	        "\nlogstat_input_bytes_read_total{input=\"b\"} 0\n",
	        "\nlogstat_input_rotations_total{input=\"a\"} 1\n",
	        "\nlogstat_input_errors 1\n",
	        "\nlogstat_state_saved_timestamp_seconds 1690000000\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_expect(strstr(text, want[i]), "missing:\n%s\nin:\n%s", want[i], text);
	prom_lint(text, len);
	free(text);
}

Test(expo, empty_tally_passes_promtool)
{
	struct tally t;
	tally_init(&t);
	struct expo_input in = {.tally = &t};
	struct expo e = base(&in, 1);
	size_t len;
	char *text = write_expo(&e, &len);
	cr_expect_null(strstr(text, "logstat_last_timestamp_seconds"), "no time: no series");
	cr_expect(strstr(text, "# TYPE logstat_requests_total counter\n"), "families stay");
	prom_lint(text, len);
	free(text);
}

Test(expo, openmetrics)
{
	struct tally t;
	sample_tally(&t);
	struct expo_input in = {.tally = &t};
	struct expo e = base(&in, 1);
	e.format = EXPO_OPENMETRICS;
	e.live = 1;
	size_t len;
	char *text = write_expo(&e, &len);
	static const char *const want[] = {
	        "# HELP logstat_build The logstat build",
	        "# TYPE logstat_build info\nlogstat_build_info{version=\"9.8.7\"} 1\n",
	        "# TYPE logstat_requests counter\nlogstat_requests_total{code=\"200\"",
	        "# TYPE logstat_lines counter\nlogstat_lines_total 7\n",
	        "# TYPE logstat_last_timestamp_seconds gauge\n",
	        "# TYPE logstat_input_bytes_read counter\nlogstat_input_bytes_read_total 0\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_expect(strstr(text, want[i]), "missing:\n%s\nin:\n%s", want[i], text);
	cr_expect(len > 6 && strcmp(text + len - 6, "# EOF\n") == 0, "ends with # EOF");
	cr_expect_null(strstr(text, "# TYPE logstat_requests_total"), "family without _total");
	free(text);
}

Test(expo, write_error_is_reported)
{
	struct tally t;
	sample_tally(&t);
	struct expo_input in = {.tally = &t};
	struct expo e = base(&in, 1);
	FILE *full = fopen("/dev/full", "w");
	cr_assert(full);
	setvbuf(full, NULL, _IONBF, 0);
	cr_expect_eq(expo_write(full, &e), -1);
	fclose(full);
}

static const struct {
	const char *accept;
	enum expo_format want;
} accepts[] = {
        {NULL, EXPO_TEXT},
        {"", EXPO_TEXT},
        {"*/*", EXPO_TEXT},
        {"text/plain;version=0.0.4", EXPO_TEXT},
        {"application/openmetrics-text", EXPO_OPENMETRICS},
        {"application/openmetrics-text; version=1.0.0; charset=utf-8", EXPO_OPENMETRICS},
        /* what Prometheus 2.x sends */
        {"application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
         "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
         EXPO_OPENMETRICS},
        {"text/plain;version=0.0.4;q=0.5, Application/OpenMetrics-Text;q=0.9", EXPO_OPENMETRICS},
        {"application/openmetrics-text;q=0", EXPO_TEXT},
        {"application/openmetrics-text; q=0.000", EXPO_TEXT},
        {"application/openmetrics-text;q=0.001", EXPO_OPENMETRICS},
        {"application/openmetrics-textual", EXPO_TEXT},
        {"xapplication/openmetrics-text", EXPO_TEXT},
        {",,, ;;;q=", EXPO_TEXT},
};

ParameterizedTestParameters(expo, negotiate)
{
	return INDEX_PARAMS(accepts);
}

ParameterizedTest(size_t *i, expo, negotiate)
{
	cr_expect_eq(expo_negotiate(accepts[*i].accept), accepts[*i].want, "Accept: %s",
	             accepts[*i].accept ? accepts[*i].accept : "(none)");
}

Test(expo, content_types)
{
	cr_expect_str_eq(expo_content_type(EXPO_TEXT), "text/plain; version=0.0.4; charset=utf-8");
	cr_expect_str_eq(expo_content_type(EXPO_OPENMETRICS),
	                 "application/openmetrics-text; version=1.0.0; charset=utf-8");
}
