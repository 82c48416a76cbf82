/* test_cron_checks.c — what unattended runs decide, through the real binary: time-window
 * edges (since inclusive, until exclusive, logged offsets honored), each --fail-if form
 * with its exit code, and the Nagios plugin line and codes. */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <time.h>
#include <criterion/parameterized.h>

#include "cron_support.h"

static char *dir, *log_path;

/* 200 requests over three seconds in +0200: 190 x 200 at :35, 7 x 502 at :36,
 * 1 x 499 and 2 x 999 at :37; then 4 no-status lines and 6 malformed ones. */
static void setup(void)
{
	dir = tmpdir_make();
	log_path = malloc(4200);
	snprintf(log_path, 4200, "%s/access.log", dir);
	int seq = 1;
	append_lines(log_path, 190, "200", "10/Oct/2000:22:55:35 +0200", &seq);
	append_lines(log_path, 7, "502", "10/Oct/2000:22:55:36 +0200", &seq);
	append_lines(log_path, 1, "499", "10/Oct/2000:22:55:37 +0200", &seq);
	append_lines(log_path, 2, "999", "10/Oct/2000:22:55:37 +0200", &seq);
	append_lines(log_path, 4, "-", "10/Oct/2000:22:55:37 +0200", &seq);
	FILE *fp = fopen(log_path, "a");
	for (int i = 0; i < 6; i++)
		fputs("not a log line\n", fp);
	fclose(fp);
}
static void teardown(void)
{
	tmpdir_remove(dir);
	free(log_path);
}
TestSuite(cron_checks, .init = setup, .fini = teardown);

static const struct {
	const char *since, *until;
	long long requests;
} windows[] = {
        {"2000-10-10T20:55:36Z", NULL, 10},   /* since is inclusive */
        {"2000-10-10T20:55:36.5Z", NULL, 10}, /* fractions are dropped */
        {NULL, "2000-10-10T20:55:36Z", 190},  /* until is exclusive */
        {"2000-10-10T22:55:36+02:00", "2000-10-10T22:55:37+02:00", 7},
        {"10/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:37 -0700", 7},
        {"2000-10-10T20:55:35Z", "2000-10-10T20:55:38Z", 200},
        {"2000-10-10T20:55:38Z", NULL, 0},
        {"2d", NULL, 0}, /* relative: 2000 is long ago */
        {NULL, "1h", 200},
};

ParameterizedTestParameters(cron_checks, window_edges)
{
	return INDEX_PARAMS(windows);
}

ParameterizedTest(size_t *i, cron_checks, window_edges)
{
	const char *argv[8] = {"-o", "json"};
	int n = 2;
	if (windows[*i].since)
		argv[n++] = "--since", argv[n++] = windows[*i].since;
	if (windows[*i].until)
		argv[n++] = "--until", argv[n++] = windows[*i].until;
	argv[n++] = log_path;
	argv[n] = NULL;
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "requests"), windows[*i].requests, "window %zu", *i);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 6, "malformed lines always count");
	/* every well-formed line is in the window or counted as outside it */
	cr_expect_eq(json_int(r.out, NULL, "requests") + json_int(r.out, NULL, "no_status") +
	                     json_int(r.out, NULL, "outside_window"),
	             204, "window %zu", *i);
	run_result_free(&r);
}

Test(cron_checks, bad_windows)
{
	const char *a1[] = {"--since", "yesterday-ish", log_path, NULL};
	const char *a2[] = {"--since", "1h", "--until", "2h", log_path, NULL};
	struct run_result r = run_logstat(a1, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--since 'yesterday-ish': "), "%s", r.err);
	run_result_free(&r);
	r = run_logstat(a2, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "not before --until"), "%s", r.err);
	run_result_free(&r);
}

static const struct {
	const char *expr;
	int status;
} fail_ifs[] = {
        {"5xx>1%", 1},        {"5xx>3.5%", 0},     {"5xx>=3.5%", 1},    {"502>0", 1},
        {"503>0", 0},         {"499>=100", 0},     {"499>=1", 1},       {"unofficial>0.5%", 1},
        {"unofficial>2%", 0}, {"unknown>0", 1},    {"other==2", 1},     {"malformed>0", 1},
        {"malformed>5%", 0},  {"no_status>=4", 1}, {"requests<100", 0}, {"lines!=210", 0},
        {"5xx>>1%", 2},       {"7xx>1", 2},        {"requests>1%", 2},
};

ParameterizedTestParameters(cron_checks, fail_if_exit_codes)
{
	return INDEX_PARAMS(fail_ifs);
}

