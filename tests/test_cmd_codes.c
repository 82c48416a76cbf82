/* test_cmd_codes.c — `logstat codes` and `logstat explain` through the built binary:
 * filters, class and range forms ('other' too), full entries, search ranking, JSON, user
 * codes files (--codes and the XDG default, also in reports), marks and meanings in
 * reports, errors. The documented examples are run by test_codes_docs.c. */
#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codes.h"
#include "support.h"

static char *home; /* a fresh, empty HOME and XDG_CONFIG_HOME for every test */

static void setup(void)
{
	home = tmpdir_make();
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	unsetenv("NO_COLOR");
}

static void teardown(void)
{
	tmpdir_remove(home);
}

TestSuite(cmd_codes, .init = setup, .fini = teardown);

/* Run logstat with up to 15 arguments (NULL-terminated list). */
static struct run_result run(const char *a0, ...)
{
	const char *argv[16] = {a0};
	va_list ap;
	size_t n = 1;

	va_start(ap, a0);
	while (a0 && n < 15 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	return run_logstat(argv, NULL, 0, NULL);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Every line of text fits in width columns. */
static void assert_fits(const char *text, size_t width)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		cr_expect_leq(n, width, "line too long: %.*s", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* The codes of the rows listed (lines "  NNN  name"), in order, as "408 440 504". */
static char *codes_of(const char *out)
{
	static char buf[2048];
	size_t len = 0;

	buf[0] = 0;
	for (const char *p = out; *p;) {
		size_t n = strcspn(p, "\n");

		if (n > 5 && p[0] == ' ' && p[1] == ' ' && p[2] >= '0' && p[2] <= '9' &&
		    len + 5 < sizeof buf)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%.3s",
			                        len ? " " : "", p + 2);
		p += n + (p[n] == '\n');
	}
	return buf;
}

static size_t rows_in(const char *out)
{
	size_t n = 0;

	for (const char *p = codes_of(out); *p; p++)
		n += *p == ' ';
	return *codes_of(out) ? n + 1 : 0;
}

Test(cmd_codes, lists_every_row_grouped)
{
	struct run_result r = run("codes", NULL);
	char line[160];

	cr_assert_eq(r.status, 0, "%s", r.err);
	for (int c = 1; c <= 5; c++) {
		snprintf(line, sizeof line, "%dxx  ", c);
		cr_expect(strstr(r.out, line), "no heading %s", line);
	}
	for (size_t i = 0; i < codes_builtin_count; i++) {
		snprintf(line, sizeof line, "\n  %03d  %s", codes_builtin[i].code,
		         codes_builtin[i].name);
		cr_expect(strstr(r.out, line), "missing row %d %s", codes_builtin[i].code,
		          codes_builtin[i].name);
	}
	cr_assert(strstr(r.out, "  499  Client Closed Request  [nginx]\n       The client closed"));
	cr_assert_lt(strstr(r.out, "4xx  Client error"), strstr(r.out, "5xx  Server error"));
	cr_assert_null(strchr(r.out, '\033'), "no colors when not a terminal");
	assert_fits(r.out, 80);
	run_result_free(&r);
}

Test(cmd_codes, official_and_unofficial)
{
	struct run_result o = run("codes", "--official", NULL);
	struct run_result u = run("codes", "--unofficial", NULL);

	cr_assert_eq(o.status, 0);
	cr_assert_eq(u.status, 0);
	cr_assert(strstr(o.out, "\n  404  Not Found\n"));
	cr_assert_null(strstr(o.out, "  499  "));
	cr_assert_null(strstr(o.out, "[IANA"), "official rows carry no origin tag");
	cr_assert(strstr(o.out, "  305  Use Proxy  [deprecated]\n"), "but their marks");
	cr_assert(strstr(u.out, "\n  499  Client Closed Request  [nginx]"));
	cr_assert(strstr(u.out, "\n  522  Connection Timed Out  [Cloudflare]"));
	cr_assert_null(strstr(u.out, "  404  "));
	cr_assert_eq(rows_in(o.out) + rows_in(u.out), codes_builtin_count, "each row once");
	run_result_free(&o);
	run_result_free(&u);
}

Test(cmd_codes, class_and_ranges)
{
	struct run_result c = run("codes", "4xx", NULL);
	struct run_result d = run("codes", "52x", NULL);
	struct run_result g = run("codes", "520-527", "--unofficial", NULL);

	cr_assert_eq(c.status, 0);
	cr_assert(strstr(c.out, "  404  ") && strstr(c.out, "  499  ") && strstr(c.out, "  400  "));
	cr_assert_null(strstr(c.out, "  500  "));
	cr_assert_null(strstr(c.out, "  308  "));
	cr_assert(strstr(d.out, "  520  ") && strstr(d.out, "  529  "));
	cr_assert_null(strstr(d.out, "  530  "));
	cr_assert_null(strstr(d.out, "  511  "));
	cr_assert(strstr(g.out, "  520  ") && strstr(g.out, "  527  "));
	cr_assert_null(strstr(g.out, "  529  "));
	cr_assert_str_eq(codes_of(g.out), "520 521 522 523 524 525 526 526 527");
	run_result_free(&c);
	run_result_free(&d);
	run_result_free(&g);
}

Test(cmd_codes, explain_entries)
{
	struct run_result a = run("explain", "499", NULL);
	struct run_result b = run("codes", "499", NULL);

	cr_assert_eq(a.status, 0, "%s", a.err);
	cr_assert_str_eq(a.out, b.out, "`codes CODE` is `explain CODE`");
	cr_assert(strstr(a.out, "499 has 2 meanings; the first is the one access logs usually "
	                        "carry.\n\n499  Client Closed Request"));
	cr_assert_lt(strstr(a.out, "499  Client Closed Request"),
	             strstr(a.out, "499  Token Required"), "the usual meaning first");
	cr_assert(strstr(a.out, "Origin:   nginx, unofficial; the usual meaning in access logs"));
	cr_assert(strstr(a.out, "Origin:   Esri, unofficial\n"));
	cr_assert(strstr(a.out, "In logs:  The client gave up before the upstream answered"));
	assert_fits(a.out, 80);
	run_result_free(&a);
	run_result_free(&b);
}

/* code, then strings its explain output must hold */
static const struct {
	const char *code;
	const char *want[3];
} entries[] = {
        {"413",
         {"Origin:   IANA, official, RFC 9110, Section 15.5.14",
          "Aliases:  Payload Too Large; Request Entity Too Large", "client_max_body_size"}},
        {"100", {"100  Continue", "Expect: 100-continue", "417"}},
        {"103", {"103  Early Hints", "Link headers", "103  Checkpoint"}},
        {"418", {"418  (Unused)", "Marks:    unused, reserved", "418  I'm a teapot"}},
        {"420", {"420  Enhance Your Calm", "Marks:    retired", "Marks:    deprecated"}},
        {"218", {"218  This is fine", "Marks:    dubious", "Apache"}},
        {"104",
         {"104  Upload Resumption Supported", "Marks:    experimental",
          "Origin:   IANA, official, draft-ietf-httpbis-resumable-upload-05"}},
        {"000", {"000 has 3 meanings", "000  No Status", "Origin:   nginx, unofficial; the usual"}},
        {"009", {"009  HTTP/0.9 Request", "Origin:   nginx, unofficial", "HTTP/0.9"}},
        {"102", {"Marks:    deprecated", "RFC 2518", "WebDAV"}},
        {"305", {"305  Use Proxy", "Marks:    deprecated", "Meaning:"}},
        {"306", {"306  (Unused)", "Marks:    unused", "Switch Proxy"}},
        {"302", {"302  Found", "Aliases:  Moved Temporarily", "Meaning:"}},
        {"422", {"Unprocessable Content", "Aliases:  Unprocessable Entity", "Details:"}},
};

Test(cmd_codes, explain_marks_and_aliases)
{
	for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
		struct run_result r = run("explain", entries[i].code, NULL);

		cr_expect_eq(r.status, 0, "%s: %s", entries[i].code, r.err);
		for (size_t k = 0; k < 3; k++)
			cr_expect(strstr(r.out, entries[i].want[k]), "explain %s lacks '%s':\n%s",
			          entries[i].code, entries[i].want[k], r.out);
		assert_fits(r.out, 80);
		run_result_free(&r);
	}
}

Test(cmd_codes, explain_unknown_and_bad)
{
	struct run_result r = run("explain", "587", NULL);

	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out, "");
	cr_assert(strstr(r.err, "587 is not in the status-code table; it is a 5xx code"), "%s",
	          r.err);
	run_result_free(&r);
	r = run("explain", "-o", "json", "999", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out,
	                 "{\"code\":999,\"class\":\"other\",\"known\":false,\"meanings\":[]}\n");
	run_result_free(&r);
	const char *bad[][3] = {{"explain", NULL, NULL},
	                        {"explain", "abc", NULL},
	                        {"explain", "404", "500"},
	                        {"explain", "--official", "404"},
	                        {"codes", "--bogus", NULL},
	                        {"codes", "-o", "yaml"},
	                        {"codes", "--official", "--unofficial"},
	                        {"codes", "527-520", NULL},
	                        {"codes", "--codes", NULL}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = run(bad[i][0], bad[i][1], bad[i][2], NULL);
		cr_expect_eq(r.status, 2, "case %zu: %d", i, r.status);
		cr_expect_eq(count_of(r.err, "\n"), 2, "case %zu: %s", i, r.err);
		char hint[80]; /* the hint names the command's own help */
		snprintf(hint, sizeof hint, "\nTry 'logstat %s --help' for more information.\n",
		         bad[i][0]);
		cr_expect(strstr(r.err, hint), "case %zu: %s", i, r.err);
		run_result_free(&r);
	}
}

