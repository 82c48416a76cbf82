/* test_formats_fast.c — what the fast paths of the JSON-lines and W3C parsers assume, as
 * tables of cases: each case is a short input whose last line is checked against figures
 * written by hand, and also parsed again with the parser's memos forgotten (the JSON keys
 * learned from earlier lines, the time caches), which must give the same answer field
 * for field. W3C rows of every length around the 64-byte steps of the row cutter. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

#include "logformat.h"

struct seq_case {
	const char *format; /* built-in name */
	const char *json_status;
	const char *text; /* lines separated by '\n'; the last one is checked */
	enum malformed want;
	int status;
	long long time;                         /* UTC seconds, -1: no time */
	long long duration;                     /* microseconds, -1: none */
	const char *method, *path, *ua, *vhost; /* NULL: not logged */
	unsigned shape;
};

#define NOTHING NULL, NULL, NULL, NULL
#define T0 1693840792LL /* 2023-09-04T15:19:52Z */
#define D0 1577836800LL /* 2020-01-01 00:00:00 */
static const struct seq_case seq_cases[] = {
        /* JSON: the key order changes from one line to the next */
        {"json", NULL,
         "{\"status\":200,\"time\":\"2023-09-04T15:19:52Z\"}\n"
         "{\"time\":\"2023-09-04T15:19:53Z\",\"status\":404}",
         MALFORMED_NONE, 404, T0 + 1, -1, NOTHING, 0},
        /* escaped quotes and backslashes in a value the fast walk skips */
        {"json", NULL,
         "{\"ua\":\"a\",\"status\":200}\n"
         "{\"ua\":\"say \\\"hi\\\" \\\\\",\"status\":201}",
         MALFORMED_NONE, 201, -1, -1, NULL, NULL, "say \\\"hi\\\" \\\\", NULL, 0},
        /* an escaped quote right before the closing one */
        {"json", NULL, "{\"ua\":\"a\",\"status\":200}\n{\"ua\":\"\\\"\",\"status\":202}",
         MALFORMED_NONE, 202, -1, -1, NULL, NULL, "\\\"", NULL, 0},
        /* a nested object (Caddy's request) before the status key */
        {"json", NULL,
         "{\"request\":{\"method\":\"GET\",\"uri\":\"/a\"},\"status\":200}\n"
         "{\"request\":{\"method\":\"POST\",\"uri\":\"/b?x=1\"},\"status\":500}",
         MALFORMED_NONE, 500, -1, -1, "POST", "/b", NULL, NULL, 0},
        /* a status inside an array is not the line's status */
        {"json", NULL, "{\"a\":[1,2],\"status\":200}\n{\"a\":[1,{\"status\":500}],\"status\":201}",
         MALFORMED_NONE, 201, -1, -1, NOTHING, 0},
        /* a line without the fields of the line before: nothing of that line is left (the
         * parser clears only what it found, not the values themselves) */
        {"json", NULL,
         "{\"time\":\"2023-09-04T15:19:52Z\",\"status\":200,\"method\":\"GET\",\"uri\":"
         "\"/a\",\"user_agent\":\"u\",\"host\":\"h\",\"duration_ms\":5}\n"
         "{\"status\":204}",
         MALFORMED_NONE, 204, -1, -1, NOTHING, 0},
        /* duplicate keys: the first of equal rank wins, learned or not */
        {"json", NULL, "{\"status\":200,\"status\":404}", MALFORMED_NONE, 200, -1, -1, NOTHING, 0},
        {"json", NULL, "{\"status\":200,\"status\":404}\n{\"status\":301,\"status\":404}",
         MALFORMED_NONE, 301, -1, -1, NOTHING, 0},
        /* a better key for the same role wins wherever it stands: "time" over "ts" */
        {"json", NULL,
         "{\"ts\":1,\"time\":\"2023-09-04T15:19:52Z\",\"status\":200}\n"
         "{\"ts\":1,\"time\":\"2023-09-04T15:19:52Z\",\"status\":200}",
         MALFORMED_NONE, 200, T0, -1, NOTHING, 0},
        /* fewer keys than learned, more keys than learned */
        {"json", NULL, "{\"a\":1,\"b\":2,\"status\":200}\n{\"a\":1,\"status\":302}", MALFORMED_NONE,
         302, -1, -1, NOTHING, 0},
        {"json", NULL, "{\"status\":200}\n{\"status\":200,\"x\":1,\"status_code\":201}",
         MALFORMED_NONE, 200, -1, -1, NOTHING, 0},
        /* a key that starts like a learned one, and one the learned one starts like */
        {"json", NULL, "{\"status\":200}\n{\"status_code\":404}", MALFORMED_NONE, 404, -1, -1,
         NOTHING, 0},
        {"json", NULL, "{\"status\":200}\n{\"stat\":1,\"status\":203}", MALFORMED_NONE, 203, -1, -1,
         NOTHING, 0},
        /* blanks around the colon and comma: the general walk */
        {"json", NULL,
         "{\"status\":200,\"time\":\"2023-09-04T15:19:52Z\"}\n"
         "{\"status\" : 204 , \"time\": \"2023-09-04T15:19:52Z\" }",
         MALFORMED_NONE, 204, T0, -1, NOTHING, 0},
        /* an escaped key is never a known one, learned or not */
        {"json", NULL,
         "{\"st\\u0061tus\":500,\"status\":200}\n{\"st\\u0061tus\":500,\"status\":205}",
         MALFORMED_NONE, 205, -1, -1, NOTHING, 0},
        /* a line cut short after the learned keys began: unterminated once the status is seen */
        {"json", NULL, "{\"status\":200,\"time\":\"2023-09-04T15:19:52Z\"}\n{\"status\":200,\"ti",
         MALFORMED_UNTERMINATED, 0, -1, -1, NOTHING, 0},
        {"json", NULL, "{\"time\":\"2023-09-04T15:19:52Z\",\"status\":200}\n{\"time\":\"2023-09",
         MALFORMED_BAD_FIELD, 0, -1, -1, NOTHING, 0},
        /* a value that is not JSON where a learned key stands */
        {"json", NULL, "{\"status\":200,\"a\":1}\n{\"status\":200,\"a\":}", MALFORMED_UNTERMINATED,
         0, -1, -1, NOTHING, 0},
        {"json", NULL, "{\"a\":1,\"status\":200}\n{\"a\":,\"status\":200}", MALFORMED_BAD_FIELD, 0,
         -1, -1, NOTHING, 0},
        /* the key the user named wins over the built-in ones, on learned lines too */
        {"json", "code", "{\"code\":201,\"status\":500}\n{\"code\":202,\"status\":500}",
         MALFORMED_NONE, 202, -1, -1, NOTHING, 0},
        /* nginx escape=json: the request line split, seconds with fractions */
        {"json", NULL,
         "{\"request\":\"GET /x?q HTTP/1.1\",\"status\":200,\"request_time\":0.079}\n"
         "{\"request\":\"HEAD /y HTTP/1.1\",\"status\":200,\"request_time\":1.5}",
         MALFORMED_NONE, 200, -1, 1500000, "HEAD", "/y", NULL, NULL, 0},
        /* W3C: rows of the same minute, then a new day, through the time cache */
        {"w3c", NULL,
         "#Fields: date time sc-status\n2020-01-01 00:00:00 200\n"
         "2020-01-01 00:00:59 201",
         MALFORMED_NONE, 201, D0 + 59, -1, NOTHING, 0},
        {"w3c", NULL,
         "#Fields: date time sc-status\n2020-01-01 00:00:59 200\n"
         "2020-01-01 00:01:00 200\n2020-01-02 00:00:07 202",
         MALFORMED_NONE, 202, D0 + 86407, -1, NOTHING, 0},
        {"w3c", NULL,
         "#Fields: date time sc-status\n2020-01-01 00:00:00 200\n"
         "2020-01-01 00:00:01.5 200",
         MALFORMED_NONE, 200, D0 + 1, -1, NOTHING, 0},
        {"w3c", NULL,
         "#Fields: date time sc-status\n2020-01-01 00:00:00 200\n"
         "2020-01-01 00:00:6x 200",
         MALFORMED_BAD_TIMESTAMP, 0, -1, -1, NOTHING, 0},
        /* a role named twice: the later column wins, a bad first one still counts */
        {"w3c", NULL,
         "#Fields: date time sc-status cs-uri-stem sc-status\n"
         "2020-01-01 00:00:00 200 / 404",
         MALFORMED_NONE, 404, D0, -1, NULL, "/", NULL, NULL, 0},
        {"w3c", NULL,
         "#Fields: date time sc-status cs-uri-stem sc-status\n"
         "2020-01-01 00:00:00 2x0 / 404",
         MALFORMED_BAD_STATUS, 0, -1, -1, NOTHING, 0},
        /* a bad status and bad bytes: the earlier column is told */
        {"w3c", NULL, "#Fields: sc-bytes sc-status\nx y", MALFORMED_BAD_BYTES, 0, -1, -1, NOTHING,
         0},
        {"w3c", NULL, "#Fields: sc-status sc-bytes\nx y", MALFORMED_BAD_STATUS, 0, -1, -1, NOTHING,
         0},
        /* columns after the last one with a role are counted, not read */
        {"w3c", NULL, "#Fields: sc-status cs-uri-stem x-a x-b\n200 /p \"weird ~", MALFORMED_NONE,
         200, -1, -1, NULL, "/p", NULL, NULL, 0},
        {"w3c", NULL, "#Fields: sc-status cs-uri-stem x-a x-b\n200 /p 1", MALFORMED_MISSING_FIELDS,
         0, -1, -1, NOTHING, 0},
        {"w3c", NULL, "#Fields: sc-status cs-uri-stem x-a x-b\n200 /p 1 2 3", MALFORMED_TRAILING, 0,
         -1, -1, NOTHING, 0},
        /* an earlier block with more useful columns than the active one */
        {"w3c", NULL,
         "#Fields: date time cs-method cs-uri-stem sc-status time-taken cs(User-Agent) "
         "cs-host\n#Fields: sc-status c-ip\n"
         "2020-01-01 00:00:00 GET /e 304 12 Mozilla/5.0+(X11) shop.example",
         MALFORMED_NONE, 304, D0, 12000, "GET", "/e", "Mozilla/5.0+(X11)", "shop.example",
         SHAPE_W3C_EARLIER},
        /* the site: cs-host over cs(Host) in either order; "-" is no site */
        {"w3c", NULL, "#Fields: cs(Host) sc-status cs-host\na.example 200 b.example",
         MALFORMED_NONE, 200, -1, -1, NULL, NULL, NULL, "b.example", 0},
        {"w3c", NULL, "#Fields: cs-host sc-status cs(Host)\n- 200 a.example", MALFORMED_NONE, 200,
         -1, -1, NULL, NULL, NULL, "a.example", 0},
        {"w3c", NULL, "#Fields: cs-host sc-status cs(Host) cs(User-Agent)\n- 200 - -",
         MALFORMED_NONE, 200, -1, -1, NOTHING, 0},
        /* a status column after the end of a short CloudFront row */
        {"cloudfront", NULL,
         "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem "
         "x-1 x-2 x-3 x-4 x-5 x-6 x-7 x-8 x-9 x-10 x-11 sc-status\n"
         "2020-01-01\t00:00:00\tLAX\t1\t1.2.3.4\tGET\th\t/\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11",
         MALFORMED_MISSING_FIELDS, 0, -1, -1, NOTHING, 0},
};