ParameterizedTest(size_t *i, cron_checks, fail_if_exit_codes)
{
	const char *argv[] = {"-o", "summary", "--fail-if", fail_ifs[*i].expr, log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, fail_ifs[*i].status, "%s: %d %s", fail_ifs[*i].expr, r.status,
	             r.err);
	if (r.status == 1) {
		cr_expect(strstr(r.err, "--fail-if ") && strstr(r.err, " held: "), "%s", r.err);
		cr_expect(strstr(r.out, "FAILED "), "%s", r.out);
	}
	if (r.status == 2)
		cr_expect(strstr(r.err, "--fail-if '"), "the bad expression is named: %s", r.err);
	run_result_free(&r);
}

Test(cron_checks, several_and_errors_win)
{
	const char *a1[] = {"--fail-if", "503>0", "--fail-if", "502>5", log_path, NULL};
	struct run_result r = run_logstat(a1, NULL, 0, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "502>5 held: 502=7") && !strstr(r.err, "503"), "%s", r.err);
	run_result_free(&r);
	const char *a2[] = {"--fail-if", "502>0", log_path, "missing.log", NULL};
	r = run_logstat(a2, NULL, 0, NULL);
	cr_expect_eq(r.status, 2, "an unreadable input wins over a threshold");
	run_result_free(&r);
}

static const struct {
	const char *warning, *critical, *extra;
	int status;
	const char *head, *perf; /* perf: the perfdata after the base values */
} nagios[] = {
        {"5xx>5%", "5xx>10%", NULL, 0, "LOGSTAT OK - 200 requests, 3.50% 5xx, 6 malformed | ",
         " other=2c '5xx_pct'=3.5000%;5;10;0;100\n"},
        {"5xx>1%", "5xx>10%", NULL, 1, "LOGSTAT WARNING - 5xx>1%: 5xx=3.50% (7 of 200 requests); ",
         " other=2c '5xx_pct'=3.5000%;1;10;0;100\n"},
        {"5xx>1%", "502>5", NULL, 2, "LOGSTAT CRITICAL - 502>5: 502=7; ",
         " other=2c '5xx_pct'=3.5000%;1;;0;100 '502'=7c;;5;0\n"},
        {"5xx>=7", "5xx>=0", NULL, 2, "LOGSTAT CRITICAL - 5xx>=0: 5xx=7; ",
         " 5xx=7c;6.999999;@0: other=2c\n"},
        {"2xx<95%", "2xx<=90%", NULL, 0, "LOGSTAT OK - ",
         " '2xx_pct'=95.0000%;95:;90.000001:;0;100\n"},
        {"requests!=200", "malformed==6", NULL, 2, "LOGSTAT CRITICAL - malformed==6: ",
         " | lines=210c requests=200c;200:200; no_status=4c malformed=6c;;@6:6 "},
        {"5xx>1%", "502>5", "missing.log", 3, "LOGSTAT UNKNOWN - missing.log: No such file", NULL},
        {"5xx>1%", "502>>5", NULL, 3, "LOGSTAT UNKNOWN - bad command line", NULL},
};

ParameterizedTestParameters(cron_checks, nagios_codes)
{
	return INDEX_PARAMS(nagios);
}

ParameterizedTest(size_t *i, cron_checks, nagios_codes)
{
	const char *argv[] = {"-o",         "nagios",
	                      "--warning",  nagios[*i].warning,
	                      "--critical", nagios[*i].critical,
	                      log_path,     nagios[*i].extra,
	                      NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, nagios[*i].status, "%s", r.out);
	cr_expect(strncmp(r.out, nagios[*i].head, strlen(nagios[*i].head)) == 0, "%s", r.out);
	cr_expect(strchr(r.out, '\n') == r.out + r.out_len - 1, "one line: %s", r.out);
	if (nagios[*i].status < 3 && *i < 5)
		cr_expect(strstr(r.out, " | lines=210c requests=200c no_status=4c malformed=6c "),
		          "%s", r.out);
	if (nagios[*i].perf)
		cr_expect(strstr(r.out, nagios[*i].perf), "want %s in %s", nagios[*i].perf, r.out);
	run_result_free(&r);
}

/* A broken codes file (here the user's default one) is an UNKNOWN plugin state with its
 * reason, not exit 2, which Nagios would read as CRITICAL. */
Test(cron_checks, nagios_unknown_on_bad_codes_file)
{
	char xdg[4200], sub[4300], env[4300];
	snprintf(xdg, sizeof xdg, "%s/xdg", dir);
	snprintf(sub, sizeof sub, "%s/logstat", xdg);
	mkdir(xdg, 0700);
	mkdir(sub, 0700);
	free(write_file(sub, "codes", "999 | only two fields\n", 22));
	snprintf(env, sizeof env, "XDG_CONFIG_HOME=%s", xdg);
	const char *envv[] = {env, NULL};
	const char *argv[] = {"-o", "nagios", "--critical", "5xx>1%", log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, envv);
	cr_expect_eq(r.status, 3, "%s %s", r.out, r.err);
	cr_expect(strncmp(r.out, "LOGSTAT UNKNOWN - ", 18) == 0 && strstr(r.out, "codes:1: "), "%s",
	          r.out);
	run_result_free(&r);
}

