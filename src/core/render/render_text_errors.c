/* render_text_errors.c — the two error sections of the text report: when the errors
 * happened (a sparkline per class over the timeline, at most 60 columns) and which
 * requests caused them (the top ten, log bytes escaped); both fit the report's width. */
#include <string.h>

#include "logtime.h"
#include "render_util.h"
#include "render_width.h"

#define SPARK_COLS 60   /* at most */
#define SPARK_MARGIN 23 /* "  label |" and "| count" around the columns */
#define TOP_ROWS 10
#define TOP_MARGIN 24 /* "  count  code  " before a request, 2 to spare */

#define RESET RENDER_RESET
#define BOLD RENDER_BOLD

static const char *col(const struct render_options *o, const char *c)
{
	return render_col(o->color, c);
}

struct spark {
	const struct timeline *tl;
	int64_t per_col, ncols; /* buckets per column, columns */
};

/* Requests of class cls (-1: every class) in column c. */
static uint64_t column(const struct spark *sp, int64_t c, int cls)
{
	uint64_t sum = 0;
	int64_t end = (c + 1) * sp->per_col, span = timeline_span(sp->tl);
	for (int64_t i = c * sp->per_col; i < end && i < span; i++) {
		const uint64_t *b = timeline_bucket(sp->tl, i);
		for (int k = 0; k < TIMELINE_CLASSES; k++)
			sum += cls < 0 || k == cls ? b[k] : 0;
	}
	return sum;
}

/* One row: eight levels scaled to the row's own peak; blank where nothing happened. */
static void spark_row(FILE *out, const struct spark *sp, const char *label, int cls,
                      const char *color, uint64_t total, const struct render_options *o)
{
	static const char *const blocks[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii[] = " .:-=+*#@";
	uint64_t peak = 0;
	for (int64_t c = 0; c < sp->ncols; c++) {
		uint64_t v = column(sp, c, cls);
		peak = v > peak ? v : peak;
	}
	char a[32];
	fprintf(out, "  %-5s |%s", label, color ? col(o, color) : "");
	for (int64_t c = 0; c < sp->ncols; c++) {
		uint64_t v = column(sp, c, cls);
		int level = v ? (int)((v * 8 + peak - 1) / peak) : 0;
		if (o->unicode)
			fputs(blocks[level], out);
		else
			putc(ascii[level], out);
	}
	fprintf(out, "%s| %12s\n", color ? col(o, RESET) : "", render_group(total, a, sizeof a));
}

/* The column with the most 4xx + 5xx, if any. */
static void busiest(FILE *out, const struct spark *sp, int tz)
{
	int64_t best = -1;
	uint64_t most = 0;
	for (int64_t c = 0; c < sp->ncols; c++) {
		uint64_t v = column(sp, c, 4) + column(sp, c, 5);
		if (v > most) {
			most = v;
			best = c;
		}
	}
	if (best < 0) {
		fputs("  no 4xx or 5xx responses\n", out);
		return;
	}
	char t[40], a[32], b[32];
	int64_t start = (sp->tl->lo + best * sp->per_col) * sp->tl->width;
	fprintf(out, "  most errors from %s: 4xx %s, 5xx %s\n",
	        logtime_format_iso(start, tz, t, sizeof t),
	        render_group(column(sp, best, 4), a, sizeof a),
	        render_group(column(sp, best, 5), b, sizeof b));
}

void render_text_timeline(FILE *out, const struct report *r, const struct render_options *o)
{
	const struct timeline *tl = &r->total.timeline;
	uint64_t all = timeline_total(tl);
	if (!all)
		return;
	int64_t span = timeline_span(tl), width = (int64_t)render_width(o);
	int64_t cols = width - SPARK_MARGIN < SPARK_COLS ? width - SPARK_MARGIN : SPARK_COLS;
	struct spark sp = {tl, (span + cols - 1) / cols, 0};
	sp.ncols = (span + sp.per_col - 1) / sp.per_col;
	int tz = r->total.first_tz;
	char w[32], t1[40], t2[40];
	render_duration(sp.per_col * tl->width, w, sizeof w);
	logtime_format_iso(tl->lo * tl->width, tz, t1, sizeof t1);
	logtime_format_iso((tl->hi + 1) * tl->width, tz, t2, sizeof t2);
	/* "Errors over time (W per column, T1 .. T2)", the range below when too wide */
	int64_t title =
	        16 + 2 + (int64_t)strlen(w) + 12 + (int64_t)(strlen(t1) + 4 + strlen(t2)) + 1;
	fprintf(out, "\n%sErrors over time%s (%s per column", col(o, BOLD), col(o, RESET), w);
	if (title <= width)
		fprintf(out, ", %s .. %s)\n", t1, t2);
	else
		fprintf(out, ")\n  %s .. %s\n", t1, t2);
	uint64_t c4 = 0, c5 = 0;
	for (int64_t i = 0; i < span; i++) {
		c4 += timeline_bucket(tl, i)[4];
		c5 += timeline_bucket(tl, i)[5];
	}
	spark_row(out, &sp, "all", -1, NULL, all, o);
	spark_row(out, &sp, "4xx", 4, render_class_color(4), c4, o);
	spark_row(out, &sp, "5xx", 5, render_class_color(5), c5, o);
	busiest(out, &sp, tz);
}

void render_text_top_errors(FILE *out, const struct report *r, const struct render_options *o)
{
	if (!r->top || !r->top->n)
		return;
	const struct toperr_entry *e[TOP_ROWS];
	size_t n = toperr_top(r->top, e, TOP_ROWS);
	char a[32];
	fprintf(out, "\n%sTop error requests%s", col(o, BOLD), col(o, RESET));
	if (!toperr_exact(r->top) && r->top->n >= TOPERR_CAPACITY)
		fprintf(out, " (approximate: more than %s distinct error requests)",
		        render_group(TOPERR_CAPACITY, a, sizeof a));
	else if (!toperr_exact(r->top))
		fputs(" (approximate: merged from partial lists)", out);
	fprintf(out, "\n  %12s  %4s  %s\n", "count", "code", "request");
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "  %12s  %4d  ", render_group(e[i]->count, a, sizeof a), e[i]->code);
		if (!e[i]->len)
			fputs("\"\"", out); /* an empty request line, shown as logged */
		render_cut(out, e[i]->key, e[i]->len, render_width(o) - TOP_MARGIN, o->unicode);
		putc('\n', out);
	}
}