static void expect_slice(struct slice s, const char *want, const char *what, const char *line)
{
	if (!want) {
		cr_expect_null(s.ptr, "%s: %s %.*s", line, what, (int)s.len, s.ptr ? s.ptr : "");
		return;
	}
	cr_expect(s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0,
	          "%s: %s %.*s, want %s", line, what, (int)s.len, s.ptr ? s.ptr : "(none)", want);
}

static int same_slice(struct slice a, struct slice b)
{
	return a.ptr == b.ptr && (!a.ptr || a.len == b.len);
}

/* Two answers for one line, field for field. */
static void expect_same(const struct record *a, const struct record *b, const char *line)
{
	cr_expect(a->status == b->status && a->upstream == b->upstream && a->bytes == b->bytes &&
	                  a->time == b->time && a->tz == b->tz &&
	                  a->duration_us == b->duration_us && a->shape == b->shape,
	          "%s: numbers differ without the memos", line);
	cr_expect(same_slice(a->request, b->request) && same_slice(a->method, b->method) &&
	                  same_slice(a->path, b->path) && same_slice(a->host, b->host) &&
	                  same_slice(a->vhost, b->vhost) &&
	                  same_slice(a->user_agent, b->user_agent) &&
	                  same_slice(a->referer, b->referer),
	          "%s: fields differ without the memos", line);
}

