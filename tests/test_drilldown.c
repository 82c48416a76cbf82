/* test_drilldown.c — the drill-down end to end: --by rows, --status filtering, time
 * buckets and percentiles of the built binary's JSON report against an independent
 * recount (tests/oracle/drill.py) on generated and real logs, in the exact regime and
 * past the table's capacity; merging two halves gives one run's sections; the text and
 * CSV sections and the options' errors. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* $B logstat, $O the oracle, $R tests/data/reallogs, $T a fresh directory, $F the
 * generated log's format (%D at the end: read only when asked for). */
#define ALL "path,request,method,client,user_agent,referer,minute,hour,day"

struct drill_case {
	const char *name;
	const char *script;
};

static const struct drill_case cases[] = {
        {"generated, every field, latency",
         "python3 $O gen 20000 60 1 > $T/g.log && $B -o json -F \"$F\" --by " ALL
         " $T/g.log > $T/g.json && python3 $O check $T/g.log $T/g.json"},
        {"generated, --status with a negation",
         "python3 $O gen 5000 60 3 > $T/g.log && $B -o json -F \"$F\" --status '4xx,5xx,!404' "
         "--by path,hour $T/g.log > $T/g.json && "
         "python3 $O check $T/g.log $T/g.json --status '4xx,5xx,!404'"},
        {"generated, --status range and list, two threads",
         "python3 $O gen 5000 60 4 > $T/g.log && $B -j2 -o json -F \"$F\" --status "
         "'500-503,101' --by request $T/g.log > $T/g.json && "
         "python3 $O check $T/g.log $T/g.json --status '500-503,101'"},
        {"generated, past the capacity (approximate)",
         "python3 $O gen 60000 40000 2 > $T/g.log && $B -o json -F \"$F\" --by "
         "path,request,minute $T/g.log > $T/g.json && "
         "python3 $O check $T/g.log $T/g.json --approx"},
        {"merge of two halves equals one run (exact)",
         "python3 $O gen 20000 60 5 > $T/g.log && head -9000 $T/g.log > $T/a.log && "
         "tail -n +9001 $T/g.log > $T/b.log && for f in g a b; do $B -o json -F \"$F\" --by "
         "path,client,hour,user_agent $T/$f.log > $T/$f.json || exit 1; done && "
         "$B merge -o json $T/a.json $T/b.json > $T/m.json && python3 $O same $T/g.json "
         "$T/m.json && python3 $O check $T/g.log $T/m.json"},
        {"merge of two halves past the capacity keeps the bounds",
         "python3 $O gen 60000 40000 6 > $T/g.log && head -30000 $T/g.log > $T/a.log && "
         "tail -n +30001 $T/g.log > $T/b.log && for f in a b; do $B -o json -F \"$F\" --by "
         "path $T/$f.log > $T/$f.json || exit 1; done && $B merge -o json $T/a.json "
         "$T/b.json > $T/m.json && python3 $O check $T/g.log $T/m.json --approx"},
        {"real log, combined",
         "$B -o json --by " ALL " $R/elastic_examples_apache_logs.log.zst > $T/r.json && "
         "python3 $O check $R/elastic_examples_apache_logs.log.zst $T/r.json"},
        {"real log, --status 404 --by path",
         "$B -o json --status 404 --by path,client $R/elastic_examples_apache_logs.log.zst > "
         "$T/r.json && python3 $O check $R/elastic_examples_apache_logs.log.zst $T/r.json "
         "--status 404"},
        {"real log, common",
         "L=$R/nasa_Jul95_first4000_Hurence-logisland-quickstarts.log.zst; $B -o json --by " ALL
         " $L > $T/r.json && python3 $O check $L $T/r.json"},
        {"real log, CRLF, !2xx",
         "L=$R/monitorware_2004_access_log_CRLF_0x333333.log.zst; $B -o json --status '!2xx' "
         "--by " ALL " $L > $T/r.json && python3 $O check $L $T/r.json --status '!2xx'"},
        {"real log, Squid durations: class and code percentiles",
         "L=$R/../formats/squid__elastic_integrations__test-access.log; $B -o json $L > $T/r.json "
         "&& python3 $O latency squid $L $T/r.json"},
        {"real log, Caddy JSON durations: class and code percentiles",
         "L=$R/../formats/caddy_json__crowdsecurity_hub__caddy-logs.log; $B -o json $L > "
         "$T/r.json && python3 $O latency caddy $L $T/r.json"},
        {"real log, minutes past the capacity",
         "L=$R/XZymo-4905-Log-Parser_apache2_access_combined_15files.log.zst; $B -o json --by "
         "path,minute,client $L > $T/r.json && python3 $O check $L $T/r.json --approx"},
};

