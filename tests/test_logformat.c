/* test_logformat.c — the record parser and format compiler, as a table of lines. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "support.h"

#include "logformat.h"

struct line_case {
	const char *format; /* built-in name or spec */
	const char *line;
	enum malformed want;
	int status;
	unsigned long long bytes;
	const char *request; /* expected request slice, or NULL to skip */
};

#define CLF "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "
static const struct line_case cases[] = {
        {"common", CLF "\"GET /apache_pb.gif HTTP/1.0\" 200 2326", MALFORMED_NONE, 200, 2326,
         "GET /apache_pb.gif HTTP/1.0"},
        {"common", CLF "\"GET / HTTP/1.0\" 304 -", MALFORMED_NONE, 304, 0, NULL},
        {"common", CLF "\"-\" 408 -", MALFORMED_NONE, 408, 0, "-"},
        {"common", CLF "\"\" 400 0", MALFORMED_NONE, 400, 0, ""},
        {"common", CLF "\"PRI * HTTP/2.0\" 400 0", MALFORMED_NONE, 400, 0, "PRI * HTTP/2.0"},
        {"common", CLF "\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\" 400 226", MALFORMED_NONE, 400, 226,
         "\\x16\\x03\\x01\\x02\\x00\\x01\\x00"},
        {"common", CLF "\"GET /a\\\"b HTTP/1.1\" 404 12", MALFORMED_NONE, 404, 12,
         "GET /a\\\"b HTTP/1.1"},
        {"common", CLF "\"GET /a\\\\\" 404 12", MALFORMED_NONE, 404, 12, "GET /a\\\\"},
        /* an unescaped quote inside the request (pre-2.0.46 Apache) */
        {"common", CLF "\"GET /a\"b HTTP/1.0\" 200 5", MALFORMED_NONE, 200, 5,
         "GET /a\"b HTTP/1.0"},
        {"common", "2001:db8::1 - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1",
         MALFORMED_NONE, 200, 1, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 000 0", MALFORMED_NONE, 0, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 999 0", MALFORMED_NONE, 999, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" - 0", MALFORMED_NONE, RECORD_NO_STATUS, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 2000 0", MALFORMED_BAD_STATUS, 0, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 20 0", MALFORMED_BAD_STATUS, 0, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" abc 0", MALFORMED_BAD_STATUS, 0, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 200 12x", MALFORMED_BAD_BYTES, 0, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 200", MALFORMED_MISSING_FIELDS, 0, 0, NULL},
        {"common", CLF "\"GET /shuttle/missions", MALFORMED_UNTERMINATED, 0, 0, NULL},
        {"common", "199.72.81.55 - - [01/Aug/199", MALFORMED_MISSING_FIELDS, 0, 0, NULL},
        {"common", "5:00:01:39 -0400] \"GET / HTTP/1.0\" 200 1", MALFORMED_NO_TIMESTAMP, 0, 0,
         NULL},
        {"common", "1.2.3.4 - - [31/Feb/2000:13:55:36 -0700] \"GET /\" 200 1",
         MALFORMED_BAD_TIMESTAMP, 0, 0, NULL},
        {"common", "1.2.3.4 - - [10/Foo/2000:13:55:36 -0700] \"GET /\" 200 1",
         MALFORMED_BAD_TIMESTAMP, 0, 0, NULL},
        {"common", "", MALFORMED_EMPTY, 0, 0, NULL},
        {"common", "\x16\x03\x01\xff\xfe garbage", MALFORMED_MISSING_FIELDS, 0, 0, NULL},
        {"common", "\x16\x03\x01\xff\xfe garbage - x y", MALFORMED_NO_TIMESTAMP, 0, 0, NULL},
        {"combined", CLF "\"GET / HTTP/1.1\" 200 5 \"-\" \"curl/8\"", MALFORMED_NONE, 200, 5, NULL},
        {"combined", CLF "\"GET / HTTP/1.1\" 200 5 \"-\" \"\\\"Mozilla/5.0\"", MALFORMED_NONE, 200,
         5, NULL},
        /* truncated user agent after the status: still a request */
        {"combined", CLF "\"GET / HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1",
         MALFORMED_NONE, 200, 5, NULL},
        /* extra nginx fields after the user agent */
        {"combined", CLF "\"GET / HTTP/1.1\" 499 0 \"-\" \"ua\" \"-\" rt=0.001", MALFORMED_NONE,
         499, 0, NULL},
        {"vhost_combined",
         "example.org:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 301 0 \"-\" "
         "\"ua\"",
         MALFORMED_NONE, 301, 0, NULL},
        {"vhost_combined", CLF "\"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"", MALFORMED_BAD_FIELD, 0, 0,
         NULL},
        {"$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
         "\"$http_referer\" \"$http_user_agent\" $request_time",
         CLF "\"GET / HTTP/1.1\" 444 0 \"-\" \"ua\" 0.000", MALFORMED_NONE, 444, 0,
         "GET / HTTP/1.1"},
        {"%h %l %u %t \"%r\" %>s %b %D", CLF "\"GET / HTTP/1.1\" 520 7 1234", MALFORMED_NONE, 520,
         7, NULL},
        {"%h %>s %b", "10.0.0.1 503 99", MALFORMED_NONE, 503, 99, NULL},
        /* a space right after the vhost's colon: the port is empty, not the next token */
        {"vhost_combined",
         "vh:  1.2.3.4 - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5 \"-\" \"u\"",
         MALFORMED_NONE, 200, 5, "GET / HTTP/1.0"},
        /* a second %h where the ident is: the last one names the client */
        {"%h %h %u %t \"%r\" %>s %b",
         "0.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"\" 499 3333333333337333373333", MALFORMED_NONE,
         499, 18446744073709551615ull, ""},
        /* sizes of every length around the 8-byte steps, with what follows them */
        {"common", CLF "\"GET / HTTP/1.0\" 200 0", MALFORMED_NONE, 200, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 200 0007", MALFORMED_NONE, 200, 7, NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 1234567 \"-\" \"u\"", MALFORMED_NONE, 200, 1234567,
         NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 12345678 \"-\" \"u\"", MALFORMED_NONE, 200,
         12345678, NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 123456789 \"-\" \"u\"", MALFORMED_NONE, 200,
         123456789, NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 98765432109876543 \"-\" \"u\"", MALFORMED_NONE,
         200, 98765432109876543ull, NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 9999999999999999999 \"-\" \"u\"", MALFORMED_NONE,
         200, 9999999999999999999ull, NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 99999999999999999999999 \"-\" \"u\"",
         MALFORMED_NONE, 200, 18446744073709551615ull, NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 90:1 \"-\" \"u\"", MALFORMED_BAD_BYTES, 0, 0,
         NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 1234/6789 \"-\" \"u\"", MALFORMED_BAD_BYTES, 0, 0,
         NULL},
        {"combined", CLF "\"GET / HTTP/1.0\" 200 :23 \"-\" \"u\"", MALFORMED_BAD_BYTES, 0, 0, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 200 12345678", MALFORMED_NONE, 200, 12345678, NULL},
        {"common", CLF "\"GET / HTTP/1.0\" 200 1234567", MALFORMED_NONE, 200, 1234567, NULL},
        /* the request after the status is still read (top error requests name it) ... */
        {"%h %>s %b \"%r\"", "1.2.3.4 404 12 \"GET /missing HTTP/1.1\"", MALFORMED_NONE, 404, 12,
         "GET /missing HTTP/1.1"},
        /* ... and a damaged one there does not hide the request */
        {"%h %>s %b \"%r\"", "1.2.3.4 404 12 \"GET /cut", MALFORMED_NONE, 404, 12, NULL},
};

ParameterizedTestParameters(logformat, lines)
{
	return INDEX_PARAMS(cases);
}

ParameterizedTest(size_t *ix, logformat, lines)
{
	const struct line_case *c = &cases[*ix];
	struct logformat f;
	char err[200] = "";
	cr_assert_eq(logformat_from_option(c->format, &f, err, sizeof err), 0, "%s", err);
	struct logformat_state tc, tc2;
	logformat_state_init(&tc);
	logformat_state_init(&tc2);
	struct record r, slow;
	enum malformed m = logformat_parse(&f, c->line, strlen(c->line), &tc, &r);
	cr_assert_eq(m, c->want, "line <%s>: got %s, want %s", c->line, malformed_name(m),
	             malformed_name(c->want));
	/* the straight-line parser and the item interpreter agree */
	struct logformat generic = f;
	generic.fast = 0;
	cr_assert_eq(logformat_parse(&generic, c->line, strlen(c->line), &tc2, &slow), m);
	if (m == MALFORMED_NONE) {
		cr_expect_eq(slow.status, r.status);
		cr_expect_eq(slow.bytes, r.bytes);
		cr_expect_eq(slow.time, r.time);
		cr_expect(slow.request.ptr == r.request.ptr && slow.request.len == r.request.len);
		cr_expect(slow.host.ptr == r.host.ptr && slow.host.len == r.host.len);
	}
	if (m != MALFORMED_NONE)
		return;
	cr_expect_eq(r.status, c->status, "status of <%s>", c->line);
	cr_expect_eq(r.bytes, c->bytes, "bytes of <%s>", c->line);
	if (c->request) {
		cr_assert_eq(r.request.len, strlen(c->request), "request of <%s>", c->line);
		cr_expect(memcmp(r.request.ptr, c->request, r.request.len) == 0);
	}
}

Test(logformat, fast_path_chosen)
{
	static const char *const names[] = {"common", "combined", "combined_extra",
	                                    "vhost_combined"};
	static const int want[] = {1, 1, 1, 2};
	for (int i = 0; i < 4; i++) {
		struct logformat f;
		cr_assert_eq(logformat_builtin(names[i], &f), 0);
		cr_expect_eq(f.fast, want[i], "%s", names[i]);
	}
	struct logformat f;
	char err[100];
	cr_assert_eq(logformat_compile("%h %>s %b", &f, err, sizeof err), 0);
	cr_expect_eq(f.fast, 0);
	/* the straight-line parser skips ident and user: a role there takes the interpreter */
	static const char *const taken[] = {"%h %h %u %t \"%r\" %>s %b",
	                                    "%h %l %{Referer}i %t \"%r\" %>s %b",
	                                    "%h:%p %h %l %u %t \"%r\" %>s %b"};
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(logformat_compile(taken[i], &f, err, sizeof err), 0, "%s", err);
		cr_expect_eq(f.fast, 0, "%s", taken[i]);
	}
}