ParameterizedTestParameters(formats_fast, sequences)
{
	return INDEX_PARAMS(seq_cases);
}

ParameterizedTest(size_t *ix, formats_fast, sequences)
{
	const struct seq_case *c = &seq_cases[*ix];
	struct logformat f;
	cr_assert_eq(logformat_builtin(c->format, &f), 0, "%s", c->format);
	if (c->json_status)
		snprintf(f.json_status, sizeof f.json_status, "%s", c->json_status);
	struct logformat_state st;
	logformat_state_init(&st);
	const char *p = c->text, *last = strrchr(c->text, '\n');
	last = last ? last + 1 : c->text;
	for (const char *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		struct record r;
		logformat_parse(&f, p, (size_t)(nl - p), &st, &r);
	}
	struct logformat_state fresh = st;
	logformat_state_forget(&fresh);
	struct record r, r2;
	enum malformed m = logformat_parse(&f, last, strlen(last), &st, &r);
	enum malformed m2 = logformat_parse(&f, last, strlen(last), &fresh, &r2);
	cr_assert_eq(m, c->want, "%s: got %s, want %s", last, malformed_name(m),
	             malformed_name(c->want));
	cr_assert_eq(m2, m, "%s: %s without the memos", last, malformed_name(m2));
	if (m != MALFORMED_NONE)
		return;
	expect_same(&r, &r2, last);
	cr_expect_eq(r.status, c->status, "%s: status %d", last, r.status);
	cr_expect_eq(r.time, c->time == -1 ? RECORD_NO_TIME : c->time, "%s: time %lld", last,
	             (long long)r.time);
	cr_expect_eq(r.duration_us, c->duration == -1 ? RECORD_NO_DURATION : c->duration,
	             "%s: duration %lld", last, (long long)r.duration_us);
	expect_slice(r.method, c->method, "method", last);
	expect_slice(r.path, c->path, "path", last);
	expect_slice(r.user_agent, c->ua, "user agent", last);
	expect_slice(r.vhost, c->vhost, "site", last);
	cr_expect_eq(r.shape, c->shape, "%s: shape %s", last, record_shape_name(r.shape));
}

