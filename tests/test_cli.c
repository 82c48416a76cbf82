/* test_cli.c — the report command through the real binary: inputs, compressions,
 * hostile bytes, errors, options and renderers, as a user would run it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define T "[10/Oct/2000:13:55:36 -0700]"
static const char sample[] =
        "1.2.3.4 - - " T " \"GET / HTTP/1.1\" 200 100 \"-\" \"ua\"\n"
        "1.2.3.4 - - " T " \"GET /x HTTP/1.1\" 404 10 \"-\" \"ua\"\n"
        "2001:db8::7 - - " T " \"GET /y HTTP/2.0\" 499 0 \"-\" \"ua\"\n"
        "1.2.3.4 - - " T " \"-\" 408 - \"-\" \"-\"\n"
        "1.2.3.4 - - " T " \"\" 400 0 \"-\" \"-\"\n"
        "1.2.3.4 - - " T " \"PRI * HTTP/2.0\" 400 0 \"-\" \"-\"\n"
        "1.2.3.4 - - " T " \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"\n"
        "1.2.3.4 - - " T " \"GET /q?a=\\\"b\\\" HTTP/1.1\" 502 5 \"-\" \"\\\"Mozilla\"\r\n"
        "1.2.3.4 - - " T " \"GET / HTTP/1.1\" 000 0 \"-\" \"ua\"\n"
        "1.2.3.4 - - " T " \"GET / HTTP/1.1\" 999 0 \"-\" \"ua\"\n"
        "1.2.3.4 - - " T " \"GET / HTTP/1.1\" - 0 \"-\" \"ua\"\n"
        "garbage line\n"
        "1.2.3.4 - - " T " \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\""; /* no final newline */
/* 13 lines: 10 requests, 1 no-status, 1 malformed ("garbage"), 1 more request */

