/* test_cron.c — unattended runs through the real binary: incremental runs over every
 * kind of rotation (each line counted exactly once), the lock, corrupt state, --dry-run,
 * time-window edges, each threshold form with its exit code, and the Nagios codes. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "cron_support.h"

#define WHEN "10/Oct/2000:13:55:36 -0700"

CRON_SUITE(cron);

/* One incremental run (JSON); returns its request count, checking the exit status. */
static long long run_state(int expect_status, const char *extra)
{
	char *out = state_run_json(state_path, log_path, extra, expect_status);
	long long n = json_int(out, NULL, "requests");
	cr_expect_eq(json_int(out, NULL, "lines"), n, "every line is a request here");
	free(out);
	return n;
}

static const struct {
	const char *name;
	const char *rotate; /* shell, in dir */
	int lost;           /* lines the rotation loses on purpose (no predecessor left) */
} rotations[] = {
        {"rename and create", "mv access.log access.log.1", 0},
        {"rename then gzip", "mv access.log access.log.1 && gzip access.log.1", 0},
        {"rename then zstd", "mv access.log access.log.1 && zstd -q --rm access.log.1", 0},
        {"copytruncate", "cp access.log access.log.1 && : > access.log", 0},
        {"copytruncate then gzip",
         "cp access.log access.log.1 && : > access.log && gzip access.log.1", 0},
        {"dated", "mv access.log access.log-20240501", 0},
        {"dated gzip", "mv access.log access.log-20240501 && gzip access.log-20240501", 0},
        {"dated zstd", "mv access.log access.log-20240501 && zstd -q --rm access.log-20240501", 0},
        {"truncate, no copy", ": > access.log", 3},
        {"deleted, no predecessor", "rm access.log", 3},
};

ParameterizedTestParameters(cron, rotation_counts_each_line_once)
{
	return INDEX_PARAMS(rotations);
}

ParameterizedTest(size_t *i, cron, rotation_counts_each_line_once)
{
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, NULL), 5);
	cr_expect_eq(run_state(0, NULL), 0, "nothing new");
	append_lines(log_path, 3, "404", WHEN, &seq); /* written after the run, before rotating */
	cr_assert_eq(shell(dir, rotations[*i].rotate), 0);
	append_lines(log_path, 4, "502", WHEN, &seq);
	cr_expect_eq(run_state(0, NULL), 7 - rotations[*i].lost, "%s", rotations[*i].name);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, NULL), 2, "%s: after the rotation", rotations[*i].name);
	cr_expect_eq(run_state(0, NULL), 0);
}

Test(cron, rotated_and_not_recreated_yet)
{
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, NULL), 5);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_assert_eq(shell(dir, "mv access.log access.log.1"), 0);
	cr_expect_eq(run_state(0, NULL), 2, "the predecessor is finished");
	cr_assert_eq(shell(dir, "gzip access.log.1"), 0);
	append_lines(log_path, 3, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, NULL), 3, "then the new file, once");
}

Test(cron, partial_line_waits_for_its_newline)
{
	append_lines(log_path, 2, "200", WHEN, &seq);
	FILE *fp = fopen(log_path, "a");
	fputs("10.0.0.9 - - [" WHEN "] \"GET / HTTP/1.1\" 2", fp);
	fclose(fp);
	cr_expect_eq(run_state(0, NULL), 2);
	fp = fopen(log_path, "a");
	fputs("00 7 \"-\" \"ua\"\n", fp);
	fclose(fp);
	cr_expect_eq(run_state(0, NULL), 1, "the completed line, whole");
}

/* The server still writes to the renamed file and no new one exists yet: a line being
 * written there also waits for its newline (run_state checks lines == requests). */
Test(cron, partial_line_in_rotated_file_waits)
{
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, NULL), 2);
	cr_assert_eq(shell(dir, "mv access.log access.log.1"), 0);
	char rotated[4300];
	snprintf(rotated, sizeof rotated, "%s/access.log.1", dir);
	FILE *fp = fopen(rotated, "a");
	fputs("10.0.0.9 - - [" WHEN "] \"GET / HTTP/1.1\" 2", fp);
	fclose(fp);
	cr_expect_eq(run_state(0, NULL), 0, "the half-written line is not counted yet");
	fp = fopen(rotated, "a");
	fputs("00 7 \"-\" \"ua\"\n", fp);
	fclose(fp);
	cr_expect_eq(run_state(0, NULL), 1, "the completed line, whole");
}