/* Rows of every length from 20 to 220 bytes, so that the separators fall before, on and
 * after each 64-byte step (and in the part of the last step already seen), with CR-less
 * rows ending in a separator or not. */
Test(formats_fast, w3c_row_lengths)
{
	struct logformat f;
	logformat_builtin("w3c", &f);
	struct logformat_state st;
	logformat_state_init(&st);
	static const char fields[] = "#Fields: date time cs-uri-stem sc-status sc-bytes "
	                             "time-taken cs(User-Agent) cs(Referer)";
	struct record r;
	cr_assert_eq(logformat_parse(&f, fields, strlen(fields), &st, &r), MALFORMED_NONE);
	for (size_t stem = 1; stem <= 160; stem++) {
		for (int trailing = 0; trailing < 2; trailing++) {
			char row[256], path[200];
			memset(path, 'a', stem);
			path[0] = '/';
			path[stem] = '\0';
			int n = snprintf(row, sizeof row,
			                 "2020-01-01 00:00:00 %s 404 %zu 7 UA/%zu -%s", path, stem,
			                 stem, trailing ? " " : "");
			cr_assert_eq(logformat_parse(&f, row, (size_t)n, &st, &r), MALFORMED_NONE,
			             "%s", row);
			cr_expect_eq(r.status, 404, "%s", row);
			cr_expect_eq(r.bytes, stem, "%s", row);
			cr_expect_eq(r.duration_us, 7000, "%s", row);
			cr_expect_eq(r.time, D0, "%s", row);
			expect_slice(r.path, path, "path", row);
			char ua[32];
			snprintf(ua, sizeof ua, "UA/%zu", stem);
			expect_slice(r.user_agent, ua, "user agent", row);
			expect_slice(r.referer, NULL, "referer", row);
		}
	}
}

