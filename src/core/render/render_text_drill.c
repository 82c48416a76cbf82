/* render_text_drill.c — the drill-down in the text report: the --status filter line,
 * latency cells of the class table, the inputs / sites table (worst first) and one
 * section per --by field (top values, or every time bucket in order). */
#include <stdlib.h>
#include <string.h>

#include "render_util.h"
#include "render_width.h"

#define RESET RENDER_RESET
#define BOLD RENDER_BOLD
#define DIM RENDER_DIM
#define SITES_ROWS 10

static const char *col(const struct render_options *o, const char *c)
{
	return render_col(o->color, c);
}

char *render_ms(double us, char *buf, size_t size)
{
	double ms = us / 1000.0;
	snprintf(buf, size, ms < 10 ? "%.2f" : ms < 1000 ? "%.1f" : "%.0f", ms);
	return buf;
}

int render_has_latency(const struct report *r)
{
	return r->drill && r->drill->durations > 0;
}

void render_text_filter(FILE *out, const struct report *r, const struct render_options *o)
{
	if (!r->filter)
		return;
	char a[32];
	fprintf(out, "%sFilter%s --status ", col(o, BOLD), col(o, RESET));
	render_sanitized_str(out, r->filter->spec);
	fprintf(out, ": %s lines left out (other codes, no status)\n",
	        render_group(r->total.filtered, a, sizeof a));
}

void render_text_latency_head(FILE *out, const struct report *r)
{
	if (render_has_latency(r))
		fprintf(out, " %8s %8s %8s %8s", "p50 ms", "p90 ms", "p99 ms", "max ms");
}

void render_text_latency(FILE *out, const struct report *r, const struct latency *l)
{
	if (!render_has_latency(r))
		return;
	if (!l || !l->count) {
		fprintf(out, " %8s %8s %8s %8s", "", "", "", "");
		return;
	}
	static const double q[4] = {0.5, 0.9, 0.99, 1.0};
	for (int i = 0; i < 4; i++) {
		char b[32];
		fprintf(out, " %8s", render_ms(latency_quantile(l, q[i]), b, sizeof b));
	}
}

/* Latency when the class table has no room for it: class and code rows, p50 p90 p99 max
 * (p90 and max left out below 60 columns). */
void render_text_latency_table(FILE *out, const struct report *r, const struct render_options *o)
{
	if (!render_has_latency(r))
		return;
	int wide = render_width(o) >= 60;
	static const double q4[4] = {0.5, 0.9, 0.99, 1.0}, q2[2] = {0.5, 0.99};
	const double *q = wide ? q4 : q2;
	fprintf(out, "\n%s%-12s %10s", col(o, BOLD), "latency (ms)", "durations");
	if (wide)
		fprintf(out, " %8s %8s %8s %8s", "p50", "p90", "p99", "max");
	else
		fprintf(out, " %8s %8s", "p50", "p99");
	fprintf(out, "%s\n", col(o, RESET));
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		for (int code = -1; code < TALLY_CODES; code++) {
			const struct latency *l =
			        code < 0 ? &r->drill->cls[cls] : &r->drill->code[code];
			if (!l->count || (code >= 0 && codes_class(code) != cls))
				continue;
			char a[32], label[16];
			if (code < 0)
				snprintf(label, sizeof label, "%s", render_class_name(cls));
			else
				snprintf(label, sizeof label, "  %03d", code);
			fprintf(out, "%s%-12s%s %10s", col(o, render_class_color(cls)), label,
			        col(o, RESET), render_group(l->count, a, sizeof a));
			for (int i = 0; i < (wide ? 4 : 2); i++)
				fprintf(out, " %8s",
				        render_ms(latency_quantile(l, q[i]), a, sizeof a));
			putc('\n', out);
		}
	}
}

struct site {
	const unsigned char *name;
	size_t len;
	uint64_t requests, c4, c5;
};

static int worst_first(const void *a, const void *b)
{
	const struct site *x = a, *y = b;
	double ex = render_percent(x->c4 + x->c5, x->requests);
	double ey = render_percent(y->c4 + y->c5, y->requests);
	if (ex != ey)
		return ex > ey ? -1 : 1;
	return x->requests > y->requests ? -1 : x->requests < y->requests;
}

