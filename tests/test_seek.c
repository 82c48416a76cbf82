/* test_seek.c — --since on a plain file seeks to the window (seek.c, analyze.c), --until
 * stops past it, and the counts stay those of a full read: for every real log and generated logs
 * (late lines, a region out of order within the slack, malformed lines at the probes, an unordered
 * file, a damaged region), at many points (before the first line, on a line's time, in
 * the middle, on the last, after it), with one and two threads, in-process. What a seek
 * skips is checked against a read of the same file from the seek point. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "seek.h"
#include "seek_support.h"
#include "support.h"

static struct input_result *run_window(const char *path, int64_t since, int64_t until,
                                       unsigned threads, int no_seek, uint64_t start)
{
	struct analyze_options o;
	analyze_options_init(&o);
	o.threads = threads;
	o.since = since;
	o.until = until;
	o.no_seek = no_seek;
	o.start_offset = start;
	struct input_result *res = malloc(sizeof *res);
	cr_assert(res);
	int rc = analyze_path(path, 0, &o, res);
	cr_assert_eq(rc, 0, "%s: %s", path, res->error);
	return res;
}

static struct input_result *run(const char *path, int64_t since, unsigned threads, int no_seek,
                                uint64_t start)
{
	return run_window(path, since, RECORD_NO_TIME, threads, no_seek, start);
}

/* What the window holds: requests, codes, bytes, time range, timeline. */
static void same_requests(const struct tally *a, const struct tally *b, const char *what)
{
	cr_assert_eq(a->requests, b->requests, "%s: requests %llu vs %llu", what,
	             (unsigned long long)a->requests, (unsigned long long)b->requests);
	cr_assert_eq(a->no_status, b->no_status, "%s", what);
	cr_assert_eq(a->bytes, b->bytes, "%s", what);
	cr_assert(memcmp(a->count, b->count, sizeof a->count) == 0, "%s: codes", what);
	cr_assert(memcmp(a->code_bytes, b->code_bytes, sizeof a->code_bytes) == 0, "%s", what);
	cr_assert(memcmp(a->shapes, b->shapes, sizeof a->shapes) == 0, "%s: shapes", what);
	cr_assert_eq(a->first, b->first, "%s: first", what);
	cr_assert_eq(a->last, b->last, "%s: last", what);
	cr_assert_eq(a->first_tz, b->first_tz, "%s", what);
	cr_assert_eq(a->last_tz, b->last_tz, "%s", what);
	const struct timeline *x = &a->timeline, *y = &b->timeline;
	cr_assert_eq(x->width, y->width, "%s: timeline width", what);
	cr_assert_eq(timeline_span(x), timeline_span(y), "%s: timeline span", what);
	for (int64_t i = 0; i < timeline_span(x); i++)
		cr_assert(memcmp(timeline_bucket(x, i), timeline_bucket(y, i),
		                 TIMELINE_CLASSES * sizeof(uint64_t)) == 0,
		          "%s: timeline bucket %lld", what, (long long)i);
}

/* Everything, lines outside the window and malformed examples included. */
static void same_all(const struct tally *a, const struct tally *b, const char *what)
{
	same_requests(a, b, what);
	cr_assert_eq(a->lines, b->lines, "%s: lines %llu vs %llu", what,
	             (unsigned long long)a->lines, (unsigned long long)b->lines);
	cr_assert_eq(a->outside, b->outside, "%s: outside %llu vs %llu", what,
	             (unsigned long long)a->outside, (unsigned long long)b->outside);
	cr_assert_eq(a->malformed, b->malformed, "%s: malformed", what);
	cr_assert(memcmp(a->malformed_by, b->malformed_by, sizeof a->malformed_by) == 0, "%s",
	          what);
	cr_assert_eq(a->directives, b->directives, "%s", what);
	cr_assert_eq(a->nexamples, b->nexamples, "%s", what);
	for (size_t i = 0; i < a->nexamples; i++) {
		const struct tally_example *x = &a->examples[i], *y = &b->examples[i];
		cr_assert_eq(x->line, y->line, "%s: example %zu line", what, i);
		cr_assert_eq(x->reason, y->reason, "%s", what);
		cr_assert(x->len == y->len && memcmp(x->text, y->text, x->len) == 0, "%s", what);
	}
}