ParameterizedTestParameters(drilldown, oracle)
{
	return INDEX_PARAMS(cases);
}

ParameterizedTest(size_t *ix, drilldown, oracle, .timeout = 120)
{
	const struct drill_case *c = &cases[*ix];
	char *dir = tmpdir_make();
	char env[5][4200];
	snprintf(env[0], sizeof env[0], "B=%s", LOGSTAT_BIN);
	snprintf(env[1], sizeof env[1], "O=%s/tests/oracle/drill.py", LOGSTAT_SOURCE_DIR);
	snprintf(env[2], sizeof env[2], "R=%s/reallogs", LOGSTAT_TEST_DATA);
	snprintf(env[3], sizeof env[3], "T=%s", dir);
	snprintf(env[4], sizeof env[4], "F=%s",
	         "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" "
	         "\"%{User-agent}i\" %D");
	const char *const envp[] = {env[0], env[1], env[2], env[3], env[4], NULL};
	const char *const argv[] = {"sh", "-c", c->script, NULL};
	struct run_result r = run_program("/bin/sh", argv, NULL, 0, envp);
	cr_expect_eq(r.status, 0, "%s: status %d\n%s%s", c->name, r.status, r.out, r.err);
	cr_expect(strstr(r.out, "agree") || strstr(r.out, "same"), "%s: %s", c->name, r.out);
	run_result_free(&r);
	tmpdir_remove(dir);
}

static struct run_result run_sample(const char *const *args)
{
	return run_logstat(args, NULL, 0, NULL);
}

