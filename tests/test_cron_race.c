/* test_cron_race.c — a rotation that lands between the moment a --state run plans what to
 * read and the moment it reads: through the binary (its test hook
 * LOGSTAT_TEST_PAUSE_AFTER_PLAN holds the run there while the log is rotated) and through
 * incremental.h in-process. Each case checks that every line is counted exactly once:
 * the number of requests and the sum of their sizes (each line's size is its number). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "cron_support.h"
#include "incremental.h"

#define WHEN "10/Oct/2000:13:55:36 -0700"

CRON_SUITE(cron_race);

/* Shell: L A B [FILE] appends lines A..B to FILE (access.log), each line's size its number. */
#define LINES_FN                                                                                   \
	"L() { i=$1; while [ $i -le $2 ]; do printf '10.0.0.1 - - [" WHEN "] \"GET /p/%d "         \
	"HTTP/1.1\" 200 %d \"-\" \"ua\"\\n' $i $i; i=$((i + 1)); done >>${3:-access.log}; }; "

static const struct {
	const char *name;
	const char *before; /* shell, then a run; then more shell before the held run */
	const char *ahead;
	const char *during; /* while the run waits between its plan and its reading */
	int lines;          /* written in all: 1..lines */
} races[] = {
        /* the log was empty at the run before: the held run resumes from 0 */
        {"copytruncate after an empty run", "", "L 1 2",
         "cp access.log access.log.1 && : >access.log && L 3 5", 5},
        /* from an offset that, lines being of one length, falls on a line of the new content */
        {"copytruncate, resumed inside", "L 1 2", "L 3 4",
         "cp access.log access.log.1 && : >access.log && L 5 9", 9},
        {"copytruncate then gzip", "L 1 2", "L 3 4",
         "cp access.log access.log.1 && : >access.log && L 5 9 && gzip access.log.1", 9},
        /* empty when planned: lines, their copy and new lines all while the run waits */
        {"lines and a copytruncate of an empty log", "", "",
         "L 1 2 && cp access.log access.log.1 && : >access.log && L 3 5", 5},
        /* the server writes on into the renamed file (5, 6) before it reopens (7..9) */
        {"rename and create", "L 1 2", "L 3 4",
         "mv access.log access.log.1 && : >access.log && L 5 6 access.log.1 && L 7 9", 9},
        {"rename then zstd", "L 1 2", "L 3 4",
         "mv access.log access.log.1 && : >access.log && L 5 6 && zstd -q --rm access.log.1", 6},
        /* the log renamed while the run plans: it is then both the file open as the input and
         * a sibling changed since; a hard link holds that moment still */
        {"the input under a rotated name too", "", "L 1 3 && ln access.log access.log.1", "true",
         3},
        /* ... and the search goes on past it to the copy of the empty log's lines */
        {"a copy, then the input under a rotated name too", "",
         "L 1 2 && cp access.log access.log.1 && : >access.log && L 3 4 && sleep 0.05 && "
         "ln access.log access.log.0",
         "true", 4},
};

ParameterizedTestParameters(cron_race, rotation_between_plan_and_read)
{
	return INDEX_PARAMS(races);
}

static void totals(long long *requests, long long *bytes)
{
	char *text = read_file(state_path, NULL);
	cr_assert(text, "no state file");
	const char *t = strstr(text, "\ntotals ");
	long long lines = -1;
	*requests = *bytes = -1;
	cr_assert(t && sscanf(t, "\ntotals %lld %lld %*s %*s %lld", &lines, requests, bytes) == 3,
	          "%s", text);
	free(text);
}

