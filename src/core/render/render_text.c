/* render_text.c — the default human report: inputs, totals, a histogram row per class
 * with its codes underneath, the error sections (render_text_errors.c), then malformed
 * lines. Color and block bars only when the caller says the terminal supports them; log
 * bytes are always escaped. */
#include <string.h>

#include "logtime.h"
#include "render_util.h"

#define BAR_WIDTH 24
#define NAME_WIDTH 36

#define RESET RENDER_RESET
#define BOLD RENDER_BOLD
#define DIM RENDER_DIM

static const char *col(const struct render_options *o, const char *c)
{
	return render_col(o->color, c);
}

/* A bar of share * BAR_WIDTH cells; eighth blocks in unicode mode. Padded to its full
 * width only when something follows on the line (pad). */
static void bar(FILE *out, double share, const struct render_options *o, int pad)
{
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	int units = (int)(share * BAR_WIDTH * 8 + 0.5);
	if (share > 0 && units == 0)
		units = 1;
	int cells = 0;
	for (; units >= 8; units -= 8, cells++)
		fputs(o->unicode ? "█" : "#", out);
	if (units > 0) {
		fputs(o->unicode ? eighths[units] : (units >= 4 ? "#" : ""), out);
		cells += o->unicode || units >= 4;
	}
	for (; pad && cells < BAR_WIDTH; cells++)
		putc(' ', out);
}

static const char *ellipsis(const struct render_options *o)
{
	return o->unicode ? "…" : "...";
}

static void print_inputs(FILE *out, const struct report *r, const struct render_options *o)
{
	char a[32], b[32], c[32], d[32];
	fprintf(out, "%s%-32s %-15s %-5s %12s %12s %10s %10s%s\n", col(o, BOLD), "input", "format",
	        "comp", "lines", "requests", "no-status", "malformed", col(o, RESET));
	for (size_t i = 0; i < r->ninputs; i++) {
		const struct input_result *in = &r->inputs[i];
		const char *name = render_input_name(in);
		size_t len = strlen(name);
		if (len > 32) {
			fputs(ellipsis(o), out);
			size_t keep = o->unicode ? 31 : 29;
			render_sanitized(out, (const unsigned char *)name + len - keep, keep);
		} else {
			render_sanitized(out, (const unsigned char *)name, len);
			fprintf(out, "%*s", (int)(32 - len), "");
		}
		fprintf(out, " %-15s %-5s %12s %12s %10s %10s", in->format[0] ? in->format : "-",
		        in->compression[0] ? in->compression : "-",
		        render_group(in->tally.lines, a, sizeof a),
		        render_group(in->tally.requests, b, sizeof b),
		        render_group(in->tally.no_status, c, sizeof c),
		        render_group(in->tally.malformed, d, sizeof d));
		if (in->failed) {
			fprintf(out, "  %sERROR: ", col(o, render_class_color(5)));
			render_sanitized(out, (const unsigned char *)in->error, strlen(in->error));
			fputs(col(o, RESET), out);
		}
		putc('\n', out);
	}
	putc('\n', out);
}

/* Odd-but-counted lines by shape, directive lines, and what the target behind a load
 * balancer answered: each a line, printed only when there is something to say. */
static void print_format_facts(FILE *out, const struct tally *t, const struct render_options *o)
{
	char a[32];
	int any = 0;
	for (int k = 1; k < SHAPE_COUNT; k++) {
		if (!t->shapes[k])
			continue;
		fprintf(out, "%s %s %s", any ? "," : "Shapes",
		        record_shape_name((enum record_shape)k),
		        render_group(t->shapes[k], a, sizeof a));
		any = 1;
	}
	if (any)
		fprintf(out, "  %s(read from their [time] \"request\" status size)%s\n",
		        col(o, DIM), col(o, RESET));
	if (t->directives)
		fprintf(out, "Directives %s  %s(format header lines, not counted as lines)%s\n",
		        render_group(t->directives, a, sizeof a), col(o, DIM), col(o, RESET));
	const struct tally_upstream *u = &t->upstream;
	if (!u->lines)
		return;
	fputs("Target status", out);
	for (size_t i = 0; i < u->n; i++)
		fprintf(out, "%s %03u %s", i ? "," : "", (unsigned)u->code[i].code,
		        render_group(u->code[i].count, a, sizeof a));
	if (u->none)
		fprintf(out, "%s no response %s", u->n ? "," : "",
		        render_group(u->none, a, sizeof a));
	if (u->others)
		fprintf(out, ", others %s", render_group(u->others, a, sizeof a));
	putc('\n', out);
}

static void print_totals(FILE *out, const struct report *r, const struct render_options *o)
{
	const struct tally *t = &r->total;
	char a[32], b[32], c[32], d[32], e[32], t1[40], t2[40];
	fprintf(out, "%sLines%s %s   requests %s   no status %s   malformed %s   bytes %s\n",
	        col(o, BOLD), col(o, RESET), render_group(t->lines, a, sizeof a),
	        render_group(t->requests, b, sizeof b), render_group(t->no_status, c, sizeof c),
	        render_group(t->malformed, d, sizeof d), render_human_bytes(t->bytes, e, sizeof e));
	if (t->first != RECORD_NO_TIME)
		fprintf(out, "%sTime%s  %s .. %s\n", col(o, BOLD), col(o, RESET),
		        logtime_format_iso(t->first, t->first_tz, t1, sizeof t1),
		        logtime_format_iso(t->last, t->last_tz, t2, sizeof t2));
	else
		fprintf(out, "%sTime%s  -\n", col(o, BOLD), col(o, RESET));
	print_format_facts(out, t, o);
	putc('\n', out);
}

