/* test_follow.c — the follower without a terminal: a writer appends N lines while rotating
 * M times in each style (rename + create, copytruncate, delete + recreate, absent at start,
 * rename then gzip) and the follower must count exactly N; plus rate.c with explicit time. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "rate.h"
#include "support.h"

static const int statuses[] = {200, 200, 200, 304, 404, 500, 101, 499, 503, 999};

/* Line i: unique (its number is in the first bytes, as a real log's time and client make
 * the start of each rotated file differ). */
static size_t line_text(char *buf, size_t n, unsigned i)
{
	int len = snprintf(buf, n,
	                   "10.%u.%u.%u - - [10/Oct/2000:13:55:36 -0700] \"GET /item/%u HTTP/1.1\" "
	                   "%d %u \"-\" \"test\"\n",
	                   i / 65536 % 256, i / 256 % 256, i % 256, i, statuses[i % 10], i);
	return (size_t)len;
}

static uint64_t expected_class(unsigned from, unsigned to, int cls)
{
	uint64_t n = 0;
	for (unsigned i = from; i < to; i++) {
		int s = statuses[i % 10];
		n += (s >= 100 && s < 600 ? s / 100 : 0) == cls;
	}
	return n;
}

enum style { RENAME, COPYTRUNCATE, DELETE, ABSENT, RENAME_GZIP, STYLES };
static const char *const style_names[] = {"rename+create", "copytruncate", "delete+recreate",
                                          "absent at start", "rename+gzip"};

struct writer {
	char path[512];
	int fd;         /* -1 while the file is deleted */
	unsigned next;  /* number of the next line */
	char tail[256]; /* the second half of a line split across two writes */
	size_t tail_len;
	unsigned rotations;
};

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		cr_assert(w > 0, "write: %s", strerror(errno));
		p += w;
		n -= (size_t)w;
	}
}

static int open_log(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	cr_assert(fd >= 0, "open %s: %s", path, strerror(errno));
	return fd;
}

static void writer_flush_tail(struct writer *w)
{
	if (w->tail_len)
		write_all(w->fd, w->tail, w->tail_len);
	w->tail_len = 0;
}

/* Append n lines; the last one is split when split is set (its end comes later). */
static void writer_batch(struct writer *w, unsigned n, int split)
{
	if (w->fd < 0)
		w->fd = open_log(w->path);
	writer_flush_tail(w);
	char line[256];
	for (unsigned k = 0; k < n; k++) {
		size_t len = line_text(line, sizeof line, w->next++);
		size_t cut = split && k + 1 == n ? len / 2 : len;
		write_all(w->fd, line, cut);
		memcpy(w->tail, line + cut, len - cut);
		w->tail_len = len - cut;
	}
}

/* A new file (as logrotate makes it after shifting the old copy to .2), not a rewrite. */
static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = read_file(from, &len);
	cr_assert(data);
	char tmp[700];
	snprintf(tmp, sizeof tmp, "%s.tmp", to);
	FILE *f = fopen(tmp, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	cr_assert_eq(rename(tmp, to), 0);
	free(data);
}

static void gzip_file(const char *path)
{
	size_t len, glen;
	char *data = read_file(path, &len);
	cr_assert(data);
	char *gz = compress_with("gzip", data, len, &glen);
	char name[700];
	snprintf(name, sizeof name, "%s.gz", path);
	FILE *f = fopen(name, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite(gz, 1, glen, f), glen);
	fclose(f);
	unlink(path);
	free(data);
	free(gz);
}

/* One rotation as the tools do it. late lines go to the old file after the rename or
 * delete, as a server writes until it reopens its log. */
static void writer_rotate(struct writer *w, enum style st, unsigned late)
{
	char old[600];
	snprintf(old, sizeof old, "%s.1", w->path);
	writer_flush_tail(w);
	if (st == COPYTRUNCATE) {
		copy_file(w->path, old);
		cr_assert_eq(ftruncate(w->fd, 0), 0);
	} else if (st == DELETE) {
		cr_assert_eq(unlink(w->path), 0);
		writer_batch(w, late, 0);
		close(w->fd);
		w->fd = -1; /* recreated by the next batch */
	} else {
		cr_assert_eq(rename(w->path, old), 0);
		close(open_log(w->path)); /* logrotate's "create" */
		writer_batch(w, late, 0);
		close(w->fd);
		w->fd = open_log(w->path);
		if (st == RENAME_GZIP)
			gzip_file(old);
	}
	w->rotations++;
}