ParameterizedTest(size_t *i, cron_race, rotation_between_plan_and_read)
{
	char *cmd = malloc(8192);
	snprintf(cmd, 8192,
	         "%s: >access.log && %s%s'%s' --state '%s' -o json '%s' >/dev/null && %s%s"
	         "(LOGSTAT_TEST_PAUSE_AFTER_PLAN=\"$PWD/held\" '%s' --state '%s' -o json '%s' "
	         ">held.out 2>held.err; echo $? >held.rc) & "
	         "n=0; while [ ! -e held ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done; "
	         "[ -e held ] && { %s; }; rc=$?; rm -f held; wait; exit $rc",
	         LINES_FN, races[*i].before, *races[*i].before ? " && " : "", LOGSTAT_BIN,
	         state_path, log_path, races[*i].ahead, *races[*i].ahead ? " && " : "", LOGSTAT_BIN,
	         state_path, log_path, races[*i].during);
	cr_assert_eq(shell(dir, cmd), 0, "%s", races[*i].name);
	free(cmd);
	char rc[64], path[4300];
	snprintf(path, sizeof path, "%s/held.rc", dir);
	char *text = read_file(path, NULL);
	cr_assert(text, "%s: the held run did not finish", races[*i].name);
	snprintf(rc, sizeof rc, "%s", text);
	free(text);
	cr_expect_eq(atoi(rc), 0, "%s: the held run exited %s", races[*i].name, rc);
	/* one more run reads what the held one left for later */
	const char *argv[] = {"--state", state_path, "-o", "json", log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s: %s", races[*i].name, r.err);
	cr_expect(!strstr(r.err, "warning"), "%s: %s", races[*i].name, r.err);
	run_result_free(&r);
	long long requests, bytes, n = races[*i].lines;
	totals(&requests, &bytes);
	cr_expect_eq(requests, n, "%s: %lld requests, %lld lines written", races[*i].name, requests,
	             n);
	cr_expect_eq(bytes, n * (n + 1) / 2, "%s: lines 1..%lld counted once each (sizes)",
	             races[*i].name, n);
}

/* In-process: the plan keeps the input as it was planned; what changes it is told. */
static void plan_read_all(struct incremental_plan *plan, const struct state_input *saved)
{
	char err[256];
	cr_assert_eq(incremental_plan(log_path, saved, plan, err, sizeof err), 0, "%s", err);
	cr_assert(plan->live && plan->nparts >= 1);
	struct stat st;
	size_t last = plan->nparts - 1;
	cr_assert_eq(fstat(plan->parts[last].fd, &st), 0);
	incremental_done(plan, last, (uint64_t)st.st_size, 0, 0, 0);
}

Test(cron_race, changed_is_told)
{
	struct incremental_plan *plan = malloc(sizeof *plan);
	append_lines(log_path, 3, "200", WHEN, &seq);
	plan_read_all(plan, NULL);
	cr_expect_eq(incremental_changed(plan), 0, "nothing happened");
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(incremental_changed(plan), 0, "lines appended are no change");
	cr_assert_eq(shell(dir, "cp access.log access.log.1 && : >access.log"), 0);
	append_lines(log_path, 4, "200", WHEN, &seq);
	cr_expect_eq(incremental_changed(plan), 1, "truncated and refilled since the plan");
	incremental_close(plan);

	/* empty when planned, lines read: where they came from cannot be told */
	cr_assert_eq(shell(dir, ": >access.log"), 0);
	char err[256];
	cr_assert_eq(incremental_plan(log_path, NULL, plan, err, sizeof err), 0, "%s", err);
	incremental_done(plan, 0, 0, 0, 0, 0);
	cr_expect_eq(incremental_changed(plan), 0, "empty, nothing read");
	incremental_close(plan);
	cr_assert_eq(incremental_plan(log_path, NULL, plan, err, sizeof err), 0, "%s", err);
	append_lines(log_path, 1, "200", WHEN, &seq);
	incremental_done(plan, 0, 90, 1, 0, 0);
	cr_expect_eq(incremental_changed(plan), 1, "empty when planned, a line read");
	incremental_close(plan);
	free(plan);
}

/* Runs after an empty one, each after its shell steps, and the totals wanted after each
 * (lines counted and the sum of their numbers: a loss cannot hide behind a double count). */
static const struct {
	const char *name;
	const char *steps[3];
	long long requests[3], bytes[3];
} after_empty[] = {
        /* a run between a copytruncate's copy and its truncate (seen in a soak): the copy is
         * the log as it is now, not the file before it; the lines are counted from the log,
         * and the next run finds the copy by their start */
        {"copy before the truncate",
         {"L 1 3 && cp access.log access.log.1", ": >access.log && L 4 5", NULL},
         {3, 5},
         {6, 15}},
        /* the copy still being written: a part of the log as it is now */
        {"copy half made",
         {"L 1 4 && head -n 2 access.log >access.log.1",
          "cp access.log access.log.1 && : >access.log && L 5 6", NULL},
         {4, 6},
         {10, 21}},
        /* a finished copytruncate whose new lines begin like the copied ones, over more
         * than the 4 KiB a start is compared on: the copy is longer than the log, so it is
         * the file before it */
        {"log starting like a longer copy",
         {"L 1 80 && cp access.log access.log.1 && : >access.log && L 1 70", NULL, NULL},
         {150},
         {5725}},
        /* two copytruncates, the second caught before its truncate: its copy is passed over,
         * the first one's copy (now .2) is the file before the log */
        {"an older copy behind the log's copy",
         {"L 1 3 && cp access.log access.log.1 && : >access.log && L 4 6 && "
          "mv access.log.1 access.log.2 && cp access.log access.log.1",
          ": >access.log && L 7 8", NULL},
         {6, 8},
         {21, 36}},
};

ParameterizedTestParameters(cron_race, runs_after_an_empty_log)
{
	return INDEX_PARAMS(after_empty);
}

ParameterizedTest(size_t *c, cron_race, runs_after_an_empty_log)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s: >access.log", LINES_FN);
	cr_assert_eq(shell(dir, cmd), 0);
	free(state_run_json(state_path, log_path, NULL, 0));
	for (size_t i = 0; i < 3 && after_empty[*c].steps[i]; i++) {
		snprintf(cmd, sizeof cmd, "%s%s", LINES_FN, after_empty[*c].steps[i]);
		cr_assert_eq(shell(dir, cmd), 0, "%s", after_empty[*c].steps[i]);
		free(state_run_json(state_path, log_path, NULL, 0));
		long long requests, bytes;
		totals(&requests, &bytes);
		cr_expect_eq(requests, after_empty[*c].requests[i], "%s, after '%s': %lld requests",
		             after_empty[*c].name, after_empty[*c].steps[i], requests);
		cr_expect_eq(bytes, after_empty[*c].bytes[i], "%s, after '%s': %lld bytes",
		             after_empty[*c].name, after_empty[*c].steps[i], bytes);
	}
}

/* The file before the log was empty when last seen; a copy of the log's lines then lands in
 * its inode (the old file compressed away, the copytruncate copy reusing its inode number:
 * seen in a soak). Those lines are the log's, counted once, not late lines of the file
 * before. */
Test(cron_race, copy_in_the_empty_previous_files_inode)
{
	static const char *const steps[] = {
	        ": >access.log",
	        "mv access.log access.log.1 && : >access.log && L 1 3",
	        "cat access.log >access.log.1 && : >access.log",
	};
	for (size_t i = 0; i < 3; i++) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "%s%s", LINES_FN, steps[i]);
		cr_assert_eq(shell(dir, cmd), 0, "%s", steps[i]);
		free(state_run_json(state_path, log_path, NULL, 0));
	}
	long long requests, bytes;
	totals(&requests, &bytes);
	cr_expect_eq(requests, 3, "%lld requests, 3 lines written", requests);
	cr_expect_eq(bytes, 6, "lines 1..3 counted once each (sizes)");
}
