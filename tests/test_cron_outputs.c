/* test_cron_outputs.c — outputs for unattended runs through the real binary: Prometheus
 * text validated by promtool, summary, --output-file written atomically, `logstat merge`
 * equal to one run over every input, and the commands of docs/cron.md run as written. */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "cron_support.h"

#define WHEN "10/Oct/2000:13:55:36 -0700"

static char *dir;
static int seq = 1;

static void setup(void)
{
	dir = tmpdir_make();
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(cron_outputs, .init = setup, .fini = teardown);

/* A log with official, unofficial and unknown codes, no-status and malformed lines. */
static char *mixed_log(const char *name)
{
	char *path = malloc(4200);
	snprintf(path, 4200, "%s/%s", dir, name);
	append_lines(path, 50, "200", WHEN, &seq);
	append_lines(path, 3, "499", "11/Oct/2000:01:00:00 +0530", &seq);
	append_lines(path, 2, "502", WHEN, &seq);
	append_lines(path, 1, "999", WHEN, &seq);
	append_lines(path, 1, "-", WHEN, &seq);
	FILE *fp = fopen(path, "a");
	fputs("garbage \"with quotes\" and \\ backslash\n", fp);
	fclose(fp);
	return path;
}

/* promtool from PATH: the test fails, never skips, when it is missing. */
static char *find_promtool(void)
{
	const char *path = getenv("PATH");
	char *copy = strdup(path ? path : "/usr/bin"), *save = NULL;
	char *found = NULL;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char full[4200];
		snprintf(full, sizeof full, "%s/promtool", d);
		if (access(full, X_OK) == 0)
			found = strdup(full);
	}
	free(copy);
	cr_assert(found, "promtool is missing: scripts/setup.sh installs Debian's prometheus");
	return found;
}

static void promtool_check(const char *text, size_t len)
{
	char *promtool = find_promtool();
	const char *argv[] = {"promtool", "check", "metrics", NULL};
	struct run_result r = run_program(promtool, argv, text, len, NULL);
	cr_expect_eq(r.status, 0, "promtool: %s%s\n%s", r.out, r.err, text);
	run_result_free(&r);
	free(promtool);
}

Test(cron_outputs, prometheus_passes_promtool)
{
	char *log = mixed_log("access.log");
	const char *argv[] = {"-o", "prometheus", log, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "# TYPE logstat_requests_total counter\n"));
	cr_expect(strstr(
	        r.out,
	        "logstat_requests_total{code=\"499\",class=\"4xx\",official=\"false\"} 3\n"));
	cr_expect(strstr(
	        r.out,
	        "logstat_requests_total{code=\"999\",class=\"other\",official=\"false\"} 1\n"));
	cr_expect(strstr(
	        r.out,
	        "logstat_response_bytes_total{code=\"200\",class=\"2xx\",official=\"true\"} "));
	cr_expect(strstr(r.out, "logstat_lines_total 58\n"));
	cr_expect(strstr(r.out, "logstat_no_status_lines_total 1\n"));
	cr_expect(strstr(r.out, "logstat_malformed_lines_total{reason=\"no_timestamp\"} 1\n"), "%s",
	          r.out);
	cr_expect(strstr(r.out, "logstat_malformed_lines_total{reason=\"empty\"} 0\n"));
	cr_expect(strstr(r.out, "logstat_last_timestamp_seconds 971211336\n"), "%s", r.out);
	cr_expect(strstr(r.out, "logstat_input_errors 0\n"));
	promtool_check(r.out, r.out_len);
	run_result_free(&r);
	const char *empty[] = {"-o", "prometheus", "-", NULL};
	r = run_logstat(empty, "\n", 1, NULL);
	promtool_check(r.out, r.out_len);
	run_result_free(&r);
	free(log);
}

