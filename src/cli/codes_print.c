/* codes_print.c — text and JSON for `logstat codes` / `logstat explain`. Every string is
 * written through render_sanitized or render_json_string, since user codes files put
 * untrusted bytes in the table. Text wraps at the style's width. */
#include "codes_print.h"

#include <string.h>

#include "render_util.h"

#define RESET RENDER_RESET
#define BOLD RENDER_BOLD
#define DIM RENDER_DIM
#define LABEL_COL 12 /* where values start in an entry: "  In logs:  " */

static const char *col(const struct codes_style *s, const char *c)
{
	return render_col(s->color, c);
}

static void put(FILE *out, const char *str)
{
	render_sanitized_str(out, str);
}

/* Columns str takes once sanitized (\xHH for a byte that is not printable ASCII). */
static size_t vis_len(const char *str, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		w += render_sanitized_width((unsigned char)str[i]);
	return w;
}

/* Write text word by word from column col, breaking before width and indenting
 * continuation lines by indent; ends the line. */
static void wrap(FILE *out, const char *text, size_t col, size_t indent, size_t width)
{
	const char *p = text;
	int first = 1;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " ");
		size_t w = vis_len(p, n);

		if (!first && col + 1 + w > width) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			putc(' ', out);
			col++;
		}
		render_sanitized(out, (const unsigned char *)p, n);
		col += w;
		first = 0;
		p += n;
	}
	putc('\n', out);
}

/* "[nginx, deprecated, user]" after a name in a list; nothing for a plain official row. */
static void print_tags(FILE *out, const struct code_entry *e, const struct codes_style *s)
{
	const char *sep = "  [";

	fputs(col(s, DIM), out);
	if (!(e->flags & CODE_OFFICIAL)) {
		fputs(sep, out);
		put(out, e->origin);
		sep = ", ";
	}
	char mk[128];

	if (codes_marks(e->flags, ", ", mk, sizeof mk)[0]) {
		fprintf(out, "%s%s", sep, mk);
		sep = ", ";
	}
	if (e->flags & CODE_USER) {
		fprintf(out, "%suser", sep);
		sep = ", ";
	}
	if (sep[0] == ',')
		putc(']', out);
	fputs(col(s, RESET), out);
}

static void print_row(FILE *out, const struct code_entry *e, const struct codes_style *s)
{
	int cls = codes_class(e->code);

	fprintf(out, "  %s%03d%s  %s", col(s, render_class_color(cls)), e->code, col(s, RESET),
	        col(s, BOLD));
	put(out, e->name);
	fputs(col(s, RESET), out);
	print_tags(out, e, s);
	fputs("\n       ", out);
	wrap(out, e->meaning, 7, 7, s->width);
}

void codes_print_list(FILE *out, const struct code_match *m, size_t n, int grouped,
                      const struct codes_style *s)
{
	int cls = -1;

	for (size_t i = 0; i < n; i++) {
		int c = codes_class(m[i].row->code);

		if (grouped && c != cls) {
			fprintf(out, "%s%s%s%s  %s%s\n", i ? "\n" : "", col(s, BOLD),
			        col(s, render_class_color(c)), render_class_name(c),
			        c ? render_class_title(c) : "Outside 100-599", col(s, RESET));
			cls = c;
		}
		print_row(out, m[i].row, s);
	}
}

/* "  Label:    " then the value wrapped under the value column. */
static void field(FILE *out, const char *label, const char *value, const struct codes_style *s)
{
	if (!value[0])
		return;
	fprintf(out, "  %s%-*s%s", col(s, DIM), LABEL_COL - 2, label, col(s, RESET));
	wrap(out, value, LABEL_COL, LABEL_COL, s->width);
}

/* The Origin line: who defines the row and how official it is. */
static void origin_line(FILE *out, const struct code_entry *e, size_t n,
                        const struct codes_style *s)
{
	char buf[512];
	const char *how = !(e->flags & CODE_OFFICIAL) ? "unofficial"
	                  : e->rfc[0]                 ? "official,"
	                                              : "official";

	snprintf(buf, sizeof buf, "%s, %s%s%s%s%s", e->origin, how,
	         (e->flags & CODE_OFFICIAL) && e->rfc[0] ? " " : "",
	         (e->flags & CODE_OFFICIAL) ? e->rfc : "",
	         !(e->flags & CODE_OFFICIAL) && (e->flags & CODE_COMMON) && n > 1
	                 ? "; the usual meaning in access logs"
	                 : "",
	         (e->flags & CODE_USER) ? "; from a user codes file" : "");
	field(out, "Origin:", buf, s);
}

