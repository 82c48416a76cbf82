/* test_rotation.c — a file's identity across rotations (rotation.h) in-process, and the
 * --state runs that depended on it through the real binary: an empty log rotated, many
 * siblings, a log moved to another inode, a damaged predecessor, a too-long line still
 * being written, a FIFO. Each case counts every line exactly once. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cron_support.h"
#include "rotation.h"

#define WHEN "10/Oct/2000:13:55:36 -0700"

CRON_SUITE(rotation);

/* One incremental run; returns the JSON report (malloc'd) after checking the status. */
static char *run_json(int expect_status, const char *extra)
{
	return state_run_json(state_path, log_path, extra, expect_status);
}

static long long run_state(int expect_status)
{
	char *out = run_json(expect_status, NULL);
	long long n = json_int(out, NULL, "requests");
	free(out);
	return n;
}

static const struct {
	const char *name;
	const char *rotate;
} empty_rotations[] = {
        {"copytruncate", "cp access.log access.log.1 && : > access.log"},
        {"copytruncate then gzip",
         "cp access.log access.log.1 && : > access.log && gzip access.log.1"},
        {"rename then gzip", "mv access.log access.log.1 && gzip access.log.1"},
        {"rename then zstd", "mv access.log access.log.1 && zstd -q --rm access.log.1"},
        {"rename", "mv access.log access.log.1"},
};

ParameterizedTestParameters(rotation, empty_log_then_rotated)
{
	return INDEX_PARAMS(empty_rotations);
}

/* The run sees an empty log: its first bytes say nothing, so its mtime tells which
 * sibling got its lines. An older copy of earlier lines lies next to it, not re-read. */
ParameterizedTest(size_t *i, rotation, empty_log_then_rotated)
{
	append_lines(log_path, 4, "200", WHEN, &seq);
	cr_assert_eq(shell(dir, "mv access.log access.log.2 && touch -d '2 hours ago' "
	                        "access.log.2 && : > access.log && touch -d '1 hour ago' "
	                        "access.log"),
	             0);
	cr_expect_eq(run_state(0), 0, "the log is empty");
	append_lines(log_path, 3, "404", WHEN, &seq);
	cr_assert_eq(shell(dir, empty_rotations[*i].rotate), 0);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5, "%s: the 3 rotated lines and the 2 new",
	             empty_rotations[*i].name);
	cr_expect_eq(run_state(0), 0, "%s", empty_rotations[*i].name);
	append_lines(log_path, 1, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 1, "%s", empty_rotations[*i].name);
}

Test(rotation, empty_log_grown_without_rotation)
{
	cr_assert_eq(shell(dir, "echo old > access.log.1 && touch -d '2 hours ago' access.log.1 "
	                        "&& : > access.log && touch -d '1 hour ago' access.log"),
	             0);
	cr_expect_eq(run_state(0), 0);
	append_lines(log_path, 3, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 3, "the older sibling is not read");
}

/* A server writes into its renamed log until it reopens: lines that land there after the
 * run that finished it are read by the next run, once, and the old file is not taken for
 * the copy of the (empty) new log. */
Test(rotation, late_lines_in_the_renamed_file)
{
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5);
	append_lines(log_path, 1, "200", WHEN, &seq);
	cr_assert_eq(shell(dir, "mv access.log access.log.1 && : > access.log && "
	                        "touch -d '1 hour ago' access.log"),
	             0);
	cr_expect_eq(run_state(0), 1, "the rest of the renamed file");
	char renamed[4300];
	snprintf(renamed, sizeof renamed, "%s.1", log_path);
	append_lines(renamed, 3, "500", WHEN, &seq);
	cr_expect_eq(run_state(0), 3, "written there after the run, before the server reopened");
	cr_expect_eq(run_state(0), 0);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 2);
	cr_assert_eq(shell(dir, "gzip access.log.1"), 0);
	cr_expect_eq(run_state(0), 0, "compressed later: nothing new");
	cr_assert_eq(shell(dir, "gunzip access.log.1.gz"), 0);
	append_lines(renamed, 4, "404", WHEN, &seq);
	cr_assert_eq(shell(dir, "gzip access.log.1"), 0);
	cr_expect_eq(run_state(0), 4, "late lines, then compressed before the run");
	cr_expect_eq(run_state(0), 0, "decoded once");
}

/* Late lines in the file before, and the current file rotated with no new one yet: both
 * are read once, and the next runs do not read those late lines again. */
