/* test_formats.c — the format families: lines written from each format's public
 * documentation as a table (status, size, time, target status, duration, site, shape or
 * malformed reason), detection of every family, and the real samples in tests/data/formats
 * counted against figures taken independently (awk and grep on the files, checked by eye). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#include "logformat.h"

struct line_case {
	const char *format; /* built-in name */
	const char *line;
	enum malformed want;
	int status, upstream;
	unsigned long long bytes;
	long long time;     /* UTC seconds, or -1 to skip */
	long long duration; /* microseconds, or -2 to skip */
	const char *vhost;  /* or NULL to skip */
	int shape;
};

#define SKIP -1, -2, NULL, 0
#define ALB "http 2019-10-11T15:01:12.376735Z app/lb/c86a 77.227.156.41:56398 10.0.0.192:80 "
#define ELB "2019-10-14T12:00:20.694172Z lb 175.16.199.1:54106 10.0.1.185:80 "
#define HAP "Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] "
static const struct line_case cases[] = {
        /* resilient CLF: any prefix before the core */
        {"clf",
         "10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] \"GET /ocelot HTTP/1.1\" "
         "200 571 \"-\" \"curl\"",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 571, 1481105107, -2, NULL, SHAPE_CLIENT_LIST},
        {"clf",
         "vhost1.domaine.fr 192.168.33.2 - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 404 5",
         MALFORMED_NONE, 404, RECORD_NO_UPSTREAM, 5, -1, -2, "vhost1.domaine.fr",
         SHAPE_VHOST_PREFIX},
        {"clf", "\"10.0.0.1, 10.0.0.2\" - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 200 1",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 1, SKIP + SHAPE_QUOTED_CLIENT},
        /* "unix:" as the client fits the declared format; without ident it is read loose */
        {"clf", "unix: - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 502 0", MALFORMED_NONE,
         502, RECORD_NO_UPSTREAM, 0, SKIP},
        {"clf", "unix: [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 502 0", MALFORMED_NONE, 502,
         RECORD_NO_UPSTREAM, 0, SKIP + SHAPE_UNIX_CLIENT},
        {"clf", "10.1.1.1 [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 200 7", MALFORMED_NONE,
         200, RECORD_NO_UPSTREAM, 7, SKIP + SHAPE_SHORT_PREFIX},
        {"clf",
         "Dec  7 11:05:07 web nginx: 10.1.1.1 - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" "
         "301 7",
         MALFORMED_NONE, 301, RECORD_NO_UPSTREAM, 7, SKIP + SHAPE_LONG_PREFIX},
        {"clf",
         "[2016-04-15T20:17:00.310Z] \"POST /api HTTP/2\" 204 UF,URX 154 226 100 \"10.0.35.28\"",
         MALFORMED_NONE, 204, RECORD_NO_UPSTREAM, 226, 1460751420, -2, NULL, SHAPE_ISO_TIME},
        {"clf", "10.1.1.1 - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 200", /* cut */
         MALFORMED_MISSING_FIELDS, 0, 0, 0, SKIP},
        {"clf",
         "10.1.1.1 - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 200 99999999999999999999999",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, UINT64_MAX, SKIP},
        /* the reason is the declared format's */
        {"clf", "no time here", MALFORMED_MISSING_FIELDS, 0, 0, 0, SKIP},
        /* W3C (IIS defaults before any #Fields), CloudFront without header */
        {"w3c",
         "2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 81.2.69.143 Mozilla/5.0 - 200 0 0 123",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 0, 1514794150, 123000, NULL, 0},
        {"w3c", "#Software: Microsoft Internet Information Services 10.0", MALFORMED_NONE,
         RECORD_DIRECTIVE, RECORD_NO_UPSTREAM, 0, SKIP},
        {"w3c", "2018-01-01 08:09:10 127.0.0.1 GET / q=100 80", MALFORMED_MISSING_FIELDS, 0, 0, 0,
         SKIP},
        {"w3c", "2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 81.2.69.143 UA - 2x0 0 0 1",
         MALFORMED_BAD_STATUS, 0, 0, 0, SKIP},
        {"cloudfront",
         "2019-12-04\t21:02:31\tLAX1\t392\t89.160.20.112\tGET\td111.cloudfront.net\t/"
         "index.html\t502\t-\tUA\t-\t-\tError\tid==\twww.example.com\thttps\t23\t0.001",
         MALFORMED_NONE, 502, RECORD_NO_UPSTREAM, 392, 1575493351, 1000, "www.example.com", 0},
        /* AWS load balancers */
        {"alb",
         ALB "-1 -1 -1 460 - 125 0 \"GET http://lb:80/ HTTP/1.1\" \"curl/7.58.0\" - - arn "
             "\"Root=1\" \"-\" \"-\"",
         MALFORMED_NONE, 460, RECORD_NO_STATUS, 0, 1570806072, -1, "lb", 0},
        {"alb",
         ALB "0.001 0.5 0.000 502 502 125 308 \"GET http://lb:80/x HTTP/1.1\" \"curl\" - - arn "
             "\"Root=1\" \"shop.example.com\" \"-\"",
         MALFORMED_NONE, 502, 502, 308, -1, 501000, "shop.example.com", 0},
        {"alb",
         "tcp 2019-10-11T15:01:12.376735Z app/lb/c86a 1.2.3.4:1 - -1 -1 -1 200 - 1 1 \"-\" \"-\" - "
         "- arn \"x\" \"-\" \"-\"",
         MALFORMED_BAD_FIELD, 0, 0, 0, SKIP},
        {"elb",
         ELB "0.000043 0.000785 0.000023 200 200 0 612 \"GET http://18.194.223.56:80/ HTTP/1.1\" "
             "\"Mozilla\" - -",
         MALFORMED_NONE, 200, 200, 612, 1571054420, 851, "18.194.223.56", 0},
        {"elb", ELB "0.000043 -1 -1 504 - 0 0 \"GET http://h:80/ HTTP/1.1\" \"Mozilla\" - -",
         MALFORMED_NONE, 504, RECORD_NO_STATUS, 0, SKIP},
        /* HAProxy */
        {"haproxy",
         HAP "http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} \"GET "
             "/index.html HTTP/1.1\"",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 2750, 1233922454, 109000, NULL, 0},
        {"haproxy",
         HAP "http-in static/srv1 10/0/30/-1/+109 -1 +2750 - - CD-- 1/1/1/1/0 0/0 \"<BADREQ>\"",
         MALFORMED_NONE, RECORD_NO_STATUS, RECORD_NO_UPSTREAM, 2750, SKIP},
        {"haproxy", "Feb 25 16:19:38 192.168.4.2 haproxy[1]: Proxy prod_http_in started.",
         MALFORMED_NO_TIMESTAMP, 0, 0, 0, SKIP},
        {"haproxy", HAP "tcp-in srv/s1 0/0/5007 212 -- 0/0/0/0/0 0/0", MALFORMED_BAD_FIELD, 0, 0, 0,
         SKIP},
        /* S3 */
        {"s3",
         "79a5 awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a5 3E57427F3EXAMPLE "
         "REST.GET.VERSIONING - \"GET /awsexamplebucket1?versioning HTTP/1.1\" 200 - 113 - 7 - "
         "\"-\" \"S3Console/0.4\" -",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 113, 1549411238, 7000, "awsexamplebucket1", 0},
        {"s3",
         "79a5 b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a5 3E57 BATCH.DELETE.OBJECT key - 204 - "
         "- 1 - - - -",
         MALFORMED_NONE, 204, RECORD_NO_UPSTREAM, 0, SKIP},
        /* Squid */
        {"squid",
         "1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 "
         "badeyek DIRECT/175.16.199.115 -",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 19763, 1157689312, 5006000, NULL, 0},
        {"squid", "1157689312.049 0 10.1.1.1 NONE/000 0 GET http://example.com/x - NONE/- -",
         MALFORMED_NONE, 0, RECORD_NO_UPSTREAM, 0, -1, 0, "example.com", 0},
        {"squid", "1157689312.049 0 10.1.1.1 TCP_DENIED 0 GET http://example.com/ - NONE/- -",
         MALFORMED_BAD_FIELD, 0, 0, 0, SKIP},
        /* JSON lines */
        {"json",
         "{\"level\":\"info\",\"ts\":1693840791.75,\"request\":{\"remote_ip\":\"172.17.0.1\","
         "\"host\":\"a.example\",\"method\":\"GET\",\"uri\":\"/"
         "x?y\"},\"duration\":0.0015,\"size\":12,\"status\":404}",
         MALFORMED_NONE, 404, RECORD_NO_UPSTREAM, 12, 1693840791, 1500, "a.example", 0},
        {"json", "{\"level\":\"debug\",\"ts\":1693840791.75,\"msg\":\"not an access entry\"}",
         MALFORMED_MISSING_FIELDS, 0, 0, 0, SKIP},
        {"json",
         "{\"DownstreamStatus\":502,\"OriginStatus\":0,\"Duration\":40356000,\"RequestHost\":\"t."
         "example\",\"StartUTC\":\"2021-03-16T18:56:54.123Z\"}",
         MALFORMED_NONE, 502, RECORD_NO_STATUS, 0, 1615921014, 40356, "t.example", 0},
        {"json",
         "2025-12-31T17:37:40.49+01:00 stdout F "
         "{\":authority\":\"www.example.com\",\"bytes_sent\":121258,\"duration\":11,\"response_"
         "code\":200}",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 121258, -1, 11000, "www.example.com", 0},
        {"json", "{\"status\":200,\"time\":\"2015-09-06T05:58:05+09:00\",\"response_time\":\"-\"}",
         MALFORMED_NONE, 200, RECORD_NO_UPSTREAM, 0, 1441486685, RECORD_NO_DURATION, NULL, 0},
        {"json", "{\"status\":200, \"time\": ", MALFORMED_UNTERMINATED, 0, 0, 0, SKIP},
        {"json", "{\"status\":\"2000\"}", MALFORMED_BAD_STATUS, 0, 0, 0, SKIP},
        {"json", "{\"a\":[[[[{\"status\":1}]]]],\"status\":301}", MALFORMED_NONE, 301,
         RECORD_NO_UPSTREAM, 0, SKIP},
};

