/* view_impl.h — what the panels of the live view share: the view object and the drawing
 * helpers of view.c. Each panel (classes, chart, codes, inputs) is one file that draws
 * into a band of rows and reports how many it used. */
#ifndef LOGSTAT_VIEW_IMPL_H
#define LOGSTAT_VIEW_IMPL_H

#include <curses.h>
#include <stdio.h>

#include "view.h"

struct view {
	SCREEN *scr;
	FILE *tty; /* /dev/tty opened for keys and output (owned), or NULL */
	int key_fd;
	int color;        /* color pairs are set up */
	int unicode;      /* block characters for the chart */
	int focus;        /* 0: every class; 1..5: that class */
	int sort_by_code; /* codes table order: 0 by count, 1 by code */
	int help;         /* the help box is shown */
	int rows, cols;
};

/* Column where the class rows' chart starts (also used by the header row). */
#define VIEW_CHART_X 55

/* Write s at (y, x), at most w columns, bytes outside printable ASCII as \xHH. */
void view_text(int y, int x, int w, const char *s);
/* printf-style, then as view_text. */
void view_textf(int y, int x, int w, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Color attribute of a class (0 = other, 1..5), A_NORMAL without colors. */
int view_class_attr(const struct view *v, int cls);

/* Panels. */
int view_classes_draw(struct view *v, const struct view_snapshot *s, int y);
void view_chart_draw(struct view *v, const struct view_snapshot *s, int y, int x, int w, int cls);
int view_codes_draw(struct view *v, const struct view_snapshot *s, int y, int h);
int view_inputs_draw(struct view *v, const struct view_snapshot *s, int y, int h);
int view_errors_draw(struct view *v, const struct view_snapshot *s, int y, int h);

#endif