Test(rotation, late_lines_while_no_new_file)
{
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5);
	cr_assert_eq(shell(dir, "mv access.log access.log.1"), 0);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 2);
	char one[4300], two[4300];
	snprintf(one, sizeof one, "%s.1", log_path);
	snprintf(two, sizeof two, "%s.2", log_path);
	append_lines(one, 3, "404", WHEN, &seq);
	cr_assert_eq(shell(dir, "mv access.log.1 access.log.2 && mv access.log access.log.1"), 0);
	append_lines(one, 1, "500", WHEN, &seq);
	cr_expect_eq(run_state(0), 4, "late lines of both old files");
	cr_expect_eq(run_state(0), 0, "and only once");
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 2);
	cr_expect_eq(run_state(0), 0);
}

/* The new log was empty when read and the old one is being compressed (NAME.1 and a
 * NAME.1.gz both there): the .gz is a copy of the old file, not the empty log's lines. */
Test(rotation, old_file_being_compressed_is_not_the_empty_logs_copy)
{
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5);
	cr_assert_eq(shell(dir, "mv access.log access.log.1 && : > access.log && "
	                        "touch -d '1 hour ago' access.log"),
	             0);
	cr_expect_eq(run_state(0), 0);
	append_lines(log_path, 3, "200", WHEN, &seq);
	cr_assert_eq(shell(dir, "gzip -k access.log.1"), 0);
	cr_expect_eq(run_state(0), 3);
	cr_assert_eq(shell(dir, "rm access.log.1"), 0);
	cr_expect_eq(run_state(0), 0);
}

/* delaycompress: the new log was empty when read, then NAME.2 (read long ago) is
 * compressed while the next run looks. Until gzip is done, NAME.2.gz has a new mtime and
 * NAME.2 is still there: the .gz is that file's copy, not the empty log's lines. */
Test(rotation, older_file_being_compressed_is_not_the_empty_logs_copy)
{
	append_lines(log_path, 3, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 3);
	cr_assert_eq(shell(dir, "mv access.log access.log.1 && : > access.log"), 0);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 2);
	cr_assert_eq(shell(dir,
	                   "touch -d '1 hour ago' access.log.1 && mv access.log.1 access.log.2 "
	                   "&& mv access.log access.log.1 && : > access.log"),
	             0);
	cr_expect_eq(run_state(0), 0, "the new log is empty");
	/* gzip's state before it sets the mtime and removes NAME.2; then half written */
	cr_assert_eq(shell(dir, "gzip -k access.log.2 && touch access.log.2.gz"), 0);
	append_lines(log_path, 2, "404", WHEN, &seq);
	cr_expect_eq(run_state(0), 2, "the .gz being made of NAME.2 is not read");
	cr_assert_eq(shell(dir, "head -c 40 access.log.2.gz > part && mv part access.log.2.gz && "
	                        "touch access.log.2.gz"),
	             0);
	append_lines(log_path, 1, "404", WHEN, &seq);
	cr_expect_eq(run_state(0), 1, "nor half of it");
}

/* logrotate's dateext with rotate 365 and more: the predecessor is among thousands. */
Test(rotation, thousands_of_siblings)
{
	cr_assert_eq(shell(dir, "for i in $(seq 20000000 20002999); do echo \"old $i\" > "
	                        "access.log-$i; done"),
	             0);
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5);
	append_lines(log_path, 3, "200", WHEN, &seq);
	cr_assert_eq(shell(dir, "mv access.log access.log-29999999 && gzip access.log-29999999 "
	                        "&& touch -d '1 year ago' access.log-29999999.gz"),
	             0);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5, "found by its first bytes, however late in the listing");
}

Test(rotation, same_content_on_another_inode)
{
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5);
	append_lines(log_path, 2, "200", WHEN, &seq);
	/* what a move to another disk or a remount does: same bytes, other device/inode */
	cr_assert_eq(shell(dir, "cp -p access.log moved && rm access.log && mv moved access.log"),
	             0);
	cr_expect_eq(run_state(0), 2, "not the whole log again");
	append_lines(log_path, 1, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 1);
}

Test(rotation, damaged_predecessor_is_reported_once)
{
	append_lines(log_path, 5, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 5);
	append_lines(log_path, 3000, "200", WHEN, &seq);
	/* keep the gzip header and first bytes (so it is still recognised), damage the rest */
	cr_assert_eq(shell(dir, "mv access.log access.log.1 && gzip access.log.1 && "
	                        "printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of=access.log.1.gz "
	                        "bs=1 seek=$(($(stat -c %s access.log.1.gz) - 200)) conv=notrunc "
	                        "2>/dev/null"),
	             0);
	append_lines(log_path, 4, "502", WHEN, &seq);
	const char *argv[] = {"--state", state_path, "-o", "json", log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2, "the damage is reported: %s", r.err);
	cr_expect(strstr(r.err, "access.log.1.gz") && strstr(r.err, "skipped from here on"), "%s",
	          r.err);
	cr_expect_geq(json_int(r.out, NULL, "requests"), 4, "the new file is read");
	run_result_free(&r);
	append_lines(log_path, 2, "200", WHEN, &seq);
	cr_expect_eq(run_state(0), 2, "the next run goes on, without the old error");
	cr_expect_eq(run_state(0), 0);
}

