/* view_codes.c — the codes seen, by count or by code, with the reference name and, for
 * codes no RFC defines, whose they are (nginx 499, Cloudflare 52x ...). Limited to the
 * focused class when one is. */
#include "view_impl.h"

#include <stdint.h>
#include <stdlib.h>

#include "codes.h"
#include "report.h"

#define NAME_X 26
#define ORIGIN_W 24

struct seen {
	int code;
	uint64_t count;
};

static int by_count(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->code - y->code;
}

static int by_code(const void *a, const void *b)
{
	return ((const struct seen *)a)->code - ((const struct seen *)b)->code;
}

/* The row that names code (core rule: official, else the usual meaning). */
static const struct code_entry *primary(const struct view_snapshot *s, int code)
{
	const struct code_entry *first;
	size_t n = codes_find(s->table, s->table_n, code, &first);
	return codes_primary(first, n);
}

static void draw_row(struct view *v, const struct view_snapshot *s, int y, const struct seen *c)
{
	const struct code_entry *e = primary(s, c->code);
	char num[32], origin[64];
	uint64_t req = s->total->requests;
	int attr = view_class_attr(v, codes_class(c->code));
	attron(attr);
	view_textf(y, 0, NAME_X - 1, "%03d %12s %6.1f%%", c->code,
	           render_group(c->count, num, sizeof num),
	           req ? 100.0 * (double)c->count / (double)req : 0.0);
	attroff(attr);
	const char *name = e                      ? e->name
	                   : codes_class(c->code) ? "(unknown)"
	                                          : "(not an HTTP status)";
	snprintf(origin, sizeof origin, "%s%s",
	         e && !(e->flags & CODE_OFFICIAL) ? "unofficial: " : "", e ? e->origin : "");
	int name_w = v->cols - NAME_X - ORIGIN_W;
	if (name_w < 12)
		name_w = v->cols - NAME_X;
	view_text(y, NAME_X, name_w - 1, name);
	if (v->cols - NAME_X - ORIGIN_W >= 12)
		view_text(y, v->cols - ORIGIN_W, ORIGIN_W, origin);
}

int view_codes_draw(struct view *v, const struct view_snapshot *s, int y, int h)
{
	if (h < 2)
		return 0;
	static struct seen seen[TALLY_CODES];
	size_t n = 0;
	for (int c = 0; c < TALLY_CODES; c++)
		if (s->total->count[c] && (!v->focus || codes_class(c) == v->focus))
			seen[n++] = (struct seen){c, s->total->count[c]};
	qsort(seen, n, sizeof seen[0], v->sort_by_code ? by_code : by_count);
	attron(A_BOLD);
	view_textf(y, 0, NAME_X - 1, "code%12s %7s", "count", "%");
	view_text(y, NAME_X, v->cols - NAME_X, "name");
	if (v->cols - NAME_X - ORIGIN_W >= 12)
		view_text(y, v->cols - ORIGIN_W, ORIGIN_W, "origin");
	attroff(A_BOLD);
	int rows = h - 1;
	int overflow = (int)n > rows && rows > 0;
	int shown = overflow ? rows - 1 : rows; /* the last row then says how many are left */
	for (size_t i = 0; i < n && (int)i < shown; i++)
		draw_row(v, s, y + 1 + (int)i, &seen[i]);
	if (overflow) {
		move(y + rows, 0);
		clrtoeol();
		view_textf(y + rows, 0, v->cols, "... %zu more codes", n - (size_t)shown);
	}
	return h;
}
