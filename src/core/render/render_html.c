/* render_html.c — a single-page HTML report: one self-contained file (inline CSS and
 * SVG, no script, no request leaves the page; a Content-Security-Policy says so to the
 * browser too). The page is a list of sections, each a row of the table below; the
 * section bodies live in render_html_charts.c and render_html_tables.c. */
#include "render_html.h"

#include "logtime.h"

/* Escape one code point that is valid UTF-8 but must not reach the page as is: C1
 * controls, bidirectional embeddings/overrides/isolates, line separators, BOM. */
static int html_hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

static uint32_t utf8_decode(const unsigned char *p, size_t len)
{
	static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	uint32_t cp = p[0] & lead_mask[len];
	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

void render_html_text(FILE *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		size_t len;
		switch (c) {
		case '&':
			fputs("&amp;", out);
			continue;
		case '<':
			fputs("&lt;", out);
			continue;
		case '>':
			fputs("&gt;", out);
			continue;
		case '"':
			fputs("&quot;", out);
			continue;
		case '\'':
			fputs("&#39;", out);
			continue;
		case '\\':
			fputs("\\\\", out);
			continue;
		default:
			break;
		}
		if (c >= 0x20 && c < 0x7f) {
			putc(c, out);
		} else if (c >= 0x80 && (len = render_utf8_len(p + i, n - i)) > 0) {
			uint32_t cp = utf8_decode(p + i, len);
			if (html_hidden(cp))
				fprintf(out, "\\u{%04x}", (unsigned)cp);
			else
				fwrite(p + i, 1, len, out);
			i += len - 1;
		} else {
			fprintf(out, "\\x%02x", c);
		}
	}
}

void render_html_str(FILE *out, const char *s)
{
	render_html_text(out, (const unsigned char *)s, strlen(s));
}

void render_html_num(FILE *out, const char *id, uint64_t v)
{
	char g[32];
	fputs("<data", out);
	if (id)
		fprintf(out, " id=\"%s\"", id);
	fprintf(out, " value=\"%llu\">%s</data>", (unsigned long long)v,
	        render_group(v, g, sizeof g));
}

/* The style sheet: system fonts, a palette per color scheme, one column on a phone,
 * a wide grid on a wide screen, plain black on white in print. */