Test(logformat, time_is_utc)
{
	struct logformat f;
	logformat_builtin("common", &f);
	struct logformat_state tc;
	logformat_state_init(&tc);
	struct record r;
	const char *l = CLF "\"GET /\" 200 1";
	cr_assert_eq(logformat_parse(&f, l, strlen(l), &tc, &r), MALFORMED_NONE);
	cr_expect_eq(r.time, 971211336); /* 2000-10-10T20:55:36Z */
	cr_expect_eq(r.tz, -420);
}

struct compile_case {
	const char *spec;
	int ok;
};
static const struct compile_case compile_cases[] = {
        {"%h %l %u %t \"%r\" %>s %b", 1},
        {"%h %l %u %{%d/%b/%Y}t \"%r\" %>s %b", 1},
        {"%h %l %u %t \"%r\"", 0}, /* no status */
        {"$remote_addr [$time_local] $status", 1},
        {"$remote_addr $time_iso8601 $status", 1},
        {"$msec $status", 1},
        {"%h %{%d/%b/%Y:%H:%M:%S %z}t %>s", 1},
        {"%h %{begin:msec}t %>s", 1},
        {"%h %{nonsense}t %>s", 0},
        {"%h %{%Y-%m-%dT%H:%M:%S and much more text than fits}t %>s", 0},
        {"%h %{Referer", 0},
        {"common", 1},
        {"nginx", 1},
        {"nonsense", 0},
};

