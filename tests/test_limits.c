/* test_limits.c — numbers and bytes at their limits on the way in and out of a report:
 * counters saturate at 2^64-1 (tally, merge of JSON reports, --state totals) instead of
 * wrapping; JSON escapes C1 controls; `merge` refuses format and compression strings
 * that are not names, so its text output never carries a terminal escape. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cron_support.h"
#include "report.h"
#include "summary.h"
#include "tally.h"

#define WHEN "10/Oct/2000:13:55:36 -0700"
#define HALF (UINT64_C(1) << 63)

static char *dir;
static void setup(void)
{
	dir = tmpdir_make();
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(limits, .init = setup, .fini = teardown);

Test(limits, tally_merge_and_record_saturate)
{
	static struct tally a, b;
	tally_init(&a);
	tally_init(&b);
	a.lines = a.requests = a.count[200] = HALF;
	a.bytes = a.code_bytes[200] = UINT64_MAX - 1;
	b = a;
	tally_merge(&a, &b);
	cr_expect_eq(a.lines, UINT64_MAX);
	cr_expect_eq(a.count[200], UINT64_MAX);
	cr_expect_eq(a.bytes, UINT64_MAX);
	cr_expect_eq(tally_class_count(&a, 2), UINT64_MAX);
	struct record r = {.status = 404, .bytes = UINT64_MAX, .time = RECORD_NO_TIME};
	tally_record(&b, &r);
	cr_expect_eq(b.bytes, UINT64_MAX, "a 20-digit size stops the sum at the top");
	cr_expect_eq(b.count[404], 1, "and the request still counts by its status");
	cr_expect_eq(tally_class_bytes(&b, 2), UINT64_MAX - 1);
}

/* A JSON report of a tally with HALF lines, as `logstat -o json` writes it. */
static char *half_report(void)
{
	static struct input_result in;
	memset(&in, 0, sizeof in);
	snprintf(in.name, sizeof in.name, "big.log");
	snprintf(in.format, sizeof in.format, "combined");
	snprintf(in.compression, sizeof in.compression, "plain");
	tally_init(&in.tally);
	in.tally.lines = in.tally.requests = in.tally.count[200] = HALF;
	in.tally.bytes = in.tally.code_bytes[200] = HALF;
	struct report_inputs kept = {0};
	cr_assert(report_inputs_add(&kept, &in) == 0);
	struct report r = {.inputs = kept.v, .ninputs = 1};
	r.total = in.tally;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct render_options o = {0};
	cr_assert_eq(render_json(fp, &r, &o), 0);
	fclose(fp);
	report_inputs_free(&kept);
	return text;
}

Test(limits, merging_two_reports_of_2_63_lines_saturates)
{
	char *json = half_report(), err[256];
	static struct summary s[2];
	static struct tally total;
	tally_init(&total);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(summary_parse(json, strlen(json), "h", &s[i], err, sizeof err), 0,
		             "%s", err);
		tally_merge(&total, &s[i].total);
	}
	cr_expect_eq(total.lines, UINT64_MAX);
	cr_expect_eq(total.requests, UINT64_MAX);
	cr_expect_eq(total.bytes, UINT64_MAX);
	summary_free(&s[0]);
	summary_free(&s[1]);
	/* and through the binary */
	char *p = write_file(dir, "big.json", json, strlen(json));
	const char *argv[] = {"merge", "-o", "json", p, p, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"lines\": 18446744073709551615"), "%.400s", r.out);
	run_result_free(&r);
	free(p);
	free(json);
}

Test(limits, state_totals_near_the_limit_saturate)
{
	char log[4200], st[4200];
	snprintf(log, sizeof log, "%s/access.log", dir);
	snprintf(st, sizeof st, "%s/st", dir);
	int seq = 1;
	append_lines(log, 5, "200", WHEN, &seq);
	const char *argv[] = {"--state", st, "-o", "prometheus", log, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	/* a state that has counted 2^64-2 requests so far */
	cr_assert_eq(shell(dir, "sed -i -e 's/^totals 5 5 /totals 18446744073709551614 "
	                        "18446744073709551614 /' -e 's/^code 200 5 /code 200 "
	                        "18446744073709551614 /' st && grep -q '^totals 1844' st"),
	             0);
	append_lines(log, 5, "200", WHEN, &seq);
	r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "logstat_lines_total 18446744073709551615\n"), "%s", r.out);
	run_result_free(&r);
	char *text = read_file(st, NULL);
	cr_expect(strstr(text, "\ntotals 18446744073709551615 18446744073709551615 "), "%s", text);
	free(text);
}