/* A row is read up to its layout's last useful column and only counted past it, 64
 * separators at a time: rows of every count around the layout's, with the status early,
 * in the middle or last, over layouts of 1 to W3C_MAX_FIELDS columns. A row fits only
 * with exactly the layout's count. */
Test(formats_fast, w3c_columns_counted_past_the_cut)
{
	struct logformat f;
	logformat_builtin("w3c", &f);
	static const size_t counts[] = {1, 2, 3, 17, 31, 32, 33, 63, W3C_MAX_FIELDS};
	for (size_t ci = 0; ci < sizeof counts / sizeof counts[0]; ci++) {
		size_t n = counts[ci];
		size_t places[] = {0, n / 2, n - 1};
		for (size_t pi = 0; pi < 3; pi++) {
			size_t at = places[pi];
			char fields[2048] = "#Fields:";
			for (size_t i = 0; i < n; i++) {
				size_t len = strlen(fields);
				if (i == at)
					snprintf(fields + len, sizeof fields - len, " sc-status");
				else
					snprintf(fields + len, sizeof fields - len, " x-f%zu", i);
			}
			struct logformat_state st;
			logformat_state_init(&st);
			struct record r;
			cr_assert_eq(logformat_parse(&f, fields, strlen(fields), &st, &r),
			             MALFORMED_NONE);
			static const long deltas[] = {-2, -1, 0, 1, 2, 63, 64, 65, 130};
			for (size_t di = 0; di < sizeof deltas / sizeof deltas[0]; di++) {
				long m = (long)n + deltas[di];
				if (m < 1)
					continue;
				char row[2048];
				size_t len = 0;
				for (long i = 0; i < m; i++)
					len += (size_t)snprintf(row + len, sizeof row - len, "%s%s",
					                        i ? " " : "",
					                        (size_t)i == at ? "404" : "1");
				enum malformed want = m == (long)n  ? MALFORMED_NONE
				                      : m > (long)n ? MALFORMED_TRAILING
				                                    : MALFORMED_MISSING_FIELDS;
				enum malformed got = logformat_parse(&f, row, len, &st, &r);
				cr_expect_eq(got, want, "%zu fields, status at %zu, row of %ld: %d",
				             n, at, m, (int)got);
				if (want == MALFORMED_NONE)
					cr_expect_eq(r.status, 404, "%zu fields, status at %zu", n,
					             at);
			}
		}
	}
}