Test(cmd_codes, search_words)
{
	struct run_result t = run("codes", "TimeOut", NULL);
	struct run_result s = run("codes", "ssl", NULL);
	struct run_result l = run("codes", "rate", "limit", NULL);
	struct run_result n = run("codes", "no-such-thing-anywhere", NULL);
	cr_assert_eq(t.status, 0);
	const char *names = "408 504 440 522 524 598 599 460 ";
	cr_assert_eq(strncmp(codes_of(t.out), names, strlen(names)), 0,
	             "names (Time-out, Timed Out too), official first, before descriptions: %s",
	             codes_of(t.out));
	cr_assert(strstr(codes_of(t.out), " 499"), "%s", codes_of(t.out));
	cr_assert(strstr(s.out, "  495  SSL Certificate Error  [nginx]"));
	cr_assert(strstr(s.out, "  525  SSL Handshake Failed  [Cloudflare]"));
	cr_assert_null(strstr(s.out, "  508  "), "no match inside words (endlessly)");
	cr_assert(strstr(l.out, "  429  Too Many Requests") && strstr(l.out, "  420  "));
	cr_assert_eq(n.status, 1);
	cr_assert_str_eq(n.out, "");
	cr_assert(strstr(n.err, "no status code matches"));
	run_result_free(&t);
	run_result_free(&s);
	run_result_free(&l);
	run_result_free(&n);
}