/* A log whose newest line is seconds_ago old (by its timestamp). */
static char *log_aged(const char *name, long seconds_ago)
{
	char *path = malloc(4200), when[64];
	snprintf(path, 4200, "%s/%s", dir, name);
	time_t t = time(NULL) - seconds_ago;
	struct tm tm;
	strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", gmtime_r(&t, &tm));
	int seq = 1;
	append_lines(path, 3, "200", when, &seq);
	return path;
}

static const struct {
	long age;          /* of the newest line, seconds */
	const char *stale; /* --stale */
	const char *state; /* --stale-state, NULL: default */
	int status;
	const char *head;
} stales[] = {
        {60, "15m", NULL, 0, "LOGSTAT OK - 3 requests"},
        {3600, "15m", NULL, 2, "LOGSTAT CRITICAL - "},
        {3600, "15m", "warning", 1, "LOGSTAT WARNING - "},
        {3600, "15m", "UNKNOWN", 3, "LOGSTAT UNKNOWN - "},
        {3600, "2h", NULL, 0, "LOGSTAT OK - "},
        {200000, "1d", "critical", 2, "LOGSTAT CRITICAL - "},
        {100, "90s", NULL, 2, "LOGSTAT CRITICAL - "},
};

ParameterizedTestParameters(cron_checks, stale)
{
	return INDEX_PARAMS(stales);
}

ParameterizedTest(size_t *i, cron_checks, stale)
{
	char *path = log_aged("aged.log", stales[*i].age);
	const char *argv[] = {"-o", "nagios", "--stale", stales[*i].stale, path, NULL, NULL, NULL};
	if (stales[*i].state) {
		argv[4] = "--stale-state";
		argv[5] = stales[*i].state;
		argv[6] = path;
	}
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, stales[*i].status, "%s%s", r.out, r.err);
	cr_expect(strncmp(r.out, stales[*i].head, strlen(stales[*i].head)) == 0, "%s", r.out);
	if (stales[*i].status != 0)
		cr_expect(strstr(r.out, "aged.log: newest line ") &&
		                  strstr(r.out, "s old (--stale "),
		          "%s", r.out);
	run_result_free(&r);
	free(path);
}

/* Several inputs, one named twice: each is judged once, and the message names the first
 * stale one as given on the command line (not in name order). */
Test(cron_checks, stale_names_the_first_given)
{
	char *zz = log_aged("zz.log", 7200), *aa = log_aged("aa.log", 60);
	char *mm = log_aged("mm.log", 7200);
	const char *argv[] = {"-o", "nagios", "--stale", "1h", aa, zz, mm, aa, zz, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "zz.log: newest line ") && strstr(r.out, "2 inputs stale"), "%s",
	          r.out);
	run_result_free(&r);
	free(zz);
	free(aa);
	free(mm);
}

/* An incremental run that reads nothing new judges by the file's modification time. */
Test(cron_checks, stale_with_state_uses_the_file_time)
{
	char *path = log_aged("quiet.log", 10), st[4300];
	snprintf(st, sizeof st, "%s/st", dir);
	const char *argv[] = {"-o", "nagios", "--state", st, "--stale", "15m", path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.out);
	run_result_free(&r);
	r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "nothing new, but written a moment ago: %s", r.out);
	run_result_free(&r);
	cr_assert_eq(shell(dir, "touch -d '2 hours ago' quiet.log"), 0);
	r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2, "%s", r.out);
	cr_expect(strstr(r.out, "quiet.log: newest line 72"), "%s", r.out);
	run_result_free(&r);
	free(path);
}

Test(cron_checks, stale_option_errors)
{
	const char *nonagios[] = {"--stale", "15m", log_path, NULL};
	struct run_result r = run_logstat(nonagios, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--stale and --stale-state need -o nagios"), "%s", r.err);
	run_result_free(&r);
	static const char *const bad[] = {"15", "m", "0m", "15x", "15mm", "-5m", "99999999999s"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *argv[] = {"-o", "nagios", "--stale", bad[i], log_path, NULL};
		r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(r.status, 3, "%s", bad[i]);
		cr_expect(strstr(r.err, "not a duration"), "%s: %s", bad[i], r.err);
		run_result_free(&r);
	}
	const char *state[] = {"-o", "nagios", "--stale-state", "ok", log_path, NULL};
	r = run_logstat(state, NULL, 0, NULL);
	cr_expect_eq(r.status, 3);
	cr_expect(strstr(r.err, "not warning, critical or unknown"), "%s", r.err);
	run_result_free(&r);
}