/* Row text: n columns joined by sep, column i from col(i); returns its length. */
static size_t make_row(char *row, size_t size, size_t n, char sep, const char *(*col)(size_t))
{
	size_t len = 0;
	for (size_t i = 0; i < n && len + 1 < size; i++) {
		if (i)
			row[len++] = sep;
		len += (size_t)snprintf(row + len, size - len, "%s", col(i));
	}
	row[len] = '\0';
	return len;
}

static size_t empty_cols; /* the columns before the three read ones are empty */
static const char *three_last(size_t i)
{
	static const char *const last[] = {"404", "/p", "UA"};
	return i < empty_cols ? "" : last[i - empty_cols];
}

/* Rows where every byte but the last few is a separator (empty columns), so a 64-byte step
 * holds 64 separators past the layout's cut; the three columns read are the last ones. */
Test(formats_fast, w3c_empty_columns)
{
	struct logformat f;
	logformat_builtin("w3c", &f);
	for (size_t n = 3; n <= W3C_MAX_FIELDS; n++) {
		char fields[2048] = "#Fields:";
		for (size_t i = 0; i + 3 < n; i++) {
			size_t len = strlen(fields);
			snprintf(fields + len, sizeof fields - len, " x-f%zu", i);
		}
		strcat(fields, " sc-status cs-uri-stem cs(User-Agent)");
		struct logformat_state st;
		logformat_state_init(&st);
		struct record r;
		cr_assert_eq(logformat_parse(&f, fields, strlen(fields), &st, &r), MALFORMED_NONE);
		char row[512];
		empty_cols = n - 3;
		size_t len = make_row(row, sizeof row, n, ' ', three_last);
		cr_assert_eq(logformat_parse(&f, row, len, &st, &r), MALFORMED_NONE, "%zu: %s", n, row);
		cr_expect_eq(r.status, 404, "%zu", n);
		expect_slice(r.path, "/p", "path", row);
		expect_slice(r.user_agent, "UA", "user agent", row);
		/* one more empty column: a row of n + 1 fits no block */
		char wider[600];
		snprintf(wider, sizeof wider, " %s", row);
		cr_expect_eq(logformat_parse(&f, wider, len + 1, &st, &r), MALFORMED_TRAILING, "%zu",
		             n);
	}
}

static const char *cf_col(size_t i)
{
	static const char *const v[] = {"2019-12-04", "21:02:31", "LAX1", "392", "1.2.3.4", "GET",
	                                "d1.cloudfront.net", "/i.png", "304", "-", "UA", "-",
	                                "-", "Hit", "id", "h.example", "https", "10", "0.002"};
	return i < sizeof v / sizeof v[0] ? v[i] : "extra";
}

/* CloudFront adds columns over the years: rows with the standard 19 and any number more,
 * past a 64-byte step of separators, read the same; 18 columns are too few. A layout
 * naming a role twice is read column by column, the later one winning. */
Test(formats_fast, w3c_wider_cloudfront_rows_and_twice_named_roles)
{
	struct logformat f;
	logformat_builtin("cloudfront", &f);
	struct logformat_state st;
	logformat_state_init(&st);
	static const size_t counts[] = {18, 19, 20, 40, 83, 84, 150};
	for (size_t ci = 0; ci < sizeof counts / sizeof counts[0]; ci++) {
		char row[2048];
		size_t len = make_row(row, sizeof row, counts[ci], '\t', cf_col);
		struct record r;
		enum malformed m = logformat_parse(&f, row, len, &st, &r);
		if (counts[ci] < 19) {
			cr_expect_eq(m, MALFORMED_MISSING_FIELDS, "%zu columns", counts[ci]);
			continue;
		}
		cr_assert_eq(m, MALFORMED_NONE, "%zu columns: %s", counts[ci], malformed_name(m));
		cr_expect_eq(r.status, 304, "%zu columns", counts[ci]);
		cr_expect_eq(r.bytes, 392, "%zu columns", counts[ci]);
		cr_expect_eq(r.duration_us, 2000, "%zu columns", counts[ci]);
		expect_slice(r.path, "/i.png", "path", "cloudfront");
		expect_slice(r.vhost, "h.example", "site", "cloudfront");
	}
	struct logformat w;
	logformat_builtin("w3c", &w);
	logformat_state_init(&st);
	static const char twice[] = "#Fields: sc-status cs-uri-stem sc-status";
	static const char row[] = "200 /a 404";
	struct record r;
	cr_assert_eq(logformat_parse(&w, twice, sizeof twice - 1, &st, &r), MALFORMED_NONE);
	cr_assert_eq(logformat_parse(&w, row, sizeof row - 1, &st, &r), MALFORMED_NONE);
	cr_expect_eq(r.status, 404);
	expect_slice(r.path, "/a", "path", row);
}