Test(drilldown, text_sections)
{
	char *log = data_path("reallogs/elastic_examples_apache_logs.log.zst");
	const char *args[] = {"--color=never", "--status", "404", "--by", "path,hour",
	                      "--top",         "3",        log,   NULL};
	struct run_result r = run_sample(args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Filter --status 404: 9,787 lines left out"), "%s", r.out);
	cr_expect(strstr(r.out, "By path (top 3 of 66 values)"), "%s", r.out);
	cr_expect(strstr(r.out, "61  28.64%"), "%s", r.out);
	cr_expect(strstr(r.out, "/files/logstash/logstash-1.3.2-monolithic.jar\n"), "%s", r.out);
	cr_expect(strstr(r.out, "By hour ("), "%s", r.out);
	cr_expect(strstr(r.out, "2015-05-17T10:00Z"), "%s", r.out);
	run_result_free(&r);
	free(log);
}

Test(drilldown, csv_time_buckets_in_order)
{
	char *log = data_path("reallogs/elastic_examples_apache_logs.log.zst");
	const char *args[] = {"-o", "csv", "--by", "day", log, NULL};
	struct run_result r = run_sample(args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	const char *want = "\nby,day,count,max_error,1xx,2xx,3xx,4xx,5xx,other,p50_ms,p90_ms,"
	                   "p99_ms,max_ms\n"
	                   "day,2015-05-17,1632,0,0,";
	cr_expect(strstr(r.out, want), "%s", r.out);
	const char *a = strstr(r.out, "day,2015-05-18"), *b = strstr(r.out, "day,2015-05-19");
	cr_expect(a && b && a < b, "%s", r.out);
	run_result_free(&r);
	free(log);
}

struct bad_case {
	const char *opt, *value, *message;
};
static const struct bad_case bad[] = {
        {"--by", "paths", "--by: 'paths' is not one of: path, request"},
        {"--by", "path,", "--by: '' is not one of"},
        {"--status", "4x", "--status: '4x' at byte 1 of '4x' is not a code"},
        {"--status", "404,,500", "at byte 5 of '404,,500'"},
        {"--status", "504-500", "'504-500' at byte 1"},
        {"--status", "1000", "'1000' at byte 1"},
        {"--status", "!", "'!' at byte 1"},
        {"--top", "0", "--top: '0' is not a number from 1 to 100000"},
};

ParameterizedTestParameters(drilldown, bad_options)
{
	return INDEX_PARAMS(bad);
}

ParameterizedTest(size_t *ix, drilldown, bad_options)
{
	const struct bad_case *c = &bad[*ix];
	const char *args[] = {c->opt, c->value, "/dev/null", NULL};
	struct run_result r = run_sample(args);
	cr_expect_eq(r.status, 2, "%s %s: %d", c->opt, c->value, r.status);
	cr_expect(strstr(r.err, c->message), "%s %s: %s", c->opt, c->value, r.err);
	run_result_free(&r);
}

/* Hostile values reach the HTML page escaped, in the drill-down's table. */
Test(drilldown, html_table_escapes_values)
{
	char *dir = tmpdir_make();
	const char *line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /<script>x</script>"
	                   "\\\"'\x1b HTTP/1.1\" 404 1\n";
	char *log = write_file(dir, "h.log", line, strlen(line));
	const char *args[] = {"-o", "html", "--by", "path", "--status", "4xx", log, NULL};
	struct run_result r = run_sample(args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "<section id=\"drill-down\""), "no section");
	cr_expect(strstr(r.out, "<tr class=\"by\">"), "no row");
	cr_expect(strstr(r.out, "/&lt;script&gt;x&lt;/script&gt;"), "not escaped");
	cr_expect_null(strstr(r.out, "<script>x"));
	cr_expect(strstr(r.out, "<code>--status 4xx</code>"), "no filter line");
	run_result_free(&r);
	free(log);
	tmpdir_remove(dir);
}

/* `logstat merge` refuses a report whose drill-down does not add up, saying where. Each
 * case changes the first occurrence of a string in a real report. */
struct hostile_case {
	const char *from, *to, *message;
};
static const struct hostile_case hostile[] = {
        {"\"max_error\": 0, \"classes\"", "\"max_error\": 99999, \"classes\"", "do not add up"},
        {"\"approximate\": false", "\"approximate\": true", "approximate must be true"},
        {"\"buckets\": [[", "\"buckets\": [[1, 5], [", "latency bucket"},
        {"\"buckets\": [[", "\"buckets\": [[2201, 1], [", "latency bucket"},
        {"\"max_us\": ", "\"max_us\": 1", "highest bucket"},
        {"\"field\": \"path\"", "\"field\": \"paths\"", "field is unknown"},
        {"\"field\": \"hour\"", "\"field\": \"path\"", "field is unknown or repeated"},
        {"\"codes\": {\"", "\"codes\": {\"2x0\": 1, \"", "row codes"},
        {"\"left_out\": ", "\"left_out\": -", "left_out"},
        {"\"status\": \"!3xx\"", "\"status\": \"3x\"", "--status spec"},
        {"\"rows\": [", "\"rows\": 7, \"x\": [", "a by entry needs"},
        {"\"other_codes\": 0", "\"other_codes\": 1", "do not add up"},
        {"\"codes\": {\"", "\"codes\": {\"200\": 0, \"200\": 0, \"", "listed twice"},
};

ParameterizedTestParameters(drilldown, merge_refuses_hostile_reports)
{
	return INDEX_PARAMS(hostile);
}

ParameterizedTest(size_t *ix, drilldown, merge_refuses_hostile_reports)
{
	const struct hostile_case *c = &hostile[*ix];
	char *dir = tmpdir_make();
	const char *log =
	        "10.0.0.1 - - [14/Nov/2023:22:13:23 +0000] \"GET /a?q=1 HTTP/1.1\" 200 4 \"-\" "
	        "\"t\" 3730\n"
	        "10.0.0.2 - - [14/Nov/2023:22:13:30 +0000] \"POST /b HTTP/1.1\" 503 4 \"-\" "
	        "\"t\" 2545\n"
	        "10.0.0.2 - - [14/Nov/2023:23:13:30 +0000] \"POST /b HTTP/1.1\" 301 4 \"-\" "
	        "\"t\" 2545\n";
	char *path = write_file(dir, "a.log", log, strlen(log));
	const char *args[] = {"-o",
	                      "json",
	                      "-F",
	                      "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" "
	                      "\"%{User-agent}i\" %D",
	                      "--by",
	                      "path,hour",
	                      "--status",
	                      "!3xx",
	                      path,
	                      NULL};
	struct run_result r = run_logstat(args, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	const char *at = strstr(r.out, c->from);
	cr_assert(at, "'%s' not in the report:\n%s", c->from, r.out);
	size_t head = (size_t)(at - r.out), fl = strlen(c->from), tl = strlen(c->to);
	char *bad = malloc(r.out_len - fl + tl + 1);
	memcpy(bad, r.out, head);
	memcpy(bad + head, c->to, tl);
	strcpy(bad + head + tl, at + fl);
	char *json = write_file(dir, "bad.json", bad, strlen(bad));
	const char *margs[] = {"merge", json, NULL};
	struct run_result m = run_logstat(margs, NULL, 0, NULL);
	cr_expect_eq(m.status, 2, "%s -> %s: status %d\n%s", c->from, c->to, m.status, m.out);
	cr_expect(strstr(m.err, c->message), "%s -> %s: %s", c->from, c->to, m.err);
	cr_expect(strstr(m.err, "offset "), "no offset: %s", m.err);
	run_result_free(&m);
	run_result_free(&r);
	free(bad);
	free(json);
	free(path);
	tmpdir_remove(dir);
}

/* Reports list a row's codes ascending; older ones listed them as met. Either merges into
 * one entry per code. */
Test(drilldown, merge_reads_codes_in_any_order)
{
	char *dir = tmpdir_make();
	const char *log = "10.0.0.1 - - [14/Nov/2023:22:13:23 +0000] \"GET /a HTTP/1.1\" 404 4\n"
	                  "10.0.0.1 - - [14/Nov/2023:22:13:24 +0000] \"GET /a HTTP/1.1\" 200 4\n"
	                  "10.0.0.1 - - [14/Nov/2023:22:13:25 +0000] \"GET /a HTTP/1.1\" 200 4\n";
	char *path = write_file(dir, "a.log", log, strlen(log));
	const char *args[] = {"-o", "json", "--by", "path", path, NULL};
	struct run_result r = run_logstat(args, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	const char *sorted = "\"codes\": {\"200\": 2, \"404\": 1}";
	char *at = strstr(r.out, sorted);
	cr_assert(at, "codes not ascending:\n%s", r.out);
	memcpy(at, "\"codes\": {\"404\": 1, \"200\": 2}", strlen(sorted)); /* as met */
	char *json = write_file(dir, "old.json", r.out, r.out_len);
	const char *margs[] = {"merge", "-o", "json", json, json, NULL};
	struct run_result m = run_logstat(margs, NULL, 0, NULL);
	cr_assert_eq(m.status, 0, "%s", m.err);
	cr_expect(strstr(m.out, "\"codes\": {\"200\": 4, \"404\": 2}"), "%s", m.out);
	run_result_free(&m);
	run_result_free(&r);
	free(json);
	free(path);
	tmpdir_remove(dir);
}