/* --since since with and without the seek: the same window. When the seek skipped
 * bytes, the result is exactly that of reading the file from the seek point on. Returns
 * the bytes skipped. */
static uint64_t check_since(const char *path, int64_t since, unsigned threads)
{
	char what[512];
	snprintf(what, sizeof what, "%s --since %lld -j%u", path, (long long)since, threads);
	struct input_result *full = run(path, since, threads, 1, 0);
	struct input_result *sk = run(path, since, threads, 0, 0);
	same_requests(&full->tally, &sk->tally, what);
	cr_assert_eq(full->window_skipped, 0, "%s", what);
	cr_assert_eq(sk->end_offset, full->end_offset, "%s", what);
	uint64_t skipped = sk->window_skipped;
	if (skipped == 0) {
		same_all(&full->tally, &sk->tally, what);
	} else {
		struct input_result *tail = run(path, since, threads, 1, skipped);
		same_all(&tail->tally, &sk->tally, what);
		cr_assert_lt(sk->raw_bytes, full->raw_bytes, "%s", what);
		cr_assert_geq(full->tally.outside, sk->tally.outside, "%s", what);
		free(tail);
	}
	free(full);
	free(sk);
	return skipped;
}

/* --until until with and without the stop: the same window; when the read stopped early,
 * exactly the result of the file cut where it stopped. Returns the bytes not read. */
static uint64_t check_until(const char *path, const char *buf, size_t len, int64_t until,
                            unsigned threads)
{
	char what[512];
	snprintf(what, sizeof what, "%s --until %lld -j%u", path, (long long)until, threads);
	struct input_result *full = run_window(path, RECORD_NO_TIME, until, threads, 1, 0);
	struct input_result *st = run_window(path, RECORD_NO_TIME, until, threads, 0, 0);
	same_requests(&full->tally, &st->tally, what);
	cr_assert_eq(full->until_skipped, 0, "%s", what);
	uint64_t skipped = st->until_skipped;
	if (skipped == 0) {
		same_all(&full->tally, &st->tally, what);
	} else {
		cr_assert_leq(skipped, len, "%s", what);
		char head[4200];
		snprintf(head, sizeof head, "%s.head", path);
		FILE *f = fopen(head, "wb");
		cr_assert(f && fwrite(buf, 1, len - skipped, f) == len - skipped);
		fclose(f);
		struct input_result *cut = run_window(head, RECORD_NO_TIME, until, threads, 1, 0);
		same_all(&cut->tally, &st->tally, what);
		cr_assert_geq(full->tally.outside, st->tally.outside, "%s", what);
		free(cut);
		remove(head);
	}
	free(full);
	free(st);
	return skipped;
}

/* The format the file's head fits, as the scan would use it. */
static void head_format(const char *buf, size_t len, struct logformat *f)
{
	size_t head = len < (256u << 10) ? len : (256u << 10);
	cr_assert_gt(logformat_detect_sample(buf, head, 200, f, NULL), 0);
	f->strict_tail = 0;
}

/* The time on the first line at or after byte at that has one (RECORD_NO_TIME: none),
 * and the earliest and latest time in the file. */
static int64_t time_from(const char *buf, size_t len, size_t at, const struct logformat *f)
{
	struct logformat_state st;
	logformat_state_init(&st);
	while (at > 0 && at < len && buf[at - 1] != '\n')
		at++;
	while (at < len) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t n = (size_t)((nl ? nl : buf + len) - (buf + at));
		struct record r;
		if (logformat_parse(f, buf + at, n && buf[at + n - 1] == '\r' ? n - 1 : n, &st,
		                    &r) == MALFORMED_NONE &&
		    r.time != RECORD_NO_TIME)
			return r.time;
		at += n + 1;
	}
	return RECORD_NO_TIME;
}

