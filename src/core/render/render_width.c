/* render_width.c — see render_width.h: the width helpers shared by the text renderers
 * (text report, its error sections, summary). */
#include "render_width.h"

#include <string.h>

#include "render_util.h"

unsigned render_width(const struct render_options *o)
{
	unsigned w = o->width ? o->width : RENDER_DEFAULT_WIDTH;
	return w < RENDER_MIN_WIDTH ? RENDER_MIN_WIDTH : w;
}

size_t render_columns(const unsigned char *p, size_t n)
{
	size_t cols = 0;
	for (size_t i = 0; i < n; i++)
		cols += render_sanitized_width(p[i]);
	return cols;
}

size_t render_cut(FILE *out, const unsigned char *p, size_t n, size_t width, int unicode)
{
	size_t all = render_columns(p, n), dots = unicode ? 1 : 3;
	if (all <= width) {
		render_sanitized(out, p, n);
		return all;
	}
	if (width < dots)
		return 0;
	size_t used = 0, i = 0;
	while (i < n && used + render_sanitized_width(p[i]) <= width - dots)
		used += render_sanitized_width(p[i++]);
	render_sanitized(out, p, i);
	fputs(unicode ? "…" : "...", out);
	return used + dots;
}

size_t render_cut_left(FILE *out, const unsigned char *p, size_t n, size_t width, int unicode)
{
	size_t all = render_columns(p, n), dots = unicode ? 1 : 3;
	if (all <= width) {
		render_sanitized(out, p, n);
		return all;
	}
	if (width < dots)
		return 0;
	size_t used = 0, i = n;
	while (i > 0 && used + render_sanitized_width(p[i - 1]) <= width - dots)
		used += render_sanitized_width(p[--i]);
	fputs(unicode ? "…" : "...", out);
	render_sanitized(out, p + i, n - i);
	return used + dots;
}

void render_wrap(FILE *out, const char *text, size_t width, size_t indent, int unicode)
{
	size_t col = 0;
	if (indent >= width)
		indent = 0;
	for (const char *p = text; *p;) {
		size_t blanks = strspn(p, " "), len = strcspn(p + blanks, " ");
		const char *word = p + blanks;
		p = word + len;
		if (!len)
			break;
		if (col && col + blanks + len > width) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			blanks = 0;
		}
		fprintf(out, "%*s", (int)blanks, "");
		col += blanks;
		size_t room = col < width ? width - col : 0;
		if (len <= room) { /* already sanitized: one column a byte */
			fwrite(word, 1, len, out);
			col += len;
		} else if (room > 3) {
			fwrite(word, 1, room - (unicode ? 1 : 3), out);
			fputs(unicode ? "…" : "...", out);
			col = width;
		}
	}
	putc('\n', out);
}