ParameterizedTestParameters(formats, lines)
{
	return INDEX_PARAMS(cases);
}

ParameterizedTest(size_t *ix, formats, lines)
{
	const struct line_case *c = &cases[*ix];
	struct logformat f;
	if (strcmp(c->format, "clf") == 0) {
		cr_assert_eq(logformat_builtin("combined", &f), 0);
		f.resilient = 1;
	} else {
		cr_assert_eq(logformat_builtin(c->format, &f), 0, "%s", c->format);
	}
	struct logformat_state st;
	logformat_state_init(&st);
	struct record r;
	enum malformed m = logformat_parse(&f, c->line, strlen(c->line), &st, &r);
	cr_assert_eq(m, c->want, "%s: got %s, want %s", c->line, malformed_name(m),
	             malformed_name(c->want));
	if (m != MALFORMED_NONE)
		return;
	cr_expect_eq(r.status, c->status, "%s: status %d", c->line, r.status);
	cr_expect_eq(r.upstream, c->upstream, "%s: upstream %d", c->line, r.upstream);
	cr_expect_eq(r.bytes, c->bytes, "%s: bytes %llu", c->line, (unsigned long long)r.bytes);
	if (c->time != -1)
		cr_expect_eq(r.time, c->time, "%s: time %lld", c->line, (long long)r.time);
	if (c->duration != -2)
		cr_expect_eq(r.duration_us, c->duration, "%s: duration %lld", c->line,
		             (long long)r.duration_us);
	if (c->vhost)
		cr_expect(r.vhost.len == strlen(c->vhost) &&
		                  memcmp(r.vhost.ptr, c->vhost, r.vhost.len) == 0,
		          "%s: vhost %.*s", c->line, (int)r.vhost.len,
		          r.vhost.ptr ? r.vhost.ptr : "");
	cr_expect_eq((int)r.shape, c->shape, "%s: shape %s", c->line, record_shape_name(r.shape));
}