static void sites_table(FILE *out, const char *title, struct site *s, size_t n, const char *note,
                        const struct render_options *o)
{
	qsort(s, n, sizeof *s, worst_first);
	fprintf(out, "\n%s%s%s %s(worst first: share of 4xx + 5xx)%s%s\n", col(o, BOLD), title,
	        col(o, RESET), col(o, DIM), note, col(o, RESET));
	fprintf(out, "  %12s %7s %7s  %s\n", "requests", "4xx", "5xx", "name");
	for (size_t i = 0; i < n && i < SITES_ROWS; i++) {
		char a[32];
		fprintf(out, "  %12s %6.2f%% %6.2f%%  ", render_group(s[i].requests, a, sizeof a),
		        render_percent(s[i].c4, s[i].requests),
		        render_percent(s[i].c5, s[i].requests));
		size_t w = render_width(o);
		render_cut(out, s[i].name, s[i].len, w > 32 + 8 ? w - 32 : 8, o->unicode);
		putc('\n', out);
	}
	if (n > SITES_ROWS)
		fprintf(out, "  %s %zu more\n", o->unicode ? "…" : "...", n - SITES_ROWS);
}

void render_text_sites(FILE *out, const struct report *r, const struct render_options *o)
{
	if (r->ninputs > 1) {
		struct site *s = calloc(r->ninputs, sizeof *s);
		for (size_t i = 0; s && i < r->ninputs; i++) {
			const struct report_input *in = &r->inputs[i];
			const char *name = render_input_name(in);
			s[i] = (struct site){(const unsigned char *)name, strlen(name),
			                     in->requests, report_input_class_count(in, 4),
			                     report_input_class_count(in, 5)};
		}
		if (s)
			sites_table(out, "Inputs", s, r->ninputs, "", o);
		free(s);
	}
	const struct breakdown *b = drill_by(r->drill, BY_VHOST);
	if (!b || b->n < 2)
		return;
	struct site *s = calloc(b->n, sizeof *s);
	for (size_t i = 0; s && i < b->n; i++) {
		const struct breakdown_row *row = &b->rows[i];
		s[i] = (struct site){row->key, row->len, row->count, row->classes[4],
		                     row->classes[5]};
	}
	if (s)
		sites_table(out, "Sites", s, b->n,
		            breakdown_exact(b) ? "" : "; approximate: counts are upper bounds", o);
	free(s);
}

static void codes_cell(FILE *out, const struct breakdown_row *row)
{
	char buf[64] = "";
	size_t at = 0;
	/* the commonest first (at most two shown) */
	int order[BREAKDOWN_CODES], n = row->ncodes;
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && row->code_count[order[j]] > row->code_count[order[j - 1]];
		     j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (int i = 0; i < n && i < 2; i++)
		at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%03u", i ? " " : "",
		                       (unsigned)row->code[order[i]]);
	if (n > 2 || row->other_codes)
		snprintf(buf + at, sizeof buf - at, " +");
	fprintf(out, " %-9s", buf);
}

/* Which columns of a --by table fit the width: the count, share, 4xx and 5xx shares,
 * codes and (approximate tables) the error always; then, as room allows, p50 and p99,
 * the 2xx and 3xx shares, p90 and max. The value takes the rest (at least 24). */
struct by_layout {
	int lat2, classes, lat4, error, latency_left_out;
	size_t value;
};

static struct by_layout by_layout_of(const struct report *r, const struct breakdown *b,
                                     const struct render_options *o)
{
	struct by_layout l = {0, 0, 0, !breakdown_exact(b), 0, 0};
	size_t w = render_width(o), used = 2 + 12 + 8 + 7 + 7 + 10 + 2 + (l.error ? 11 : 0);
	int lat = render_has_latency(r);
	if (lat && used + 18 + 24 <= w) {
		l.lat2 = 1;
		used += 18;
	}
	if (used + 14 + 24 <= w) {
		l.classes = 1;
		used += 14;
	}
	l.latency_left_out = lat && !l.lat2;
	if (l.lat2 && used + 18 + 24 <= w) {
		l.lat4 = 1;
		used += 18;
	}
	l.value = w > used + 24 ? w - used : 24;
	return l;
}