static struct run_result run(const char *const *argv, const void *in, size_t len)
{
	return run_logstat(argv, in, len, NULL);
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
TestSuite(cli, .init = setup, .fini = teardown);

static void expect_sample_counts(const char *json, long long times)
{
	cr_expect_eq(json_int(json, NULL, "lines"), 13 * times);
	cr_expect_eq(json_int(json, NULL, "requests"), 11 * times);
	cr_expect_eq(json_int(json, NULL, "no_status"), 1 * times);
	cr_expect_eq(json_int(json, NULL, "malformed"), 1 * times);
	const char *codes = strstr(json, "\n  \"codes\"");
	cr_assert(codes);
	cr_expect_eq(json_int(codes, "{\"code\": 400,", "count"), 3 * times);
	cr_expect_eq(json_int(codes, "{\"code\": 0,", "count"), 1 * times);
	cr_expect_eq(json_int(codes, "{\"code\": 999,", "count"), 1 * times);
	cr_expect_eq(json_int(codes, "{\"code\": 200,", "bytes"), 101 * times);
}

Test(cli, plain_file_json)
{
	char *f = write_file(dir, "access.log", sample, sizeof sample - 1);
	const char *argv[] = {"-o", "json", f, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_sample_counts(r.out, 1);
	cr_expect(strstr(r.out, "\"format\": \"combined\""));
	cr_expect(strstr(r.out, "\"compression\": \"plain\""));
	cr_expect(strstr(r.out, "{\"class\": \"other\", \"count\": 2,"), "%s", r.out);
	cr_expect(strstr(r.out, "\"origins\": [\"IANA\"]"));
	run_result_free(&r);
	free(f);
}

Test(cli, compressions_by_magic_not_name)
{
	size_t gl, zl;
	char line_ended[sizeof sample + 1];
	memcpy(line_ended, sample, sizeof sample - 1);
	line_ended[sizeof sample - 1] = '\n';
	char *gz = compress_with("gzip", line_ended, sizeof sample, &gl);
	char *zs = compress_with("zstd", line_ended, sizeof sample, &zl);
	/* Two members / frames back to back, under misleading names. */
	char *gz2 = malloc(2 * gl), *zs2 = malloc(2 * zl);
	memcpy(gz2, gz, gl);
	memcpy(gz2 + gl, gz, gl);
	memcpy(zs2, zs, zl);
	memcpy(zs2 + zl, zs, zl);
	char *a = write_file(dir, "a.zst", gz2, 2 * gl);
	char *b = write_file(dir, "b.txt", zs2, 2 * zl);
	const char *argv[] = {"-o", "json", a, b, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_sample_counts(r.out, 4);
	cr_expect(strstr(r.out, "\"compression\": \"gzip\""));
	cr_expect(strstr(r.out, "\"compression\": \"zstd\""));
	run_result_free(&r);
	/* stdin, compressed */
	const char *sargv[] = {"-o", "json", "-", NULL};
	r = run(sargv, gz2, 2 * gl);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_sample_counts(r.out, 2);
	cr_expect(strstr(r.out, "\"name\": \"(stdin)\""));
	run_result_free(&r);
	free(gz);
	free(zs);
	free(gz2);
	free(zs2);
	free(a);
	free(b);
}

static void expect_stream_error(const char *name, const void *data, size_t len, const char *what)
{
	char *f = write_file(dir, name, data, len);
	char *ok = write_file(dir, "ok.log", sample, sizeof sample - 1);
	const char *argv[] = {"-o", "json", f, ok, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_expect_eq(r.status, 2, "%s", name);
	cr_expect(strstr(r.err, name), "error names the input: %s", r.err);
	cr_expect(strstr(r.err, what), "error says %s: %s", what, r.err);
	cr_expect(strstr(r.err, "byte"), "error gives the offset: %s", r.err);
	cr_expect_eq(strchr(r.err, '\n'), r.err + r.err_len - 1, "one line: %s", r.err);
	/* the good input is still counted, and the bad one up to the damage */
	cr_expect_geq(json_int(r.out, NULL, "lines"), 13);
	cr_expect(strstr(r.out, "\"error\": \""));
	run_result_free(&r);
	free(f);
	free(ok);
}

Test(cli, truncated_and_corrupt_streams)
{
	/* big enough that the cut lands inside compressed data */
	size_t n = 0, cap = 200 * sizeof sample;
	char *big = malloc(cap);
	for (int i = 0; i < 150; i++, n += sizeof sample - 1) {
		memcpy(big + n, sample, sizeof sample - 1);
		big[n + sizeof sample - 2] = '\n';
	}
	size_t gl, zl;
	char *gz = compress_with("gzip", big, n, &gl);
	char *zs = compress_with("zstd", big, n, &zl);
	expect_stream_error("cut.gz", gz, gl / 2, "truncated");
	expect_stream_error("cut.zst", zs, zl / 2, "truncated");
	gz[gl / 2] ^= 0x55;
	gz[gl / 2 + 1] ^= 0xff;
	expect_stream_error("bad.gz", gz, gl, "gzip");
	zs[zl / 2] ^= 0x55;
	zs[zl / 2 + 1] ^= 0xff;
	expect_stream_error("bad.zst", zs, zl, "zstd");
	free(gz);
	free(zs);
	free(big);
}

Test(cli, missing_file_and_directory)
{
	char *ok = write_file(dir, "ok.log", sample, sizeof sample - 1);
	const char *argv[] = {"-o", "json", "/nonexistent/x.log", dir, ok, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "/nonexistent/x.log: No such file or directory"), "%s", r.err);
	cr_expect(strstr(r.err, "is a directory"), "%s", r.err);
	expect_sample_counts(r.out, 1);
	run_result_free(&r);
	free(ok);
}

Test(cli, hostile_bytes_never_reach_the_terminal)
{
	static const char evil[] =
	        "\033]0;owned\007\033[2J1.2.3.4 - - " T " \"GET /\033[31mred HTTP/1.1\" 200 1\n"
	        "\x01\x02\x03\xff\xfe\x00\x00binary\n"
	        "1.2.3.4 - - " T " \"GET /\033[5m HTTP/1.1\" 200 1\n";
	char *f = write_file(dir, "evil\033[31m.log", evil, sizeof evil - 1);
	const char *outputs[] = {"text", "json", "csv"};
	for (int i = 0; i < 3; i++) {
		const char *argv[] = {"--color=never",        "-o", outputs[i], f,
		                      "/missing\033]0;x\007", NULL};
		struct run_result r = run(argv, NULL, 0);
		cr_expect_eq(r.status, 2);
		for (size_t k = 0; k < r.out_len; k++)
			cr_assert(r.out[k] == '\n' || (unsigned char)r.out[k] >= 0x20,
			          "%s: control byte 0x%02x at %zu", outputs[i], r.out[k], k);
		for (size_t k = 0; k < r.err_len; k++)
			cr_assert(r.err[k] == '\n' || (unsigned char)r.err[k] >= 0x20,
			          "stderr control byte 0x%02x", r.err[k]);
		run_result_free(&r);
	}
	const char *argv[] = {"-o", "json", f, NULL};
	struct run_result r = run(argv, NULL, 0);
	/* the escape sequences glued to the first host still leave a well-formed line */
	cr_expect_eq(json_int(r.out, NULL, "lines"), 3);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 1);
	run_result_free(&r);
	free(f);
}

Test(cli, endless_line_is_bounded_and_the_rest_counted)
{
	size_t big = 3u << 20;
	char *buf = malloc(big + 2 * sizeof sample);
	memcpy(buf, sample, sizeof sample - 1);
	size_t n = sizeof sample - 1;
	buf[n++] = '\n';
	memset(buf + n, 'A', big);
	n += big;
	buf[n++] = '\n';
	memcpy(buf + n, sample, sizeof sample - 1);
	n += sizeof sample - 1;
	char *f = write_file(dir, "long.log", buf, n);
	const char *argv[] = {"-o", "json", f, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "lines"), 27);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 3);
	cr_expect_eq(json_int(r.out, "malformed_reasons", "too_long"), 1);
	cr_expect(strstr(r.out, "\"line\": 14, \"reason\": \"too_long\""), "%s", r.out);
	cr_expect(strstr(r.out, "\"reason\": \"too_long\", \"text\": \"AAAA") &&
	                  strstr(r.out, "\", \"truncated\": true}"),
	          "the example says it was cut: %s", r.out);
	run_result_free(&r);
	free(buf);
	free(f);
}