/* #Fields changes the columns of the rows after it; a row with the field count of an
 * earlier block is read with that block's columns and counted as such. */
Test(formats, w3c_fields_blocks)
{
	static const char *const lines[] = {
	        "#Fields: date time cs-method cs-uri-stem sc-status",
	        "2018-01-01 08:00:00 GET /a 200",
	        "#Fields: date time sc-status cs-method cs-uri-stem time-taken",
	        "2018-01-01 09:00:00 404 GET /b 15",
	        "2018-01-01 10:00:00 GET /c 503",
	};
	static const int want_status[] = {RECORD_DIRECTIVE, 200, RECORD_DIRECTIVE, 404, 503};
	static const unsigned want_shape[] = {0, 0, 0, 0, SHAPE_W3C_EARLIER};
	struct logformat f;
	logformat_builtin("w3c", &f);
	struct logformat_state st;
	logformat_state_init(&st);
	for (size_t i = 0; i < 5; i++) {
		struct record r;
		cr_assert_eq(logformat_parse(&f, lines[i], strlen(lines[i]), &st, &r),
		             MALFORMED_NONE, "%s", lines[i]);
		cr_expect_eq(r.status, want_status[i], "%s", lines[i]);
		cr_expect_eq(r.shape, want_shape[i], "%s", lines[i]);
	}
}

