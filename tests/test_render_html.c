/* test_render_html.c — the HTML report in process: the escaper on a table of hostile
 * bytes and on random bytes, a report full of hostile strings (log lines, file names, a
 * codes file) whose markup stays logstat's own, the chart element counts, the sections
 * left out when empty, and the size bound on the worst input. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "render_html.h"
#include "support.h"

static char *escaped(const char *in, size_t n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	render_html_text(f, (const unsigned char *)in, n);
	fclose(f);
	return buf;
}

static const struct {
	const char *in;
	size_t n; /* 0: strlen */
	const char *out;
} cases[] = {
        {"GET / HTTP/1.1", 0, "GET / HTTP/1.1"},
        {"<script>alert(1)</script>", 0, "&lt;script&gt;alert(1)&lt;/script&gt;"},
        {"\"><img src=x onerror=alert(1)>", 0, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
        {"' onmouseover='x", 0, "&#39; onmouseover=&#39;x"},
        {"javascript:alert(1)", 0, "javascript:alert(1)"},
        {"a&b&amp;", 0, "a&amp;b&amp;amp;"},
        {"\033[31mred\033]0;t\007", 0, "\\x1b[31mred\\x1b]0;t\\x07"},
        {"a\0b", 3, "a\\x00b"},
        {"tab\there\nnl\r", 0, "tab\\x09here\\x0anl\\x0d"},
        {"back\\slash", 0, "back\\\\slash"},
        {"\x7f", 0, "\\x7f"},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
         "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
        {"\xff\xfe", 0, "\\xff\\xfe"},
        {"\xc0\xaf", 0, "\\xc0\\xaf"},          /* overlong '/' */
        {"\xed\xa0\x80", 0, "\\xed\\xa0\\x80"}, /* a surrogate */
        {"\xe2\x82", 0, "\\xe2\\x82"},          /* cut short */
        {"\xc2\x85next", 0, "\\u{0085}next"},   /* C1 NEL */
        {"abc\xe2\x80\xae"
         "def",
         0, "abc\\u{202e}def"},             /* right-to-left override */
        {"\xe2\x81\xa6x", 0, "\\u{2066}x"}, /* isolate */
        {"\xe2\x80\xa8", 0, "\\u{2028}"},   /* line separator */
        {"\xef\xbb\xbf", 0, "\\u{feff}"},   /* BOM */
};

ParameterizedTestParameters(html, escape)
{
	return INDEX_PARAMS(cases);
}

ParameterizedTest(size_t *i, html, escape)
{
	size_t n = cases[*i].n ? cases[*i].n : strlen(cases[*i].in), len;
	char *got = escaped(cases[*i].in, n, &len);
	cr_expect_str_eq(got, cases[*i].out, "case %zu", *i);
	free(got);
}

/* Whatever the bytes, the output is text: no raw markup character, no control byte,
 * every '&' starts one of the entities the escaper writes. */
static void expect_inert(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		cr_assert(c != '<' && c != '>' && c != '"' && c != '\'', "raw %c at %zu", c, i);
		cr_assert(c >= 0x20 && c != 0x7f, "control byte 0x%02x at %zu", c, i);
		if (c == '&')
			cr_assert(strncmp(s + i, "&amp;", 5) == 0 ||
			                  strncmp(s + i, "&lt;", 4) == 0 ||
			                  strncmp(s + i, "&gt;", 4) == 0 ||
			                  strncmp(s + i, "&quot;", 6) == 0 ||
			                  strncmp(s + i, "&#39;", 5) == 0,
			          "bare & at %zu", i);
	}
}

Test(html, random_bytes_stay_inert)
{
	unsigned seed = 12345;
	char in[64];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 64);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly the interesting bytes: markup, controls, UTF-8 leads */
			static const char pick[] = "<>\"'&\\\x1b\x00\x7f\xc2\xe2\x80\xae\x85\xf0"
			                           "a";
			in[i] = (seed >> 16) % 3 ? pick[(seed >> 8) % (sizeof pick - 1)]
			                         : (char)(seed >> 8);
		}
		size_t len;
		char *out = escaped(in, n, &len);
		expect_inert(out, len);
		free(out);
	}
}

/* A report on the heap (a tally is big), with one input. */
struct fixture {
	struct report r;
	struct input_result *in;
	struct report_inputs kept; /* what the report holds of in, made by render */
	struct toperr *top;
	struct code_table table;
	struct threshold_check check;
};

static void fixture_init(struct fixture *f, const char *name)
{
	memset(f, 0, sizeof *f);
	f->in = calloc(1, sizeof *f->in);
	f->top = toperr_new();
	cr_assert(f->in && f->top);
	snprintf(f->in->name, sizeof f->in->name, "%s", name);
	snprintf(f->in->format, sizeof f->in->format, "combined");
	snprintf(f->in->compression, sizeof f->in->compression, "plain");
	tally_init(&f->in->tally);
	cr_assert(codes_table_init(&f->table) == 0);
	f->r.ninputs = 1;
	f->r.top = f->top;
	f->r.table = f->table.rows;
	f->r.table_n = f->table.n;
}

