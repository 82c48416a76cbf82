/* view_errors.c — the requests behind the errors, live: the top error requests of every
 * input, or, when a class is focused, the paths with the most requests of that class.
 * Counts marked <= are upper bounds (the tables are bounded summaries past their size). */
#include "view_impl.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

#define ROWS_MAX 64

static void draw_error_requests(struct view *v, const struct view_snapshot *s, int y, int rows)
{
	const struct toperr_entry *e[ROWS_MAX];
	size_t n = toperr_top(s->top, e, (size_t)rows < ROWS_MAX ? (size_t)rows : ROWS_MAX);
	char num[32];
	attron(A_BOLD);
	view_textf(y, 0, v->cols, "top error requests%s",
	           toperr_exact(s->top) ? "" : " (approximate: <= upper bounds)");
	attroff(A_BOLD);
	if (!n)
		view_text(y + 1, 2, v->cols - 2, "no 4xx or 5xx requests yet");
	for (size_t i = 0; i < n; i++) {
		int attr = view_class_attr(v, codes_class(e[i]->code));
		view_textf(y + 1 + (int)i, 0, 16, "%2s%12s", e[i]->max_error ? "<=" : "",
		           render_group(e[i]->count, num, sizeof num));
		attron(attr);
		view_textf(y + 1 + (int)i, 16, 5, "%03d", e[i]->code);
		attroff(attr);
		char key[TOPERR_KEY_LEN + 1];
		memcpy(key, e[i]->key, e[i]->len);
		key[e[i]->len] = 0;
		view_text(y + 1 + (int)i, 21, v->cols - 21, key);
	}
}

/* Paths by their count in class cls (lower bounds when the table is approximate). */
static int sort_cls;
static int by_class_count(const void *a, const void *b)
{
	const struct breakdown_row *x = *(const struct breakdown_row *const *)a;
	const struct breakdown_row *y = *(const struct breakdown_row *const *)b;
	uint64_t cx = x->classes[sort_cls], cy = y->classes[sort_cls];
	if (cx != cy)
		return cx > cy ? -1 : 1;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (int)x->len - (int)y->len;
}

static void draw_class_paths(struct view *v, const struct view_snapshot *s, int y, int rows)
{
	const struct breakdown *b = s->paths;
	const struct breakdown_row **order = malloc((b->n ? b->n : 1) * sizeof *order);
	if (!order)
		return;
	size_t n = breakdown_order(b, order, 0);
	sort_cls = v->focus;
	qsort(order, n, sizeof *order, by_class_count);
	attron(A_BOLD | view_class_attr(v, v->focus));
	view_textf(y, 0, v->cols, "top paths answered %s%s", render_class_name(v->focus),
	           breakdown_exact(b) ? "" : " (approximate: counted since each path was kept)");
	attroff(A_BOLD | view_class_attr(v, v->focus));
	char num[32];
	int shown = 0;
	for (size_t i = 0; i < n && shown < rows; i++) {
		const struct breakdown_row *r = order[i];
		if (!r->classes[v->focus])
			break;
		view_textf(y + 1 + shown, 0, 16, "%14s",
		           render_group(r->classes[v->focus], num, sizeof num));
		char key[BREAKDOWN_KEY_LEN + 1];
		memcpy(key, r->key, r->len);
		key[r->len] = 0;
		view_text(y + 1 + shown, 16, v->cols - 16, key);
		shown++;
	}
	if (!shown)
		view_textf(y + 1, 2, v->cols - 2, "no %s requests yet",
		           render_class_name(v->focus));
	free(order);
}

int view_errors_draw(struct view *v, const struct view_snapshot *s, int y, int h)
{
	if (h < 2)
		return 0;
	if (v->focus && s->paths)
		draw_class_paths(v, s, y, h - 1);
	else if (s->top)
		draw_error_requests(v, s, y, h - 1);
	return h;
}
