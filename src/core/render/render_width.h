/* render_width.h — fitting text renderers to a width (private to src/core/render): the
 * width to use, text cut with an ellipsis, and lines wrapped at blanks. Columns are
 * counted as render_sanitized writes bytes (one per printable ASCII byte, 2 for a
 * backslash, 4 for an escaped byte); the ellipsis is one column in unicode mode ("…"),
 * three otherwise ("..."). */
#ifndef LOGSTAT_RENDER_WIDTH_H
#define LOGSTAT_RENDER_WIDTH_H

#include <stdio.h>

#include "report.h"

#define RENDER_MIN_WIDTH 40
#define RENDER_DEFAULT_WIDTH 100 /* when the caller gives 0 */

/* o->width, or RENDER_DEFAULT_WIDTH for 0, at least RENDER_MIN_WIDTH. */
unsigned render_width(const struct render_options *o);

/* Columns the n bytes at p take once sanitized. */
size_t render_columns(const unsigned char *p, size_t n);

/* Write p sanitized in at most width columns: whole when it fits, else its head and an
 * ellipsis (render_cut) or an ellipsis and its tail (render_cut_left, for paths).
 * Return the columns written. */
size_t render_cut(FILE *out, const unsigned char *p, size_t n, size_t width, int unicode);
size_t render_cut_left(FILE *out, const unsigned char *p, size_t n, size_t width, int unicode);

/* Write text (already sanitized, one line, no newline) wrapped at blanks so that no line
 * passes width columns; continuation lines are indented by indent blanks. A word longer
 * than a line is cut with an ellipsis. Ends with a newline. */
void render_wrap(FILE *out, const char *text, size_t width, size_t indent, int unicode);

#endif
