/* cron_support.h — helpers shared by the end-to-end suites of unattended runs
 * (test_cron*.c, test_rotation.c, …): the state-file fixture, making logs line by line and
 * running shell steps. */
#ifndef LOGSTAT_TEST_CRON_SUPPORT_H
#define LOGSTAT_TEST_CRON_SUPPORT_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* The fixture of suites that run logstat on a log with a state file: a fresh directory
 * holding access.log and logstat.state (their paths below), and a line counter for
 * append_lines. Declares the suite name. */
#define CRON_SUITE(name)                                                                           \
	static char *dir, *log_path, *state_path;                                                  \
	static int seq;                                                                            \
	static void setup(void)                                                                    \
	{                                                                                          \
		dir = tmpdir_make();                                                               \
		log_path = malloc(4200);                                                           \
		state_path = malloc(4200);                                                         \
		snprintf(log_path, 4200, "%s/access.log", dir);                                    \
		snprintf(state_path, 4200, "%s/logstat.state", dir);                               \
		seq = 1;                                                                           \
	}                                                                                          \
	static void teardown(void)                                                                 \
	{                                                                                          \
		tmpdir_remove(dir);                                                                \
		free(log_path);                                                                    \
		free(state_path);                                                                  \
	}                                                                                          \
	TestSuite(name, .init = setup, .fini = teardown)

/* Append n combined-format lines to path, numbered from *seq, with status (a "%03d" or
 * "-") at time "dd/Mon/yyyy:HH:MM:SS +zzzz". */
static inline void append_lines(const char *path, int n, const char *status, const char *when,
                                int *seq)
{
	FILE *fp = fopen(path, "a");
	if (!fp)
		abort();
	for (int i = 0; i < n; i++, (*seq)++)
		fprintf(fp, "10.0.0.%d - - [%s] \"GET /p/%d HTTP/1.1\" %s %d \"-\" \"ua\"\n",
		        *seq % 250, when, *seq, status, *seq);
	fclose(fp);
}

/* Run a shell command in dir; returns its exit status. */
static inline int shell(const char *dir, const char *cmd)
{
	char *full = malloc(strlen(dir) + strlen(cmd) + 64);
	sprintf(full, "cd '%s' && %s", dir, cmd);
	const char *argv[] = {"sh", "-c", full, NULL};
	struct run_result r = run_program("/bin/sh", argv, NULL, 0, NULL);
	int status = r.status;
	if (status != 0)
		fprintf(stderr, "shell: %s: %s%s", cmd, r.out, r.err);
	run_result_free(&r);
	free(full);
	return status;
}

/* One --state run on log with JSON output (extra: an option given before the log, or NULL):
 * checks the exit status, returns the report (malloc'd). */
static inline char *state_run_json(const char *state, const char *log, const char *extra,
                                   int expect_status)
{
	const char *argv[] = {"--state",          state, "-o", "json", extra ? extra : log,
	                      extra ? log : NULL, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, expect_status, "status %d: %s", r.status, r.err);
	free(r.err);
	return r.out;
}

#endif