ParameterizedTestParameters(logformat, compile)
{
	return INDEX_PARAMS(compile_cases);
}

ParameterizedTest(size_t *ix, logformat, compile)
{
	const struct compile_case *c = &compile_cases[*ix];
	struct logformat f;
	char err[200] = "";
	int rc = logformat_from_option(c->spec, &f, err, sizeof err);
	cr_expect_eq(rc == 0, c->ok, "spec <%s>: rc %d (%s)", c->spec, rc, err);
	if (!c->ok)
		cr_expect(err[0] != 0, "an error message for <%s>", c->spec);
}

struct detect_case {
	const char *text;
	const char *want;
};
static const struct detect_case detect_cases[] = {
        {CLF "\"GET / HTTP/1.0\" 200 1\n" CLF "\"GET / HTTP/1.0\" 404 1\n", "common"},
        {CLF "\"GET / HTTP/1.0\" 200 1 \"-\" \"ua\"\n", "combined"},
        {CLF "\"GET / HTTP/1.0\" 200 1 \"-\" \"ua\" \"-\"\n" CLF
             "\"GET / HTTP/1.0\" 200 1 \"-\" \"ua\" \"1.2.3.4\"\n",
         "combined_extra"},
        {"a.example:80 " CLF "\"GET / HTTP/1.0\" 200 1 \"-\" \"ua\"\n", "vhost_combined"},
        {"garbage\n", "combined"},
        {"", "combined"},
};

ParameterizedTestParameters(logformat, detect)
{
	return INDEX_PARAMS(detect_cases);
}

ParameterizedTest(size_t *ix, logformat, detect)
{
	const struct detect_case *c = &detect_cases[*ix];
	struct logformat f;
	logformat_detect(c->text, strlen(c->text), 100, &f);
	cr_expect_str_eq(f.name, c->want, "text <%s>", c->text);
}