Test(cmd_codes, search_ranks_number_first_json)
{
	struct run_result r = run("codes", "-o", "json", "timeout", "502", NULL);
	struct run_result f = run("codes", "--output=json", "5xx", "timeout", NULL);

	cr_assert_eq(r.status, 0);
	cr_assert_eq(strncmp(r.out, "[\n {\"code\":502,", 15), 0, "%s", r.out);
	const char *num = strstr(r.out, "\"match\":\"number\"");
	const char *name = strstr(r.out, "\"match\":\"name\"");
	const char *text = strstr(r.out, "\"match\":\"text\"");
	cr_assert(num && name && text);
	cr_assert(num < name && name < text);
	cr_assert_null(strstr(name, "\"match\":\"number\""), "ranks are grouped");
	cr_assert_null(strstr(text, "\"match\":\"name\""));
	cr_assert_null(strstr(f.out, "\"code\":4"), "the class filter applies to a search");
	cr_assert(strstr(f.out, "\"code\":504"));
	run_result_free(&r);
	run_result_free(&f);
}

/* Rough JSON sanity: balanced brackets and braces outside strings, no raw control bytes. */
static void assert_jsonish(const char *s)
{
	int depth = 0, in_str = 0;

	for (const char *p = s; *p; p++) {
		if (in_str) {
			cr_assert((unsigned char)*p >= 0x20, "control byte in a string");
			if (*p == '\\')
				p++;
			else if (*p == '"')
				in_str = 0;
			continue;
		}
		if (*p == '"')
			in_str = 1;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			cr_assert_geq(--depth, 0);
	}
	cr_assert_eq(depth, 0);
	cr_assert_not(in_str);
}