struct detect_case {
	const char *text;
	const char *want; /* NULL: nothing fits */
};
#define L1 "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1 \"-\" \"ua\"\n"
static const struct detect_case detect_cases[] = {
        {L1 "10.0.0.2, 10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1\n",
         "combined"},
        {"10.0.0.2, 10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1\n",
         "combined"},
        {"#Software: IIS\n#Fields: date time c-ip sc-status\n2018-01-01 08:00:00 1.2.3.4 200\n",
         "w3c"},
        {"#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) "
         "cs-uri-stem sc-status\n"
         "2019-12-04\t21:02:31\tLAX1\t392\t1.2.3.4\tGET\th\t/\t200\n",
         "cloudfront"},
        {ALB
         "-1 -1 -1 460 - 125 0 \"GET http://lb:80/ HTTP/1.1\" \"c\" - - arn \"R\" \"-\" \"-\"\n",
         "alb"},
        {ELB "0.1 0.1 0.1 200 200 0 612 \"GET http://h:80/ HTTP/1.1\" \"M\" - -\n", "elb"},
        {HAP "f b/s 1/0/3/6/10 200 27 - - ---- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\"\n", "haproxy"},
        {"o b [06/Feb/2019:00:00:38 +0000] 1.2.3.4 r id OP k \"GET / HTTP/1.1\" 200 - 1 - 7 - "
         "\"-\" \"u\" -\n",
         "s3"},
        {"1157689312.049 5 10.1.1.1 TCP_MISS/200 19 GET http://x/ - DIRECT/1.1.1.1 -\n", "squid"},
        {"{\"status\":200,\"ts\":1693840791}\n{\"status\":404,\"ts\":1693840792}\n", "json"},
        {"total 12\ndrwxr-xr-x 2 root root 4096 Nov 30 01:27 .ci\n", NULL},
        {"[Mon Nov 30 01:27:43.123 2026] [core:error] [pid 12] AH00126: Invalid URI\n", NULL},
        {"code,count\n200,5\n404,1\n", NULL},
};

ParameterizedTestParameters(formats, detect)
{
	return INDEX_PARAMS(detect_cases);
}

ParameterizedTest(size_t *ix, formats, detect)
{
	const struct detect_case *c = &detect_cases[*ix];
	struct logformat f;
	size_t nonempty = 0;
	size_t fit = logformat_detect_sample(c->text, strlen(c->text), 200, &f, &nonempty);
	if (!c->want) {
		cr_expect_eq(fit, 0, "%s: %zu lines fit as %s", c->text, fit, f.name);
		cr_expect_gt(nonempty, 0);
		return;
	}
	cr_expect_gt(fit, 0, "%s", c->text);
	cr_expect_str_eq(f.name, c->want, "%s", c->text);
}

/* The real samples (tests/data/formats/SOURCES.md), counted through the binary. The
 * figures come from awk/grep on each file (the status column, or the status key) and from
 * reading the odd lines by eye; the comments say what decides each. */
