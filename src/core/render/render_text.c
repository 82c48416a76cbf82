/* render_text.c — the default human report: inputs, totals, a histogram row per class
 * with its codes underneath, the error sections (render_text_errors.c), then malformed
 * lines. Color and block bars only when the caller says the terminal supports them; log
 * bytes are always escaped. No line is wider than the width asked for (render_width):
 * names, annotations and examples are cut with an ellipsis, never wrapped. */
#include <stdlib.h>
#include <string.h>

#include "logtime.h"
#include "render_util.h"
#include "render_width.h"

#define BAR_WIDTH 24     /* at most */
#define NAME_WIDTH 36    /* at most */
#define INPUT_FIGURES 70 /* " format comp lines requests no-status malformed" */
#define INPUT_NAME 32

/* Column widths of the class table: the figures as wide as their longest value, then the
 * code names and the bars share what the width leaves (names first, bars at least 8). */
struct layout {
	size_t width, name, bar;
	int count, bytes; /* widths of the count and bytes columns */
	size_t figures;   /* " count  %  bytes" after a name */
	int latency;      /* latency columns in the table */
};

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static struct layout layout_of(const struct report *r, const struct render_options *o)
{
	const struct tally *t = &r->total;
	char buf[32];
	struct layout l = {render_width(o), NAME_WIDTH, BAR_WIDTH, 5, 5, 0, 0};
	l.count = max_int(l.count, (int)strlen(render_group(t->requests, buf, sizeof buf)));
	for (int cls = 0; cls < TALLY_CLASSES; cls++)
		l.bytes = max_int(l.bytes, (int)strlen(render_human_bytes(tally_class_bytes(t, cls),
		                                                          buf, sizeof buf)));
	for (int c = 0; c < TALLY_CODES; c++)
		if (t->count[c])
			l.bytes = max_int(l.bytes, (int)strlen(render_human_bytes(
			                                   t->code_bytes[c], buf, sizeof buf)));
	long longest = 4, flags = 0;
	for (int c = 0; c < TALLY_CODES; c++) {
		size_t n = 0;
		const struct code_entry *p = t->count[c] ? render_primary(r, c, &n, NULL) : NULL;
		long len = p ? (long)render_columns((const unsigned char *)p->name, strlen(p->name))
		             : 0;
		longest = len > longest ? len : longest;
		flags |= t->count[c] &&
		         (!p || !(p->flags & CODE_OFFICIAL) || n > 1 || (p->flags & CODE_MARKS));
	}
	l.figures = 1 + (size_t)l.count + 1 + 7 + 1 + (size_t)l.bytes;
	/* latency columns (" p50 ms p90 ms p99 ms max ms", 9 each) when names and bars still
	 * fit beside them; else render_text_latency_table prints them after the table */
	l.latency = render_has_latency(r) && l.width >= 6 + l.figures + 4 * 9 + 2 + 20 + 8;
	if (l.latency)
		l.figures += 4 * 9;
	long room = (long)l.width - 6 - (long)l.figures - 2; /* name and bar (and annotation) */
	long name = longest < NAME_WIDTH ? longest : NAME_WIDTH;
	if (flags && name > room - 30) /* leave an annotation room, names at least 24 */
		name = room - 30 > 24 ? room - 30 : 24 < name ? 24 : name;
	if (name > room - 8)
		name = room - 8;
	l.name = name > 10 ? (size_t)name : 10;
	long bar = room - (long)l.name - (flags ? 22 : 0); /* annotations before long bars */
	bar = bar < 8 ? 8 : bar;
	l.bar = bar < 0 ? 0 : bar > BAR_WIDTH ? BAR_WIDTH : (size_t)bar;
	return l;
}

#define RESET RENDER_RESET
#define BOLD RENDER_BOLD
#define DIM RENDER_DIM

static const char *col(const struct render_options *o, const char *c)
{
	return render_col(o->color, c);
}