static char *dir;
static void setup(void)
{
	dir = tmpdir_make();
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(follow, .init = setup, .fini = teardown);

static void expect_counts(const struct tally *t, unsigned from, unsigned to, const char *what)
{
	cr_expect_eq(t->lines, (uint64_t)(to - from), "%s: lines %llu, written %u", what,
	             (unsigned long long)t->lines, to - from);
	cr_expect_eq(t->malformed, 0, "%s: malformed %llu", what, (unsigned long long)t->malformed);
	for (int c = 0; c < TALLY_CLASSES; c++)
		cr_expect_eq(tally_class_count(t, c), expected_class(from, to, c), "%s: class %d",
		             what, c);
}

/* A writer prepared per style: history lines that a follower started at the end must not
 * count (none when the file is absent at start). Returns the first line to count. */
static unsigned writer_start(struct writer *w, enum style st)
{
	memset(w, 0, sizeof *w);
	snprintf(w->path, sizeof w->path, "%s/access.log", dir);
	w->fd = -1;
	if (st != ABSENT)
		writer_batch(w, 5, 0);
	return w->next;
}

static void drain(struct follower *f, int64_t *now)
{
	for (int i = 0; i < 4; i++) {
		*now += 6000; /* past the linger of a rotated file */
		while (follower_poll(f, *now))
			;
	}
}

/* ---- deterministic: the test interleaves writer and follower ---- */

struct sched_case {
	enum style style;
	int lag; /* 0: the follower looks after every step; 1: once per rotation, late */
};
static const struct sched_case sched_cases[] = {
        {RENAME, 0}, {RENAME, 1}, {COPYTRUNCATE, 0}, {COPYTRUNCATE, 1}, {DELETE, 0},
        {DELETE, 1}, {ABSENT, 0}, {ABSENT, 1},       {RENAME_GZIP, 0},  {RENAME_GZIP, 1},
};

ParameterizedTestParameters(follow, interleaved)
{
	return INDEX_PARAMS(sched_cases);
}

ParameterizedTest(size_t *idx, follow, interleaved)
{
	const struct sched_case *c = &sched_cases[*idx];
	struct writer w;
	unsigned first = writer_start(&w, c->style);
	int64_t now = 1000;
	struct follow_options o = {0};
	struct follower *f = follower_new(w.path, 0, &o, now);
	cr_assert(f);
	cr_expect_eq(follower_state(f), c->style == ABSENT ? FOLLOW_WAITING : FOLLOW_FOLLOWING);
	enum { M = 6 };
	for (unsigned r = 0; r < M; r++) {
		writer_batch(&w, 40 + r, r % 2);
		now += 10;
		if (!c->lag || (r == 0 && c->style == ABSENT)) /* it must be seen once */
			follower_poll(f, now);
		writer_batch(&w, 30, 1);
		writer_rotate(&w, c->style, 3);
		now += 10;
		if (!c->lag)
			follower_poll(f, now);
		writer_batch(&w, 7, 0);
		now += 10;
		follower_poll(f, now);
		if (r == 0)
			cr_expect_eq(follower_state(f), FOLLOW_ROTATED, "%s",
			             follow_state_name(follower_state(f)));
	}
	writer_batch(&w, 11, 0);
	drain(f, &now);
	expect_counts(follower_tally(f), first, w.next, style_names[c->style]);
	cr_expect_geq(follower_rotations(f), M);
	cr_expect_eq(follower_state(f), FOLLOW_FOLLOWING);
	follower_free(f);
	if (w.fd >= 0)
		close(w.fd);
}

/* ---- real time: a writer thread, the follower sleeping on the waiter ---- */

struct live_case {
	enum style style;
	const char *backend;
	unsigned rotations;
};
static const struct live_case live_cases[] = {
        {RENAME, "inotify", 8},    {COPYTRUNCATE, "inotify", 8}, {DELETE, "inotify", 8},
        {ABSENT, "inotify", 8},    {RENAME_GZIP, "inotify", 8},  {RENAME, "poll", 2},
        {COPYTRUNCATE, "poll", 2}, {DELETE, "poll", 2},
};

struct live_writer {
	struct writer w;
	const struct live_case *c;
	atomic_int done;
};

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void *live_writer_run(void *arg)
{
	struct live_writer *lw = arg;
	/* The poll backend looks every 250 ms: a file written, rotated and gone within one
	 * tick is invisible to it, so its writer writes over a few ticks, as logs do. */
	int slow = strcmp(lw->c->backend, "poll") == 0;
	unsigned pause = slow ? 300 : 60;
	for (unsigned r = 0; r < lw->c->rotations; r++) {
		for (int b = 0; b < 10; b++) {
			writer_batch(&lw->w, 17, b % 3 == 0);
			sleep_ms(slow ? 60 : 2);
		}
		writer_rotate(&lw->w, lw->c->style, 5);
		sleep_ms(pause); /* rotations are minutes apart in life; the follower must see each
		                  */
	}
	writer_batch(&lw->w, 23, 0);
	writer_flush_tail(&lw->w);
	atomic_store(&lw->done, 1);
	return NULL;
}

ParameterizedTestParameters(follow, threaded)
{
	return INDEX_PARAMS(live_cases);
}

ParameterizedTest(size_t *idx, follow, threaded, .timeout = 60)
{
	struct live_writer lw = {.c = &live_cases[*idx]};
	unsigned first = writer_start(&lw.w, lw.c->style);
	struct follow_waiter *wt = follow_waiter_new(lw.c->backend);
	cr_assert(wt, "backend %s", lw.c->backend);
	cr_assert_str_eq(follow_waiter_name(wt), lw.c->backend);
	cr_assert_eq(follow_waiter_watch(wt, lw.w.path), 0);
	struct follow_options o = {0};
	struct follower *f = follower_new(lw.w.path, 0, &o, follow_now_ms());
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, live_writer_run, &lw), 0);
	int64_t deadline = 0;
	for (;;) {
		follow_waiter_wait(wt, NULL, 0, -1);
		while (follower_poll(f, follow_now_ms()))
			;
		if (atomic_load(&lw.done) && !deadline)
			deadline = follow_now_ms() + 3000;
		if (deadline &&
		    (follower_tally(f)->lines >= lw.w.next - first || follow_now_ms() > deadline))
			break;
	}
	pthread_join(th, NULL);
	sleep_ms(300); /* anything counted twice would show up now */
	while (follower_poll(f, follow_now_ms()))
		;
	expect_counts(follower_tally(f), first, lw.w.next, style_names[lw.c->style]);
	cr_expect_geq(follower_rotations(f), lw.c->rotations);
	follower_free(f);
	follow_waiter_free(wt);
	close(lw.w.fd);
}