struct real_case {
	const char *file, *format;
	long long lines, requests, no_status, malformed, directives;
	const char *codes; /* "code=count,..." */
};
static const struct real_case real[] = {
        /* awk '{print $9}': 200 x3, 460, 504 x6; a trailing blank line (empty) */
        {"aws_elb__elastic_beats__application-lb-http.log", "alb", 11, 10, 0, 1, 0,
         "200=3,460=1,504=6"},
        {"aws_elb__elastic_beats__elb-http.log", "elb", 6, 5, 0, 1, 0, "200=5"},
        /* grep -o '"status":[0-9]*': 0 x7, 200, 401 x2; a debug entry and a blank line */
        {"caddy_json__crowdsecurity_hub__caddy-logs.log", "json", 12, 10, 0, 2, 0,
         "0=7,200=1,401=2"},
        /* Traefik CLF: six 200, one "- -" line, two blank lines */
        {"clf__crowdsecurity_hub__traefik_clf.log", "combined_extra", 9, 6, 1, 2, 0, "200=6"},
        /* cut -f9 of the rows: 000, 200 x7, 404, 502 x3; two # lines */
        {"cloudfront__elastic_integrations__test-cloudfront.log", "cloudfront", 12, 12, 0, 0, 2,
         "0=1,200=7,404=1,502=3"},
        /* five JSON entries (response_code) and five Envoy text lines, no final newline */
        {"envoy__crowdsecurity_hub__envoy.log", "json", 10, 10, 0, 0, 0,
         "200=4,201=2,204=1,301=2,404=1"},
        {"haproxy__gforcada_haproxy_log_analysis__small.log", "haproxy", 9, 9, 0, 0, 0,
         "200=2,300=4,404=3"},
        /* three "Proxy … started." lines and one SSL handshake failure */
        {"haproxy__tstack_lnav__logfile_haproxy.0.log", "haproxy", 17, 13, 0, 4, 0, "200=13"},
        {"json_status__tkuchiki_alp__json_access.log", "json", 14, 14, 0, 0, 0,
         "200=11,400=2,504=1"},
        {"s3__elastic_beats__s3_server_access.log", "s3", 5, 5, 0, 0, 0, "200=4,204=1"},
        /* awk '{split($4,a,"/"); print a[2]}' */
        {"squid__elastic_integrations__test-access.log", "squid", 100, 100, 0, 0, 0,
         "200=52,302=5,304=28,407=15"},
        /* grep -o '"DownstreamStatus": *[0-9]*' (one with a space after the colon) */
        {"traefik_json__elastic_integrations__test-format-json.log", "json", 7, 7, 0, 0, 0,
         "200=3,304=1,404=3"},
        /* 12 directive lines; the two OGNL rows have the 15 fields of the first block */
        {"w3c__elastic_beats__iis_access_test.log", "w3c", 5, 5, 0, 0, 12, "200=3,401=1,404=1"},
        {"w3c__log2timeline_plaso__iis6.log", "w3c", 12, 12, 0, 0, 4, "200=6,302=2,404=3,500=1"},
};

static void expect_real(const struct real_case *c, const char *json, const char *how)
{
	cr_expect_eq(json_int(json, NULL, "lines"), c->lines, "%s %s lines", c->file, how);
	cr_expect_eq(json_int(json, NULL, "requests"), c->requests, "%s %s requests", c->file, how);
	cr_expect_eq(json_int(json, NULL, "no_status"), c->no_status, "%s %s", c->file, how);
	cr_expect_eq(json_int(json, NULL, "malformed"), c->malformed, "%s %s", c->file, how);
	cr_expect_eq(json_int(json, NULL, "directives"), c->directives, "%s %s", c->file, how);
	char want[64];
	snprintf(want, sizeof want, "\"format\": \"%s\"", c->format);
	cr_expect(strstr(json, want), "%s %s: want %s", c->file, how, want);
	const char *codes = strstr(json, "\n  \"codes\"");
	cr_assert(codes, "%s", json);
	char list[128];
	snprintf(list, sizeof list, "%s", c->codes);
	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		int code = atoi(tok);
		long long n = atoll(strchr(tok, '=') + 1);
		char at[32];
		snprintf(at, sizeof at, "{\"code\": %d,", code);
		cr_expect_eq(json_int(codes, at, "count"), n, "%s %s code %d", c->file, how, code);
	}
}

ParameterizedTestParameters(formats, real_samples)
{
	return INDEX_PARAMS(real);
}