/* A bar of share * width cells; eighth blocks in unicode mode. Padded to its full width
 * only when something follows on the line (pad). Returns the cells written. */
static int bar(FILE *out, double share, const struct render_options *o, size_t width, int pad)
{
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	int units = (int)(share * (double)width * 8 + 0.5);
	if (!width)
		return 0;
	if (share > 0 && units == 0)
		units = 1;
	int cells = 0;
	for (; units >= 8; units -= 8, cells++)
		fputs(o->unicode ? "█" : "#", out);
	if (units > 0) {
		fputs(o->unicode ? eighths[units] : (units >= 4 ? "#" : ""), out);
		cells += o->unicode || units >= 4;
	}
	for (; pad && cells < (int)width; cells++)
		putc(' ', out);
	return cells;
}

static const char *ellipsis(const struct render_options *o)
{
	return o->unicode ? "…" : "...";
}

/* The input table: one row per input when the width allows, else the name (and its
 * error) on a line of its own with the figures underneath. */
static void print_inputs(FILE *out, const struct report *r, const struct render_options *o)
{
	char a[32], b[32], c[32], d[32];
	size_t w = render_width(o);
	int failed = 0;
	for (size_t i = 0; i < r->ninputs; i++)
		failed |= r->inputs[i].failed;
	int one_row = w >= INPUT_NAME + INPUT_FIGURES + (failed ? 30 : 0);
	const char *figures = "%-15s %-5s %12s %12s %10s %10s";
	if (one_row)
		fprintf(out, "%s%-*s ", col(o, BOLD), INPUT_NAME, "input");
	else
		fprintf(out, "%sinput\n  ", col(o, BOLD));
	fprintf(out, figures, "format", "comp", "lines", "requests", "no-status", "malformed");
	fprintf(out, "%s\n", col(o, RESET));
	for (size_t i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];
		const char *name = render_input_name(in);
		size_t used = render_cut_left(out, (const unsigned char *)name, strlen(name),
		                              one_row ? INPUT_NAME : w, o->unicode);
		if (one_row)
			fprintf(out, "%*s ", (int)(INPUT_NAME - used), "");
		else if (in->failed)
			used += (size_t)fprintf(out, "  ");
		if (in->failed && !one_row) {
			fprintf(out, "%s", col(o, render_class_color(5)));
			if (w > used + 8) {
				fputs("ERROR: ", out);
				render_cut(out, (const unsigned char *)in->error, strlen(in->error),
				           w - used - 7, o->unicode);
			}
			fputs(col(o, RESET), out);
		}
		if (!one_row)
			fputs("\n  ", out);
		fprintf(out, figures, in->format[0] ? in->format : "-",
		        in->compression[0] ? in->compression : "-",
		        render_group(in->lines, a, sizeof a),
		        render_group(in->requests, b, sizeof b),
		        render_group(in->no_status, c, sizeof c),
		        render_group(in->malformed, d, sizeof d));
		if (in->failed && one_row) {
			fprintf(out, "  %sERROR: ", col(o, render_class_color(5)));
			render_cut(out, (const unsigned char *)in->error, strlen(in->error),
			           w - INPUT_NAME - INPUT_FIGURES - 9, o->unicode);
			fputs(col(o, RESET), out);
		}
		putc('\n', out);
	}
	putc('\n', out);
}

/* Pieces separated by three blanks, a new line (indented 6) where the next would pass
 * the width. Each piece is "Label value" with the label in bold. */
static void flow(FILE *out, const char *const *label, const char *const *value, size_t n,
                 const struct render_options *o)
{
	size_t w = render_width(o), at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(label[i]) + 1 + strlen(value[i]);
		if (at && at + 3 + len > w) {
			fputs("\n      ", out);
			at = 6;
		} else if (at) {
			fputs("   ", out);
			at += 3;
		}
		fprintf(out, "%s%s%s %s", i ? "" : col(o, BOLD), label[i], i ? "" : col(o, RESET),
		        value[i]);
		at += len;
	}
	putc('\n', out);
}