Test(cron_outputs, prometheus_counters_grow_with_state)
{
	char *log = mixed_log("access.log");
	char st[4200];
	snprintf(st, sizeof st, "%s/prom.state", dir);
	const char *argv[] = {"--state", st, "-o", "prometheus", log, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect(strstr(r.out, "logstat_lines_total 58\n"));
	run_result_free(&r);
	char lock[4300];
	snprintf(lock, sizeof lock, "%s.lock", st);
	cr_expect_neq(access(lock, F_OK), 0, "no lock file left behind");
	append_lines(log, 2, "200", WHEN, &seq);
	r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "logstat_lines_total 60\n"), "%s", r.out);
	cr_expect(strstr(
	        r.out,
	        "logstat_requests_total{code=\"200\",class=\"2xx\",official=\"true\"} 52\n"));
	promtool_check(r.out, r.out_len);
	run_result_free(&r);
	free(log);
}

Test(cron_outputs, summary_is_short)
{
	char *log = mixed_log("access.log");
	const char *argv[] = {"-o", "summary", "--fail-if", "5xx>1%", log, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strncmp(r.out, "logstat: 56 requests in 58 lines (", 34) == 0, "%s", r.out);
	cr_expect(strstr(r.out, "\ntop codes: 200 OK 50 (89.29%), 499 Client Closed Request 3"),
	          "%s", r.out);
	cr_expect(strstr(r.out, "\nmalformed: 1 (no_timestamp 1)\nno status: 1\n"), "%s", r.out);
	cr_expect(strstr(r.out, "\nFAILED 5xx>1%: 5xx=3.57% (2 of 56 requests)\n"), "%s", r.out);
	int lines = 0;
	for (const char *p = r.out; *p; p++)
		lines += *p == '\n';
	cr_expect_leq(lines, 8);
	run_result_free(&r);
	free(log);
}

static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

Test(cron_outputs, output_file_atomic)
{
	char *log = mixed_log("access.log");
	char out[4200];
	snprintf(out, sizeof out, "%s/out/logstat.prom", dir);
	cr_assert_eq(shell(dir, "mkdir out && echo old > out/logstat.prom"), 0);
	const char *argv[] = {"-o", "prometheus", "--output-file", out, log, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(r.out_len, 0, "nothing on stdout");
	run_result_free(&r);
	char *text = read_file(out, NULL);
	cr_expect(strncmp(text, "# HELP logstat_build_info", 25) == 0, "%s", text);
	free(text);
	char sub[4200];
	snprintf(sub, sizeof sub, "%s/out", dir);
	cr_expect_eq(count_entries(sub), 1, "no temporary left behind");
	struct stat st;
	stat(out, &st);
	cr_expect((st.st_mode & 0044) == 0044 ||
	                  (st.st_mode & 0777) == (0666 & ~(mode_t)umask(022)),
	          "readable by the collector");
	/* An unwritable place: an error, the old file untouched. */
	snprintf(out, sizeof out, "%s/nodir/logstat.prom", dir);
	r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "nodir/logstat.prom"), "%s", r.err);
	run_result_free(&r);
	free(log);
}

/* The part of a JSON report that merging must reproduce: totals, classes and codes. */
static char *essentials(const char *json)
{
	const char *classes = strstr(json, "\n  \"classes\"");
	const char *counts = strstr(json, "\"lines\"");
	const char *end = strstr(json, "\"malformed_examples\"");
	cr_assert(classes && counts && end);
	size_t n1 = (size_t)(end - counts), n2 = strlen(classes);
	char *s = malloc(n1 + n2 + 1);
	memcpy(s, counts, n1);
	memcpy(s + n1, classes, n2 + 1);
	return s;
}

static char *report_json(const char *const *argv)
{
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	free(r.err);
	return r.out;
}