/* The classes outside 100-599: 'other' alone is the class, with more words a word. */
Test(cmd_codes, other_classes)
{
	static const struct {
		const char *args[3];
		int status;
		const char *codes; /* listed, in order */
		const char *err;   /* part of stderr */
	} cases[] = {
	        {{"other"}, 0, "000 000 000 009", ""},
	        {{"OTHER"}, 0, "000 000 000 009", ""},
	        {{"0xx"}, 0, "000 000 000 009", ""},
	        {{"00x"}, 0, "000 000 000 009", ""},
	        {{"other", "--unofficial"}, 0, "000 000 000 009", ""},
	        {{"other", "--official"}, 1, "", "no status code matches"},
	        {{"6xx"},
	         1,
	         "",
	         "no status code is defined in 600-699; reports count such codes "
	         "under 'other'"},
	        {{"9xx"}, 1, "", "no status code is defined in 900-999"},
	        {{"see", "other"}, 0, "303", ""},
	        {{"other", "4xx"}, 0, NULL, ""},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run_result r =
		        run("codes", cases[i].args[0], cases[i].args[1], cases[i].args[2], NULL);

		cr_expect_eq(r.status, cases[i].status, "case %zu: %d %s", i, r.status, r.err);
		if (cases[i].codes)
			cr_expect_str_eq(codes_of(r.out), cases[i].codes, "case %zu", i);
		cr_expect(strstr(r.err, cases[i].err), "case %zu: %s", i, r.err);
		if (i == 0)
			cr_expect(strstr(r.out, "other  Outside 100-599\n"), "%s", r.out);
		if (i == 9) {
			cr_expect(strstr(codes_of(r.out), "000 000 000 009 400"), "%s",
			          codes_of(r.out));
			cr_expect_null(strstr(r.out, "  500  "));
		}
		run_result_free(&r);
	}
}

static const char marks_log[] =
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 305 0 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 418 0 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 420 0 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 451 0 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 527 0 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 000 0 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET /\" 009 0 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 0 \"-\" \"x\"\n";

/* What each report format must say about each code: marks, the other meanings by name,
 * the primary meaning first. */
