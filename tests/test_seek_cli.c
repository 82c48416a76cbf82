/* test_seek_cli.c — --since and --until through the binary as a user runs it: a seek on
 * a large plain file gives the report of a full read (codes, timeline, top errors,
 * drill-down), says how many bytes it skipped, and is exactly the report of the file's
 * part from there on; --until stops past the window; --no-seek, compressed files and
 * stdin read everything; --state resumes right after a seek and never stops early. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seek_support.h"
#include "support.h"

#define T0 1696946136                 /* 2023-10-10T13:55:36Z */
#define MIDDLE "2023-10-10T14:37:16Z" /* T0 + 50000 lines / 10 a second / 2 */

static const struct gen_spec spec = {
        .lines = 50000, .t0 = T0, .per_sec = 10, .late = 60, .malformed = 499};

static char *json_of(const char *const *argv)
{
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	free(r.err);
	return r.out;
}

/* s with every occurrence of cut removed (malloc'd). */
static char *without(const char *s, const char *cut)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	size_t n = strlen(cut);
	while (*s) {
		if (strncmp(s, cut, n) == 0)
			s += n;
		else
			*o++ = *s++;
	}
	*o = 0;
	return out;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The members of every "codes": {...} object of the --by rows in one order: their order
 * follows how blocks met the codes, which moves with where reading starts (in place). */
static void sort_code_members(char *json)
{
	for (char *p = json; (p = strstr(p, "\"codes\": {")) != NULL;) {
		p += strlen("\"codes\": {");
		char *end = strchr(p, '}');
		cr_assert(end);
		size_t n = (size_t)(end - p);
		char *copy = strndup(p, n), *item[64], *save = NULL;
		size_t k = 0;
		for (char *t = strtok_r(copy, ",", &save); t && k < 64;
		     t = strtok_r(NULL, ",", &save))
			item[k++] = t + (*t == ' ');
		qsort(item, k, sizeof item[0], by_text);
		char *sorted = malloc(n + 1), *o = sorted;
		for (size_t i = 0; i < k; i++)
			o += sprintf(o, "%s%s", i ? ", " : "", item[i]);
		cr_assert_eq((size_t)(o - sorted), n);
		memcpy(p, sorted, n);
		free(sorted);
		free(copy);
		p = end;
	}
}

/* The part of a JSON report a seek leaves as it is: the totals' request figures and
 * everything from the classes on (codes, timeline, top errors, --by sections). */
static char *window_part(const char *json)
{
	const char *req = strstr(json, "\"requests\": ");
	const char *tail = strstr(json, "\n  \"classes\"");
	const char *end = req ? strchr(req, '\n') : NULL;
	cr_assert(req && tail && end);
	size_t a = (size_t)(end - req), b = strlen(tail);
	char *out = malloc(a + b + 1);
	memcpy(out, req, a);
	memcpy(out + a, tail, b + 1);
	sort_code_members(out);
	/* the counts a seek cannot know: lines before the window, malformed or not */
	const char *keys[] = {"\"outside_window\": ", "\"malformed\": "};
	for (int k = 0; k < 2; k++) {
		char *o = strstr(out, keys[k]);
		cr_assert(o);
		size_t cut = strcspn(o, ",") + 2;
		memmove(o, o + cut, strlen(o + cut) + 1);
	}
	return out;
}

