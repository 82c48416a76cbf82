/* render_html_tables.c — the tables of the HTML report: status codes with their
 * reference (name, meaning, origin, marks, the explanation to expand), top error
 * requests, malformed lines by reason with escaped examples, and the inputs. Every
 * string from a log, a file name or a codes file goes through render_html_text. */
#include "render_html.h"

static void mark(FILE *out, const char *kind, const char *text)
{
	fprintf(out, " <span class=\"mark%s%s\">", kind[0] ? " " : "", kind);
	render_html_str(out, text);
	fputs("</span>", out);
}

/* Marks after a code's name: unknown, unofficial (with its origin), deprecated and the
 * like, and whether the row came from a user codes file. */
static void code_marks(FILE *out, const struct code_entry *p)
{
	static const struct {
		unsigned flag;
		const char *text;
	} flags[] = {{CODE_DEPRECATED, "deprecated"}, {CODE_UNUSED, "unused"},
	             {CODE_RESERVED, "reserved"},     {CODE_EXPERIMENTAL, "experimental"},
	             {CODE_RETIRED, "retired"},       {CODE_DUBIOUS, "dubious"},
	             {CODE_USER, "codes file"}};
	if (!p) {
		mark(out, "bad", "unknown code");
		return;
	}
	if (!(p->flags & CODE_OFFICIAL)) {
		fputs(" <span class=\"mark warn\">unofficial: ", out);
		render_html_str(out, p->origin);
		fputs("</span>", out);
	}
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (p->flags & flags[i].flag)
			mark(out, (flags[i].flag & (CODE_DEPRECATED | CODE_RETIRED)) ? "warn" : "",
			     flags[i].text);
}

static void para(FILE *out, const char *label, const char *text)
{
	if (!text[0])
		return;
	fprintf(out, "<p><b>%s</b> ", label);
	render_html_str(out, text);
	fputs("</p>", out);
}

/* The reference for a code: its meaning in the open, the rest behind <details> (which
 * opens without script). */
static void code_reference(FILE *out, const struct code_entry *p, const struct code_entry *rows,
                           size_t n)
{
	if (!p) {
		fputs("<span class=\"mute\">Not in the reference: a private or mistyped code."
		      "</span>",
		      out);
		return;
	}
	render_html_str(out, p->meaning);
	if (!p->details[0] && !p->advice[0] && !p->rfc[0] && n < 2)
		return;
	fputs("<details><summary>More</summary>", out);
	para(out, "Defined by", (p->flags & CODE_OFFICIAL) && p->rfc[0] ? p->rfc : p->origin);
	para(out, "Details", p->details);
	para(out, "In logs", p->advice);
	para(out, "Also called", p->aliases);
	for (size_t i = 0; i < n; i++) {
		if (&rows[i] == p)
			continue;
		fputs("<p><b>Also, for ", out);
		render_html_str(out, rows[i].origin);
		fputs(":</b> ", out);
		render_html_str(out, rows[i].name);
		fputs(" &#8212; ", out);
		render_html_str(out, rows[i].meaning);
		fputs("</p>", out);
	}
	fputs("</details>", out);
}

static void code_row(FILE *out, const struct report *r, int code)
{
	const struct tally *t = &r->total;
	size_t n;
	const struct code_entry *rows;
	const struct code_entry *p = render_primary(r, code, &n, &rows);
	int cls = codes_class(code);
	fprintf(out, "<tr id=\"code-%03d\"><td><code>%03d</code></td><td", code, code);
	if (p) {
		fputs(" title=\"", out);
		render_html_str(out, p->meaning);
		fputs("\"><span class=\"name\">", out);
		render_html_str(out, p->name);
		fputs("</span>", out);
	} else {
		putc('>', out);
	}
	code_marks(out, p);
	fprintf(out, "</td><td class=\"cls t%d\">%s</td><td class=\"n\">", cls,
	        render_class_name(cls));
	render_html_num(out, NULL, t->count[code]);
	fprintf(out, "</td><td class=\"n\">%.2f</td><td class=\"n opt\">",
	        render_percent(t->count[code], t->requests));
	render_html_num(out, NULL, t->code_bytes[code]);
	fputs("</td><td>", out);
	code_reference(out, p, rows, n);
	fputs("</td></tr>\n", out);
}