static const struct {
	const char *format;
	const char *want;
} report_marks[] = {
        {"text", "  305 Use Proxy "},
        {"text", "[deprecated]\n"},
        {"text", "  418 (Unused) "},
        {"text", "[unused, reserved; also HTCPCP \"I'm a teapot\"]\n"},
        {"text", "  420 Enhance Your Calm "},
        {"text", "[unofficial: Twitter, retired; also Spring \"Method Failure\"]\n"},
        {"text", "  451 Unavailable For Legal Reasons "},
        {"text", "[also IIS \"Redirect\"]\n"},
        {"text", "[unofficial: Cloudflare, retired]\n"},
        {"text", "  000 No Status "},
        {"text", "  009 HTTP/0.9 Request "},
        {"json",
         "\"code\": 305, \"class\": \"3xx\", \"count\": 1, \"percent\": 12.50, \"bytes\": 0, "
         "\"name\": \"Use Proxy\", \"official\": true, \"known\": true, \"marks\": "
         "[\"deprecated\"]"},
        {"json",
         "\"name\": \"(Unused)\", \"official\": true, \"known\": true, \"marks\": [\"unused\", "
         "\"reserved\"], \"origins\": [\"IANA\", \"HTCPCP\"], \"meanings\": [{\"origin\": "
         "\"IANA\", \"name\": \"(Unused)\", \"marks\": [\"unused\", \"reserved\"]}, "
         "{\"origin\": \"HTCPCP\", \"name\": \"I'm a teapot\", \"marks\": []}]"},
        {"json", "\"origins\": [\"Twitter\", \"Spring\"], \"meanings\": [{\"origin\": \"Twitter\", "
                 "\"name\": \"Enhance Your Calm\", \"marks\": [\"retired\"]}, {\"origin\": "
                 "\"Spring\", \"name\": \"Method Failure\", \"marks\": [\"deprecated\"]}]"},
        {"json",
         "\"code\": 0, \"class\": \"other\", \"count\": 1, \"percent\": 12.50, \"bytes\": 0, "
         "\"name\": \"No Status\", \"official\": false, \"known\": true"},
        {"csv", "scope,code,class,count,percent,bytes,name,official,origins,marks\n"},
        {"csv", "total,305,3xx,1,12.50,0,Use Proxy,yes,IANA,deprecated\n"},
        {"csv", "total,418,4xx,1,12.50,0,(Unused),yes,IANA;HTCPCP,unused;reserved\n"},
        {"csv", "total,420,4xx,1,12.50,0,Enhance Your Calm,no,Twitter;Spring,retired\n"},
        {"csv", "total,200,2xx,1,12.50,0,OK,yes,IANA,\n"},
        {"csv", "total,009,other,1,12.50,0,HTTP/0.9 Request,no,nginx,\n"},
};

Test(cmd_codes, reports_show_marks_and_meanings)
{
	char *log = write_file(home, "marks.log", marks_log, sizeof marks_log - 1);
	const char *formats[] = {"text", "json", "csv"};
	struct run_result r[3];

	for (size_t f = 0; f < 3; f++) {
		/* wide enough for every annotation whole (at 80 they are cut to fit) */
		r[f] = run("-o", formats[f], "--color=never", "--width=160", log, NULL);
		cr_assert_eq(r[f].status, 0, "%s: %s", formats[f], r[f].err);
	}
	for (size_t i = 0; i < sizeof report_marks / sizeof report_marks[0]; i++) {
		size_t f = report_marks[i].format[0] == 't'   ? 0
		           : report_marks[i].format[0] == 'j' ? 1
		                                              : 2;

		cr_expect(strstr(r[f].out, report_marks[i].want), "%s report lacks '%s':\n%s",
		          formats[f], report_marks[i].want, r[f].out);
	}
	cr_expect_null(strstr(r[0].out, "also unofficial"), "%s", r[0].out);
	cr_expect_null(strstr(r[0].out, "[unknown code]"), "%s", r[0].out);
	assert_jsonish(r[1].out);
	for (size_t f = 0; f < 3; f++)
		run_result_free(&r[f]);
	free(log);
}