Test(seek_cli, same_report_as_a_full_read)
{
	size_t len;
	char *buf = gen_log(&spec, &len);
	char *dir = tmpdir_make();
	char *path = write_file(dir, "access.log", buf, len);
	const char *threads[] = {"1", "2"};
	for (int t = 0; t < 2; t++) {
		const char *seek[] = {"-o",   "json", "-j",      threads[t], "--by", "path",
		                      "--by", "hour", "--since", MIDDLE,     path,   NULL};
		const char *full[] = {"-o",        "json", "-j",   threads[t], "--by",
		                      "path",      "--by", "hour", "--since",  MIDDLE,
		                      "--no-seek", path,   NULL};
		char *a = json_of(seek), *b = json_of(full);
		long long skipped = json_int(a, NULL, "window_skipped_bytes");
		cr_assert_gt(skipped, (long long)len / 3, "%lld of %zu", skipped, len);
		cr_assert_lt(skipped, (long long)len / 2);
		cr_expect_eq(json_int(b, NULL, "window_skipped_bytes"), -1);
		cr_expect_gt(json_int(a, NULL, "requests"), 20000);
		char *wa = window_part(a), *wb = window_part(b);
		cr_expect_str_eq(wa, wb, "-j%s", threads[t]);
		/* exactly the report of the bytes from the seek point on */
		char *dir2 = tmpdir_make();
		char *tail = write_file(dir2, "access.log", buf + skipped, len - (size_t)skipped);
		const char *rest[] = {"-o",        "json", "-j",   threads[t], "--by",
		                      "path",      "--by", "hour", "--since",  MIDDLE,
		                      "--no-seek", tail,   NULL};
		char *c = json_of(rest);
		char mark[64];
		snprintf(mark, sizeof mark, "\"window_skipped_bytes\": %lld, ", skipped);
		char *a1 = without(a, mark);
		snprintf(mark, sizeof mark, "\"line_counted_from_byte\": %lld, ", skipped);
		char *a2 = without(a1, mark);
		char *a3 = without(a2, dir), *c1 = without(c, dir2);
		sort_code_members(a3);
		sort_code_members(c1);
		cr_expect_str_eq(a3, c1, "-j%s", threads[t]);
		free(a), free(b), free(c), free(wa), free(wb), free(a1), free(a2), free(a3);
		free(c1);
		free(tail);
		tmpdir_remove(dir2);
	}
	/* the text report says what was not read, and how to read it */
	const char *text[] = {"--since", MIDDLE, "--width", "120", path, NULL};
	struct run_result r = run_logstat(text, NULL, 0, (const char *const[]){"NO_COLOR=1", NULL});
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, " bytes before --since not read (seek; --no-seek reads them)"),
	          "%s", r.out);
	cr_expect(strstr(r.out, "access.log:+"), "malformed examples count from the seek:\n%s",
	          r.out);
	run_result_free(&r);
	const char *text2[] = {"--since", MIDDLE, "--no-seek", path, NULL};
	r = run_logstat(text2, NULL, 0, (const char *const[]){"NO_COLOR=1", NULL});
	cr_expect(!strstr(r.out, "not read (seek"), "%s", r.out);
	run_result_free(&r);
	free(path);
	free(buf);
	tmpdir_remove(dir);
}

/* Compressed files and stdin are read whole: every line before the window is counted. */
Test(seek_cli, compressed_and_stdin_read_everything)
{
	size_t len, zlen, glen;
	char *buf = gen_log(&spec, &len);
	char *dir = tmpdir_make();
	char *plain = write_file(dir, "access.log", buf, len);
	char *z = compress_with("zstd", buf, len, &zlen);
	char *gz = compress_with("gzip", buf, len, &glen);
	char *zf = write_file(dir, "access.log.zst", z, zlen);
	char *gf = write_file(dir, "access.log.gz", gz, glen);
	const char *full[] = {"-o", "json", "--since", MIDDLE, "--no-seek", plain, NULL};
	char *b = json_of(full);
	long long outside = json_int(b, NULL, "outside_window");
	cr_assert_gt(outside, 20000);
	const char *files[] = {zf, gf};
	for (int i = 0; i < 2; i++) {
		const char *argv[] = {"-o", "json", "--since", MIDDLE, files[i], NULL};
		char *a = json_of(argv);
		cr_expect_eq(json_int(a, NULL, "window_skipped_bytes"), -1, "%s", files[i]);
		cr_expect_eq(json_int(a, NULL, "outside_window"), outside, "%s", files[i]);
		cr_expect_eq(json_int(a, NULL, "malformed"), json_int(b, NULL, "malformed"));
		free(a);
	}
	const char *in[] = {"-o", "json", "--since", MIDDLE, "-", NULL};
	struct run_result r = run_logstat(in, buf, len, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "window_skipped_bytes"), -1);
	cr_expect_eq(json_int(r.out, NULL, "outside_window"), outside);
	run_result_free(&r);
	free(b);
	free(plain), free(z), free(gz), free(zf), free(gf);
	free(buf);
	tmpdir_remove(dir);
}

/* With --state the first run seeks and later runs resume where it ended: the resume
 * offset wins when it is later than the window's start. */