static void print_block(FILE *out, const struct code_entry *e, size_t n,
                        const struct codes_style *s)
{
	char mk[128];

	fprintf(out, "%s%s%03d  ", col(s, BOLD), col(s, render_class_color(codes_class(e->code))),
	        e->code);
	put(out, e->name);
	fprintf(out, "%s\n", col(s, RESET));
	origin_line(out, e, n, s);
	field(out, "Aliases:", e->aliases, s);
	field(out, "Marks:", codes_marks(e->flags, ", ", mk, sizeof mk), s);
	field(out, "Meaning:", e->meaning, s);
	field(out, "Details:", e->details, s);
	field(out, "In logs:", e->advice, s);
}

void codes_print_entry(FILE *out, int code, const struct code_entry *const *rows, size_t n,
                       const struct codes_style *s)
{
	if (n > 1)
		fprintf(out, "%03d has %zu meanings%s.\n\n", code, n,
		        rows[0]->flags & (CODE_OFFICIAL | CODE_COMMON)
		                ? "; the first is the one access logs usually carry"
		                : "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc('\n', out);
		print_block(out, rows[i], n, s);
	}
}

/* ["a","b"] from a ';'-separated list, blanks trimmed. */
static void json_aliases(FILE *out, const char *list)
{
	const char *p = list;
	int first = 1;

	putc('[', out);
	while (*p) {
		size_t n = strcspn(p, ";");
		const char *a = p, *end = p + n;

		while (a < end && *a == ' ')
			a++;
		while (end > a && end[-1] == ' ')
			end--;
		if (end > a) {
			fputs(first ? "" : ",", out);
			render_json_string(out, (const unsigned char *)a, (size_t)(end - a));
			first = 0;
		}
		p += n + (p[n] == ';');
	}
	putc(']', out);
}

static void json_row(FILE *out, const struct code_entry *e, const char *match)
{
	static const struct {
		unsigned flag;
		const char *name;
	} all[] = {{CODE_OFFICIAL, "official"},
	           {CODE_DEPRECATED, "deprecated"},
	           {CODE_UNUSED, "unused"},
	           {CODE_RESERVED, "reserved"},
	           {CODE_EXPERIMENTAL, "experimental"},
	           {CODE_RETIRED, "retired"},
	           {CODE_DUBIOUS, "dubious"},
	           {CODE_USER, "user"},
	           {CODE_COMMON, "common"}};
	const char *sep = "";

	fprintf(out, "{\"code\":%d,\"class\":\"%s\",\"origin\":", e->code,
	        render_class_name(codes_class(e->code)));
	render_json_str(out, e->origin);
	fputs(",\"name\":", out);
	render_json_str(out, e->name);
	fputs(",\"aliases\":", out);
	json_aliases(out, e->aliases);
	fprintf(out, ",\"official\":%s,\"rfc\":", (e->flags & CODE_OFFICIAL) ? "true" : "false");
	render_json_str(out, e->rfc);
	fputs(",\"flags\":[", out);
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (e->flags & all[i].flag) {
			fprintf(out, "%s\"%s\"", sep, all[i].name);
			sep = ",";
		}
	fputs("],\"meaning\":", out);
	render_json_str(out, e->meaning);
	fputs(",\"details\":", out);
	render_json_str(out, e->details);
	fputs(",\"advice\":", out);
	render_json_str(out, e->advice);
	if (match)
		fprintf(out, ",\"match\":\"%s\"", match);
	putc('}', out);
}

void codes_json_list(FILE *out, const struct code_match *m, size_t n, int ranked)
{
	static const char *const rank_names[] = {"number", "name", "text"};

	putc('[', out);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n " : "\n ", out);
		json_row(out, m[i].row, ranked ? rank_names[m[i].rank] : NULL);
	}
	fputs(n ? "\n]\n" : "]\n", out);
}

void codes_json_entry(FILE *out, int code, const struct code_entry *const *rows, size_t n)
{
	fprintf(out, "{\"code\":%d,\"class\":\"%s\",\"known\":%s,\"meanings\":[", code,
	        render_class_name(codes_class(code)), n ? "true" : "false");
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n " : "\n ", out);
		json_row(out, rows[i], NULL);
	}
	fputs(n ? "\n]}\n" : "]}\n", out);
}