Test(cmd_codes, json_table_and_entry)
{
	struct run_result t = run("codes", "-o", "json", NULL);
	struct run_result e = run("explain", "413", "--output", "json", NULL);

	cr_assert_eq(t.status, 0);
	assert_jsonish(t.out);
	cr_assert_eq(t.out[0], '[');
	cr_assert_eq(count_of(t.out, "{\"code\":"), codes_builtin_count);
	cr_assert_null(strstr(t.out, "\"match\""), "no ranks when not searching");
	cr_assert(strstr(t.out, "{\"code\":418,\"class\":\"4xx\",\"origin\":\"IANA\",\"name\":\"("
	                        "Unused)\",\"aliases\":[],\"official\":true,"));
	cr_assert(strstr(t.out, "\"flags\":[\"official\",\"unused\",\"reserved\"]"));
	cr_assert(strstr(t.out, "{\"code\":418,\"class\":\"4xx\",\"origin\":\"HTCPCP\",\"name\":"
	                        "\"I'm a teapot\",\"aliases\":[],\"official\":false,"));
	cr_assert(strstr(t.out, "{\"code\":0,\"class\":\"other\",\"origin\":\"AWS ELB\""));
	cr_assert(strstr(t.out, "\"flags\":[\"retired\",\"common\"]"), "420 Twitter");
	cr_assert_eq(e.status, 0);
	assert_jsonish(e.out);
	const char *head = "{\"code\":413,\"class\":\"4xx\",\"known\":true,\"meanings\":[";
	cr_assert_eq(strncmp(e.out, head, strlen(head)), 0, "%s", e.out);
	cr_assert(
	        strstr(e.out, "\"aliases\":[\"Payload Too Large\",\"Request Entity Too Large\"]"));
	cr_assert_eq(json_int(e.out, NULL, "code"), 413);
	run_result_free(&t);
	run_result_free(&e);
	e = run("explain", "499", "-o", "json", NULL);
	assert_jsonish(e.out);
	cr_assert_eq(count_of(e.out, "\"origin\":"), 2);
	cr_assert_lt(strstr(e.out, "\"nginx\""), strstr(e.out, "\"Esri\""));
	run_result_free(&e);
}

Test(cmd_codes, color_only_when_asked)
{
	struct run_result a = run("explain", "--color=always", "404", NULL);
	struct run_result n = run("codes", "--color=never", "404", NULL);

	cr_assert(strstr(a.out, "\033["));
	cr_assert_null(strchr(n.out, '\033'));
	run_result_free(&a);
	run_result_free(&n);
}

static const char user_codes[] =
        "# test codes\n"
        "404 | IANA | Nothing Here | We looked everywhere.\n"
        "299 | acme | Served Stale | A cached copy, the origin being down. | aliases=Stale Hit"
        " | flags=common | advice=Check the origin.\n";
static const char log_lines[] =
        "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 404 10 \"-\" \"x\"\n"
        "1.2.3.4 - - [10/Oct/2023:13:55:37 +0000] \"GET / HTTP/1.1\" 299 10 \"-\" \"x\"\n";

Test(cmd_codes, user_file_in_codes_and_report)
{
	char *file = write_file(home, "my.codes", user_codes, sizeof user_codes - 1);
	char *log = write_file(home, "access.log", log_lines, sizeof log_lines - 1);
	struct run_result plain = run(log, NULL);
	struct run_result rep = run("--codes", file, log, NULL);
	struct run_result ex = run("explain", "299", "--codes", file, NULL);
	struct run_result se = run("codes", "--codes", file, "stale", NULL);

	cr_assert_eq(plain.status, 0, "%s", plain.err);
	cr_assert(strstr(plain.out, "[unknown code]"), "without the file 299 is unknown");
	cr_assert(strstr(plain.out, "Not Found"));
	cr_assert_eq(rep.status, 0, "%s", rep.err);
	cr_assert_null(strstr(rep.out, "[unknown code]"), "%s", rep.out);
	cr_assert(strstr(rep.out, "299 Served Stale"), "%s", rep.out);
	cr_assert(strstr(rep.out, "404 Nothing Here"), "%s", rep.out);
	cr_assert(strstr(ex.out, "Origin:   acme, unofficial; from a user codes file"), "%s",
	          ex.out);
	cr_assert(strstr(ex.out, "Aliases:  Stale Hit"));
	cr_assert(strstr(se.out, "  299  Served Stale  [acme, user]"), "%s", se.out);
	free(file);
	free(log);
	run_result_free(&plain);
	run_result_free(&rep);
	run_result_free(&ex);
	run_result_free(&se);
}