void render_html_codes(FILE *out, const struct report *r)
{
	fputs("<div class=\"scroll\"><table class=\"big\">\n<thead><tr><th>Code</th><th>Name</th>"
	      "<th>Class</th><th class=\"n\">Requests</th><th class=\"n\">%</th>"
	      "<th class=\"n opt\">Bytes</th><th>Meaning</th></tr></thead>\n<tbody>\n",
	      out);
	for (int k = 0; k < TALLY_CLASSES; k++)
		for (int c = 0; c < TALLY_CODES; c++)
			if (r->total.count[c] && codes_class(c) == render_class_at(k))
				code_row(out, r, c);
	fputs("</tbody>\n</table></div>\n", out);
}

void render_html_top_errors(FILE *out, const struct report *r)
{
	const struct toperr_entry *e[RENDER_HTML_TOP_ERRORS];
	size_t n = toperr_top(r->top, e, RENDER_HTML_TOP_ERRORS);
	char a[32];
	if (!toperr_exact(r->top))
		fprintf(out,
		        "<p class=\"mute\">Approximate: %s; a count marked &#8804; is an upper "
		        "bound.</p>\n",
		        r->top->n >= TOPERR_CAPACITY ? "more distinct error requests than are kept"
		                                     : "merged from partial lists");
	fprintf(out,
	        "<p class=\"mute\">The %zu most frequent of <span id=\"toperr-distinct\">%s</span> "
	        "distinct requests kept that were answered with 4xx, 5xx or another error "
	        "code.</p>\n",
	        n, render_group(r->top->n, a, sizeof a));
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th class=\"n\">Count</th>"
	      "<th>Code</th><th>Request</th></tr></thead>\n<tbody>\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		int cls = codes_class(e[i]->code);
		fprintf(out, "<tr class=\"toperr\"><td class=\"n\">%s",
		        e[i]->max_error ? "&#8804; " : "");
		render_html_num(out, NULL, e[i]->count);
		fprintf(out, "</td><td class=\"t%d\"><code>%03d</code></td><td><code>", cls,
		        e[i]->code);
		if (e[i]->len)
			render_html_text(out, e[i]->key, e[i]->len);
		else
			fputs("<span class=\"mute\">(empty request line)</span>", out);
		fputs("</code></td></tr>\n", out);
	}
	fputs("</tbody>\n</table></div>\n", out);
}

static void malformed_examples(FILE *out, const struct report *r, const struct tally *t)
{
	if (!t->nexamples)
		return;
	fputs("<h3>First examples</h3>\n<ul class=\"examples\">\n", out);
	for (size_t i = 0; i < t->nexamples; i++) {
		const struct tally_example *ex = &t->examples[i];
		fputs("<li><span class=\"mute\">", out);
		render_html_str(out, ex->input < r->ninputs
		                             ? render_input_name(&r->inputs[ex->input])
		                             : "?");
		fprintf(out, ":%s%llu (%s)</span><br><code class=\"raw\">",
		        render_example_skip(r, ex) ? "+" : "", (unsigned long long)ex->line,
		        malformed_name(ex->reason));
		render_html_text(out, ex->text, ex->len);
		fprintf(out, "</code>%s</li>\n",
		        ex->truncated ? " <span class=\"mark\">cut short</span>" : "");
	}
	fputs("</ul>\n", out);
}

void render_html_malformed(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	fputs("<div class=\"scroll\"><table class=\"big\">\n<thead><tr><th>Reason</th>"
	      "<th class=\"n\">Lines</th><th>What it means</th></tr></thead>\n<tbody>\n",
	      out);
	for (int m = 1; m < MALFORMED_COUNT; m++) {
		if (!t->malformed_by[m])
			continue;
		const char *name = malformed_name((enum malformed)m);
		fprintf(out, "<tr id=\"malformed-%s\"><td><code>%s</code></td><td class=\"n\">",
		        name, name);
		render_html_num(out, NULL, t->malformed_by[m]);
		fprintf(out, "</td><td>%s</td></tr>\n", malformed_text((enum malformed)m));
	}
	fputs("</tbody>\n</table></div>\n", out);
	malformed_examples(out, r, t);
}