static const char css[] =
        ":root{--bg:#fff;--fg:#1f2328;--mute:#59636e;--line:#d1d9e0;--card:#f6f8fa;"
        "--k1:#0969da;--k2:#1a7f37;--k3:#1b7c83;--k4:#9a6700;--k5:#cf222e;--k0:#8250df;"
        "color-scheme:light dark}\n"
        "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;"
        "--line:#3d444d;--card:#151b23;--k1:#58a6ff;--k2:#3fb950;--k3:#39c5cf;--k4:#d29922;"
        "--k5:#f85149;--k0:#bc8cff}}\n"
        "*{box-sizing:border-box}\n"
        "body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,"
        "-apple-system,'Segoe UI',Roboto,sans-serif}\n"
        "main{max-width:1200px;margin:0 auto;padding:1rem}\n"
        "h1{font-size:1.4rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin:0 0 .6rem}\n"
        "nav{display:flex;flex-wrap:wrap;gap:.3rem .9rem;margin:0 0 1rem;font-size:.9rem}\n"
        "a{color:var(--k1)}\n"
        "section{background:var(--card);border:1px solid var(--line);border-radius:8px;"
        "padding:1rem;margin:0 0 1rem;min-width:0}\n"
        ".grid{display:grid;gap:1rem}\n"
        "@media (min-width:1000px){.grid{grid-template-columns:1fr 1fr}"
        ".grid>.wide{grid-column:1/-1}}\n"
        ".grid>section{margin:0}\n"
        ".pair{display:grid;gap:1rem;align-items:start}\n"
        "@media (min-width:900px){.pair{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}\n"
        "dl.head{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));"
        "gap:.6rem;margin:0}\n"
        "dl.head div{border-left:3px solid var(--line);padding-left:.5rem}"
        "dl.head .wide{grid-column:1/-1}\n"
        "dt{color:var(--mute);font-size:.85rem}dd{margin:0;font-size:1.2rem;"
        "font-variant-numeric:tabular-nums}\n"
        "dd.span{font-size:.95rem}\n"
        ".scroll{overflow-x:auto}\n"
        "table{border-collapse:collapse;width:100%;font-size:.9rem}"
        "table.big{min-width:40rem}\n"
        "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);"
        "vertical-align:top}\n"
        "th{color:var(--mute);font-weight:600}\n"
        "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
        "code,.raw{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
        "font-size:.85rem;overflow-wrap:anywhere;white-space:pre-wrap}\n"
        ".mute{color:var(--mute)}\n"
        ".mark{display:inline-block;border:1px solid var(--line);border-radius:4px;"
        "padding:0 .3rem;margin:0 .2rem .1rem 0;font-size:.75rem;color:var(--mute)}\n"
        ".mark.warn{border-color:var(--k4);color:var(--k4)}\n"
        ".mark.bad{border-color:var(--k5);color:var(--k5)}\n"
        "details summary{cursor:pointer}details p{margin:.3rem 0}\n"
        ".cls{font-weight:600}\n"
        ".t1{color:var(--k1)}.t2{color:var(--k2)}.t3{color:var(--k3)}.t4{color:var(--k4)}"
        ".t5{color:var(--k5)}.t0{color:var(--k0)}\n"
        "svg{display:block;width:100%;height:auto}svg.time{min-width:760px}"
        "svg.classes{max-width:440px}\n"
        "svg text{fill:var(--fg);font-size:12px}svg .ax{fill:var(--mute)}\n"
        "svg line{stroke:var(--line)}\n"
        ".k1{fill:var(--k1)}.k2{fill:var(--k2)}.k3{fill:var(--k3)}.k4{fill:var(--k4)}"
        ".k5{fill:var(--k5)}.k0{fill:var(--k0)}\n"
        ".err{color:var(--k5);font-weight:600}.ok{color:var(--k2);font-weight:600}\n"
        "footer{color:var(--mute);font-size:.8rem;margin:1rem 0}\n"
        "@media (max-width:600px){main{padding:.5rem}section{padding:.7rem}"
        "body{font-size:14px}.opt{display:none}}\n"
        "@media print{:root{--bg:#fff;--fg:#000;--mute:#444;--line:#bbb;--card:#fff}"
        "nav{display:none}section{break-inside:avoid;border:none;padding:0}"
        ".scroll{overflow:visible}svg.time{min-width:0}.grid{display:block}"
        ".grid>section{margin:0 0 1rem}}\n";

static void html_head(FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"logstat " LOGSTAT_VERSION "\">\n"
	      "<title>logstat report</title>\n<style>\n",
	      out);
	fputs(css, out);
	fputs("</style>\n</head>\n<body>\n<main>\n", out);
}

static void head_item(FILE *out, const char *label, const char *id, uint64_t v)
{
	fprintf(out, "<div><dt>%s</dt><dd>", label);
	render_html_num(out, id, v);
	fputs("</dd></div>\n", out);
}

static size_t failed_inputs(const struct report *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->ninputs; i++)
		n += r->inputs[i].failed != 0;
	return n;
}

/* The headline numbers: what was read, how much of it were requests, the time span. */
static void html_headline(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	char hb[32], t1[40], t2[40];
	fputs("<dl class=\"head\">\n", out);
	head_item(out, "Lines", "n-lines", t->lines);
	head_item(out, "Requests", "n-requests", t->requests);
	head_item(out, "No status", "n-no_status", t->no_status);
	head_item(out, "Malformed", "n-malformed", t->malformed);
	if (t->outside)
		head_item(out, "Outside the time window", "n-outside_window", t->outside);
	fprintf(out,
	        "<div><dt>Response bytes</dt><dd><data id=\"n-bytes\" value=\"%llu\">%s"
	        "</data></dd></div>\n",
	        (unsigned long long)t->bytes, render_human_bytes(t->bytes, hb, sizeof hb));
	head_item(out, "Inputs", "n-inputs", r->ninputs);
	size_t failed = failed_inputs(r);
	fprintf(out, "<div><dt>Input errors</dt><dd class=\"%s\">", failed ? "err" : "");
	render_html_num(out, "n-input_errors", failed);
	fputs("</dd></div>\n", out);
	if (t->first != RECORD_NO_TIME)
		fprintf(out,
		        "<div class=\"wide\"><dt>Time span</dt><dd class=\"span\"><time "
		        "id=\"first\">"
		        "%s</time> to <time id=\"last\">%s</time></dd></div>\n",
		        logtime_format_iso(t->first, t->first_tz, t1, sizeof t1),
		        logtime_format_iso(t->last, t->last_tz, t2, sizeof t2));
	else
		fputs("<div><dt>Time span</dt><dd class=\"span\">no times</dd></div>\n", out);
	fputs("</dl>\n", out);
}

