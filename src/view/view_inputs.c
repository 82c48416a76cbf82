/* view_inputs.c — one row per followed input: its state (following, rotated, waiting,
 * ended, error), lines counted, format and name; names and errors are sanitised. */
#include "report.h"
#include "view_impl.h"

#include <string.h>

#define NAME_X 43

int view_inputs_draw(struct view *v, const struct view_snapshot *s, int y, int h)
{
	int rows = (int)s->ninputs < h ? (int)s->ninputs : h;
	for (int i = 0; i < rows; i++) {
		const struct view_input *in = &s->inputs[i];
		if (i == rows - 1 && (int)s->ninputs > rows) {
			view_textf(y + i, 0, v->cols, "... and %zu more inputs",
			           s->ninputs - (size_t)rows + 1);
			break;
		}
		char num[32];
		int bad = strcmp(in->state, "error") == 0;
		if (bad)
			attron(view_class_attr(v, 5));
		view_textf(y + i, 0, NAME_X - 1, "%-9s %10s lines  %-14.14s", in->state,
		           render_group(in->lines, num, sizeof num),
		           *in->format ? in->format : "-");
		if (bad)
			attroff(view_class_attr(v, 5));
		view_text(y + i, NAME_X, v->cols - NAME_X,
		          strcmp(in->name, "-") == 0 ? "(stdin)" : in->name);
		const char *why = bad && *in->error ? in->error : in->notice ? in->notice : "";
		if (*why) {
			int x = NAME_X + (int)strlen(in->name) + 2;
			attron(view_class_attr(v, 5));
			view_text(y + i, x, v->cols - x, why);
			attroff(view_class_attr(v, 5));
		}
	}
	return rows;
}
