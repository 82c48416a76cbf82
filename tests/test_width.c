/* test_width.c — the text report fits the terminal: every real log in tests/data/reallogs
 * (and tests/data/formats) shown by logstat in a tmux pane of 80x40 leaves no wrapped line (the
 * width comes from the terminal itself); --width and COLUMNS are obeyed by text, summary, merge and
 * codes at several widths; long names and examples are cut with an ellipsis. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "tmux_support.h"

static char *dir;
static char sock[64];

static void setup(void)
{
	dir = tmpdir_make();
	snprintf(sock, sizeof sock, "logstat-width-%ld", (long)getpid());
}

static void teardown(void)
{
	tmux_kill_server(sock);
	tmpdir_remove(dir);
}

TestSuite(width, .init = setup, .fini = teardown, .timeout = 120);

/* Display columns of one line: UTF-8 sequences count one, trailing blanks none. */
static size_t columns(const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	size_t cols = 0;
	for (size_t i = 0; i < n; i++)
		cols += ((unsigned char)s[i] & 0xC0) != 0x80;
	return cols;
}

/* The widest line of text (escape sequences must not be in it). */
static size_t widest(const char *text, const char **where)
{
	size_t most = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n"), c = columns(p, len);
		if (c > most) {
			most = c;
			*where = p;
		}
		p += len + (p[len] == '\n');
	}
	return most;
}

/* Append the files of tests/data/sub ending in suffix to names. */
static size_t add_logs(const char *sub, const char *suffix, char names[][256], size_t n, size_t max)
{
	char *path = data_path(sub);
	DIR *d = opendir(path);
	cr_assert(d, "%s", path);
	size_t sl = strlen(suffix);
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t len = strlen(e->d_name);
		if (len > sl && strcmp(e->d_name + len - sl, suffix) == 0) {
			int k = snprintf(names[n++], 256, "%s/%s", path, e->d_name);
			cr_assert(k > 0 && k < 256, "%s/%s: path too long", path, e->d_name);
		}
	}
	closedir(d);
	free(path);
	return n;
}

/* Every real log in tests/data: the counted ones and one of each format family. */
static size_t nlogs(char names[][256], size_t max)
{
	size_t n = add_logs("reallogs", ".log.zst", names, 0, max);
	return add_logs("formats", ".log", names, n, max);
}

Test(width, real_logs_in_a_tmux_pane_of_80_columns)
{
	cr_assert_eq(system("command -v tmux >/dev/null 2>&1"), 0,
	             "tmux is not installed: scripts/test.sh installs it");
	char logs[64][256];
	size_t n = nlogs(logs, 64);
	cr_assert_geq(n, 20, "the real logs are there");
	for (size_t i = 0; i < n; i++) {
		free(sh("tmux -L %s -u -f /dev/null new-session -d -s w%zu -x 80 -y 40 "
		        "'env -u COLUMNS LC_ALL=C.UTF-8 %s --color=always %s; echo @END@; sleep "
		        "60'",
		        sock, i, LOGSTAT_BIN, logs[i]));
		char *screen = NULL;
		for (int waited = 0; waited < 200; waited++) { /* up to 10 s */
			free(screen);
			screen = sh("tmux -L %s -u capture-pane -p -J -S - -E - -t w%zu", sock, i);
			if (strstr(screen, "@END@"))
				break;
			nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
		}
		cr_assert(strstr(screen, "@END@"), "%s did not finish: %s", logs[i], screen);
		cr_expect(strstr(screen, "class / code"), "%s: %s", logs[i], screen);
		const char *at = screen;
		size_t most = widest(screen, &at);
		cr_expect_leq(most, 80, "%s: a line of %zu columns wrapped: %.*s", logs[i], most,
		              (int)strcspn(at, "\n"), at);
		free(screen);
	}
}

/* Every real log through the renderers that have a width, at widths around 80. */
Test(width, no_line_wider_than_asked)
{
	static const char *const widths[] = {"60", "80", "100", "120", "200"};
	static const char *const outputs[] = {"text", "summary"};
	char logs[64][256];
	size_t n = nlogs(logs, 64);
	for (size_t i = 0; i < n; i++)
		for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++)
			for (size_t k = 0; k < 2; k++) {
				const char *argv[] = {"-o",      outputs[k],      "--width",
				                      widths[w], "--color=never", logs[i],
				                      NULL};
				const char *env[] = {"LC_ALL=C.UTF-8", NULL};
				struct run_result r = run_logstat(argv, NULL, 0, env);
				cr_assert_eq(r.status, 0, "%s", r.err);
				const char *at = r.out;
				size_t most = widest(r.out, &at);
				cr_expect_leq(most, (size_t)atoi(widths[w]), "%s -o %s at %s: %.*s",
				              logs[i], outputs[k], widths[w],
				              (int)strcspn(at, "\n"), at);
				run_result_free(&r);
			}
}

/* COLUMNS and --width, and 80 when the output is not a terminal. */
Test(width, columns_and_width_option)
{
	char *log = data_path("golden/sample.log");
	const char *plain[] = {"--color=never", log, NULL};
	const char *c60[] = {"COLUMNS=60", NULL}, *bad[] = {"COLUMNS=wide", NULL};
	struct run_result def = run_logstat(plain, NULL, 0, NULL);
	struct run_result env = run_logstat(plain, NULL, 0, c60);
	struct run_result junk = run_logstat(plain, NULL, 0, bad);
	const char *asked[] = {"--width", "100", "--color=never", log, NULL};
	struct run_result opt = run_logstat(asked, NULL, 0, c60);
	const char *at;
	cr_expect_leq(widest(def.out, &at), 80);
	cr_expect_gt(widest(def.out, &at), 60, "80 is used, not less");
	cr_expect_leq(widest(env.out, &at), 60, "COLUMNS=60: %s", env.out);
	cr_expect_str_eq(junk.out, def.out, "a COLUMNS that is not a number is ignored");
	cr_expect_gt(widest(opt.out, &at), 80, "--width wins over COLUMNS: %s", opt.out);
	cr_expect_leq(widest(opt.out, &at), 100);
	run_result_free(&def), run_result_free(&env), run_result_free(&junk);
	run_result_free(&opt);
	const char *tiny[] = {"--width", "39", log, NULL};
	struct run_result r = run_logstat(tiny, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--width: '39' is not a number from 40 to 1000"), "%s", r.err);
	run_result_free(&r);
	free(log);
}

/* A long input name and a long malformed line are cut, with an ellipsis, in place. */
Test(width, long_names_and_examples_are_cut)
{
	char name[200];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = 0;
	memcpy(name + sizeof name - 5, ".log", 4);
	char line[400];
	memset(line, 'x', sizeof line);
	memcpy(line + sizeof line - 1, "\n", 1);
	char *log = write_file(dir, name, line, sizeof line);
	const char *argv[] = {"--color=never", "--width=80", "-F", "common", log, log, NULL};
	const char *env[] = {"LC_ALL=C.UTF-8", NULL};
	struct run_result r = run_logstat(argv, NULL, 0, env);
	const char *at = r.out;
	cr_expect_leq(widest(r.out, &at), 80, "%.*s", (int)strcspn(at, "\n"), at);
	cr_expect(strstr(r.out, "…nnnn"), "the name keeps its end: %s", r.out);
	cr_expect(strstr(r.out, "nnn.log:1 (missing_fields) xxxx"), "%s", r.out);
	cr_expect(strstr(r.out, "xxx…\n"), "the example is cut: %s", r.out);
	run_result_free(&r);
	free(log);
}