/* A row with the shape of an earlier #Fields block whose last useful column lies further
 * than the active block's: the row is cut again that far. */
Test(formats_fast, w3c_earlier_block_read_further)
{
	struct logformat f;
	logformat_builtin("w3c", &f);
	struct logformat_state st;
	logformat_state_init(&st);
	char fields[2048] = "#Fields:";
	for (size_t i = 0; i + 1 < W3C_MAX_FIELDS; i++) {
		size_t len = strlen(fields);
		snprintf(fields + len, sizeof fields - len, " x-f%zu", i);
	}
	strcat(fields, " sc-status");
	static const char active[] = "#Fields: sc-status x-a x-b";
	struct record r;
	cr_assert_eq(logformat_parse(&f, fields, strlen(fields), &st, &r), MALFORMED_NONE);
	cr_assert_eq(logformat_parse(&f, active, sizeof active - 1, &st, &r), MALFORMED_NONE);
	char row[512];
	size_t len = 0;
	for (size_t i = 0; i + 1 < W3C_MAX_FIELDS; i++)
		len += (size_t)snprintf(row + len, sizeof row - len, "1 ");
	len += (size_t)snprintf(row + len, sizeof row - len, "503");
	cr_assert_eq(logformat_parse(&f, row, len, &st, &r), MALFORMED_NONE);
	cr_expect_eq(r.status, 503);
	cr_expect_eq(r.shape, SHAPE_W3C_EARLIER);
	static const char now[] = "201 a b";
	cr_assert_eq(logformat_parse(&f, now, sizeof now - 1, &st, &r), MALFORMED_NONE);
	cr_expect_eq(r.status, 201);
}

/* The JSON walk clears only what says a value was found, not the values: a line after a
 * fuller one, parsed from the same place (the same stack, nothing in between), has none
 * of the fuller line's fields. */