Test(rotation, too_long_line_being_written_is_counted_once)
{
	append_lines(log_path, 2, "200", WHEN, &seq);
	FILE *fp = fopen(log_path, "a");
	fputs("10.0.0.9 - - [" WHEN "] \"GET /", fp);
	for (int i = 0; i < 700; i++)
		fputc('x', fp);
	fclose(fp);
	const char *argv[] = {"--state", state_path, "--max-line", "256",
	                      "-o",      "json",     log_path,     NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2);
	long long first = json_int(r.out, NULL, "malformed");
	run_result_free(&r);
	fp = fopen(log_path, "a");
	fputs("yyyy HTTP/1.1\" 200 7 \"-\" \"ua\"\n", fp);
	fclose(fp);
	append_lines(log_path, 2, "200", WHEN, &seq);
	r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2);
	long long second = json_int(r.out, NULL, "malformed");
	cr_expect_eq(first + second, 1, "one too-long line, counted once (%lld + %lld)", first,
	             second);
	cr_expect_eq(json_int(r.out, NULL, "lines"), 2 + second);
	run_result_free(&r);
}

Test(rotation, state_on_a_fifo_fails_without_blocking, .timeout = 20)
{
	cr_assert_eq(shell(dir, "mkfifo access.log"), 0);
	const char *argv[] = {"--state", state_path, log_path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "not a regular file"), "%s", r.err);
	run_result_free(&r);
}

/* In-process: the search, its order, and what "the same start" means. */
static int open_at(const char *name, struct stat *st)
{
	char p[4300];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return rotation_open(p, st);
}

Test(rotation, sibling_names)
{
	static const struct {
		const char *entry;
		int yes;
	} cases[] = {
	        {"a.log.1", 1},          {"a.log.1.gz", 1}, {"a.log-20240501.zst", 1},
	        {"a.log.2024-05-01", 1}, {"a.log_3", 1},    {"a.log", 0},
	        {"a.log.", 0},           {"a.log.x", 0},    {"a.log.1.bz2", 0},
	        {"a.logx.1", 0},         {"b.log.1", 0},    {"a.log.1.gz.gz", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_eq(rotation_is_sibling("a.log", cases[i].entry), cases[i].yes, "%s",
		             cases[i].entry);
}

Test(rotation, find_by_inode_start_and_time)
{
	cr_assert_eq(shell(dir, "printf 'first\\n' > access.log && printf 'old\\n' > access.log.3 "
	                        "&& touch -d '3 hours ago' access.log.3"),
	             0);
	struct stat st;
	int fd = open_at("access.log", &st);
	struct rotation_id id;
	cr_assert_eq(rotation_identify(fd, &st, ROTATION_FP_BYTES, &id), 0);
	cr_expect_eq(id.fp_len, 6);
	close(fd);
	cr_assert_eq(shell(dir, "mv access.log access.log.1 && printf 'x\\n' > access.log"), 0);
	struct rotation_match m;
	cr_assert_eq(rotation_find(log_path, &id, ROTATION_BY_INODE, NULL, &m), 1);
	cr_expect(strstr(m.path, "/access.log.1"), "%s", m.path);
	close(m.fd);
	cr_assert_eq(shell(dir, "gzip access.log.1"), 0);
	cr_expect_eq(rotation_find(log_path, &id, ROTATION_BY_INODE, NULL, &m), 0);
	cr_assert_eq(rotation_find(log_path, &id, ROTATION_BY_START, NULL, &m), 1);
	cr_expect(strstr(m.path, "/access.log.1.gz"), "%s", m.path);
	close(m.fd);
	struct rotation_id empty = {.dev = 1, .ino = 1, .mtime_ns = 1};
	cr_expect_eq(rotation_find(log_path, &empty, ROTATION_BY_START, NULL, &m), 0,
	             "an empty fingerprint matches nothing by its start");
	empty.mtime_ns = rotation_mtime_ns(&st) - 1000000000;
	cr_assert_eq(rotation_find(log_path, &empty, ROTATION_BY_TIME, NULL, &m), 1);
	cr_expect(strstr(m.path, "/access.log.1.gz"), "newest changed since: %s", m.path);
	close(m.fd);
	cr_expect_eq(rotation_count_newer(log_path, empty.mtime_ns, &id, NULL, NULL), 0,
	             "a copy of the file itself is not a file rotated past");
	struct rotation_id other = {.fp_len = 1, .fp_hash = 1};
	cr_expect_eq(rotation_count_newer(log_path, empty.mtime_ns, &other, NULL, NULL), 1);
}