/* ---- single behaviours ---- */

Test(follow, start_at_end_or_from_start)
{
	struct writer w;
	writer_start(&w, RENAME);
	writer_batch(&w, 3, 1); /* a partial line at the end: its start is not skipped */
	struct follow_options o = {0};
	struct follower *at_end = follower_new(w.path, 0, &o, 0);
	o.from_start = 1;
	struct follower *all = follower_new(w.path, 1, &o, 0);
	cr_expect_eq(follower_tally(all)->lines, 7);           /* 5 history + 2 complete */
	cr_expect_str_eq(follower_format(at_end), "combined"); /* learnt from the history */
	writer_batch(&w, 4, 0);
	follower_poll(at_end, 10);
	follower_poll(all, 10);
	cr_expect_eq(follower_tally(at_end)->lines, 5, "the split line and 4 more");
	cr_expect_eq(follower_tally(all)->lines, 12);
	cr_expect_eq(follower_tally(at_end)->malformed, 0);
	follower_reset(at_end);
	cr_expect_eq(follower_tally(at_end)->lines, 0);
	writer_batch(&w, 2, 0);
	follower_poll(at_end, 20);
	cr_expect_eq(follower_tally(at_end)->lines, 2);
	follower_free(at_end);
	follower_free(all);
	close(w.fd);
}

Test(follow, partial_line_waits_for_its_newline)
{
	char *p = write_file(dir, "a.log", "", 0);
	struct follow_options o = {0};
	struct follower *f = follower_new(p, 0, &o, 0);
	char line[256];
	size_t len = line_text(line, sizeof line, 1);
	int fd = open_log(p);
	for (size_t i = 0; i < len; i++) {
		write_all(fd, line + i, 1);
		follower_poll(f, (int64_t)i);
		cr_assert_eq(follower_tally(f)->lines, i + 1 == len ? 1u : 0u, "at byte %zu", i);
	}
	cr_expect_eq(follower_tally(f)->count[200], 1);
	follower_free(f);
	close(fd);
	free(p);
}

