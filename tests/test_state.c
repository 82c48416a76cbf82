/* test_state.c — the state file: round trip through the disk, strict reading (each kind
 * of damage is an error naming file and line), atomic replacement, the lock, and the
 * fingerprint of plain and compressed files being the same. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incremental.h"
#include "state.h"
#include "support.h"

static char *dir;
static void setup(void)
{
	dir = tmpdir_make();
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(state, .init = setup, .fini = teardown);

#define HEAD "logstat-state 1\n"
#define INPUT "input 1 2 300 4 300 00000000000000ff a.log\n"
#define TOTALS "totals 10 8 1 1 99 971211336 -420 971211336 -420\n"

Test(state, round_trip)
{
	struct state s;
	state_init(&s);
	struct state_input in = {.id = {.dev = 2049,
	                                .ino = 77,
	                                .fp_len = 4096,
	                                .fp_hash = 0xdeadbeefcafef00dull,
	                                .mtime_ns = 1700000000123456789},
	                         .offset = 123456,
	                         .lines = 789,
	                         .skipping = 1};
	snprintf(in.path, sizeof in.path, "/var/log/my logs/100%%\naccess.log");
	cr_assert_eq(state_put(&s, &in), 0);
	s.totals.lines = 10, s.totals.requests = 8, s.totals.malformed = 2;
	s.totals.malformed_by[MALFORMED_BAD_STATUS] = 2;
	s.totals.count[499] = 8, s.totals.code_bytes[499] = 5;
	s.totals.first = 971211336, s.totals.first_tz = -420;
	s.totals.last = 971211400, s.totals.last_tz = 330;
	char path[4200], err[512];
	snprintf(path, sizeof path, "%s/st", dir);
	cr_assert_eq(state_save(&s, path, err, sizeof err), 0, "%s", err);
	struct state back;
	cr_assert_eq(state_load(&back, path, err, sizeof err), 0, "%s", err);
	cr_assert_eq(back.n, 1);
	cr_expect_str_eq(back.inputs[0].path, in.path);
	cr_expect_eq(back.inputs[0].id.fp_hash, in.id.fp_hash);
	cr_expect_eq(back.inputs[0].id.mtime_ns, in.id.mtime_ns);
	cr_expect_eq(back.inputs[0].skipping, 1);
	cr_expect_eq(back.inputs[0].offset, 123456);
	cr_expect_eq(back.totals.count[499], 8);
	cr_expect_eq(back.totals.malformed_by[MALFORMED_BAD_STATUS], 2);
	cr_expect_eq(back.totals.last_tz, 330);
	state_free(&s);
	state_free(&back);
}

Test(state, missing_file_is_a_first_run)
{
	struct state s;
	char path[4200], err[256];
	snprintf(path, sizeof path, "%s/none", dir);
	cr_expect_eq(state_load(&s, path, err, sizeof err), 1);
	cr_expect_eq(s.n, 0);
}

static const struct {
	const char *text;
	const char *error;
} corrupt[] = {
        {"", "empty file"},
        {"garbage\n", "line 1: not a logstat state file"},
        {"logstat-state 3\nend\n", "line 1: unsupported version 3"},
        {"logstat-state 2\ninput 1 2 300 4 300 00000000000000ff a.log\nend\n",
         "line 2: an input line has 9 fields"},
        {"logstat-state 2\ninput 1 2 300 4 300 00000000000000ff 5 2 a.log\nend\n",
         "line 2: not a number in range: 2"},
        {HEAD "input 1 2 300 4 4097 00000000000000ff a\nend\n", "line 2: not a number"},
        {HEAD "totals 1 18446744073709551615 1 0 0 - 0 - 0\nend\n", "line 2: totals do not add up"},
        {HEAD INPUT, "no end line"},
        {HEAD INPUT "end", "line 3: no newline"},
        {HEAD "input 1 2 3\nend\n", "line 2: an input line has 7 fields"},
        {HEAD "input 1 x 300 4 300 00000000000000ff a\nend\n", "line 2: not a number"},
        {HEAD "input 1 2 300 4 300 00ff a\nend\n", "line 2: the fingerprint"},
        {HEAD "input 1 2 300 4 300 00000000000000ff a%zz\nend\n", "line 2: bad %XX"},
        {HEAD INPUT INPUT "end\n", "line 3: a second entry"},
        {HEAD "totals 1 2 0 0 0 - 0 - 0\nend\n", "line 2: totals do not add up"},
        {HEAD "code 1000 1 1\nend\n", "line 2: not a number in range"},
        {HEAD "reason nonsense 1\nend\n", "line 2: unknown malformed reason"},
        {HEAD "whatever 1\nend\n", "line 2: unknown record"},
        {HEAD "end\n" INPUT, "line 3: text after the end line"},
        {HEAD "input 1 2 99999999999999999999 4 300 00000000000000ff a\nend\n",
         "line 2: not a number"},
};

ParameterizedTestParameters(state, corrupt_is_an_error)
{
	return INDEX_PARAMS(corrupt);
}

ParameterizedTest(size_t *i, state, corrupt_is_an_error)
{
	struct state s;
	char err[512] = "";
	cr_assert_eq(
	        state_parse(&s, corrupt[*i].text, strlen(corrupt[*i].text), "ST", err, sizeof err),
	        -1, "%s", corrupt[*i].text);
	cr_expect(strncmp(err, "ST: ", 4) == 0 && strstr(err, corrupt[*i].error), "%s", err);
}

Test(state, valid_with_comments_and_totals)
{
	static const char text[] =
	        HEAD "# note\n" INPUT TOTALS "code 200 8 99\nreason empty 1\nend\n";
	struct state s;
	char err[256];
	cr_assert_eq(state_parse(&s, text, sizeof text - 1, "ST", err, sizeof err), 0, "%s", err);
	cr_expect_eq(s.n, 1);
	cr_expect_eq(s.totals.count[200], 8);
	cr_expect_str_eq(state_find(&s, "a.log")->path, "a.log");
	state_free(&s);
}

Test(state, lock_excludes_a_second_holder)
{
	char path[4200], err[512];
	snprintf(path, sizeof path, "%s/st", dir);
	int fd = state_lock(path, err, sizeof err);
	cr_assert(fd >= 0, "%s", err);
	char lock[4300];
	snprintf(lock, sizeof lock, "%s.lock", path);
	int other = open(lock, O_RDWR);
	cr_expect_neq(flock(other, LOCK_EX | LOCK_NB), 0); /* held */
	close(other);
	cr_expect_eq(state_lock(path, err, sizeof err), -1);
	cr_expect(strstr(err, "another logstat run holds"), "%s", err);
	state_unlock(fd, path);
	cr_expect_neq(access(lock, F_OK), 0, "no lock file left behind");
	fd = state_lock(path, err, sizeof err);
	cr_expect(fd >= 0, "%s", err);
	state_unlock(fd, path);
	cr_expect_neq(access(lock, F_OK), 0, "no lock file left behind");
}

