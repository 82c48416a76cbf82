/* test_equivalence.c — results never depend on how the work was done: every test input
 * gives the same JSON with 1, 2 and 4 threads, with zlib and ISA-L inflaters, and from a
 * file or from stdin — the error timeline and the top error requests included. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decoder.h"
#include "support.h"

static const char *const inputs[] = {SUPPORT_REALLOGS};

static char *run_json(const char *const *argv, const void *in, size_t len)
{
	struct run_result r = run_logstat(argv, in, len, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	free(r.err);
	return r.out;
}

/* The JSON without the "inputs" names, which differ between a file and stdin. */
static void expect_same(const char *a, const char *b, const char *what)
{
	cr_expect_str_eq(a, b, "%s differs", what);
}

ParameterizedTestParameters(equivalence, threads_and_inflaters)
{
	return INDEX_PARAMS(inputs);
}

ParameterizedTest(size_t *ix, equivalence, threads_and_inflaters)
{
	char *path = data_path(inputs[*ix]);
	size_t zlen, plen;
	char *z = read_file(path, &zlen);
	const char *unz[] = {"zstd", "-dcq", NULL};
	struct run_result p = run_program("/usr/bin/zstd", unz, z, zlen, NULL);
	cr_assert_eq(p.status, 0);
	plen = p.out_len;
	size_t glen;
	char *gz = compress_with("gzip", p.out, plen, &glen);
	char *dir = tmpdir_make();
	char *plain = write_file(dir, "in.log", p.out, plen);
	char *gzf = write_file(dir, "in.log.gz", gz, glen);

	const char *a1[] = {"-o", "json", "-j", "1", plain, NULL};
	char *base = run_json(a1, NULL, 0);
	/* every real log has fewer distinct error requests than the table holds, so the
	 * whole JSON, top errors included, must not depend on the thread count */
	cr_expect(strstr(base, "\"top_errors\": {\"exact\": true"), "%s", inputs[*ix]);
	const char *threads[] = {"2", "4"};
	for (int i = 0; i < 2; i++) {
		const char *an[] = {"-o", "json", "-j", threads[i], plain, NULL};
		char *o = run_json(an, NULL, 0);
		expect_same(base, o, "threads");
		free(o);
	}
	/* gzip through each inflater and thread count: same counts as the plain file */
	const char *inflaters[] = {"zlib", "isal"};
	char *gbase = NULL;
	for (int i = 0; i < (decoder_have_isal() ? 2 : 1); i++)
		for (int t = 0; t < 2; t++) {
			const char *ag[] = {"-o", "json",        "--inflater", inflaters[i],
			                    "-j", t ? "2" : "1", gzf,          NULL};
			char *o = run_json(ag, NULL, 0);
			if (!gbase)
				gbase = o;
			else {
				expect_same(gbase, o, inflaters[i]);
				free(o);
			}
		}
	cr_expect_eq(json_int(gbase, NULL, "lines"), json_int(base, NULL, "lines"));
	cr_expect_eq(json_int(gbase, NULL, "requests"), json_int(base, NULL, "requests"));
	cr_expect_eq(json_int(gbase, NULL, "malformed"), json_int(base, NULL, "malformed"));
	cr_expect_eq(json_int(gbase, NULL, "bytes"), json_int(base, NULL, "bytes"));
	/* stdin, two threads: totals identical to the file */
	const char *as[] = {"-o", "json", "-j", "2", "-", NULL};
	char *s = run_json(as, p.out, plen);
	char *codes_s = strstr(s, "\n  \"classes\""), *codes_b = strstr(base, "\n  \"classes\"");
	cr_assert(codes_s && codes_b);
	expect_same(codes_b, codes_s, "stdin");
	free(s);
	free(gbase);
	free(base);
	free(plain);
	free(gzf);
	tmpdir_remove(dir);
	free(gz);
	free(z);
	run_result_free(&p);
	free(path);
}

/* Lines longer than the limit, straddling block boundaries, with several threads. */
Test(equivalence, long_lines_across_blocks)
{
	size_t n = 0, cap = 12u << 20;
	char *buf = malloc(cap);
	static const char ok[] =
	        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"\n";
	unsigned seed = 1;
	while (n + 300000 < cap) {
		seed = seed * 1103515245 + 12345;
		if (seed % 97 == 0) {
			size_t len = 1000 + (seed >> 8) % 250000;
			memset(buf + n, 'x', len);
			n += len;
			buf[n++] = '\n';
		} else {
			memcpy(buf + n, ok, sizeof ok - 1);
			n += sizeof ok - 1;
		}
	}
	char *dir = tmpdir_make();
	char *f = write_file(dir, "long.log", buf, n);
	const char *a1[] = {"-o", "json", "-j", "1", "--max-line", "4096", f, NULL};
	const char *a3[] = {"-o", "json", "-j", "3", "--max-line", "4096", f, NULL};
	char *o1 = run_json(a1, NULL, 0), *o3 = run_json(a3, NULL, 0);
	expect_same(o1, o3, "threads with long lines");
	cr_expect_gt(json_int(o1, "malformed_reasons", "too_long"), 10);
	long long lines = json_int(o1, NULL, "lines");
	cr_expect_eq(lines, json_int(o1, NULL, "requests") + json_int(o1, NULL, "malformed"));
	free(o1);
	free(o3);
	free(f);
	tmpdir_remove(dir);
	free(buf);
}

/* A log of about 10 MB (several blocks per thread) with times out of order over three
 * weeks and many error requests: one pass or split over threads, the same timeline and
 * top errors. With more distinct error requests than the table holds, the top errors
 * are approximate and may depend on how lines were split (Space-Saving evicts by
 * arrival order), so only the rest of the JSON is compared, and "exact" must be false. */