static int has_checks(const struct report *r)
{
	return r->nchecks > 0;
}

/* --fail-if, --warning and --critical as evaluated, held or not. */
static void html_checks(FILE *out, const struct report *r)
{
	static const char *const levels[] = {"fail-if", "warning", "critical"};
	fputs("<ul>\n", out);
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct threshold_check *c = &r->checks[i];
		char d[160];
		fprintf(out, "<li><span class=\"%s\">%s</span> --%s <code>", c->held ? "err" : "ok",
		        c->held ? "HELD" : "ok", levels[c->level]);
		render_html_str(out, c->th.text);
		fputs("</code>: ", out);
		render_html_str(out, threshold_describe(&c->th, &c->m, d, sizeof d));
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

static int has_timeline(const struct report *r)
{
	return timeline_total(&r->total.timeline) > 0;
}

static int has_codes(const struct report *r)
{
	return r->total.requests > 0;
}

static int has_top_errors(const struct report *r)
{
	return r->top && r->top->n > 0;
}

static int has_malformed(const struct report *r)
{
	return r->total.malformed > 0;
}

/* The page, in order. A new section is a function and a row; shown NULL: always. wide:
 * spans both columns on a wide screen. */
static const struct html_section {
	const char *id, *title;
	int wide;
	int (*shown)(const struct report *r);
	void (*body)(FILE *out, const struct report *r);
} sections[] = {
        {"summary", "Summary", 1, NULL, html_headline},
        {"checks", "Checks", 1, has_checks, html_checks},
        {"classes", "Status classes", 1, NULL, render_html_class_chart},
        {"timeline", "Requests over time", 1, has_timeline, render_html_timeline_chart},
        {"codes", "Status codes", 1, has_codes, render_html_codes},
        {"top-errors", "Top error requests", 1, has_top_errors, render_html_top_errors},
        {"drill-down", "Drill-down", 1, render_html_has_drill, render_html_drill},
        {"malformed", "Malformed lines", 1, has_malformed, render_html_malformed},
        {"format", "How lines were read", 0, render_html_has_format_facts,
         render_html_format_facts},
        {"sites", "Sites", 1, render_html_has_sites, render_html_sites},
        {"inputs", "Inputs", 1, NULL, render_html_inputs},
};

#define NSECTIONS (sizeof sections / sizeof sections[0])

static void html_nav(FILE *out, const struct report *r)
{
	fputs("<nav aria-label=\"Sections\">", out);
	for (size_t i = 0; i < NSECTIONS; i++)
		if (!sections[i].shown || sections[i].shown(r))
			fprintf(out, "<a href=\"#%s\">%s</a>", sections[i].id, sections[i].title);
	fputs("</nav>\n", out);
}

int render_html(FILE *out, const struct report *r, const struct render_options *o)
{
	(void)o;
	html_head(out);
	fputs("<h1>logstat report</h1>\n", out);
	html_nav(out, r);
	fputs("<div class=\"grid\">\n", out);
	for (size_t i = 0; i < NSECTIONS; i++) {
		const struct html_section *s = &sections[i];
		if (s->shown && !s->shown(r))
			continue;
		fprintf(out, "<section id=\"%s\"%s>\n<h2>%s</h2>\n", s->id,
		        s->wide ? " class=\"wide\"" : "", s->title);
		s->body(out, r);
		fputs("</section>\n", out);
	}
	fputs("</div>\n<footer>Generated by logstat " LOGSTAT_VERSION
	      ". Counts are exact unless marked approximate.</footer>\n</main>\n</body>\n</html>\n",
	      out);
	return ferror(out) ? -1 : 0;
}