/* Odd-but-counted lines by shape, directive lines, and what the target behind a load
 * balancer answered: each a line (wrapped to the width), printed only when there is
 * something to say. */
static void print_format_facts(FILE *out, const struct tally *t, const struct render_options *o)
{
	char a[32], *line = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&line, &len);
	if (!mem)
		return;
	int any = 0;
	for (int k = 1; k < SHAPE_COUNT; k++) {
		if (!t->shapes[k])
			continue;
		fprintf(mem, "%s %s %s", any ? "," : "Shapes",
		        record_shape_name((enum record_shape)k),
		        render_group(t->shapes[k], a, sizeof a));
		any = 1;
	}
	if (any)
		fputs("  (read from their [time] \"request\" status size)\n", mem);
	if (t->directives)
		fprintf(mem, "Directives %s  (format header lines, not counted as lines)\n",
		        render_group(t->directives, a, sizeof a));
	const struct tally_upstream *u = &t->upstream;
	if (u->lines) {
		fputs("Target status", mem);
		for (size_t i = 0; i < u->n; i++)
			fprintf(mem, "%s %03u %s", i ? "," : "", (unsigned)u->code[i].code,
			        render_group(u->code[i].count, a, sizeof a));
		if (u->none)
			fprintf(mem, "%s no response %s", u->n ? "," : "",
			        render_group(u->none, a, sizeof a));
		if (u->others)
			fprintf(mem, ", others %s", render_group(u->others, a, sizeof a));
		putc('\n', mem);
	}
	if (fclose(mem) == 0)
		for (char *p = line, *end; *p; p = end + 1) {
			end = strchr(p, '\n');
			*end = 0; /* every line above ends with one */
			render_wrap(out, p, render_width(o), 2, o->unicode);
		}
	free(line);
}

static void print_totals(FILE *out, const struct report *r, const struct render_options *o)
{
	const struct tally *t = &r->total;
	char a[32], b[32], c[32], d[32], e[32], t1[40], t2[40];
	const char *labels[] = {"Lines", "requests", "no status", "malformed", "bytes"};
	const char *values[] = {
	        render_group(t->lines, a, sizeof a), render_group(t->requests, b, sizeof b),
	        render_group(t->no_status, c, sizeof c), render_group(t->malformed, d, sizeof d),
	        render_human_bytes(t->bytes, e, sizeof e)};
	flow(out, labels, values, 5, o);
	if (t->first != RECORD_NO_TIME)
		fprintf(out, "%sTime%s  %s .. %s\n", col(o, BOLD), col(o, RESET),
		        logtime_format_iso(t->first, t->first_tz, t1, sizeof t1),
		        logtime_format_iso(t->last, t->last_tz, t2, sizeof t2));
	else
		fprintf(out, "%sTime%s  -\n", col(o, BOLD), col(o, RESET));
	for (int after = 0; after < 2; after++)
		if (render_window_skipped(r, after))
			fprintf(out, "%s%s bytes %s not read (%s; --no-seek reads them)%s\n",
			        col(o, DIM),
			        render_group(render_window_skipped(r, after), a, sizeof a),
			        after ? "after --until" : "before --since", after ? "stop" : "seek",
			        col(o, RESET));
	render_text_filter(out, r, o);
	print_format_facts(out, t, o);
	putc('\n', out);
}

/* After the bar, as plain text into out: "[unknown code]", or the primary row's origin
 * when unofficial, its marks (deprecated, unused ...) and the other meanings by name:
 * [unofficial: nginx; also Esri "Token Required"], [unused, reserved; also HTCPCP "I'm a
 * teapot"]. Returns its color; NULL (nothing written) for a plain official code. */