static int has_flag(const struct code_entry *p, size_t n)
{
	return !p || !(p->flags & CODE_OFFICIAL) || n > 1 || (p->flags & CODE_MARKS);
}

/* After the bar: "[unknown code]", or the primary row's origin when unofficial, its marks
 * (deprecated, unused ...) and the other meanings by name:
 * [unofficial: nginx; also Esri "Token Required"], [unused, reserved; also HTCPCP "I'm a
 * teapot"]. Nothing for a plain official code. */
static void print_flag(FILE *out, const struct code_entry *p, const struct code_entry *rows,
                       size_t n, const struct render_options *o)
{
	char marks[128];
	const char *sep = "";

	if (!p) {
		fprintf(out, "  %s[unknown code]%s", col(o, render_class_color(5)), col(o, RESET));
		return;
	}
	codes_marks(p->flags, ", ", marks, sizeof marks);
	if ((p->flags & CODE_OFFICIAL) && n < 2 && !marks[0])
		return;
	fprintf(out, "  %s[", col(o, (p->flags & CODE_OFFICIAL) ? DIM : render_class_color(4)));
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
	fprintf(out, "]%s", col(o, RESET));
}

static void print_code(FILE *out, const struct report *r, int code, const struct render_options *o)
{
	const struct tally *t = &r->total;
	size_t n;
	const struct code_entry *rows;
	const struct code_entry *p = render_primary(r, code, &n, &rows);
	const char *name = p ? p->name : "";
	size_t len = strlen(name);
	char a[32], b[32];
	fprintf(out, "  %03d ", code);
	render_sanitized(out, (const unsigned char *)name, len > NAME_WIDTH ? NAME_WIDTH : len);
	fprintf(out, "%*s %12s %6.2f%% %10s  %s", (int)(len > NAME_WIDTH ? 0 : NAME_WIDTH - len),
	        "", render_group(t->count[code], a, sizeof a),
	        render_percent(t->count[code], t->requests),
	        render_human_bytes(t->code_bytes[code], b, sizeof b),
	        col(o, render_class_color(codes_class(code))));
	bar(out, t->requests ? (double)t->count[code] / (double)t->requests : 0, o, has_flag(p, n));
	fputs(col(o, RESET), out);
	print_flag(out, p, rows, n, o);
	putc('\n', out);
}

static void print_classes(FILE *out, const struct report *r, const struct render_options *o)
{
	const struct tally *t = &r->total;
	fprintf(out, "%s%-42s %12s %7s %10s%s\n", col(o, BOLD), "class / code", "count", "%",
	        "bytes", col(o, RESET));
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		uint64_t count = tally_class_count(t, cls);
		char a[32], b[32];
		fprintf(out, "%s%s%-42s%s %12s %6.2f%% %10s", col(o, BOLD),
		        col(o, render_class_color(cls)), render_class_name(cls), col(o, RESET),
		        render_group(count, a, sizeof a), render_percent(count, t->requests),
		        render_human_bytes(tally_class_bytes(t, cls), b, sizeof b));
		if (count) {
			fprintf(out, "  %s", col(o, render_class_color(cls)));
			bar(out, (double)count / (double)t->requests, o, 0);
			fputs(col(o, RESET), out);
		}
		putc('\n', out);
		for (int c = 0; c < TALLY_CODES; c++)
			if (t->count[c] && codes_class(c) == cls)
				print_code(out, r, c, o);
	}
}

static void print_malformed(FILE *out, const struct report *r, const struct render_options *o)
{
	const struct tally *t = &r->total;
	if (!t->malformed)
		return;
	char a[32];
	fprintf(out, "\n%sMalformed lines%s %s\n", col(o, BOLD), col(o, RESET),
	        render_group(t->malformed, a, sizeof a));
	for (int m = 1; m < MALFORMED_COUNT; m++)
		if (t->malformed_by[m])
			fprintf(out, "  %-16s %12s  %s\n", malformed_name((enum malformed)m),
			        render_group(t->malformed_by[m], a, sizeof a),
			        malformed_text((enum malformed)m));
	for (size_t i = 0; i < t->nexamples; i++) {
		const struct tally_example *ex = &t->examples[i];
		const char *name =
		        ex->input < r->ninputs ? render_input_name(&r->inputs[ex->input]) : "?";
		fputs("  ", out);
		render_sanitized(out, (const unsigned char *)name, strlen(name));
		fprintf(out, ":%llu %s(%s)%s ", (unsigned long long)ex->line, col(o, DIM),
		        malformed_name(ex->reason), col(o, RESET));
		size_t shown = ex->len > 100 ? 100 : ex->len;
		render_sanitized(out, ex->text, shown);
		fputs(shown < ex->len || ex->truncated ? ellipsis(o) : "", out);
		putc('\n', out);
	}
}

int render_text(FILE *out, const struct report *r, const struct render_options *o)
{
	if (r->ninputs > 1 || (r->ninputs == 1 && r->inputs[0].failed))
		print_inputs(out, r, o);
	else if (r->ninputs == 1) {
		const struct input_result *in = &r->inputs[0];
		fprintf(out, "%sInput%s ", col(o, BOLD), col(o, RESET));
		render_sanitized(out, (const unsigned char *)render_input_name(in),
		                 strlen(render_input_name(in)));
		fprintf(out, " (%s, %s)\n", in->format[0] ? in->format : "-",
		        in->compression[0] ? in->compression : "-");
	}
	print_totals(out, r, o);
	print_classes(out, r, o);
	render_text_timeline(out, r, o);
	render_text_top_errors(out, r, o);
	print_malformed(out, r, o);
	return ferror(out) ? -1 : 0;
}