Test(seek_cli, state_resumes_after_a_seek)
{
	struct gen_spec more = spec;
	more.lines = 60000; /* the same first 50000 lines, and 10000 after them */
	size_t len, all;
	char *buf = gen_log(&spec, &len);
	char *longer = gen_log(&more, &all);
	cr_assert(all > len && memcmp(buf, longer, len) == 0);
	char *dir = tmpdir_make();
	char *path = write_file(dir, "access.log", buf, len);
	char state[4200];
	snprintf(state, sizeof state, "%s/logstat.state", dir);
	const char *first[] = {"-o", "json", "--state", state, "--since", MIDDLE, path, NULL};
	char *a = json_of(first);
	cr_expect_gt(json_int(a, NULL, "window_skipped_bytes"), (long long)len / 3);
	long long req1 = json_int(a, NULL, "requests");
	/* the same window read whole, for the count */
	const char *whole[] = {"-o", "json", "--since", MIDDLE, "--no-seek", path, NULL};
	char *b = json_of(whole);
	cr_expect_eq(json_int(b, NULL, "requests"), req1);
	/* nothing new: nothing counted */
	char *c = json_of(first);
	cr_expect_eq(json_int(c, NULL, "requests"), 0, "%s", c);
	cr_expect_eq(json_int(c, NULL, "window_skipped_bytes"), -1);
	/* 10000 new lines: exactly those, from the resume offset (later than the window) */
	FILE *f = fopen(path, "ab");
	cr_assert(f && fwrite(longer + len, 1, all - len, f) == all - len);
	fclose(f);
	char *d = json_of(first);
	cr_expect_eq(json_int(d, NULL, "window_skipped_bytes"), -1, "%s", d);
	const char *total[] = {"-o", "json", "--since", MIDDLE, "--no-seek", path, NULL};
	char *e = json_of(total);
	cr_expect_eq(req1 + json_int(d, NULL, "requests"), json_int(e, NULL, "requests"));
	free(a), free(b), free(c), free(d), free(e);
	free(path);
	free(buf);
	free(longer);
	tmpdir_remove(dir);
}

/* --until stops past the window on an ordered file, and says so; with --state every line
 * is still consumed, so the next run does not read the lines after the window again. */
Test(seek_cli, until_stops_early_but_not_with_state)
{
	size_t len;
	char *buf = gen_log(&spec, &len);
	char *dir = tmpdir_make();
	char *path = write_file(dir, "access.log", buf, len);
	const char *stop[] = {"-o", "json", "--until", MIDDLE, path, NULL};
	const char *full[] = {"-o", "json", "--until", MIDDLE, "--no-seek", path, NULL};
	char *a = json_of(stop), *b = json_of(full);
	long long skipped = json_int(a, NULL, "until_skipped_bytes");
	cr_expect(skipped > (long long)len / 4 && skipped < (long long)len / 2, "%lld of %zu",
	          skipped, len);
	cr_expect_eq(json_int(b, NULL, "until_skipped_bytes"), -1);
	cr_expect_eq(json_int(a, NULL, "requests"), json_int(b, NULL, "requests"));
	cr_expect_lt(json_int(a, NULL, "outside_window"), json_int(b, NULL, "outside_window"));
	char *wa = window_part(a), *wb = window_part(b);
	cr_expect_str_eq(wa, wb);
	const char *text[] = {"--until", MIDDLE, path, NULL};
	struct run_result r = run_logstat(text, NULL, 0, (const char *const[]){"NO_COLOR=1", NULL});
	cr_expect(strstr(r.out, " bytes after --until not read (stop; --no-seek reads them)"), "%s",
	          r.out);
	run_result_free(&r);
	char state[4200];
	snprintf(state, sizeof state, "%s/logstat.state", dir);
	const char *st[] = {"-o", "json", "--state", state, "--until", MIDDLE, path, NULL};
	char *c = json_of(st);
	cr_expect_eq(json_int(c, NULL, "until_skipped_bytes"), -1);
	cr_expect_eq(json_int(c, NULL, "outside_window"), json_int(b, NULL, "outside_window"));
	char *d = json_of(st);
	cr_expect_eq(json_int(d, NULL, "lines"), 0, "%s", d);
	cr_expect_eq(json_int(d, NULL, "outside_window"), 0, "%s", d);
	free(a), free(b), free(c), free(d), free(wa), free(wb);
	free(path);
	free(buf);
	tmpdir_remove(dir);
}
