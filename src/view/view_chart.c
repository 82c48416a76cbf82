/* view_chart.c — a sparkline of one class over the last minutes, one column per bucket
 * of seconds, scaled to that class's own peak so a quiet class still shows its shape. */
#include "view_impl.h"

#include <stdint.h>

void view_chart_draw(struct view *v, const struct view_snapshot *s, int y, int x, int w, int cls)
{
	static const char *const blocks[] = {" ",
	                                     "\xe2\x96\x81",
	                                     "\xe2\x96\x82",
	                                     "\xe2\x96\x83",
	                                     "\xe2\x96\x84",
	                                     "\xe2\x96\x85",
	                                     "\xe2\x96\x86",
	                                     "\xe2\x96\x87",
	                                     "\xe2\x96\x88"};
	static const char ascii[] = " .:-=+*#@";
	if (w <= 0)
		return;
	unsigned bucket = (unsigned)((RATE_SECONDS + w - 1) / w);
	size_t n = (size_t)(RATE_SECONDS / bucket);
	if (n > (size_t)w)
		n = (size_t)w;
	uint64_t series[RATE_SECONDS], peak = 0;
	rate_series(s->rate, s->now_ms, cls, bucket, series, n);
	for (size_t i = 0; i < n; i++)
		if (series[i] > peak)
			peak = series[i];
	attron(view_class_attr(v, cls));
	for (size_t i = 0; i < n; i++) {
		int level = peak ? (int)((series[i] * 8 + peak - 1) / peak) : 0;
		int cx = x + w - (int)n + (int)i;
		if (v->unicode)
			mvaddstr(y, cx, blocks[level]);
		else
			mvaddch(y, cx, (chtype)(unsigned char)ascii[level]);
	}
	attroff(view_class_attr(v, cls));
}
