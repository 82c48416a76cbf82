/* render_html_charts.c — the two SVG charts of the HTML report: requests per class (a
 * bar per class, with the exact numbers in a table under it) and every class over time
 * (one strip per class, one bar per timeline bucket, a labelled time axis). Class names
 * are written beside every bar and strip: color is never the only carrier. */
#include "render_html.h"

#include "logtime.h"

#define BAR_LEFT 44  /* where class bars start */
#define BAR_MAX 200  /* the longest bar */
#define BAR_ROW 26   /* height of a class row */
#define TL_LEFT 70   /* where the time plot starts */
#define TL_WIDTH 720 /* width of the time plot */
#define TL_STRIP 44  /* height of a class strip, gap included */
#define TL_BAR 36    /* tallest bar in a strip */
#define TL_MAX_TICKS 7
#define TL_MIN_SLOTS 30 /* a short timeline keeps narrow bars, the axis runs on */

static void class_table(FILE *out, const struct tally *t)
{
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>Class</th><th>Meaning</th>"
	      "<th class=\"n\">Requests</th><th class=\"n\">%</th>"
	      "<th class=\"n opt\">Bytes</th></tr></thead>\n<tbody>\n",
	      out);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		uint64_t n = tally_class_count(t, cls);
		fprintf(out,
		        "<tr id=\"class-%s\"><td class=\"cls t%d\">%s</td><td>%s</td><td "
		        "class=\"n\">",
		        render_class_name(cls), cls, render_class_name(cls),
		        render_class_title(cls));
		render_html_num(out, NULL, n);
		fprintf(out, "</td><td class=\"n\">%.2f</td><td class=\"n opt\">",
		        render_percent(n, t->requests));
		render_html_num(out, NULL, tally_class_bytes(t, cls));
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table></div>\n", out);
}

void render_html_class_chart(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	uint64_t peak = 0;
	for (int cls = 0; cls < TALLY_CLASSES; cls++)
		if (tally_class_count(t, cls) > peak)
			peak = tally_class_count(t, cls);
	fprintf(out,
	        "<div class=\"pair\"><svg class=\"classes\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "aria-labelledby=\"classes-title\"><title id=\"classes-title\">Requests per "
	        "status class</title>\n",
	        BAR_LEFT + BAR_MAX + 86, TALLY_CLASSES * BAR_ROW + 4);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		uint64_t n = tally_class_count(t, cls);
		int y = k * BAR_ROW + 4;
		char g[32];
		fprintf(out, "<text x=\"0\" y=\"%d\">%s<title>%s</title></text>", y + 14,
		        render_class_name(cls), render_class_title(cls));
		if (n) {
			double w = (double)BAR_MAX * (double)n / (double)peak;
			fprintf(out,
			        "<rect class=\"b k%d\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
			        "height=\"18\">"
			        "<title>%s %s: %s (%.2f%%)</title></rect>",
			        cls, BAR_LEFT, y, w < 1 ? 1.0 : w, render_class_name(cls),
			        render_class_title(cls), render_group(n, g, sizeof g),
			        render_percent(n, t->requests));
		}
		fprintf(out, "<text x=\"%d\" y=\"%d\">%s &#183; %.2f%%</text>\n",
		        BAR_LEFT + BAR_MAX + 8, y + 14, render_group(n, g, sizeof g),
		        render_percent(n, t->requests));
	}
	fputs("</svg>\n", out);
	class_table(out, t);
	fputs("</div>\n", out);
}

/* A tick step (seconds) that puts at most TL_MAX_TICKS labels on span seconds. */
static int64_t tick_step(int64_t span)
{
	static const int64_t ladder[] = {60,     300,     600,     900,     1800,     3600,
	                                 7200,   10800,   21600,   43200,   86400,    172800,
	                                 604800, 1209600, 2592000, 7776000, 15552000, 31536000};
	for (size_t i = 0; i < sizeof ladder / sizeof ladder[0]; i++)
		if (span / ladder[i] < TL_MAX_TICKS)
			return ladder[i];
	return (span / (TL_MAX_TICKS - 1) / 31536000 + 1) * 31536000;
}

