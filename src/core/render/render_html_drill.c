/* render_html_drill.c — the drill-down in the HTML report: a table per --by field (the
 * top values with their class split, codes and latency; time buckets all, in order) and
 * the latency per class when durations were logged. Every value is escaped. */
#include <stdlib.h>

#include "render_html.h"

static void latency_cells(FILE *out, const struct report *r, const struct latency *l)
{
	if (!render_has_latency(r))
		return;
	static const double q[4] = {0.5, 0.9, 0.99, 1.0};
	for (int i = 0; i < 4; i++) {
		char b[32];
		if (l && l->count)
			fprintf(out, "<td class=\"n\">%s</td>",
			        render_ms(latency_quantile(l, q[i]), b, sizeof b));
		else
			fputs("<td></td>", out);
	}
}

static void latency_heads(FILE *out, const struct report *r)
{
	if (render_has_latency(r))
		fputs("<th class=\"n\">p50 ms</th><th class=\"n\">p90 ms</th>"
		      "<th class=\"n\">p99 ms</th><th class=\"n\">max ms</th>",
		      out);
}

int render_html_has_drill(const struct report *r)
{
	return r->filter || (r->drill && (r->drill->nasked > 0 || r->drill->durations > 0));
}

static void html_latency(FILE *out, const struct report *r)
{
	if (!render_has_latency(r))
		return;
	fprintf(out,
	        "<h3>Latency by class</h3>\n<p class=\"mute\">Quantiles within %.0f %% of "
	        "the true value (a mergeable sketch); max exact.</p>\n",
	        LATENCY_ALPHA * 100);
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>Class</th><th class=\"n\">"
	      "Durations</th>",
	      out);
	latency_heads(out, r);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		const struct latency *l = &r->drill->cls[cls];
		if (!l->count)
			continue;
		fprintf(out, "<tr><td class=\"t%d\">%s</td><td class=\"n\">", cls,
		        render_class_name(cls));
		render_html_num(out, NULL, l->count);
		fputs("</td>", out);
		latency_cells(out, r, l);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table></div>\n", out);
}

static void html_by_row(FILE *out, const struct report *r, const struct breakdown_row *row)
{
	fprintf(out, "<tr class=\"by\"><td class=\"n\">%s", row->max_error ? "&#8804; " : "");
	render_html_num(out, NULL, row->count);
	fputs("</td>", out);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		fputs("<td class=\"n\">", out);
		render_html_num(out, NULL, row->classes[render_class_at(k)]);
		fputs("</td>", out);
	}
	fputs("<td>", out);
	for (uint8_t i = 0; i < row->ncodes; i++)
		fprintf(out, "%s<code>%03u</code>", i ? " " : "", (unsigned)row->code[i]);
	fputs("</td>", out);
	latency_cells(out, r, &row->lat);
	fputs("<td><code>", out);
	render_html_text(out, row->key, row->len);
	fputs("</code></td></tr>\n", out);
}

static void html_by(FILE *out, const struct report *r, const struct breakdown *b)
{
	const struct breakdown_row **rows = malloc((b->n ? b->n : 1) * sizeof *rows);
	if (!rows)
		return;
	int timed = drill_field_is_time(b->field);
	size_t n = breakdown_order(b, rows, timed), top = r->top_n ? r->top_n : 10;
	size_t shown = timed || n < top ? n : top;
	if (shown > RENDER_HTML_BY_ROWS)
		shown = RENDER_HTML_BY_ROWS;
	fprintf(out, "<h3 id=\"by-%s\">By %s</h3>\n<p class=\"mute\">", drill_field_name(b->field),
	        drill_field_name(b->field));
	char a[32];
	fprintf(out, "%s %zu of %s%s values%s.", timed ? "Buckets (UTC), the first" : "The top",
	        shown, breakdown_exact(b) ? "" : "at least ", render_group(b->n, a, sizeof a),
	        b->missing ? "; some requests do not log it" : "");
	if (!breakdown_exact(b))
		fprintf(out,
		        " Approximate: a count marked &#8804; is an upper bound; a value not "
		        "listed counts at most %s.",
		        render_group(b->floor, a, sizeof a));
	fputs("</p>\n<div class=\"scroll\"><table>\n<thead><tr><th class=\"n\">Count</th>", out);
	for (int k = 0; k < TALLY_CLASSES; k++)
		fprintf(out, "<th class=\"n\">%s</th>", render_class_name(render_class_at(k)));
	fputs("<th>Codes</th>", out);
	latency_heads(out, r);
	fprintf(out, "<th>%s</th></tr></thead>\n<tbody>\n", drill_field_name(b->field));
	for (size_t k = 0; k < shown; k++)
		html_by_row(out, r, rows[k]);
	fputs("</tbody>\n</table></div>\n", out);
	free(rows);
}