static const char *flag_text(FILE *out, const struct code_entry *p, const struct code_entry *rows,
                             size_t n)
{
	char marks[128];
	const char *sep = "";

	if (!p) {
		fputs("[unknown code]", out);
		return render_class_color(5);
	}
	codes_marks(p->flags, ", ", marks, sizeof marks);
	if ((p->flags & CODE_OFFICIAL) && n < 2 && !marks[0])
		return NULL;
	fputs("[", out);
	if (!(p->flags & CODE_OFFICIAL)) {
		fputs("unofficial: ", out);
		render_sanitized(out, (const unsigned char *)p->origin, strlen(p->origin));
		sep = ", ";
	}
	if (marks[0]) {
		fprintf(out, "%s%s", sep, marks);
		sep = ", ";
	}
	for (size_t i = 0; i < n; i++) {
		if (&rows[i] == p)
			continue;
		fputs(sep[0] ? "; also " : "also ", out);
		render_sanitized(out, (const unsigned char *)rows[i].origin,
		                 strlen(rows[i].origin));
		fputs(" \"", out);
		render_sanitized(out, (const unsigned char *)rows[i].name, strlen(rows[i].name));
		fputs("\"", out);
		sep = ", ";
	}
	fputs("]", out);
	return (p->flags & CODE_OFFICIAL) ? DIM : render_class_color(4);
}

/* "  NNN Name  count  %  bytes  bar  [annotation]": the annotation right after the bar,
 * cut to the width. */
static void print_code(FILE *out, const struct report *r, int code, const struct render_options *o,
                       const struct layout *l)
{
	const struct tally *t = &r->total;
	size_t n, flen = 0;
	const struct code_entry *rows;
	const struct code_entry *p = render_primary(r, code, &n, &rows);
	const char *name = p ? p->name : "";
	char a[32], b[32], *flag = NULL;
	FILE *mem = open_memstream(&flag, &flen);
	const char *color = mem ? flag_text(mem, p, rows, n) : NULL;
	if (mem)
		fclose(mem);
	fprintf(out, "  %03d ", code);
	size_t used =
	        render_cut(out, (const unsigned char *)name, strlen(name), l->name, o->unicode);
	fprintf(out, "%*s %*s %6.2f%% %*s", (int)(l->name - used), "", l->count,
	        render_group(t->count[code], a, sizeof a),
	        render_percent(t->count[code], t->requests), l->bytes,
	        render_human_bytes(t->code_bytes[code], b, sizeof b));
	if (l->latency)
		render_text_latency(out, r, r->drill ? &r->drill->code[code] : NULL);
	fprintf(out, "  %s", col(o, render_class_color(codes_class(code))));
	used = 6 + l->name + l->figures + 2;
	used += (size_t)bar(out, t->requests ? (double)t->count[code] / (double)t->requests : 0, o,
	                    l->bar, 0);
	fputs(col(o, RESET), out);
	if (color && used + 2 + (o->unicode ? 1 : 3) <= l->width) {
		fprintf(out, "  %s", col(o, color));
		render_cut(out, (const unsigned char *)flag, flen, l->width - used - 2, o->unicode);
		fputs(col(o, RESET), out);
	}
	free(flag);
	putc('\n', out);
}

static void print_classes(FILE *out, const struct report *r, const struct render_options *o)
{
	const struct tally *t = &r->total;
	struct layout l = layout_of(r, o);
	int label = (int)(6 + l.name);
	fprintf(out, "%s%-*s %*s %7s %*s", col(o, BOLD), label, "class / code", l.count, "count",
	        "%", l.bytes, "bytes");
	if (l.latency)
		render_text_latency_head(out, r);
	fprintf(out, "%s\n", col(o, RESET));
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		uint64_t count = tally_class_count(t, cls);
		char a[32], b[32];
		fprintf(out, "%s%s%-*s%s %*s %6.2f%% %*s", col(o, BOLD),
		        col(o, render_class_color(cls)), label, render_class_name(cls),
		        col(o, RESET), l.count, render_group(count, a, sizeof a),
		        render_percent(count, t->requests), l.bytes,
		        render_human_bytes(tally_class_bytes(t, cls), b, sizeof b));
		if (l.latency)
			render_text_latency(out, r, r->drill ? &r->drill->cls[cls] : NULL);
		if (count && l.bar) {
			fprintf(out, "  %s", col(o, render_class_color(cls)));
			bar(out, (double)count / (double)t->requests, o, l.bar, 0);
			fputs(col(o, RESET), out);
		}
		putc('\n', out);
		for (int c = 0; c < TALLY_CODES; c++)
			if (t->count[c] && codes_class(c) == cls)
				print_code(out, r, c, o, &l);
	}
	if (!l.latency)
		render_text_latency_table(out, r, o);
}