static char *error_log(unsigned distinct, size_t *len)
{
	size_t cap = 11u << 20, n = 0;
	char *buf = malloc(cap);
	static const char *const mon[] = {"Oct", "Nov"};
	unsigned seed = 17;
	while (n + 300 < cap - (1u << 20)) {
		seed = seed * 1103515245 + 12345;
		unsigned r = seed >> 8, day = 10 + r % 21, hour = (r >> 5) % 24;
		int st = r % 5 == 0 ? 404 : r % 11 == 0 ? 503 : 200;
		n += (size_t)snprintf(buf + n, cap - n,
		                      "1.2.3.4 - - [%02u/%s/2023:%02u:%02u:%02u +0200] \"GET "
		                      "/p%u?s=%u HTTP/1.1\" %d 10 \"-\" \"ua\"\n",
		                      day, mon[(r >> 10) % 2 && day < 28], hour, (r >> 3) % 60,
		                      (r >> 7) % 60, (r >> 4) % distinct, r, st);
	}
	*len = n;
	return buf;
}

Test(equivalence, errors_across_threads)
{
	static const unsigned distinct[] = {1500, 20000};
	for (int c = 0; c < 2; c++) {
		size_t n;
		char *log = error_log(distinct[c], &n);
		char *dir = tmpdir_make();
		char *f = write_file(dir, "e.log", log, n);
		const char *a1[] = {"-o", "json", "-j", "1", f, NULL};
		char *base = run_json(a1, NULL, 0);
		int exact = strstr(base, "\"top_errors\": {\"exact\": true") != NULL;
		cr_expect_eq(exact, c == 0, "%u distinct error requests", distinct[c]);
		cr_expect(!strstr(base, "\"bucket_seconds\": 60,"), "weeks: wider buckets");
		if (!exact) /* see above: compare up to the top errors */
			*strstr(base, "\n  \"top_errors\"") = 0;
		const char *threads[] = {"2", "4"};
		for (int i = 0; i < 2; i++) {
			const char *an[] = {"-o", "json", "-j", threads[i], f, NULL};
			char *o = run_json(an, NULL, 0);
			if (!exact)
				*strstr(o, "\n  \"top_errors\"") = 0;
			expect_same(base, o, "threads, errors");
			free(o);
		}
		free(base);
		free(f);
		tmpdir_remove(dir);
		free(log);
	}
}

/* An input that fits in its first read is scanned inline, without the pool; a larger one
 * goes through the pool. Twelve copies of a real log (past the first read) count exactly
 * twelve times what one copy (inline) counts, at one and two threads. */
/* s with every occurrence of cut removed (malloc'd). */
static char *without(const char *s, const char *cut)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	size_t n = strlen(cut);
	while (*s)
		if (strncmp(s, cut, n) == 0)
			s += n;
		else
			*o++ = *s++;
	*o = 0;
	return out;
}

#define N_COPIES 12
Test(equivalence, inline_small_input_and_pool_agree)
{
	char *path = data_path("reallogs/nasa_Aug95_partial_CORRUPTED_Aman-Panchal.log.zst");
	size_t zlen;
	char *z = read_file(path, &zlen);
	const char *unz[] = {"zstd", "-dcq", NULL};
	struct run_result p = run_program("/usr/bin/zstd", unz, z, zlen, NULL);
	cr_assert_eq(p.status, 0);
	size_t one = p.out_len, six = N_COPIES * one;
	cr_assert_gt(six, 2u << 20, "the copies must pass the first read (2 MiB)");
	char *big = malloc(six);
	for (int i = 0; i < N_COPIES; i++)
		memcpy(big + (size_t)i * one, p.out, one);
	char *dir = tmpdir_make(), *dir2 = tmpdir_make();
	char *small = write_file(dir, "in.log", p.out, one);
	char *large = write_file(dir2, "in.log", big, six);
	const char *a1[] = {"-o", "json", small, NULL};
	char *base = run_json(a1, NULL, 0);
	static const char *const keys[] = {"lines", "requests", "no_status", "malformed", "bytes"};
	for (int t = 1; t <= 2; t++) {
		const char *an[] = {"-o", "json", "-j", t == 1 ? "1" : "2", large, NULL};
		char *o = run_json(an, NULL, 0);
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			cr_expect_eq(json_int(o, NULL, keys[k]),
			             N_COPIES * json_int(base, NULL, keys[k]), "%s at -j%d",
			             keys[k], t);
		const char *cb = strstr(base, "\n  \"codes\""), *co = strstr(o, "\n  \"codes\"");
		cr_assert(cb && co);
		static const int codes[] = {200, 302, 304, 403, 404};
		for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
			char at[32];
			snprintf(at, sizeof at, "{\"code\": %d,", codes[c]);
			cr_expect_eq(json_int(co, at, "count"),
			             N_COPIES * json_int(cb, at, "count"), "%d", codes[c]);
		}
		/* the first five malformed lines are in the first copy: same lines, same text */
		char *xb = without(strstr(base, "\"malformed_examples\""), dir);
		char *xo = without(strstr(o, "\"malformed_examples\""), dir2);
		*strstr(xb, "\n  ]") = 0;
		*strstr(xo, "\n  ]") = 0;
		cr_expect_str_eq(xb, xo, "examples differ at -j%d", t);
		free(xb);
		free(xo);
		free(o);
	}
	free(base);
	free(big);
	free(small);
	free(large);
	tmpdir_remove(dir);
	tmpdir_remove(dir2);
	run_result_free(&p);
	free(z);
	free(path);
}