/* From the file, from stdin, and gzip- and zstd-compressed on stdin: same counts. */
ParameterizedTest(size_t *ix, formats, real_samples)
{
	const struct real_case *c = &real[*ix];
	char name[256];
	snprintf(name, sizeof name, "formats/%s", c->file);
	char *path = data_path(name);
	size_t len;
	char *text = read_file(path, &len);
	cr_assert(text, "%s", path);
	const char *argv[] = {"-o", "json", path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s: %s", c->file, r.err);
	expect_real(c, r.out, "file");
	run_result_free(&r);
	const char *sargv[] = {"-o", "json", "-", NULL};
	r = run_logstat(sargv, text, len, NULL);
	expect_real(c, r.out, "stdin");
	run_result_free(&r);
	static const char *const tools[] = {"gzip", "zstd"};
	for (size_t t = 0; t < 2; t++) {
		size_t zl;
		char *z = compress_with(tools[t], text, len, &zl);
		r = run_logstat(sargv, z, zl, NULL);
		expect_real(c, r.out, tools[t]);
		run_result_free(&r);
		free(z);
	}
	free(text);
	free(path);
}

/* Input that is not an access log is an error naming it, never a silent report. */
Test(formats, not_an_access_log)
{
	char *dir = tmpdir_make();
	static const char csv[] = "code,count\n200,5\n404,1\n";
	char *f = write_file(dir, "codes.csv", csv, sizeof csv - 1);
	const char *const inputs[] = {"/bin/ls", f};
	for (size_t i = 0; i < 2; i++) {
		const char *argv[] = {inputs[i], NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(r.status, 2, "%s: %s", inputs[i], r.out);
		cr_expect(strstr(r.err, "not an access log"), "%s", r.err);
		cr_expect(strstr(r.err, "--format"), "a hint: %s", r.err);
		run_result_free(&r);
	}
	/* forced, the lines are counted as malformed, with a warning */
	const char *argv[] = {"--format", "combined", "-o", "json", f, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 3, "%s", r.out);
	run_result_free(&r);
	char big[4096];
	size_t n = 0;
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "error line %d\n", i);
	free(f);
	f = write_file(dir, "errors.log", big, n);
	const char *wargv[] = {"--format", "common", f, NULL};
	r = run_logstat(wargv, NULL, 0, NULL);
	cr_expect(strstr(r.err, "warning: 20 of 20 lines"), "%s", r.err);
	run_result_free(&r);
	free(f);
	tmpdir_remove(dir);
}

/* The warning of a mostly unparseable input is its own: the input after it, read into
 * the same result, has none (it printed and reported the one before). */
Test(formats, warning_stays_with_its_input)
{
	char *dir = tmpdir_make();
	char bad[4096];
	size_t n = (size_t)snprintf(bad, sizeof bad, "%s",
	                            "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5\n");
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(bad + n, sizeof bad - n, "garbage line %d\n", i);
	static const char good[] = "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5\n";
	char *fb = write_file(dir, "bad.log", bad, n);
	char *fg = write_file(dir, "good.log", good, sizeof good - 1);
	const char *argv[] = {"--format", "common", "-o", "json", fb, fg, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect(strstr(r.err, "bad.log: warning: 20 of 21 lines"), "%s", r.err);
	cr_expect(!strstr(r.err, "good.log: warning"), "%s", r.err);
	const char *g = strstr(r.out, "good.log\"");
	cr_assert(g, "%s", r.out);
	cr_expect(strstr(g, "\"warning\": null"), "%s", g);
	run_result_free(&r);
	free(fb);
	free(fg);
	tmpdir_remove(dir);
}

/* A file that mixes CLF shapes counts every line, and says how many had which shape. */
Test(formats, mixed_clf_shapes)
{
	static const char text[] =
	        L1 "10.0.0.2, 10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 404 1 "
	           "\"-\" \"u\"\n"
	           "site.example 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 500 1 "
	           "\"-\" \"u\"\n"
	           "unix: [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 502 1 \"-\" \"u\"\n" L1;
	const char *argv[] = {"-o", "json", "-", NULL};
	struct run_result r = run_logstat(argv, text, sizeof text - 1, NULL);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 5, "%s", r.out);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 0, "%s", r.out);
	cr_expect_eq(json_int(r.out, "\"shapes\"", "client_list"), 1, "%s", r.out);
	cr_expect_eq(json_int(r.out, "\"shapes\"", "vhost_prefix"), 1, "%s", r.out);
	cr_expect_eq(json_int(r.out, "\"shapes\"", "unix_client"), 1, "%s", r.out);
	run_result_free(&r);
}