static void fixture_free(struct fixture *f)
{
	free(f->in);
	report_inputs_free(&f->kept);
	toperr_free(f->top);
	codes_table_free(&f->table);
}

static void add(struct fixture *f, int status, int64_t time, uint64_t n)
{
	struct record rec = {.status = status, .bytes = 10, .time = time, .tz = 120};
	for (uint64_t i = 0; i < n; i++)
		tally_record(&f->in->tally, &rec);
}

static char *render(struct fixture *f, size_t *len)
{
	tally_init(&f->r.total);
	tally_merge(&f->r.total, &f->in->tally);
	report_inputs_free(&f->kept);
	cr_assert(report_inputs_add(&f->kept, f->in) == 0);
	f->r.inputs = f->kept.v;
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	cr_assert(render_html(out, &f->r, NULL) == 0);
	fclose(out);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The attributes of one tag (the text after its name): no event handler, nothing to
 * load, links only within the page. Values are quoted by the renderer. */
static void expect_safe_attributes(const char *a, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (a[i] == ' ' || a[i] == '/' || a[i] == '\n'))
			i++;
		size_t name = i;
		while (i < n && a[i] != '=' && a[i] != ' ')
			i++;
		char attr[32];
		snprintf(attr, sizeof attr, "%.*s", (int)(i - name), a + name);
		cr_assert(strncmp(attr, "on", 2) != 0 && strcmp(attr, "src") != 0 &&
		                  strcmp(attr, "style") != 0,
		          "attribute %s", attr);
		if (i < n && a[i] == '=') {
			char q = a[++i];
			cr_assert(q == '"', "unquoted value of %s", attr);
			const char *end = memchr(a + i + 1, '"', n - i - 1);
			cr_assert(end, "unterminated value of %s", attr);
			if (strcmp(attr, "href") == 0)
				cr_assert(a[i + 1] == '#', "href to %.20s", a + i + 1);
			i = (size_t)(end - a) + 1;
		}
	}
}

/* Every tag in the page is one logstat writes, and none has an event handler, a link
 * to a script or a source to load: what a log carries is never inside a tag. */
static void expect_own_markup(const char *html)
{
	static const char *const allowed[] = {
	        "!DOCTYPE", "html", "head", "meta", "title", "style",   "body",    "main",
	        "h1",       "h2",   "h3",   "nav",  "a",     "div",     "section", "dl",
	        "dt",       "dd",   "data", "time", "p",     "span",    "table",   "thead",
	        "tbody",    "tr",   "th",   "td",   "code",  "details", "summary", "b",
	        "ul",       "li",   "br",   "svg",  "text",  "rect",    "line",    "footer"};
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *name = p + 1 + (p[1] == '/');
		size_t n = strcspn(name, " >\n/");
		int ok = 0;
		for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
			ok |= strlen(allowed[i]) == n && strncmp(allowed[i], name, n) == 0;
		cr_assert(ok, "unexpected tag <%.*s> in: %.80s", (int)n, name, p);
		expect_safe_attributes(p + 1 + n, strcspn(p, ">") - 1 - n);
	}
	cr_expect_null(strstr(html, "<script"));
}