Test(cron_outputs, merge_equals_one_run)
{
	char *a = mixed_log("a.log"), *b = mixed_log("b.log"), *c = mixed_log("c.log");
	cr_assert_eq(shell(dir, "gzip c.log"), 0);
	char cgz[4200];
	snprintf(cgz, sizeof cgz, "%s.gz", c);
	const char *inputs[] = {a, b, cgz};
	char names[3][4200];
	for (int i = 0; i < 3; i++) {
		const char *argv[] = {"-o", "json", inputs[i], NULL};
		char *json = report_json(argv);
		snprintf(names[i], sizeof names[i], "%s/host%d.json", dir, i + 1);
		free(write_file(dir, names[i] + strlen(dir) + 1, json, strlen(json)));
		free(json);
	}
	const char *all[] = {"-o", "json", a, b, cgz, NULL};
	const char *merge[] = {"merge", "-o", "json", names[0], names[1], names[2], NULL};
	char *one = report_json(all), *merged = report_json(merge);
	char *e1 = essentials(one), *e2 = essentials(merged);
	cr_expect_str_eq(e2, e1);
	cr_expect(strstr(merged, "\"name\": \"host3:"), "inputs keep host and name");
	cr_expect(strstr(merged, "\"input\": \"host1:"), "examples keep theirs");
	/* a merge of merges is a merge too, in any output */
	char *mpath = write_file(dir, "m.json", merged, strlen(merged));
	const char *again[] = {"merge", "-o", "prometheus", mpath, NULL};
	char *prom = report_json(again);
	cr_expect(strstr(prom, "logstat_lines_total 174\n"), "%s", prom);
	free(prom), free(mpath), free(e1), free(e2), free(one), free(merged);
	free(a), free(b), free(c);
}

Test(cron_outputs, merge_rejects_bad_summaries)
{
	static const char *bad[] = {
	        "{\"version\": \"0.1.0\", \"lines\": 1",
	        "{\"version\": \"0.1.0\", \"lines\": 2, \"requests\": 1, \"no_status\": 0, "
	        "\"malformed\": 0, \"bytes\": 0, \"first\": null, \"last\": null}",
	        "[1, 2]",
	};
	static const char *why[] = {"offset 31: unexpected end", "offset 0: lines is not",
	                            "not a logstat JSON"};
	for (int i = 0; i < 3; i++) {
		char *p = write_file(dir, "bad.json", bad[i], strlen(bad[i]));
		const char *argv[] = {"merge", p, NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(r.status, 2);
		cr_expect(strstr(r.err, "bad.json: ") && strstr(r.err, why[i]), "%d: %s", i, r.err);
		cr_expect_eq(r.out_len, 0);
		run_result_free(&r);
		free(p);
	}
}

/* Several inputs: an input label on every per-input series; the job series have none;
 * with --state the running totals stay one set of series. */
Test(cron_outputs, prometheus_input_label)
{
	char *a = mixed_log("a.log"), *b = mixed_log("b.log");
	const char *argv[] = {"-o", "prometheus", a, b, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	char want[4400];
	snprintf(want, sizeof want, "\nlogstat_lines_total{input=\"%s\"} 58\n", b);
	cr_expect(strstr(r.out, want), "%s", r.out);
	snprintf(want, sizeof want,
	         "\nlogstat_requests_total{input=\"%s\",code=\"499\",class=\"4xx\","
	         "official=\"false\"} 3\n",
	         a);
	cr_expect(strstr(r.out, want), "%s", r.out);
	cr_expect(strstr(r.out, "\nlogstat_input_errors 0\n"));
	cr_expect(strstr(r.out, "\nlogstat_last_success_timestamp_seconds "));
	cr_expect(strstr(r.out, "\nlogstat_build_info{version=\"" LOGSTAT_VERSION "\"} 1\n"));
	promtool_check(r.out, r.out_len);
	run_result_free(&r);

	char st[4200];
	snprintf(st, sizeof st, "%s/prom.state", dir);
	const char *state[] = {"--state", st, "-o", "prometheus", a, b, NULL};
	r = run_logstat(state, NULL, 0, NULL);
	cr_expect(strstr(r.out, "\nlogstat_lines_total 116\n"), "%s", r.out);
	cr_expect_null(strstr(r.out, "input=\""));
	run_result_free(&r);
	r = run_logstat(state, NULL, 0, NULL);
	cr_expect(strstr(r.out, "\nlogstat_state_saved_timestamp_seconds "), "%s", r.out);
	promtool_check(r.out, r.out_len);
	run_result_free(&r);
	free(a), free(b);
}