/* ALB: the status counted is the client's; the target's is kept apart. */
Test(formats, alb_target_status)
{
	char *path = data_path("formats/aws_elb__elastic_beats__application-lb-http.log");
	const char *argv[] = {"-o", "json", path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(json_int(r.out, "\"target_status\"", "no_response"), 7, "%s", r.out);
	cr_expect_eq(json_int(r.out, "\"target_status\"", "200"), 3, "%s", r.out);
	run_result_free(&r);
	free(path);
}

/* A resumed run (--state) starts after the #Fields line: the columns it declared still
 * apply to the new rows, plain and gzip-compressed, and nothing is counted twice. */
Test(formats, w3c_resumed_run_keeps_fields)
{
	char *dir = tmpdir_make();
	static const char head[] = "#Software: IIS\n"
	                           "#Fields: date time cs-method cs-uri-stem sc-status time-taken\n"
	                           "2018-01-01 08:00:00 GET /a 200 5\n"
	                           "2018-01-01 08:00:01 GET /b 404 5\n";
	static const char more[] = "2018-01-01 08:00:02 GET /c 503 5\n"
	                           "2018-01-01 08:00:03 GET /d 200 5\n"
	                           "2018-01-01 08:00:04 GET /e 500 5\n";
	char both[sizeof head + sizeof more];
	snprintf(both, sizeof both, "%s%s", head, more);
	char *log = write_file(dir, "u.log", head, sizeof head - 1);
	char state[512];
	snprintf(state, sizeof state, "%s/state", dir);
	const char *argv[] = {"--state", state, "-o", "json", log, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(write_file(dir, "u.log", both, sizeof both - 1));
	r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 3, "%s%s", r.out, r.err);
	cr_expect_eq(json_int(r.out, NULL, "malformed"), 0, "%s", r.out);
	cr_expect_eq(json_int(r.out, NULL, "directives"), 0, "%s", r.out);
	run_result_free(&r);
	/* the same through a gzip stream resumed after its header */
	size_t zl;
	char *z = compress_with("gzip", head, sizeof head - 1, &zl);
	char *gz = write_file(dir, "v.log.gz", z, zl);
	snprintf(state, sizeof state, "%s/state2", dir);
	const char *gargv[] = {"--state", state, "-o", "json", gz, NULL};
	r = run_logstat(gargv, NULL, 0, NULL);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 2, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(z);
	z = compress_with("gzip", both, sizeof both - 1, &zl);
	free(write_file(dir, "v.log.gz", z, zl));
	r = run_logstat(gargv, NULL, 0, NULL);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 3, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(z);
	free(gz);
	free(log);
	tmpdir_remove(dir);
}

/* A W3C file past several blocks whose #Fields change along the way scans in parallel:
 * every block starts with the columns declared before it. Each row is only right under
 * its own block's columns (a row read with other ones would be malformed or counted as
 * an earlier block's shape). */
Test(formats, w3c_fields_change_across_parallel_blocks)
{
	size_t cap = 9u << 20, n = 0;
	char *buf = malloc(cap);
	long long want200 = 0, want404 = 0;
	for (int seg = 0; n + (1u << 20) < cap; seg++) {
		int a = seg % 2 == 0;
		n += (size_t)snprintf(buf + n, cap - n, "%s",
		                      a ? "#Fields: date time sc-status cs-uri-stem\n"
		                        : "#Fields: date time cs-uri-stem sc-status time-taken\n");
		int rows = 3000 + seg * 977 % 20000;
		for (int i = 0; i < rows; i++) {
			if (a)
				n += (size_t)snprintf(buf + n, cap - n,
				                      "2024-01-01 00:%02d:%02d 200 /a/%d\n",
				                      i / 60 % 60, i % 60, i);
			else
				n += (size_t)snprintf(buf + n, cap - n,
				                      "2024-01-01 01:%02d:%02d /b/%d 404 12\n",
				                      i / 60 % 60, i % 60, i);
		}
		*(a ? &want200 : &want404) += rows;
	}
	char *dir = tmpdir_make();
	char *f = write_file(dir, "big.log", buf, n);
	static const char *const threads[] = {"1", "2", "4"};
	for (size_t t = 0; t < 3; t++) {
		const char *argv[] = {"-o", "json", "-j", threads[t], f, NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(json_int(r.out, NULL, "malformed"), 0, "-j%s", threads[t]);
		cr_expect_eq(json_int(r.out, NULL, "requests"), want200 + want404, "-j%s",
		             threads[t]);
		const char *codes = strstr(r.out, "\n  \"codes\"");
		cr_assert(codes);
		cr_expect_eq(json_int(codes, "{\"code\": 200,", "count"), want200, "-j%s",
		             threads[t]);
		cr_expect_eq(json_int(codes, "{\"code\": 404,", "count"), want404, "-j%s",
		             threads[t]);
		cr_expect(strstr(r.out, "\"shapes\": {}"), "-j%s: no row read as another block's",
		          threads[t]);
		run_result_free(&r);
	}
	free(f);
	free(buf);
	tmpdir_remove(dir);
}

/* The HTML report says how lines were read: shapes, directives and target statuses. */
Test(formats, html_shows_how_lines_were_read)
{
	char *path = data_path("formats/aws_elb__elastic_beats__application-lb-http.log");
	const char *argv[] = {"-o", "html", path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect(strstr(r.out, "<data id=\"target-none\" value=\"7\">"), "%s", r.out);
	run_result_free(&r);
	free(path);
	path = data_path("formats/w3c__elastic_beats__iis_access_test.log");
	const char *wargv[] = {"-o", "html", path, NULL};
	r = run_logstat(wargv, NULL, 0, NULL);
	cr_expect(strstr(r.out, "<data id=\"directives\" value=\"12\">"), "%s", r.out);
	cr_expect(strstr(r.out, "<data id=\"shape-earlier_fields\" value=\"2\">"), "%s", r.out);
	run_result_free(&r);
	free(path);
}

/* With a vhost in the format, the page lists the sites worst first, as the text does. */
Test(formats, html_sites_worst_first)
{
	static const char text[] = "good.example:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "
	                           "\"GET / HTTP/1.1\" 200 1 \"-\" \"u\"\n"
	                           "good.example:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "
	                           "\"GET / HTTP/1.1\" 200 1 \"-\" \"u\"\n"
	                           "bad.example:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET "
	                           "/ HTTP/1.1\" 503 1 \"-\" \"u\"\n"
	                           "bad.example:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET "
	                           "/ HTTP/1.1\" 200 1 \"-\" \"u\"\n";
	const char *argv[] = {"-o", "html", "-", NULL};
	struct run_result r = run_logstat(argv, text, sizeof text - 1, NULL);
	const char *sites = strstr(r.out, "<section id=\"sites\"");
	cr_assert(sites, "%s", r.out);
	const char *bad = strstr(sites, "bad.example"), *good = strstr(sites, "good.example");
	cr_expect(bad && good && bad < good, "worst first: %s", sites);
	cr_expect(strstr(sites, "50.00%"), "%s", sites);
	run_result_free(&r);
}

/* A resumed run whose new part is larger than a block goes through the scanning threads:
 * the #Fields lines of the skipped part still give every block its columns. */
Test(formats, w3c_resumed_run_through_the_pool)
{
	size_t cap = 3u << 20, n = 0;
	char *more = malloc(cap);
	long long rows = 0;
	while (n + 100 < cap) {
		n += (size_t)snprintf(more + n, cap - n, "2024-01-01 00:00:%02lld /x/%lld 503 9\n",
		                      rows % 60, rows);
		rows++;
	}
	static const char head[] = "#Fields: date time cs-uri-stem sc-status time-taken\n"
	                           "2024-01-01 00:00:00 /a 200 1\n";
	char *dir = tmpdir_make();
	char *log = write_file(dir, "u.log", head, sizeof head - 1);
	char state[512];
	snprintf(state, sizeof state, "%s/state", dir);
	static const char *const threads[] = {"1", "2"};
	for (size_t t = 0; t < 2; t++) {
		free(write_file(dir, "u.log", head, sizeof head - 1));
		unlink(state);
		const char *argv[] = {"--state", state, "-j", threads[t], "-o", "json", log, NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(json_int(r.out, NULL, "requests"), 1, "%s%s", r.out, r.err);
		run_result_free(&r);
		FILE *fp = fopen(log, "a");
		cr_assert(fp);
		fwrite(more, 1, n, fp);
		fclose(fp);
		r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(json_int(r.out, NULL, "requests"), rows, "-j%s: %s", threads[t],
		             r.err);
		cr_expect_eq(json_int(r.out, NULL, "malformed"), 0, "-j%s", threads[t]);
		run_result_free(&r);
	}
	free(log);
	free(more);
	tmpdir_remove(dir);
}