static void by_header(FILE *out, const struct breakdown *b, size_t shown, const struct by_layout *l,
                      const struct render_options *o)
{
	char a[32], c[32], head[400];
	size_t at = (size_t)snprintf(head, sizeof head, "By %s (", drill_field_name(b->field));
	if (drill_field_is_time(b->field))
		at += (size_t)snprintf(head + at, sizeof head - at, "%zu buckets, UTC", b->n);
	else
		at += (size_t)snprintf(head + at, sizeof head - at, "top %zu of %s%s values", shown,
		                       breakdown_exact(b) ? "" : "at least ",
		                       render_group(b->n, a, sizeof a));
	if (b->missing)
		at += (size_t)snprintf(head + at, sizeof head - at, "; %s requests without it",
		                       render_group(b->missing, c, sizeof c));
	if (!breakdown_exact(b))
		at += (size_t)snprintf(head + at, sizeof head - at,
		                       "; approximate: each count is an upper bound, at most "
		                       "'error' too high; a value not shown counted at most %s",
		                       render_group(b->floor, c, sizeof c));
	if (l->latency_left_out)
		at += (size_t)snprintf(head + at, sizeof head - at,
		                       "; latency per value: --width 90, or JSON, CSV, HTML");
	snprintf(head + at, sizeof head - at, ")");
	fputs("\n", out);
	fputs(col(o, BOLD), out);
	render_wrap(out, head, render_width(o), 2, o->unicode);
	fputs(col(o, RESET), out);
	fprintf(out, "%s  %12s %7s", col(o, BOLD), "count", "share");
	if (l->classes)
		fprintf(out, " %6s %6s", "2xx", "3xx");
	fprintf(out, " %6s %6s %-9s", "4xx", "5xx", "codes");
	if (l->error)
		fprintf(out, " %10s", "error");
	if (l->lat4)
		fprintf(out, " %8s %8s %8s %8s", "p50 ms", "p90 ms", "p99 ms", "max ms");
	else if (l->lat2)
		fprintf(out, " %8s %8s", "p50 ms", "p99 ms");
	fprintf(out, "  %s%s\n", drill_field_name(b->field), col(o, RESET));
}

static void by_row(FILE *out, const struct breakdown *b, const struct breakdown_row *row,
                   const struct by_layout *l, const struct render_options *o)
{
	char a[32], e[32];
	uint64_t base = row->count - row->max_error; /* what the class split adds up to */
	uint64_t whole = base ? base : row->count;
	fprintf(out, "  %12s %6.2f%%", render_group(row->count, a, sizeof a),
	        render_percent(row->count, b->requests));
	for (int cls = l->classes ? 2 : 4; cls <= 5; cls++)
		fprintf(out, " %5.1f%%", render_percent(row->classes[cls], whole));
	codes_cell(out, row);
	if (l->error)
		fprintf(out, " %10s", render_group(row->max_error, e, sizeof e));
	static const double q4[4] = {0.5, 0.9, 0.99, 1.0}, q2[2] = {0.5, 0.99};
	const double *q = l->lat4 ? q4 : q2;
	for (int k = 0; k < (l->lat4 ? 4 : l->lat2 ? 2 : 0); k++) {
		char m[32];
		fprintf(out, " %8s",
		        row->lat.count ? render_ms(latency_quantile(&row->lat, q[k]), m, sizeof m)
		                       : "");
	}
	fputs("  ", out);
	render_cut(out, row->key, row->len, l->value, o->unicode);
	putc('\n', out);
}

void render_text_by(FILE *out, const struct report *r, const struct render_options *o)
{
	if (r->drill && r->drill->lost)
		fprintf(out,
		        "\n%sDrill-down incomplete:%s memory ran out; some rows or durations "
		        "were not counted\n",
		        col(o, render_class_color(5)), col(o, RESET));
	for (size_t i = 0; r->drill && i < r->drill->nasked; i++) {
		const struct breakdown *b = r->drill->by[i];
		const struct breakdown_row **rows = malloc((b->n ? b->n : 1) * sizeof *rows);
		if (!rows)
			return;
		int timed = drill_field_is_time(b->field);
		size_t n = breakdown_order(b, rows, timed), top = r->top_n ? r->top_n : 10;
		size_t shown = timed || n < top ? n : top;
		struct by_layout l = by_layout_of(r, b, o);
		by_header(out, b, shown, &l, o);
		for (size_t k = 0; k < shown; k++)
			by_row(out, b, rows[k], &l, o);
		free(rows);
	}
}