Test(cli, options_errors_and_help)
{
	static const char *const bad[][5] = {
	        {"--bogus", NULL},
	        {"--output", "xml", "-", NULL},
	        {"--color=sometimes", NULL},
	        {"--threads", "0", NULL},
	        {"--format", "nonsense", NULL},
	        {"-o", NULL},
	        {"--format", "%h %{nonsense}t %>s", NULL},
	        {"--json-status", "a b", NULL},
	        {"--format", "common", "--json-status", "status", NULL},
	        {"--max-line", "12", NULL},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct run_result r = run((const char *const *)bad[i], "x\n", 2);
		cr_expect_eq(r.status, 2, "%s", bad[i][0]);
		cr_expect(strstr(r.err, "logstat: "), "%s", r.err);
		cr_expect(strstr(r.err, "Try 'logstat --help'"), "hint: %s", r.err);
		cr_expect_eq(r.out_len, 0);
		run_result_free(&r);
	}
	const char *help[] = {"--help", NULL};
	struct run_result r = run(help, NULL, 0);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "Usage: logstat"));
	run_result_free(&r);
	const char *ver[] = {"--version", NULL};
	r = run(ver, NULL, 0);
	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "logstat ", 8) == 0);
	cr_expect(strstr(r.out, "\ngzip: ") && strstr(r.out, "zlib ") && strstr(r.out, "; zstd "),
	          "the decoders are named: %s", r.out);
	run_result_free(&r);
}

Test(cli, text_report_and_color)
{
	char *f = write_file(dir, "access.log", sample, sizeof sample - 1);
	const char *argv[] = {"--width", "120", f, NULL}; /* room for the annotations */
	struct run_result r = run(argv, NULL, 0);
	cr_assert_eq(r.status, 0);
	cr_expect(strstr(r.out, "Lines 13   requests 11   no status 1   malformed 1"), "%s", r.out);
	cr_expect(strstr(r.out, "  499 "), "%s", r.out);
	cr_expect(strstr(r.out, "Client Closed Request"), "%s", r.out);
	cr_expect(strstr(r.out, "[unofficial: nginx; also Esri \"Token Required\"]"), "%s", r.out);
	cr_expect(strstr(r.out, "[unknown code]"), "%s", r.out);
	cr_expect(strstr(r.out, "\nother "), "%s", r.out);
	cr_expect(strstr(r.out, "access.log:12 (missing_fields) garbage line"), "%s", r.out);
	cr_expect(!strchr(r.out, '\033'), "no color when not a terminal");
	run_result_free(&r);
	const char *always[] = {"--color=always", f, NULL};
	r = run(always, NULL, 0);
	cr_expect(strchr(r.out, '\033'), "--color=always colors");
	run_result_free(&r);
	const char *spaced[] = {"--color", "always", f, NULL}; /* as --help writes it */
	r = run(spaced, NULL, 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strchr(r.out, '\033'), "--color always colors");
	run_result_free(&r);
	const char *auto_[] = {"--color=auto", f, NULL};
	const char *env[] = {"NO_COLOR=1", NULL};
	r = run_logstat(auto_, NULL, 0, env);
	cr_expect(!strchr(r.out, '\033'));
	run_result_free(&r);
	free(f);
}