/* Write the default user file under dir/logstat/codes. */
static void write_default(const char *dir, const char *text)
{
	char sub[4096];

	int n = snprintf(sub, sizeof sub, "%s/logstat", dir);
	cr_assert(n > 0 && (size_t)n < sizeof sub, "path too long: %s", dir);
	mkdir(sub, 0700);
	free(write_file(sub, "codes", text, strlen(text)));
}

Test(cmd_codes, default_user_file_xdg_then_home)
{
	char xdg[4096];

	snprintf(xdg, sizeof xdg, "%s/xdg", home);
	mkdir(xdg, 0700);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	write_default(xdg, "299 | acme | From Xdg | x\n");
	struct run_result r = run("explain", "299", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "299  From Xdg"));
	run_result_free(&r);

	char cfg[4096];
	snprintf(cfg, sizeof cfg, "%s/.config", home);
	mkdir(cfg, 0700);
	write_default(cfg, "299 | acme | From Home | x\n");
	unsetenv("XDG_CONFIG_HOME");
	r = run("explain", "299", NULL);
	cr_assert(strstr(r.out, "299  From Home"), "%s%s", r.out, r.err);
	run_result_free(&r);
	setenv("XDG_CONFIG_HOME", "relative/dir", 1); /* ignored, as XDG says */
	r = run("explain", "299", NULL);
	cr_assert(strstr(r.out, "299  From Home"), "%s%s", r.out, r.err);
	run_result_free(&r);

	/* --codes FILE comes after the default file, so it wins */
	char *file = write_file(home, "x.codes", "299 | ACME | From Option | y\n", 29);
	r = run("explain", "299", "--codes", file, NULL);
	cr_assert(strstr(r.out, "299  From Option"), "%s%s", r.out, r.err);
	free(file);
	run_result_free(&r);
}

Test(cmd_codes, bad_user_files)
{
	char *file = write_file(home, "bad.codes", "299 | a | b | c\n299 | a | b\n", 27);
	char want[4200];
	snprintf(want, sizeof want, "logstat: %s:2: expected CODE | ORIGIN | NAME | MEANING\n",
	         file);

	struct run_result r = run("codes", "--codes", file, NULL);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, want);
	cr_assert_str_eq(r.out, "");
	run_result_free(&r);
	r = run("--codes", file, "/dev/null", NULL);
	cr_assert_eq(r.status, 2, "a report with a bad codes file fails");
	cr_assert_str_eq(r.err, want);
	run_result_free(&r);
	r = run("explain", "200", "--codes", "/nonexistent/codes", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "logstat: /nonexistent/codes: No such file"), "%s", r.err);
	run_result_free(&r);

	write_default(home, "200 | x | y | \033[2J\n");
	r = run("/dev/null", NULL);
	cr_assert_eq(r.status, 2, "a bad default file fails the report");
	cr_assert(strstr(r.err, "/logstat/codes:1: control character 0x1b"), "%s", r.err);
	run_result_free(&r);
	free(file);
}

Test(cmd_codes, untrusted_bytes_sanitized)
{
	const char text[] =
	        "299 | acme | Caf\xc3\xa9 \\ Bar | M\xff | details=\xe2\x80\x9cq\xe2\x80\x9d\n";
	char *file = write_file(home, "u.codes", text, sizeof text - 1);
	struct run_result r = run("explain", "299", "--codes", file, NULL);
	struct run_result j = run("codes", "-o", "json", "--codes", file, "caf", NULL);

	cr_assert_eq(r.status, 0, "%s", r.err);
	for (const char *p = r.out; *p; p++)
		cr_assert((unsigned char)*p < 0x80 && (*p >= 0x20 || *p == '\n'), "raw byte 0x%02x",
		          (unsigned char)*p);
	cr_assert(strstr(r.out, "299  Caf\\xc3\\xa9 \\\\ Bar"), "%s", r.out);
	cr_assert_eq(j.status, 0, "%s", j.err);
	assert_jsonish(j.out);
	cr_assert(strstr(j.out, "\"name\":\"Caf\xc3\xa9 \\\\ Bar\""), "%s", j.out);
	free(file);
	run_result_free(&r);
	run_result_free(&j);
}