Test(limits, json_escapes_c1_controls)
{
	static const unsigned char in[] = "a\xc2\x9b"
	                                  "1m\xc2\x85"
	                                  "b\xc2\xa0\xc2\x9f\xc3\xa9\x9b";
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	render_json_string(fp, in, sizeof in - 1);
	fclose(fp);
	cr_expect_str_eq(text, "\"a\\u009b1m\\u0085b\xc2\xa0\\u009f\xc3\xa9\\u009b\"");
	free(text);
}

Test(limits, codes_json_escapes_c1_controls)
{
	static const char line[] = "299 | acme | Bad \xc2\x9b"
	                           "2J name | Means \xc2\x85.\n";
	char *codes = write_file(dir, "codes.txt", line, sizeof line - 1);
	const char *argv[] = {"codes", "--codes", codes, "-o", "json", "299", NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\\u009b2J") && !strstr(r.out, "\xc2\x9b"), "%s", r.out);
	run_result_free(&r);
	free(codes);
}

Test(limits, merge_refuses_escapes_in_format_and_compression)
{
	char log[4200];
	snprintf(log, sizeof log, "%s/a.log", dir);
	int seq = 1;
	append_lines(log, 3, "200", WHEN, &seq);
	const char *argv[] = {"-o", "json", log, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0);
	static const struct {
		const char *from, *to, *error;
	} cases[] = {
	        {"\"format\": \"combined\"", "\"format\": \"\\u001b]0;owned\\u0007\"",
	         "format is not a format name"},
	        {"\"format\": \"combined\"", "\"format\": \"x\\u009b2J\"",
	         "format is not a format name"},
	        {"\"compression\": \"plain\"", "\"compression\": \"\\u001b[2J\"",
	         "compression is not plain, gzip, zstd"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *at = strstr(r.out, cases[i].from);
		cr_assert(at, "%s", r.out);
		char *bad = malloc(strlen(r.out) + 64);
		sprintf(bad, "%.*s%s%s", (int)(at - r.out), r.out, cases[i].to,
		        at + strlen(cases[i].from));
		char *p = write_file(dir, "bad.json", bad, strlen(bad));
		const char *margv[] = {"merge", p, NULL};
		struct run_result m = run_logstat(margv, NULL, 0, NULL);
		cr_expect_eq(m.status, 2, "%s", cases[i].to);
		cr_expect(strstr(m.err, cases[i].error) && strstr(m.err, "offset "), "%s", m.err);
		cr_expect(!memchr(m.out, 0x1b, m.out_len) && !memchr(m.err, 0x1b, m.err_len) &&
		                  !strstr(m.out, "\xc2\x9b"),
		          "no escape reaches the terminal");
		run_result_free(&m);
		free(p);
		free(bad);
	}
	run_result_free(&r);
}

/* A zstd frame asking for a window past 128 MiB (zstd --long=28 and up) is refused by
 * name; up to --long=27 it is decoded. The window descriptor is patched into a small
 * frame (its blocks fit any window), so no test needs gigabytes. */
Test(limits, zstd_window_is_bounded_and_named)
{
	static const char line[] = "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" "
	                           "200 5 \"-\" \"t\"\n";
	size_t zlen;
	unsigned char *z = (unsigned char *)compress_with("zstd", line, sizeof line - 1, &zlen);
	cr_assert(zlen > 6 && !(z[4] & 0x20), "a frame with a window descriptor");
	static const struct {
		unsigned log;
		int status;
		const char *err;
	} cases[] = {{27, 0, ""},
	             {28, 2, "needs a 256 MiB window (made with zstd --long=28)"},
	             {31, 2, "needs a 2048 MiB window (made with zstd --long=31)"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		z[5] = (unsigned char)((cases[i].log - 10) << 3);
		char *p = write_file(dir, "w.zst", z, zlen);
		const char *argv[] = {"-o", "json", p, NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(r.status, cases[i].status, "--long=%u: %s", cases[i].log, r.err);
		cr_expect(strstr(r.err, cases[i].err) && !strstr(r.err, "corrupt"), "%s", r.err);
		if (cases[i].status == 0)
			cr_expect_eq(json_int(r.out, NULL, "requests"), 1);
		run_result_free(&r);
		free(p);
	}
	free(z);
}
