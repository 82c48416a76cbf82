/* test_follow_edges.c — the follower where rotations and inputs are awkward, with explicit
 * time: two copytruncates within the linger time, a copy compressed before it was
 * drained, two rotations between polls (the lost file is said), compressed input
 * refused, a FIFO that has no writer yet. Every line written is counted once or said lost. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "follow.h"
#include "support.h"

static char *dir, log_path[600], copy_path[600];
static unsigned seq;

static void setup(void)
{
	dir = tmpdir_make();
	snprintf(log_path, sizeof log_path, "%s/access.log", dir);
	snprintf(copy_path, sizeof copy_path, "%s/access.log.1", dir);
	seq = 0;
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(follow_edges, .init = setup, .fini = teardown);

/* Append n unique lines to path (created when missing). */
static void append(const char *path, unsigned n)
{
	FILE *fp = fopen(path, "a");
	cr_assert(fp, "%s: %s", path, strerror(errno));
	for (unsigned i = 0; i < n; i++, seq++)
		fprintf(fp,
		        "10.0.%u.%u - - [10/Oct/2000:13:55:36 -0700] \"GET /n/%u HTTP/1.1\" 200 %u "
		        "\"-\" \"t\"\n",
		        seq / 256 % 256, seq % 256, seq, seq);
	fclose(fp);
}

/* Write data over path in place (same inode when it exists), as cp does. */
static void overwrite(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* copytruncate: copy the log over NAME.1 in place, then empty the log. */
static void copytruncate(void)
{
	size_t len;
	char *data = read_file(log_path, &len);
	overwrite(copy_path, data, len);
	free(data);
	cr_assert_eq(truncate(log_path, 0), 0);
}

static void settle(struct follower *f, int64_t *now, int64_t step, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		*now += step;
		while (follower_poll(f, *now))
			;
	}
}