static void time_range(const char *buf, size_t len, const struct logformat *f, int64_t *lo,
                       int64_t *hi)
{
	struct logformat_state st;
	logformat_state_init(&st);
	*lo = INT64_MAX;
	*hi = INT64_MIN;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t n = (size_t)((nl ? nl : buf + len) - (buf + at));
		struct record r;
		if (logformat_parse(f, buf + at, n && buf[at + n - 1] == '\r' ? n - 1 : n, &st,
		                    &r) == MALFORMED_NONE &&
		    r.time != RECORD_NO_TIME) {
			*lo = r.time < *lo ? r.time : *lo;
			*hi = r.time > *hi ? r.time : *hi;
		}
		at += n + 1;
	}
}

/* The plan on its own: every line it skips is before since, on a line boundary. */
static void check_plan(const char *path, const char *buf, size_t len, const struct logformat *f,
                       int64_t since, struct seek_plan *plan)
{
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0);
	seek_find(fd, 0, len, f, since, plan);
	close(fd);
	if (plan->outcome != SEEK_AT) {
		cr_assert_eq(plan->offset, 0);
		return;
	}
	cr_assert(plan->offset > 0 && plan->offset < len && buf[plan->offset - 1] == '\n',
	          "%s: offset %llu is not a line start", path, (unsigned long long)plan->offset);
	struct logformat_state st;
	logformat_state_init(&st);
	for (size_t at = 0; at < plan->offset;) {
		const char *nl = memchr(buf + at, '\n', plan->offset - at);
		size_t n = (size_t)(nl - (buf + at));
		struct record r;
		if (logformat_parse(f, buf + at, n && buf[at + n - 1] == '\r' ? n - 1 : n, &st,
		                    &r) == MALFORMED_NONE &&
		    r.time != RECORD_NO_TIME)
			cr_assert_lt(r.time, since,
			             "%s: a skipped line at byte %zu is in the window", path, at);
		at += n + 1;
	}
}

/* Every point of the file worth asking for, as --since and as --until; returns how many
 * of them seeked, and in *stopped (when not NULL) how many stopped early. */
static unsigned check_file(const char *path, const char *buf, size_t len, unsigned *stopped)
{
	struct logformat f;
	head_format(buf, len, &f);
	int64_t lo, hi;
	time_range(buf, len, &f, &lo, &hi);
	cr_assert_leq(lo, hi, "%s has no times", path);
	int64_t mid = time_from(buf, len, len / 2, &f);
	int64_t late = time_from(buf, len, len * 9 / 10, &f);
	int64_t points[] = {lo - 86400, lo, mid, mid - SEEK_SLACK, late, late + 1, hi, hi + 86400};
	unsigned seeks = 0, stops = 0;
	for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
		if (points[i] == RECORD_NO_TIME)
			continue;
		struct seek_plan plan;
		check_plan(path, buf, len, &f, points[i], &plan);
		cr_log_info("%s since %lld: %s at %llu (%u probes, %llu bytes)", path,
		            (long long)points[i], seek_outcome_name(plan.outcome),
		            (unsigned long long)plan.offset, plan.probes,
		            (unsigned long long)plan.bytes_read);
		/* one and two threads in turn; both on the middle */
		uint64_t s = check_since(path, points[i], 1 + (unsigned)(i % 2));
		if (points[i] == mid)
			cr_assert_eq(check_since(path, points[i], 2), s,
			             "%s: the seek depends on the thread count", path);
		seeks += s > 0;
		stops += check_until(path, buf, len, points[i], 1 + (unsigned)(i % 2)) > 0;
	}
	cr_log_info("%s: %u seeks, %u stops", path, seeks, stops);
	if (stopped)
		*stopped = stops;
	return seeks;
}

static const char *const reallogs[] = {SUPPORT_REALLOGS};

ParameterizedTestParameters(seek, reallogs)
{
	return INDEX_PARAMS(reallogs);
}