Test(cli, csv_and_forced_formats)
{
	char *f = write_file(dir, "access.log", sample, sizeof sample - 1);
	const char *argv[] = {"-o", "csv", f, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_assert_eq(r.status, 0);
	cr_expect(strncmp(r.out,
	                  "scope,code,class,count,percent,bytes,name,official,origins,marks\n",
	                  65) == 0);
	cr_expect(strstr(r.out, "total,200,2xx,2,18.18,101,OK,yes,IANA,\n"), "%s", r.out);
	cr_expect(strstr(r.out, "total,000,other,1,9.09,0,No Status,no,nginx;AWS ELB;curl,\n"),
	          "%s", r.out);
	run_result_free(&r);
	/* common forced on combined lines: trailing fields allowed */
	const char *common[] = {"-o", "json", "--format", "common", f, NULL};
	r = run(common, NULL, 0);
	expect_sample_counts(r.out, 1);
	run_result_free(&r);
	/* vhost forced on lines without a vhost: every line malformed */
	const char *vhost[] = {"-o", "json", "--format", "vhost_combined", f, NULL};
	r = run(vhost, NULL, 0);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 13);
	run_result_free(&r);
	/* a custom nginx format */
	static const char ng[] = "10.0.0.1 [10/Oct/2000:13:55:36 +0000] 444 0 0.001\n";
	char *g = write_file(dir, "ng.log", ng, sizeof ng - 1);
	const char *custom[] = {
	        "-o", "json", "-F", "$remote_addr [$time_local] $status $bytes_sent $request_time",
	        g,    NULL};
	r = run(custom, NULL, 0);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 1, "%s %s", r.out, r.err);
	cr_expect(strstr(r.out, "{\"code\": 444,"));
	run_result_free(&r);
	free(f);
	free(g);
}