Test(follow, pipe_until_end_of_file)
{
	int pfd[2];
	cr_assert_eq(pipe(pfd), 0);
	int saved = dup(0);
	dup2(pfd[0], 0);
	close(pfd[0]);
	struct follow_options o = {0};
	struct follower *f = follower_new("-", 0, &o, 0);
	cr_expect_eq(follower_fd(f), 0);
	char line[256];
	for (unsigned i = 0; i < 50; i++)
		write_all(pfd[1], line, line_text(line, sizeof line, i));
	follower_poll(f, 1);
	cr_expect_eq(follower_tally(f)->lines, 50);
	cr_expect_eq(follower_state(f), FOLLOW_FOLLOWING);
	size_t len = line_text(line, sizeof line, 50);
	write_all(pfd[1], line, len - 1); /* last line without newline */
	close(pfd[1]);
	follower_poll(f, 2);
	cr_expect_eq(follower_tally(f)->lines, 51);
	cr_expect_eq(follower_state(f), FOLLOW_ENDED);
	cr_expect_eq(follower_fd(f), -1);
	follower_free(f);
	dup2(saved, 0);
	close(saved);
}

Test(follow, long_lines_are_bounded)
{
	char *p = write_file(dir, "a.log", "", 0);
	struct follow_options o = {.max_line = 1024, .budget = 4096};
	struct follower *f = follower_new(p, 0, &o, 0);
	int fd = open_log(p);
	char line[256];
	write_all(fd, line, line_text(line, sizeof line, 1));
	char big[10000];
	memset(big, 'x', sizeof big);
	write_all(fd, big, sizeof big);
	write_all(fd, "\n", 1);
	write_all(fd, line, line_text(line, sizeof line, 2));
	int rounds = 0;
	while (follower_poll(f, 1))
		rounds++;
	cr_expect_geq(rounds, 1, "the budget splits the read");
	const struct tally *t = follower_tally(f);
	cr_expect_eq(t->lines, 3);
	cr_expect_eq(t->requests, 2);
	cr_expect_eq(t->malformed_by[MALFORMED_TOO_LONG], 1);
	follower_free(f);
	close(fd);
	free(p);
}

Test(follow, states_and_errors)
{
	char path[400];
	snprintf(path, sizeof path, "%s/later.log", dir);
	struct follow_options o = {0};
	struct follower *f = follower_new(path, 0, &o, 0);
	cr_expect_eq(follower_state(f), FOLLOW_WAITING);
	follower_poll(f, 100);
	cr_expect_eq(follower_state(f), FOLLOW_WAITING);
	cr_assert_eq(mkdir(path, 0755), 0);
	follower_poll(f, 200);
	cr_expect_eq(follower_state(f), FOLLOW_ERROR);
	cr_expect(strstr(follower_error(f), "directory"), "%s", follower_error(f));
	rmdir(path);
	struct writer w = {.fd = -1};
	snprintf(w.path, sizeof w.path, "%s", path);
	writer_batch(&w, 4, 0);
	follower_poll(f, 300);
	cr_expect_eq(follower_state(f), FOLLOW_FOLLOWING, "%s",
	             follow_state_name(follower_state(f)));
	cr_expect_eq(follower_tally(f)->lines, 4, "a file that appears is read from its start");
	cr_expect_str_eq(follow_state_name(FOLLOW_ROTATED), "rotated");
	follower_free(f);
	close(w.fd);
}

Test(follow, forced_format)
{
	char *p = write_file(dir, "a.log", "", 0);
	struct logformat fmt;
	cr_assert_eq(logformat_builtin("common", &fmt), 0);
	struct follow_options o = {.format = &fmt};
	struct follower *f = follower_new(p, 0, &o, 0);
	cr_expect_str_eq(follower_format(f), "common");
	follower_free(f);
	free(p);
}

Test(follow, waiter_wakes_on_write_and_sleeps_otherwise)
{
	char *p = write_file(dir, "a.log", "", 0);
	struct follow_waiter *w = follow_waiter_new(NULL);
	cr_assert(w);
	cr_expect_str_eq(follow_waiter_name(w), "inotify");
	cr_assert_eq(follow_waiter_watch(w, p), 0);
	int64_t t0 = follow_now_ms();
	cr_expect_eq(follow_waiter_wait(w, NULL, 0, 200), 0);
	cr_expect_geq(follow_now_ms() - t0, 150);
	int fd = open_log(p);
	write_all(fd, "x\n", 2);
	cr_expect_eq(follow_waiter_wait(w, NULL, 0, 2000), 1);
	int pfd[2];
	cr_assert_eq(pipe(pfd), 0);
	write_all(pfd[1], "k", 1);
	struct pollfd extra = {pfd[0], POLLIN, 0};
	cr_expect_eq(follow_waiter_wait(w, &extra, 1, 2000), 1);
	cr_expect(extra.revents & POLLIN);
	close(pfd[0]);
	close(pfd[1]);
	close(fd);
	follow_waiter_free(w);
	cr_expect_null(follow_waiter_new("nonesuch"));
	free(p);
}