ParameterizedTest(size_t *ix, seek, reallogs)
{
	char *z = data_path(reallogs[*ix]);
	const char *unz[] = {"zstd", "-dcq", z, NULL};
	struct run_result p = run_program("/usr/bin/zstd", unz, NULL, 0, NULL);
	cr_assert_eq(p.status, 0);
	char *dir = tmpdir_make();
	char *path = write_file(dir, "in.log", p.out, p.out_len);
	check_file(path, p.out, p.out_len, NULL);
	run_result_free(&p);
	free(z);
	free(path);
	tmpdir_remove(dir);
}

#define T0 1696946136 /* 2023-10-10T13:55:36Z */

/* Generated logs of ~6.5 MB (past the head read for detection, so the seek is used),
 * and whether a seek is expected in the middle. */
/* Generated logs of ~6.5 MB (past the head read for detection, so the seek is used),
 * and whether a seek is expected at some of the points. */
static const struct {
	const char *name;
	struct gen_spec g;
	int seeks;
} generated[] = {
        {"ordered, late lines, malformed",
         {.lines = 50000, .t0 = T0, .per_sec = 10, .late = 60, .malformed = 997},
         1},
        {"offset -05:30, one line a second, late by up to 200 s",
         {.lines = 50000, .t0 = T0, .per_sec = 1, .late = 200, .tz_minutes = -330},
         1},
        {"a region late by less than the slack",
         {.lines = 50000,
          .t0 = T0,
          .per_sec = 10,
          .late = 30,
          .back_at = 40000,
          .back_lines = 8000,
          .back_by = SEEK_SLACK - 20},
         1},
        {"malformed lines around every probe, a short damaged region",
         {.lines = 50000,
          .t0 = T0,
          .per_sec = 10,
          .malformed = 3,
          .garbage_at = 44000,
          .garbage_lines = 3000},
         1},
        {"JSON lines, late lines, malformed, offset +02:00",
         {.lines = 50000,
          .t0 = T0,
          .per_sec = 10,
          .late = 90,
          .malformed = 101,
          .json = 1,
          .tz_minutes = 120},
         1},
        /* longer than a probe steps over: the file is read whole */
        {"a long damaged region",
         {.lines = 80000, .t0 = T0, .per_sec = 10, .garbage_at = 20000, .garbage_lines = 40000},
         0},
        {"second half a day earlier",
         {.lines = 50000, .t0 = T0, .per_sec = 10, .second_half_by = 86400},
         0},
};

ParameterizedTestParameters(seek, generated)
{
	return INDEX_PARAMS(generated);
}

ParameterizedTest(size_t *ix, seek, generated)
{
	size_t len;
	char *buf = gen_log(&generated[*ix].g, &len);
	cr_assert(buf && len > (4u << 20), "%s: %zu bytes", generated[*ix].name, len);
	char *dir = tmpdir_make();
	char *path = write_file(dir, "gen.log", buf, len);
	unsigned stops, seeks = check_file(path, buf, len, &stops);
	if (generated[*ix].seeks == 1) {
		cr_expect_geq(seeks, 3, "%s: %u seeks", generated[*ix].name, seeks);
		cr_expect_geq(stops, 3, "%s: %u stops", generated[*ix].name, stops);
	} else if (generated[*ix].seeks == 0) {
		cr_expect_eq(seeks, 0, "%s: %u seeks", generated[*ix].name, seeks);
		cr_expect_eq(stops, 0, "%s: %u stops", generated[*ix].name, stops);
	}
	free(path);
	free(buf);
	tmpdir_remove(dir);
}