Test(formats_fast, json_line_keeps_nothing_of_the_line_before)
{
	struct logformat f;
	logformat_builtin("json", &f);
	struct logformat_state st;
	logformat_state_init(&st);
	static const char *const lines[] = {
	        "{\"time\":\"2023-09-04T15:19:52Z\",\"status\":200,\"method\":\"GET\",\"uri\":\"/a\","
	        "\"user_agent\":\"u\",\"host\":\"h\",\"remote_ip\":\"1.2.3.4\",\"referer\":\"r\","
	        "\"size\":12,\"duration_ms\":5,\"request\":\"GET /a HTTP/1.1\"}",
	        "{\"status\":204}",
	        "{\"time\":\"2023-09-04T15:19:52Z\",\"status\":200,\"method\":\"GET\",\"uri\":\"/a\","
	        "\"user_agent\":\"u\",\"host\":\"h\",\"remote_ip\":\"1.2.3.4\",\"referer\":\"r\","
	        "\"size\":12,\"duration_ms\":5,\"request\":\"GET /a HTTP/1.1\"}",
	        "{\"x\":[1,2],\"status\":204}"};
	struct record r[4];
	enum malformed m[4];
	for (int i = 0; i < 4; i++)
		m[i] = logformat_parse(&f, lines[i], strlen(lines[i]), &st, &r[i]);
	cr_assert_eq(m[0], MALFORMED_NONE);
	cr_assert_eq(r[0].duration_us, 5000);
	cr_assert_eq(r[0].bytes, 12);
	for (int i = 1; i < 4; i += 2) {
		cr_assert_eq(m[i], MALFORMED_NONE, "%s", lines[i]);
		cr_expect_eq(r[i].status, 204, "%s", lines[i]);
		cr_expect_eq(r[i].time, RECORD_NO_TIME, "%s", lines[i]);
		cr_expect_eq(r[i].duration_us, RECORD_NO_DURATION, "%s", lines[i]);
		cr_expect_eq(r[i].bytes, 0, "%s", lines[i]);
		cr_expect(!r[i].method.ptr && !r[i].path.ptr && !r[i].user_agent.ptr &&
		                  !r[i].vhost.ptr && !r[i].host.ptr && !r[i].referer.ptr &&
		                  !r[i].request.ptr,
		          "%s: a field of the line before", lines[i]);
	}
}

/* More keys than the memo holds, and keys longer than its room: the places past it are
 * looked up on every line, and the status is found wherever it stands. */
Test(formats_fast, json_many_and_long_keys)
{
	struct logformat f;
	logformat_builtin("json", &f);
	struct logformat_state st;
	logformat_state_init(&st);
	char line[8192];
	for (int round = 0; round < 3; round++) {
		size_t n = 0;
		line[n++] = '{';
		for (int k = 0; k < 2 * JSONL_KEYS; k++) {
			if (k ==
			    10) { /* too long to learn: the places from here on are looked up */
				line[n++] = '"';
				memset(line + n, 'x', 300);
				n += 300;
				n += (size_t)snprintf(line + n, sizeof line - n, "\":\"v\",");
			}
			n += (size_t)snprintf(line + n, sizeof line - n, "\"k%d\":%d,", k, k);
		}
		n += (size_t)snprintf(line + n, sizeof line - n, "\"status\":%d}", 200 + round);
		struct record r;
		cr_assert_eq(logformat_parse(&f, line, n, &st, &r), MALFORMED_NONE);
		cr_expect_eq(r.status, 200 + round);
	}
}

/* Lines whose keys change order on every line: the memo stops being tried for a while
 * and starts again; every line keeps its own answer, the one read without the memo. */
Test(formats_fast, json_key_order_keeps_changing)
{
	struct logformat f;
	logformat_builtin("json", &f);
	struct logformat_state st;
	logformat_state_init(&st);
	for (int i = 0; i < 3 * (JSONL_MISSES + JSONL_REST); i++) {
		char line[128];
		int status = 200 + i % 300;
		int n = i % 3 == 0 ? snprintf(line, sizeof line, "{\"status\":%d,\"size\":%d}",
		                              status, i)
		        : i % 3 == 1
		                ? snprintf(line, sizeof line, "{\"size\":%d,\"status\":%d}", i,
		                           status)
		                : snprintf(line, sizeof line,
		                           "{\"a\":[\"}\"],\"status\":%d,\"size\":%d}", status, i);
		struct logformat_state fresh = st;
		fresh.jk.n = 0;
		struct record r, r2;
		cr_assert_eq(logformat_parse(&f, line, (size_t)n, &st, &r), MALFORMED_NONE, "%s",
		             line);
		cr_assert_eq(logformat_parse(&f, line, (size_t)n, &fresh, &r2), MALFORMED_NONE);
		cr_expect_eq(r.status, status, "%s", line);
		cr_expect_eq(r.bytes, (uint64_t)i, "%s", line);
		expect_same(&r, &r2, line);
	}
}