static void set_mtime_ago(const char *path, long seconds)
{
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= seconds;
	ts[1] = ts[0];
	cr_assert_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

Test(follow_edges, two_copytruncates_within_the_linger_time)
{
	overwrite(log_path, "", 0);
	struct follow_options o = {0};
	int64_t now = 1000;
	struct follower *f = follower_new(log_path, 0, &o, now);
	append(log_path, 10);
	settle(f, &now, 10, 1);
	copytruncate();
	append(log_path, 10);
	settle(f, &now, 10, 1);
	append(log_path, 10);
	settle(f, &now, 10, 1);
	copytruncate(); /* the first copy is still draining: this one is written over it */
	append(log_path, 10);
	settle(f, &now, 10, 3);
	settle(f, &now, 6000, 3);
	cr_expect_eq(follower_tally(f)->lines, 40, "40 written, %llu counted",
	             (unsigned long long)follower_tally(f)->lines);
	cr_expect_eq(follower_lost(f), 0);
	follower_free(f);
}

Test(follow_edges, copy_compressed_before_it_was_drained)
{
	overwrite(log_path, "", 0);
	struct follow_options o = {0};
	int64_t now = 1000;
	struct follower *f = follower_new(log_path, 0, &o, now);
	append(log_path, 10);
	settle(f, &now, 10, 1);
	append(log_path, 5); /* not seen before the rotation */
	copytruncate();
	size_t len, glen;
	char *data = read_file(copy_path, &len);
	char *gz = compress_with("gzip", data, len, &glen);
	char gz_path[700];
	snprintf(gz_path, sizeof gz_path, "%s.gz", copy_path);
	overwrite(gz_path, gz, glen);
	unlink(copy_path);
	free(data);
	free(gz);
	append(log_path, 3);
	settle(f, &now, 10, 2);
	settle(f, &now, 6000, 2);
	cr_expect_eq(follower_tally(f)->lines, 18, "the 5 lines are read from NAME.1.gz: %llu",
	             (unsigned long long)follower_tally(f)->lines);
	cr_expect_eq(follower_tally(f)->malformed, 0);
	follower_free(f);
}

Test(follow_edges, two_rotations_between_polls_are_said)
{
	append(log_path, 5);
	struct follow_options o = {.from_start = 1};
	int64_t now = 1000;
	struct follower *f = follower_new(log_path, 0, &o, now);
	settle(f, &now, 10, 1);
	cr_expect_eq(follower_tally(f)->lines, 5);
	set_mtime_ago(log_path, 3600); /* its last write, well before the next file's */
	char two[700];
	snprintf(two, sizeof two, "%s/access.log.2", dir);
	cr_assert_eq(rename(log_path, copy_path), 0);
	append(log_path, 4); /* the file in between, never polled */
	cr_assert_eq(rename(copy_path, two), 0);
	cr_assert_eq(rename(log_path, copy_path), 0);
	append(log_path, 2);
	settle(f, &now, 10, 2);
	settle(f, &now, 6000, 2);
	cr_expect_eq(follower_tally(f)->lines, 7);
	cr_expect_eq(follower_lost(f), 1);
	cr_expect(strstr(follower_notice(f), "1 rotated file never read"), "%s",
	          follower_notice(f));
	/* one more ordinary rotation loses nothing more */
	cr_assert_eq(rename(log_path, two), 0);
	append(log_path, 3);
	settle(f, &now, 10, 2);
	settle(f, &now, 6000, 2);
	cr_expect_eq(follower_tally(f)->lines, 10);
	cr_expect_eq(follower_lost(f), 1);
	follower_free(f);
}

Test(follow_edges, compressed_input_is_refused)
{
	static const char line[] = "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" "
	                           "200 5 \"-\" \"t\"\n";
	size_t zlen;
	char *z = compress_with("zstd", line, sizeof line - 1, &zlen);
	for (int from_start = 0; from_start < 2; from_start++) {
		overwrite(log_path, z, zlen);
		struct follow_options o = {.from_start = from_start};
		int64_t now = 1000;
		struct follower *f = follower_new(log_path, 0, &o, now);
		settle(f, &now, 10, 2);
		cr_expect_eq(follower_state(f), FOLLOW_ERROR, "%s",
		             follow_state_name(follower_state(f)));
		cr_expect(strstr(follower_error(f), "zstd-compressed input cannot be followed"),
		          "%s", follower_error(f));
		cr_expect_eq(follower_tally(f)->lines, 0, "no compressed byte counted as a line");
		follower_free(f);
	}
	/* a pipe too */
	int pfd[2];
	cr_assert_eq(pipe(pfd), 0);
	size_t glen;
	char *gz = compress_with("gzip", line, sizeof line - 1, &glen);
	cr_assert_eq(write(pfd[1], gz, glen), (ssize_t)glen);
	close(pfd[1]);
	int saved = dup(0);
	dup2(pfd[0], 0);
	close(pfd[0]);
	struct follow_options o = {0};
	struct follower *f = follower_new("-", 0, &o, 0);
	follower_poll(f, 1);
	cr_expect_eq(follower_state(f), FOLLOW_ERROR);
	cr_expect(strstr(follower_error(f), "gzip-compressed"), "%s", follower_error(f));
	cr_expect_eq(follower_tally(f)->lines, 0);
	follower_free(f);
	dup2(saved, 0);
	close(saved);
	free(z);
	free(gz);
}

Test(follow_edges, fifo_waits_for_its_writer, .timeout = 20)
{
	cr_assert_eq(mkfifo(log_path, 0600), 0);
	struct follow_options o = {0};
	int64_t now = 1000;
	struct follower *f = follower_new(log_path, 0, &o, now);
	settle(f, &now, 10, 3);
	cr_expect_eq(follower_state(f), FOLLOW_FOLLOWING, "no writer yet is not the end: %s",
	             follow_state_name(follower_state(f)));
	cr_expect_geq(follower_fd(f), 0, "there is something to wait on");
	append(log_path, 3); /* opens, writes, closes: one writer came and went */
	settle(f, &now, 10, 2);
	cr_expect_eq(follower_tally(f)->lines, 3);
	cr_expect_eq(follower_state(f), FOLLOW_ENDED);
	follower_free(f);
}
