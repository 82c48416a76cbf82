/* test_golden.c — the exact output of every renderer on fixed inputs (plain, multi-member
 * gzip, multi-frame zstd, truncated, hostile, empty, missing), as data: each line of
 * tests/data/golden/cases names a case, its environment and its arguments, and
 * NAME.out / NAME.err / NAME.status hold what logstat must print and return. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#define MAX_ARGS 32

static char *trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		s[--n] = 0;
	return s;
}

/* Split on spaces into argv (the cases never quote). */
static size_t split(char *s, const char **argv, size_t max)
{
	size_t n = 0;
	for (char *tok = strtok(s, " "); tok && n + 1 < max; tok = strtok(NULL, " "))
		argv[n++] = tok;
	argv[n] = NULL;
	return n;
}

static void expect_file(const char *name, const char *ext, const char *got, size_t len)
{
	char path[256];
	snprintf(path, sizeof path, "%s.%s", name, ext);
	size_t want_len;
	char *want = read_file(path, &want_len);
	cr_assert(want, "golden file %s missing (scripts/golden.sh --update)", path);
	cr_expect(want_len == len && memcmp(want, got, len) == 0,
	          "%s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", name, path, got, want);
	free(want);
}

static void run_case(char *line)
{
	char *name = trim(strtok(line, "|"));
	char *env = trim(strtok(NULL, "|"));
	char *args = trim(strtok(NULL, "|"));
	cr_assert(name && env && args, "malformed case line");
	const char *argv[MAX_ARGS], *envv[MAX_ARGS];
	split(args, argv, MAX_ARGS);
	char *env_copy = strdup(env);
	split(env_copy, envv, MAX_ARGS);
	struct run_result r = run_logstat(argv, NULL, 0, envv);
	expect_file(name, "out", r.out, r.out_len);
	expect_file(name, "err", r.err, r.err_len);
	char status[16];
	int n = snprintf(status, sizeof status, "%d\n", r.status);
	expect_file(name, "status", status, (size_t)n);
	run_result_free(&r);
	free(env_copy);
}

Test(golden, every_case)
{
	char *dir = data_path("golden");
	cr_assert_eq(chdir(dir), 0, "%s", dir);
	FILE *f = fopen("cases", "r");
	cr_assert(f);
	char line[1024];
	int ran = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		run_case(line);
		ran++;
	}
	fclose(f);
	cr_expect_geq(ran, 15, "all cases ran");
	free(dir);
}