/* A run that opened the lock file just before the holder removed it must not think it
 * holds the lock: it locks the file now at that name instead. */
Test(state, lock_removed_by_the_holder_is_not_held)
{
	char path[4200], lock[4300], err[512];
	snprintf(path, sizeof path, "%s/st", dir);
	snprintf(lock, sizeof lock, "%s.lock", path);
	int fd = state_lock(path, err, sizeof err);
	cr_assert(fd >= 0, "%s", err);
	int late = open(lock, O_RDWR); /* a second run got here first... */
	state_unlock(fd, path);        /* ...then the holder finished */
	cr_expect_eq(flock(late, LOCK_EX | LOCK_NB), 0, "it can lock the removed file");
	int third = state_lock(path, err, sizeof err);
	cr_expect(third >= 0, "the removed file does not count: %s", err);
	struct stat a, b;
	fstat(late, &a);
	fstat(third, &b);
	cr_expect_neq(a.st_ino, b.st_ino);
	close(late);
	state_unlock(third, path);
}

Test(state, fingerprint_sees_through_compression)
{
	char text[6000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i % 26);
	size_t gl, zl;
	char *gz = compress_with("gzip", text, sizeof text, &gl);
	char *zs = compress_with("zstd", text, sizeof text, &zl);
	char *p = write_file(dir, "p", text, sizeof text);
	char *g = write_file(dir, "g", gz, gl);
	char *z = write_file(dir, "z", zs, zl);
	uint32_t len[3];
	uint64_t hash[3];
	const char *paths[] = {p, g, z};
	for (int i = 0; i < 3; i++) {
		int fd = open(paths[i], O_RDONLY);
		cr_assert_eq(rotation_fingerprint(fd, ROTATION_FP_BYTES, &len[i], &hash[i]), 0);
		close(fd);
	}
	cr_expect_eq(len[0], ROTATION_FP_BYTES);
	cr_expect(len[1] == len[0] && len[2] == len[0]);
	cr_expect(hash[1] == hash[0] && hash[2] == hash[0]);
	free(gz), free(zs), free(p), free(g), free(z);
}