void render_html_drill(FILE *out, const struct report *r)
{
	if (r->filter) {
		fputs("<p>Only requests with <code>--status ", out);
		render_html_str(out, r->filter->spec);
		fputs("</code>; left out: ", out);
		render_html_num(out, "n-filtered", r->total.filtered);
		fputs(".</p>\n", out);
	}
	if (!r->drill)
		return;
	html_latency(out, r);
	for (size_t i = 0; i < r->drill->nasked; i++)
		html_by(out, r, r->drill->by[i]);
}

int render_html_has_sites(const struct report *r)
{
	const struct breakdown *b = drill_by(r->drill, BY_VHOST);
	return b && b->n >= 2;
}

static double error_share(const struct breakdown_row *row)
{
	return render_percent(row->classes[4] + row->classes[5], row->count);
}

static int sites_worst_first(const void *a, const void *b)
{
	const struct breakdown_row *x = *(const struct breakdown_row *const *)a;
	const struct breakdown_row *y = *(const struct breakdown_row *const *)b;
	double ex = error_share(x), ey = error_share(y);
	if (ex != ey)
		return ex > ey ? -1 : 1;
	return x->count > y->count ? -1 : x->count < y->count;
}

/* The sites (virtual hosts) the format logs, worst first by their share of 4xx + 5xx, as
 * the text report's Sites table. */
void render_html_sites(FILE *out, const struct report *r)
{
	const struct breakdown *b = drill_by(r->drill, BY_VHOST);
	const struct breakdown_row **rows = b ? calloc(b->n, sizeof *rows) : NULL;
	if (!rows)
		return;
	for (size_t i = 0; i < b->n; i++)
		rows[i] = &b->rows[i];
	qsort(rows, b->n, sizeof *rows, sites_worst_first);
	if (!breakdown_exact(b))
		fputs("<p>Approximate: counts are upper bounds.</p>\n", out);
	fputs("<div class=\"scroll\"><table class=\"big\">\n<thead><tr><th>Site</th>"
	      "<th class=\"n\">Requests</th><th class=\"n\">4xx</th><th class=\"n\">5xx</th>"
	      "</tr></thead>\n<tbody>\n",
	      out);
	size_t shown = b->n < RENDER_HTML_INPUTS ? b->n : RENDER_HTML_INPUTS;
	for (size_t i = 0; i < shown; i++) {
		fputs("<tr><td><code>", out);
		render_html_text(out, rows[i]->key, rows[i]->len);
		fputs("</code></td><td class=\"n\">", out);
		render_html_num(out, NULL, rows[i]->count);
		fprintf(out, "</td><td class=\"n\">%.2f%%</td><td class=\"n\">%.2f%%</td></tr>\n",
		        render_percent(rows[i]->classes[4], rows[i]->count),
		        render_percent(rows[i]->classes[5], rows[i]->count));
	}
	fputs("</tbody>\n</table></div>\n", out);
	if (b->n > shown)
		fprintf(out, "<p>%zu more sites not shown.</p>\n", b->n - shown);
	free(rows);
}