Test(cron, several_inputs_and_gz_input)
{
	append_lines(log_path, 3, "200", WHEN, &seq);
	char *other = malloc(4200);
	snprintf(other, 4200, "%s/other.log", dir);
	append_lines(other, 4, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, other), 7);
	append_lines(other, 1, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, other), 1);
	free(other);
}

Test(cron, lock_held_fails_clearly)
{
	append_lines(log_path, 3, "200", WHEN, &seq);
	char lock[4300];
	snprintf(lock, sizeof lock, "%s.lock", state_path);
	int fd = open(lock, O_RDWR | O_CREAT, 0644);
	cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	const char *argv[] = {"--state", state_path, log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "another logstat run holds") && strstr(r.err, ".lock"), "%s",
	          r.err);
	cr_expect_eq(r.out_len, 0);
	run_result_free(&r);
	const char *nargv[] = {"--state", state_path, "-o", "nagios", log_path, NULL};
	r = run_logstat(nargv, NULL, 0, NULL);
	cr_expect_eq(r.status, 3);
	cr_expect(strncmp(r.out, "LOGSTAT UNKNOWN - another logstat run", 37) == 0, "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(access(state_path, F_OK), -1, "no state written");
	flock(fd, LOCK_UN);
	close(fd);
	cr_expect_eq(run_state(0, NULL), 3, "free again");
}

Test(cron, concurrent_runs_never_double_count)
{
	append_lines(log_path, 20000, "200", WHEN, &seq);
	char cmd[9000];
	snprintf(cmd, sizeof cmd,
	         "for i in 1 2 3 4; do ('%s' --state '%s' -o json '%s' > out.$i 2> err.$i; "
	         "echo $? > rc.$i) & done; wait",
	         LOGSTAT_BIN, state_path, log_path);
	cr_assert_eq(shell(dir, cmd), 0);
	long long total = 0;
	for (int i = 1; i <= 4; i++) {
		char name[64], *p;
		snprintf(name, sizeof name, "%s/rc.%d", dir, i);
		p = read_file(name, NULL);
		int rc = atoi(p);
		free(p);
		snprintf(name, sizeof name, "%s/%s.%d", dir, rc == 0 ? "out" : "err", i);
		p = read_file(name, NULL);
		if (rc == 0)
			total += json_int(p, NULL, "requests");
		else
			cr_expect(rc == 2 && strstr(p, "another logstat run holds"), "%d: %s", rc,
			          p);
		free(p);
	}
	total += run_state(0, NULL);
	cr_expect_eq(total, 20000, "every line once, whichever runs got the lock");
}

Test(cron, corrupt_state_is_an_error)
{
	append_lines(log_path, 3, "200", WHEN, &seq);
	static const char bad[] = "logstat-state 1\ninput 1 2 zz\nend\n";
	char *st = write_file(dir, "logstat.state", bad, sizeof bad - 1);
	const char *argv[] = {"--state", st, log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "logstat.state: line 2: "), "%s", r.err);
	cr_expect_eq(r.out_len, 0, "no report from a run that cannot resume");
	run_result_free(&r);
	char *after = read_file(st, NULL);
	cr_expect_str_eq(after, bad, "left as it was");
	free(after);
	free(st);
}

Test(cron, dry_run_leaves_state)
{
	append_lines(log_path, 3, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, "--dry-run"), 3);
	cr_expect_eq(access(state_path, F_OK), -1);
	cr_expect_eq(run_state(0, NULL), 3);
	char *before = read_file(state_path, NULL);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, "--dry-run"), 2);
	cr_expect_eq(run_state(0, "--dry-run"), 2);
	char *after = read_file(state_path, NULL);
	cr_expect_str_eq(after, before);
	free(before);
	free(after);
	const char *argv[] = {"--dry-run", log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2, "--dry-run without --state");
	run_result_free(&r);
}

Test(cron, failed_input_keeps_state)
{
	append_lines(log_path, 3, "200", WHEN, &seq);
	cr_expect_eq(run_state(0, NULL), 3);
	char *before = read_file(state_path, NULL);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(2, "nonexistent.log"), 2);
	char *after = read_file(state_path, NULL);
	cr_expect_str_eq(after, before, "only a successful run moves the state");
	free(before);
	free(after);
	cr_expect_eq(run_state(0, NULL), 2, "so the lines come again");
}
