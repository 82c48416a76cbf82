/* test_clear_errors.c — errors that say what happened and nothing more: an unreadable
 * user codes file is a warning (an explicit --codes FILE stays fatal), every input failed
 * gives the errors and no empty report, an empty time window says how many lines fell
 * outside it, and merge says in words when a file is not a logstat JSON report. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static const char two_lines[] =
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 10 \"-\" \"ua\"\n"
        "1.2.3.4 - - [10/Oct/2000:13:55:37 -0700] \"GET /a HTTP/1.1\" 502 10 \"-\" \"ua\"\n";

static char *dir;
static void setup(void)
{
	dir = tmpdir_make();
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(clear_errors, .init = setup, .fini = teardown);

static char *path_in(const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

Test(clear_errors, unreadable_user_codes_file_is_a_warning)
{
	/* a codes file that cannot be opened: a symbolic link to itself (ELOOP, even as root) */
	char *conf = path_in("conf"), *sub = path_in("conf/logstat"),
	     *codes = path_in("conf/logstat/codes"), *log = path_in("a.log");
	cr_assert_eq(mkdir(conf, 0700), 0);
	cr_assert_eq(mkdir(sub, 0700), 0);
	cr_assert_eq(symlink(codes, codes), 0);
	free(write_file(dir, "a.log", two_lines, sizeof two_lines - 1));
	char xdg[600];
	snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s", conf);
	const char *env[] = {xdg, NULL};

	const char *explain[] = {"explain", "404", NULL};
	struct run_result r = run_logstat(explain, NULL, 0, env);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "404  Not Found"), "%s", r.out);
	cr_expect(strstr(r.err, "logstat: warning: ") && strstr(r.err, "conf/logstat/codes: ") &&
	                  strstr(r.err, "skipped"),
	          "%s", r.err);
	run_result_free(&r);

	const char *report[] = {"-o", "json", log, NULL};
	r = run_logstat(report, NULL, 0, env);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2);
	cr_expect(strstr(r.err, "warning: "), "%s", r.err);
	run_result_free(&r);

	/* asked for by name, the same file is an error */
	const char *named[] = {"explain", "404", "--codes", codes, NULL};
	r = run_logstat(named, NULL, 0, env);
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect_eq(r.out_len, 0);
	run_result_free(&r);
	free(conf), free(sub), free(codes), free(log);
}

/* The case from the field: HOME is another user's (setpriv keeps the environment), so
 * ~/.config/logstat/codes cannot even be looked at. */
Test(clear_errors, home_of_another_user)
{
	char *home = path_in("home"), *conf = path_in("home/.config"),
	     *sub = path_in("home/.config/logstat");
	cr_assert_eq(mkdir(home, 0700), 0);
	cr_assert_eq(mkdir(conf, 0700), 0);
	cr_assert_eq(mkdir(sub, 0700), 0);
	free(write_file(sub, "codes", "599 | x | Y | Z.\n", 17));
	char h[600];
	snprintf(h, sizeof h, "HOME=%s", home);
	const char *env[] = {h, "XDG_CONFIG_HOME=", NULL};
	struct run_result r;
	if (geteuid() == 0) { /* root reads anything: become nobody, keeping HOME */
		cr_assert_eq(chmod(dir, 0755), 0);
		const char *argv[] = {
		        "setpriv",   "--reuid=65534", "--regid=65534", "--clear-groups",
		        LOGSTAT_BIN, "explain",       "404",           NULL};
		r = run_program("/usr/bin/setpriv", argv, NULL, 0, env);
	} else {
		cr_assert_eq(chmod(home, 0), 0);
		const char *argv[] = {"explain", "404", NULL};
		r = run_logstat(argv, NULL, 0, env);
		chmod(home, 0700);
	}
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "404  Not Found"), "%s", r.out);
	cr_expect(strstr(r.err, "warning: ") && strstr(r.err, "Permission denied"), "%s", r.err);
	run_result_free(&r);
	free(home), free(conf), free(sub);
}

Test(clear_errors, every_input_failed_prints_the_errors_only)
{
	static const char *const outputs[] = {"text", "json", "csv", "summary", "prometheus"};
	for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
		const char *argv[] = {"-o", outputs[i], "/nonexistent/a.log", dir, NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(r.status, 2, "%s", outputs[i]);
		cr_expect_eq(r.out_len, 0, "%s: no report: %s", outputs[i], r.out);
		cr_expect(strstr(r.err, "/nonexistent/a.log: No such file"), "%s", r.err);
		cr_expect(strstr(r.err, "is a directory"), "%s", r.err);
		run_result_free(&r);
	}
	const char *nagios[] = {"-o", "nagios", "/nonexistent/a.log", NULL};
	struct run_result r = run_logstat(nagios, NULL, 0, NULL);
	cr_expect_eq(r.status, 3);
	cr_expect_str_eq(r.out, "LOGSTAT UNKNOWN - no input could be read\n");
	run_result_free(&r);

	/* one input read: the report is there, with the error */
	char *ok = write_file(dir, "ok.log", two_lines, sizeof two_lines - 1);
	const char *some[] = {"-o", "json", "/nonexistent/a.log", ok, NULL};
	r = run_logstat(some, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2, "%s", r.out);
	run_result_free(&r);

	/* an input that failed part-way still has counts to show */
	size_t gl;
	char *gz = compress_with("gzip", two_lines, sizeof two_lines - 1, &gl);
	char *cut = write_file(dir, "cut.gz", gz, gl - 6);
	const char *trunc[] = {"-o", "json", cut, NULL};
	r = run_logstat(trunc, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2, "%s %s", r.out, r.err);
	run_result_free(&r);
	free(ok), free(gz), free(cut);
}

Test(clear_errors, empty_window_says_how_many_lines_fell_outside)
{
	char *log = write_file(dir, "a.log", two_lines, sizeof two_lines - 1);
	const char *empty[] = {"--since", "1h", log, NULL};
	struct run_result r = run_logstat(empty, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "logstat: no request in the time window: 2 lines fell outside "
	                        "it, 0 inside\n"),
	          "%s", r.err);
	run_result_free(&r);
	const char *full[] = {"--since", "2000-10-10T00:00:00Z", log, NULL};
	r = run_logstat(full, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(r.err_len, 0, "no note when the window holds requests: %s", r.err);
	run_result_free(&r);
	free(log);
}

static const struct {
	const char *name, *text, *says;
} not_reports[] = {
        {"README.md", "# logstat\n\nA tool.\n", "not a logstat JSON report: not JSON at all"},
        {"access.log", two_lines, "not a logstat JSON report: not JSON at all"},
        {"empty.json", "", "empty: not a logstat JSON report"},
        {"blank.json", " \n\t\n", "empty: not a logstat JSON report"},
        {"other.json", "{\"a\": 1}\n", "not a logstat JSON report (no \"version\")"},
        {"array.json", "[1, 2]\n", "not a logstat JSON report: not JSON at all"},
};

Test(clear_errors, merge_says_when_a_file_is_not_a_report)
{
	for (size_t i = 0; i < sizeof not_reports / sizeof not_reports[0]; i++) {
		char *f = write_file(dir, not_reports[i].name, not_reports[i].text,
		                     strlen(not_reports[i].text));
		const char *argv[] = {"merge", f, NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(r.status, 2, "%s", not_reports[i].name);
		cr_expect_eq(r.out_len, 0, "%s: %s", not_reports[i].name, r.out);
		cr_expect(strstr(r.err, not_reports[i].name) && strstr(r.err, not_reports[i].says),
		          "%s: %s", not_reports[i].name, r.err);
		run_result_free(&r);
		free(f);
	}
}