/* Labels on round times of the log's own offset: "14:30", "04-25 14:30" or a date. */
static void time_axis(FILE *out, int64_t t0, int64_t t1, int tz, int y)
{
	int64_t span = t1 - t0, step = tick_step(span), off = (int64_t)tz * 60;
	int64_t local = t0 + off; /* the first round local time at or after t0 */
	int64_t first = (local / step + (local % step > 0)) * step - off;
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", TL_LEFT, y,
	        TL_LEFT + TL_WIDTH, y);
	for (int64_t t = first; t <= t1; t += step) {
		char iso[40], label[40];
		logtime_format_iso(t, tz, iso, sizeof iso);
		if (strlen(iso) < 19) /* not "YYYY-MM-DDTHH:MM:SS…": show it whole */
			snprintf(label, sizeof label, "%s", iso);
		else if (step >= 86400)
			snprintf(label, sizeof label, "%.10s", iso);
		else if (span > 86400)
			snprintf(label, sizeof label, "%.5s %.5s", iso + 5, iso + 11);
		else
			snprintf(label, sizeof label, "%.5s", iso + 11);
		double x = TL_LEFT + (double)TL_WIDTH * (double)(t - t0) / (double)span;
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
		        "<text class=\"ax tick\" x=\"%.1f\" y=\"%d\" "
		        "text-anchor=\"middle\">%s</text>\n",
		        x, y, x, y + 4, x, y + 16, label);
	}
}

/* One strip: a bar per bucket, scaled to the strip's own peak so that a few 5xx show
 * beside many 2xx; the strip's total is written at its left. */
static void strip(FILE *out, const struct tally *t, int cls, int y)
{
	const struct timeline *tl = &t->timeline;
	int64_t span = timeline_span(tl);
	uint64_t peak = 0, total = 0;
	for (int64_t i = 0; i < span; i++) {
		uint64_t v = timeline_bucket(tl, i)[cls];
		peak = v > peak ? v : peak;
		total += v;
	}
	char g[32];
	fprintf(out,
	        "<text x=\"0\" y=\"%d\">%s</text><text class=\"ax\" x=\"0\" y=\"%d\">%s</text>\n",
	        y + 18, render_class_name(cls), y + 32, render_group(total, g, sizeof g));
	double w = (double)TL_WIDTH / (double)(span > TL_MIN_SLOTS ? span : TL_MIN_SLOTS);
	double bw = w > 3 ? w - 1 : w;
	for (int64_t i = 0; i < span; i++) {
		uint64_t v = timeline_bucket(tl, i)[cls];
		if (!v)
			continue;
		double h = (double)TL_BAR * (double)v / (double)peak;
		h = h < 1 ? 1 : h;
		char iso[40];
		fprintf(out,
		        "<rect class=\"b k%d\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
		        "height=\"%.1f\">"
		        "<title>%s from %s: %s</title></rect>\n",
		        cls, TL_LEFT + w * (double)i, y + TL_BAR - h, bw, h, render_class_name(cls),
		        logtime_format_iso((tl->lo + i) * tl->width, t->first_tz, iso, sizeof iso),
		        render_group(v, g, sizeof g));
	}
}

void render_html_timeline_chart(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	const struct timeline *tl = &t->timeline;
	int64_t span = timeline_span(tl);
	int64_t t0 = tl->lo * tl->width;
	int64_t t1 = t0 + (span > TL_MIN_SLOTS ? span : TL_MIN_SLOTS) * tl->width;
	int strips = 0;
	for (int cls = 0; cls < TIMELINE_CLASSES; cls++)
		for (int64_t i = 0; i < timeline_span(tl); i++)
			if (timeline_bucket(tl, i)[cls]) {
				strips++;
				break;
			}
	char w[32], a[40], b[40], tz[24];
	logtime_format_iso(t0, t->first_tz, a, sizeof a);
	snprintf(tz, sizeof tz, "%s", strlen(a) > 19 ? a + 19 : ""); /* "+02:00" */
	fprintf(out,
	        "<p class=\"mute\">One bar per <span id=\"bucket\">%s</span>, each class scaled "
	        "to its own peak; times in UTC%s.</p>\n",
	        render_duration(tl->width, w, sizeof w), tz);
	fprintf(out,
	        "<div class=\"scroll\"><svg class=\"time\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "aria-labelledby=\"time-title\"><title id=\"time-title\">Requests per class from "
	        "%s to %s</title>\n",
	        TL_LEFT + TL_WIDTH + 30, strips * TL_STRIP + 26, a,
	        logtime_format_iso((tl->hi + 1) * tl->width, t->first_tz, b, sizeof b));
	int y = 0;
	for (int k = 0; k < TIMELINE_CLASSES; k++) {
		int cls = render_class_at(k), any = 0;
		for (int64_t i = 0; i < timeline_span(tl) && !any; i++)
			any = timeline_bucket(tl, i)[cls] != 0;
		if (!any)
			continue;
		strip(out, t, cls, y);
		y += TL_STRIP;
	}
	time_axis(out, t0, t1, t->first_tz, y + 2);
	fputs("</svg></div>\n", out);
}