/* The plan's outcomes on their own. */
Test(seek, outcomes)
{
	struct gen_spec g = {.lines = 50000, .t0 = T0, .per_sec = 10};
	size_t len;
	char *buf = gen_log(&g, &len);
	char *dir = tmpdir_make();
	char *path = write_file(dir, "gen.log", buf, len);
	int fd = open(path, O_RDONLY);
	struct logformat f;
	head_format(buf, len, &f);
	struct seek_plan plan;
	seek_find(fd, 0, len, &f, RECORD_NO_TIME, &plan);
	cr_expect_eq(plan.outcome, SEEK_NONE);
	seek_find(fd, 0, len, &f, T0 - 10, &plan);
	cr_expect_eq(plan.outcome, SEEK_NONE);
	seek_find(fd, 0, len, &f, T0 + 2500, &plan); /* the middle */
	cr_expect_eq(plan.outcome, SEEK_AT);
	cr_expect(plan.offset > len / 2 - SEEK_GRAIN - (1u << 20) && plan.offset < len / 2,
	          "%llu of %zu", (unsigned long long)plan.offset, len);
	cr_expect_lt(plan.bytes_read, 64u * SEEK_PROBE_BYTES, "%llu",
	             (unsigned long long)plan.bytes_read);
	seek_find(fd, 0, len, &f, T0 + 86400, &plan); /* after the last line */
	cr_expect_eq(plan.outcome, SEEK_AT);
	cr_expect_gt(plan.offset, len - SEEK_GRAIN - SEEK_PROBE_BYTES);
	/* reading from a later point: the plan never goes back before it */
	seek_find(fd, len * 3 / 4, len, &f, T0 + 2500, &plan);
	cr_expect_eq(plan.outcome, SEEK_NONE);
	cr_expect_eq(plan.offset, len * 3 / 4);
	/* a format without a time cannot be searched */
	struct logformat notime;
	char err[256];
	cr_assert_eq(logformat_compile("%h %l %u %{x}i \"%r\" %>s %b", &notime, err, sizeof err), 0,
	             "%s", err);
	seek_find(fd, 0, len, &notime, T0 + 2500, &plan);
	cr_expect_eq(plan.outcome, SEEK_NO_TIME);
	cr_expect_eq(plan.offset, 0);
	close(fd);
	/* a descriptor pread cannot read */
	seek_find(-1, 0, len, &f, T0 + 2500, &plan);
	cr_expect_eq(plan.outcome, SEEK_IO_ERROR);
	cr_expect_eq(plan.offset, 0);
	free(path);
	free(buf);
	tmpdir_remove(dir);
}

/* Compressed inputs and pipes are never seeked: every line counted as without a seek. */
Test(seek, not_plain_files)
{
	struct gen_spec g = {.lines = 50000, .t0 = T0, .per_sec = 10, .malformed = 101};
	size_t len, zlen, glen;
	char *buf = gen_log(&g, &len);
	char *dir = tmpdir_make();
	char *z = compress_with("zstd", buf, len, &zlen);
	char *gz = compress_with("gzip", buf, len, &glen);
	char *paths[] = {write_file(dir, "gen.log.zst", z, zlen),
	                 write_file(dir, "gen.log.gz", gz, glen)};
	for (size_t i = 0; i < 2; i++) {
		struct input_result *full = run(paths[i], T0 + 2500, 2, 1, 0);
		struct input_result *sk = run(paths[i], T0 + 2500, 2, 0, 0);
		cr_expect_eq(sk->window_skipped, 0);
		cr_expect_gt(sk->tally.outside, 20000);
		same_all(&full->tally, &sk->tally, paths[i]);
		free(full);
		free(sk);
		free(paths[i]);
	}
	free(z);
	free(gz);
	/* a pipe */
	char *plain = write_file(dir, "gen.log", buf, len);
	struct input_result *full = run(plain, T0 + 2500, 1, 1, 0);
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (size_t off = 0; off < len;) {
			ssize_t n = write(fds[1], buf + off, len - off);
			if (n <= 0)
				_exit(1);
			off += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	struct analyze_options o;
	analyze_options_init(&o);
	o.since = T0 + 2500;
	struct input_result *res = malloc(sizeof *res);
	cr_assert_eq(analyze_fd(fds[0], "-", 0, &o, res), 0);
	close(fds[0]);
	waitpid(pid, NULL, 0);
	cr_expect_eq(res->window_skipped, 0);
	same_all(&full->tally, &res->tally, "pipe");
	free(res);
	free(full);
	free(plain);
	free(buf);
	tmpdir_remove(dir);
}