static void input_row(FILE *out, size_t i, const struct report_input *in)
{
	fprintf(out, "<tr id=\"input-%zu\"><td><code>", i);
	render_html_str(out, render_input_name(in));
	fputs("</code></td><td>", out);
	render_html_str(out, in->format[0] ? in->format : "-");
	fputs("</td><td class=\"opt\">", out);
	render_html_str(out, in->compression[0] ? in->compression : "-");
	const uint64_t v[] = {in->lines,
	                      in->requests,
	                      in->no_status,
	                      in->malformed,
	                      report_input_class_count(in, 4),
	                      report_input_class_count(in, 5)};
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
		fputs("</td><td class=\"n\">", out);
		render_html_num(out, NULL, v[k]);
	}
	fputs("</td><td>", out);
	if (in->failed) {
		fputs("<span class=\"err\">error:</span> ", out);
		render_html_str(out, in->error);
	} else {
		fputs("<span class=\"ok\">read</span>", out);
	}
	if (in->warning[0]) {
		fputs("<br><span class=\"err\">warning:</span> ", out);
		render_html_str(out, in->warning);
	}
	fputs("</td></tr>\n", out);
}

int render_html_has_format_facts(const struct report *r)
{
	const struct tally *t = &r->total;
	for (int k = 1; k < SHAPE_COUNT; k++)
		if (t->shapes[k])
			return 1;
	return t->directives > 0 || t->upstream.lines > 0;
}

/* How the lines were read: counted lines of an odd shape, format directives, and what
 * the target behind a load balancer answered (a 502 it sent, or one the balancer made). */
void render_html_format_facts(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	int any = t->directives > 0;
	for (int k = 1; k < SHAPE_COUNT; k++)
		any |= t->shapes[k] > 0;
	if (any)
		fputs("<dl class=\"facts\">\n", out);
	for (int k = 1; k < SHAPE_COUNT; k++) {
		if (!t->shapes[k])
			continue;
		const char *name = record_shape_name((enum record_shape)k);
		fprintf(out, "<div><dt>Lines of shape <code>%s</code></dt><dd>", name);
		char id[48];
		snprintf(id, sizeof id, "shape-%s", name);
		render_html_num(out, id, t->shapes[k]);
		fputs("</dd></div>\n", out);
	}
	if (t->directives) {
		fputs("<div><dt>Directive lines (not counted as lines)</dt><dd>", out);
		render_html_num(out, "directives", t->directives);
		fputs("</dd></div>\n", out);
	}
	if (any)
		fputs("</dl>\n", out);
	const struct tally_upstream *u = &t->upstream;
	if (!u->lines)
		return;
	fputs("<table>\n<thead><tr><th>Target status</th><th class=\"n\">Requests</th></tr>"
	      "</thead>\n<tbody>\n",
	      out);
	for (size_t i = 0; i < u->n; i++) {
		fprintf(out, "<tr><td>%03u</td><td class=\"n\">", (unsigned)u->code[i].code);
		render_html_num(out, NULL, u->code[i].count);
		fputs("</td></tr>\n", out);
	}
	if (u->none) {
		fputs("<tr><td>no response from the target</td><td class=\"n\">", out);
		render_html_num(out, "target-none", u->none);
		fputs("</td></tr>\n", out);
	}
	if (u->others) {
		fputs("<tr><td>other codes</td><td class=\"n\">", out);
		render_html_num(out, NULL, u->others);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

void render_html_inputs(FILE *out, const struct report *r)
{
	fputs("<div class=\"scroll\"><table "
	      "class=\"big\">\n<thead><tr><th>Input</th><th>Format</th>"
	      "<th class=\"opt\">Compression</th><th class=\"n\">Lines</th>"
	      "<th class=\"n\">Requests</th><th class=\"n\">No status</th>"
	      "<th class=\"n\">Malformed</th><th class=\"n\">4xx</th><th class=\"n\">5xx</th>"
	      "<th>Status</th></tr></thead>\n<tbody>\n",
	      out);
	/* past the cut, errors come first so that none hides behind it */
	int errors_first = r->ninputs > RENDER_HTML_INPUTS;
	size_t shown = 0;
	for (size_t i = 0; errors_first && i < r->ninputs && shown < RENDER_HTML_INPUTS; i++)
		if (r->inputs[i].failed) {
			input_row(out, i, &r->inputs[i]);
			shown++;
		}
	for (size_t i = 0; i < r->ninputs && shown < RENDER_HTML_INPUTS; i++)
		if (!errors_first || !r->inputs[i].failed) {
			input_row(out, i, &r->inputs[i]);
			shown++;
		}
	fputs("</tbody>\n</table></div>\n", out);
	if (shown < r->ninputs) {
		char a[32];
		fprintf(out,
		        "<p class=\"mute\">%s more inputs are not listed (-o json lists "
		        "all).</p>\n",
		        render_group(r->ninputs - shown, a, sizeof a));
	}
}
