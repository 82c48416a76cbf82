/* view_classes.c — one row per status class: count, share, rates over 10 s / 1 min /
 * 5 min and its chart; the focused class is highlighted. */
#include "view_impl.h"

#include "report.h"

int view_classes_draw(struct view *v, const struct view_snapshot *s, int y)
{
	static const int order[] = {1, 2, 3, 4, 5, 0};
	int chart_w = v->cols - VIEW_CHART_X - 1;
	attron(A_BOLD);
	view_textf(y, 0, VIEW_CHART_X, "%-5s %12s %7s %9s %8s %8s", "class", "count", "%", "/s 10s",
	           "/s 1m", "/s 5m");
	if (chart_w >= 8) {
		unsigned bucket = (unsigned)((RATE_SECONDS + chart_w - 1) / chart_w);
		unsigned minutes = (unsigned)(RATE_SECONDS / bucket * bucket + 59) / 60;
		if (chart_w >= 22)
			view_textf(y, VIEW_CHART_X, chart_w, "last %u min, %u s/col", minutes,
			           bucket);
		else
			view_textf(y, VIEW_CHART_X, chart_w, "last %u min", minutes);
	}
	attroff(A_BOLD);
	uint64_t req = s->total->requests;
	for (int k = 0; k < 6; k++) {
		int cls = order[k], row = y + 1 + k;
		uint64_t n = tally_class_count(s->total, cls);
		char num[32];
		/* focus 0 means every class, not "other": nothing is highlighted then */
		int attr = view_class_attr(v, cls) | (v->focus && v->focus == cls ? A_REVERSE : 0);
		attron(attr);
		view_textf(row, 0, VIEW_CHART_X, "%-5s %12s %6.1f%% %9.1f %8.1f %8.1f",
		           render_class_name(cls), render_group(n, num, sizeof num),
		           req ? 100.0 * (double)n / (double)req : 0.0,
		           rate_per_second(s->rate, s->now_ms, cls, 10),
		           rate_per_second(s->rate, s->now_ms, cls, 60),
		           rate_per_second(s->rate, s->now_ms, cls, 300));
		attroff(attr);
		if (chart_w >= 8)
			view_chart_draw(v, s, row, VIEW_CHART_X, chart_w, cls);
	}
	return 7;
}