/* ---- rate.c ---- */

Test(rate, steady_rates_over_each_window)
{
	struct rate r;
	rate_init(&r, 0);
	for (int64_t s = 0; s < 400; s++)
		rate_add(&r, s * 1000 + 500, 2, 10);
	int64_t now = 400 * 1000;
	cr_expect_float_eq(rate_per_second(&r, now, 2, 10), 10.0, 1e-9);
	cr_expect_float_eq(rate_per_second(&r, now, 2, 60), 10.0, 1e-9);
	cr_expect_float_eq(rate_per_second(&r, now, 2, 300), 10.0, 1e-9);
	cr_expect_float_eq(rate_per_second(&r, now, RATE_ALL, 10), 10.0, 1e-9);
	cr_expect_float_eq(rate_per_second(&r, now, 5, 10), 0.0, 1e-9);
	/* Quiet for 30 s: the 10 s rate drops to 0, the 1 min one halves. */
	now += 30 * 1000;
	cr_expect_float_eq(rate_per_second(&r, now, 2, 10), 0.0, 1e-9);
	cr_expect_float_eq(rate_per_second(&r, now, 2, 60), 290.0 / 59.0, 1e-9);
}

Test(rate, young_history_is_not_diluted)
{
	struct rate r;
	rate_init(&r, 10000);
	rate_add(&r, 10100, 4, 6);
	rate_add(&r, 11900, 4, 6);
	cr_expect_float_eq(rate_per_second(&r, 12000, 4, 300), 6.0, 1e-9);
	cr_expect_float_eq(rate_per_second(&r, 10200, 4, 10), 6.0, 1e-9, "under 1 s counts as 1 s");
}

Test(rate, observe_totals_and_reset)
{
	struct rate r;
	rate_init(&r, 0);
	uint64_t totals[TALLY_CLASSES] = {0};
	totals[2] = 100;
	totals[5] = 4;
	rate_observe(&r, 500, totals);
	totals[2] = 130;
	rate_observe(&r, 1500, totals);
	uint64_t series[3];
	rate_series(&r, 2500, 2, 1, series, 3);
	cr_expect_eq(series[0], 100);
	cr_expect_eq(series[1], 30);
	cr_expect_eq(series[2], 0);
	rate_series(&r, 2500, RATE_ALL, 2, series, 2);
	cr_expect_eq(series[0], 104);
	cr_expect_eq(series[1], 30);
	memset(totals, 0, sizeof totals); /* counters reset: new baseline, nothing counted */
	rate_observe(&r, 2600, totals);
	totals[2] = 1;
	rate_observe(&r, 2700, totals);
	rate_series(&r, 2700, 2, 1, series, 1);
	cr_expect_eq(series[0], 1);
}

Test(rate, ring_forgets_after_five_minutes)
{
	struct rate r;
	rate_init(&r, 0);
	rate_add(&r, 0, 1, 7);
	uint64_t s[RATE_SECONDS];
	rate_series(&r, 299 * 1000, 1, 1, s, RATE_SECONDS);
	cr_expect_eq(s[0], 7);
	rate_add(&r, 300 * 1000, 1, 1);
	rate_series(&r, 300 * 1000, 1, 1, s, RATE_SECONDS);
	cr_expect_eq(s[0], 0, "the slot of second 0 was reused");
	cr_expect_eq(s[RATE_SECONDS - 1], 1);
	rate_add(&r, 0, 1, 5);           /* older than the ring: ignored */
	rate_add(&r, 1000 * 1000, 1, 2); /* a long jump clears everything */
	rate_series(&r, 1000 * 1000, 1, 1, s, RATE_SECONDS);
	uint64_t sum = 0;
	for (size_t i = 0; i < RATE_SECONDS; i++)
		sum += s[i];
	cr_expect_eq(sum, 2);
}