Test(html, hostile_strings_stay_text)
{
	struct fixture f;
	fixture_init(&f, "<script>alert('name')</script>\x1b[2J.log");
	static const char codes[] =
	        "299 | <img src=x onerror=alert(1)> | <b>bold</b> | javascript:alert(2) "
	        "| details=\"><script>alert(3)</script> | advice=' onmouseover='alert(4)\n";
	char err[256];
	cr_assert(codes_table_parse(&f.table, codes, sizeof codes - 1, "codes", err, sizeof err) ==
	                  0,
	          "%s", err);
	f.r.table = f.table.rows;
	f.r.table_n = f.table.n;
	add(&f, 299, 1000000, 3);
	add(&f, 404, 1000060, 2);
	static const char line[] = "\"><img src=x onerror=alert(5)> <script>x</script> \x01\xff";
	tally_malformed(&f.in->tally, MALFORMED_BAD_FIELD, 0, 7, line, sizeof line - 1);
	static const char req[] =
	        "GET /<script>alert(6)</script>?u=javascript:alert(7) \xe2\x80\xae";
	cr_assert(toperr_put(f.top, 404, (const unsigned char *)req, sizeof req - 1, 2, 0) == 0);
	f.in->failed = 1;
	snprintf(f.in->error, sizeof f.in->error, "<iframe src=//evil>");
	size_t len;
	char *html = render(&f, &len);
	expect_own_markup(html);
	cr_expect(strstr(html, "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;\\x1b[2J.log"));
	cr_expect(strstr(html, "&lt;img src=x onerror=alert(1)&gt;"));
	cr_expect(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(5)&gt;"));
	cr_expect(strstr(html, "?u=javascript:alert(7) \\u{202e}"));
	cr_expect(strstr(html, "&lt;iframe src=//evil&gt;"));
	free(html);
	fixture_free(&f);
}

Test(html, charts_have_one_bar_per_count)
{
	struct fixture f;
	fixture_init(&f, "access.log");
	add(&f, 200, 1000000, 5); /* bucket 0: 2xx */
	add(&f, 503, 1000000, 1); /* bucket 0: 5xx */
	add(&f, 200, 1000120, 2); /* bucket 2: 2xx */
	add(&f, 302, 1000240, 1); /* bucket 4: 3xx */
	add(&f, 999, 1000240, 1); /* bucket 4: other */
	size_t len;
	char *html = render(&f, &len);
	const char *time = strstr(html, "<svg class=\"time\"");
	cr_assert(time);
	/* class chart: 2xx, 3xx, 5xx, other; timeline: five (bucket, class) pairs */
	cr_expect_eq(count(html, "<rect class=\"b ") - count(time, "<rect class=\"b "), 4);
	cr_expect_eq(count(time, "<rect class=\"b "), 5);
	cr_expect_eq(count(time, "class=\"ax tick\""), 6, "ticks every 5 minutes over 30");
	cr_expect(strstr(html, "<data id=\"n-requests\" value=\"10\">10</data>"));
	cr_expect(strstr(html, "<tr id=\"code-503\">"));
	cr_expect_null(strstr(html, "id=\"malformed\""), "no malformed section when none");
	cr_expect_null(strstr(html, "href=\"#malformed\""));
	cr_expect_null(strstr(html, "id=\"top-errors\""), "nothing was put in the table");
	free(html);
	fixture_free(&f);
}

Test(html, empty_report_is_a_page)
{
	struct fixture f;
	fixture_init(&f, "-");
	size_t len;
	char *html = render(&f, &len);
	expect_own_markup(html);
	cr_expect(strstr(html, "<code>(stdin)</code>"));
	cr_expect(strstr(html, "no times"));
	cr_expect_null(strstr(html, "<svg class=\"time\""));
	cr_expect(strstr(html, "</html>\n"));
	free(html);
	fixture_free(&f);
}

/* The worst a log can do: every status code, a full top-error table of keys that escape
 * to four times their length, malformed examples of the same: still well under 1 MB. */
Test(html, size_is_bounded)
{
	struct fixture f;
	fixture_init(&f, "big.log");
	for (int c = 0; c < TALLY_CODES; c++)
		add(&f, c, 1000000 + (int64_t)c * 86400 * 7, 1);
	unsigned char key[TOPERR_KEY_LEN];
	memset(key, '<', sizeof key);
	for (int i = 0; i < TOPERR_CAPACITY; i++) {
		memcpy(key, &i, sizeof i);
		toperr_put(f.top, 500, key, sizeof key, 1000 + (uint64_t)i, 0);
	}
	char line[TALLY_EXAMPLE_LEN * 2];
	memset(line, '"', sizeof line);
	for (int i = 0; i < 10; i++)
		tally_malformed(&f.in->tally, MALFORMED_BAD_FIELD, 0, (uint64_t)i + 1, line,
		                sizeof line);
	size_t len;
	char *html = render(&f, &len);
	cr_expect_lt(len, 600u * 1024, "%zu bytes", len);
	cr_log_info("worst-case page: %zu bytes", len);
	cr_expect_eq(count(html, "<tr class=\"toperr\">"), RENDER_HTML_TOP_ERRORS);
	free(html);
	fixture_free(&f);
}

/* -o html from the three ways to a report: a plain run, a --state run (twice: the second
 * sees only what is new) and `logstat merge` of JSON reports. */
Test(html, from_state_runs_and_merge)
{
	char *dir = tmpdir_make();
	static const char log[] = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" "
	                          "200 5\n1.2.3.4 - - [10/Oct/2000:13:56:36 -0700] \"GET /x "
	                          "HTTP/1.1\" 503 5\n";
	char *path = write_file(dir, "a.log", log, sizeof log - 1);
	char state[512], json[512], html[512];
	snprintf(state, sizeof state, "%s/state", dir);
	snprintf(json, sizeof json, "%s/a.json", dir);
	snprintf(html, sizeof html, "%s/out.html", dir);
	const char *first[] = {"-o", "html", "--state", state, "--output-file", html, path, NULL};
	struct run_result r = run_logstat(first, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	char *page = read_file(html, NULL);
	cr_assert(page);
	cr_expect(strstr(page, "<data id=\"n-requests\" value=\"2\">"));
	free(page);
	run_result_free(&r);
	r = run_logstat(first, NULL, 0, NULL);
	page = read_file(html, NULL);
	cr_expect(strstr(page, "<data id=\"n-requests\" value=\"0\">"), "only what is new");
	free(page);
	run_result_free(&r);
	const char *to_json[] = {"-o", "json", "--output-file", json, path, NULL};
	r = run_logstat(to_json, NULL, 0, NULL);
	cr_expect_eq(r.status, 0);
	run_result_free(&r);
	const char *merge[] = {"merge", "-o", "html", json, json, NULL};
	r = run_logstat(merge, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "<data id=\"n-requests\" value=\"4\">"));
	cr_expect(strstr(r.out, "<tr id=\"code-503\">"));
	cr_expect_eq(count(r.out, "<tr id=\"input-"), 2);
	run_result_free(&r);
	free(path);
	tmpdir_remove(dir);
}