Test(cli, empty_input)
{
	char *f = write_file(dir, "empty.log", "", 0);
	const char *argv[] = {"-o", "json", f, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_expect_eq(r.status, 0);
	cr_expect_eq(json_int(r.out, NULL, "lines"), 0);
	cr_expect(strstr(r.out, "\"first\": null"));
	run_result_free(&r);
	free(f);
}

/* On a terminal, auto colors (and NO_COLOR still wins); `script` gives logstat a pty. */
Test(cli, color_auto_on_a_terminal)
{
	char *f = write_file(dir, "access.log", sample, sizeof sample - 1);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s --color=auto %s", LOGSTAT_BIN, f);
	const char *argv[] = {"script", "-qec", cmd, "/dev/null", NULL};
	const char *term[] = {"TERM=xterm", NULL};
	struct run_result r = run_program("/usr/bin/script", argv, NULL, 0, term);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\033[32m"), "2xx in green on a terminal:\n%s", r.out);
	run_result_free(&r);
	const char *no[] = {"TERM=xterm", "NO_COLOR=1", NULL};
	r = run_program("/usr/bin/script", argv, NULL, 0, no);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(!strchr(r.out, '\033'), "NO_COLOR on a terminal:\n%s", r.out);
	run_result_free(&r);
	free(f);
}

/* A line longer than several 2 MiB blocks, in one thread and in two: the blocks skipped
 * whole must go back to the pool (this hung with one thread). */
Test(cli, line_longer_than_many_blocks, .timeout = 60)
{
	size_t big = 21u << 20, n = 0;
	char *buf = malloc(big + 4 * sizeof sample);
	memcpy(buf, sample, sizeof sample - 1);
	n = sizeof sample - 1;
	buf[n++] = '\n';
	memset(buf + n, 'A', big);
	n += big;
	buf[n++] = '\n';
	memcpy(buf + n, sample, sizeof sample - 1);
	n += sizeof sample - 1;
	char *f = write_file(dir, "huge.log", buf, n);
	static const char *const threads[] = {"1", "2"};
	for (int i = 0; i < 2; i++) {
		const char *argv[] = {"-o", "json", "-j", threads[i], f, NULL};
		struct run_result r = run(argv, NULL, 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_expect_eq(json_int(r.out, NULL, "lines"), 27, "-j%s", threads[i]);
		cr_expect_eq(json_int(r.out, "malformed_reasons", "too_long"), 1, "-j%s",
		             threads[i]);
		run_result_free(&r);
	}
	free(buf);
	free(f);
}

/* JSON stays valid UTF-8: bytes that only look like a sequence are escaped, real UTF-8
 * passes through. */
Test(cli, json_escapes_invalid_utf8)
{
	static const char bad[] = "\xff\x80\x80 caf\xc3\xa9 \xf5\x80\x80\x80 \xe0\x80\x80\n";
	char *f = write_file(dir, "utf8.log", bad, sizeof bad - 1);
	const char *argv[] = {"-o", "json", "--format", "common", f, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\\u00ff\\u0080\\u0080 caf\xc3\xa9 \\u00f5\\u0080\\u0080\\u0080 "
	                        "\\u00e0\\u0080\\u0080"),
	          "%s", r.out);
	run_result_free(&r);
	free(f);
}

/* A line of exactly --max-line bytes counts, with or without its newline. */
Test(cli, max_line_boundary_is_the_same_at_the_end)
{
	char line[257];
	int n = snprintf(line, sizeof line, "1.2.3.4 - - " T " \"GET / HTTP/1.1\" 200 1 \"-\" \"");
	memset(line + n, 'u', 255 - (size_t)n);
	line[255] = '"';
	line[256] = '\n';
	for (size_t len = 256; len <= 257; len++) {
		char *f = write_file(dir, "edge.log", line, len);
		const char *argv[] = {"-o", "json", "--max-line", "256", "-j", "1", f, NULL};
		struct run_result r = run(argv, NULL, 0);
		cr_expect_eq(json_int(r.out, NULL, "requests"), 1, "%zu bytes: %s", len, r.out);
		run_result_free(&r);
		free(f);
	}
}

/* With no FILE and stdin not a terminal, stdin is read (README). */
Test(cli, stdin_implied_without_files)
{
	const char *argv[] = {"-o", "json", NULL};
	struct run_result r = run(argv, sample, sizeof sample - 1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_sample_counts(r.out, 1);
	cr_expect(strstr(r.out, "\"name\": \"(stdin)\""));
	run_result_free(&r);
}

/* The aliases docs/formats.md lists resolve to their formats. */
Test(cli, format_aliases)
{
	static const char *const alias[][2] = {{"clf", "common"},
	                                       {"ncsa", "common"},
	                                       {"nginx", "combined_extra"},
	                                       {"vhost", "vhost_combined"}};
	char *f = write_file(dir, "access.log", sample, sizeof sample - 1);
	for (size_t i = 0; i < 4; i++) {
		const char *argv[] = {"-o", "json", "--format", alias[i][0], f, NULL};
		struct run_result r = run(argv, NULL, 0);
		char want[64];
		snprintf(want, sizeof want, "\"format\": \"%s\"", alias[i][1]);
		cr_expect(strstr(r.out, want), "%s: %s", alias[i][0], r.out);
		run_result_free(&r);
	}
	free(f);
}

/* The first five malformed lines are kept, in order, text cut at 160 bytes. */
Test(cli, first_five_malformed_examples)
{
	char buf[2000];
	size_t n = 0;
	for (int i = 1; i <= 7; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "bad line %d\n", i);
	memset(buf + n, 'x', 300);
	n += 300;
	buf[n++] = '\n';
	char *f = write_file(dir, "bad.log", buf, n);
	/* no format fits such a file: forced, its lines are counted as malformed */
	const char *argv[] = {"-o", "json", "--format", "common", f, NULL};
	struct run_result r = run(argv, NULL, 0);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 8);
	cr_expect(strstr(r.out, "\"line\": 5,") && !strstr(r.out, "\"line\": 6,"), "%s", r.out);
	cr_expect(strstr(r.out, "\"text\": \"bad line 1\", \"truncated\": false"), "%s", r.out);
	run_result_free(&r);
	free(f);
	/* the 300-byte line alone: its example is cut at 160 bytes and says so */
	f = write_file(dir, "long.log", buf + n - 301, 301);
	const char *argv2[] = {"-o", "json", "--format", "common", f, NULL};
	r = run(argv2, NULL, 0);
	char want[200] = "\"text\": \"";
	memset(want + 9, 'x', 160);
	strcpy(want + 169, "\", \"truncated\": true");
	cr_expect(strstr(r.out, want), "%s", r.out);
	run_result_free(&r);
	free(f);
}