static void print_malformed(FILE *out, const struct report *r, const struct render_options *o)
{
	const struct tally *t = &r->total;
	if (!t->malformed)
		return;
	char a[32];
	fprintf(out, "\n%sMalformed lines%s %s\n", col(o, BOLD), col(o, RESET),
	        render_group(t->malformed, a, sizeof a));
	size_t w = render_width(o);
	for (int m = 1; m < MALFORMED_COUNT; m++) {
		if (!t->malformed_by[m])
			continue;
		const char *why = malformed_text((enum malformed)m);
		fprintf(out, "  %-16s %12s  ", malformed_name((enum malformed)m),
		        render_group(t->malformed_by[m], a, sizeof a));
		if (w > 33 + 4)
			render_cut(out, (const unsigned char *)why, strlen(why), w - 33,
			           o->unicode);
		putc('\n', out);
	}
	for (size_t i = 0; i < t->nexamples; i++) {
		const struct tally_example *ex = &t->examples[i];
		const char *name =
		        ex->input < r->ninputs ? render_input_name(&r->inputs[ex->input]) : "?";
		fputs("  ", out);
		size_t used = 2 + render_cut_left(out, (const unsigned char *)name, strlen(name),
		                                  w / 3, o->unicode);
		used += (size_t)fprintf(out, ":%s%llu ", render_example_skip(r, ex) ? "+" : "",
		                        (unsigned long long)ex->line);
		fprintf(out, "%s(%s)%s ", col(o, DIM), malformed_name(ex->reason), col(o, RESET));
		used += strlen(malformed_name(ex->reason)) + 3;
		if (used + 4 <= w) {
			size_t room = w - used, dots = o->unicode ? 1 : 3;
			if (ex->truncated && render_columns(ex->text, ex->len) + dots <= room) {
				render_sanitized(out, ex->text,
				                 ex->len); /* the log's line went on */
				fputs(ellipsis(o), out);
			} else {
				render_cut(out, ex->text, ex->len, room, o->unicode);
			}
		}
		putc('\n', out);
	}
}

int render_text(FILE *out, const struct report *r, const struct render_options *o)
{
	if (r->ninputs > 1 || (r->ninputs == 1 && r->inputs[0].failed))
		print_inputs(out, r, o);
	else if (r->ninputs == 1) {
		const struct report_input *in = &r->inputs[0];
		const char *name = render_input_name(in);
		char kind[64];
		int klen =
		        snprintf(kind, sizeof kind, " (%s, %s)", in->format[0] ? in->format : "-",
		                 in->compression[0] ? in->compression : "-");
		size_t w = render_width(o), room = w > 6 + (size_t)klen ? w - 6 - (size_t)klen : 8;
		fprintf(out, "%sInput%s ", col(o, BOLD), col(o, RESET));
		render_cut_left(out, (const unsigned char *)name, strlen(name), room, o->unicode);
		fprintf(out, "%s\n", kind);
	}
	print_totals(out, r, o);
	print_classes(out, r, o);
	render_text_timeline(out, r, o);
	render_text_top_errors(out, r, o);
	render_text_sites(out, r, o);
	render_text_by(out, r, o);
	print_malformed(out, r, o);
	return ferror(out) ? -1 : 0;
}
