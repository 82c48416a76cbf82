/* render_csv.c — one row per (scope, code): the total first, then each input when there
 * are several. RFC 4180 quoting; log bytes are escaped like the text report. */
#include <string.h>

#include "render_util.h"

static void csv_field(FILE *out, const char *s)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		render_sanitized(out, (const unsigned char *)s, strlen(s));
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputs("\"\"", out);
		else
			render_sanitized(out, (const unsigned char *)s, 1);
	}
	putc('"', out);
}

static void csv_scope(FILE *out, const struct report *r, const char *scope, const struct tally *t)
{
	for (int c = 0; c < TALLY_CODES; c++) {
		if (!t->count[c])
			continue;
		size_t n;
		const struct code_entry *rows;
		const struct code_entry *p = render_primary(r, c, &n, &rows);
		csv_field(out, scope);
		fprintf(out, ",%03d,%s,%llu,%.2f,%llu,", c, render_class_name(codes_class(c)),
		        (unsigned long long)t->count[c], render_percent(t->count[c], t->requests),
		        (unsigned long long)t->code_bytes[c]);
		csv_field(out, p ? p->name : "");
		fprintf(out, ",%s,", !p ? "unknown" : (p->flags & CODE_OFFICIAL) ? "yes" : "no");
		const struct code_entry *by_use[64];
		size_t k = codes_primary_first(rows, n, by_use, 64);
		char origins[512] = "", marks[128];
		for (size_t i = 0; i < k; i++) {
			size_t len = strlen(origins);
			snprintf(origins + len, sizeof origins - len, "%s%s", i ? ";" : "",
			         by_use[i]->origin);
		}
		csv_field(out, origins);
		putc(',', out);
		csv_field(out, codes_marks(p ? p->flags : 0, ";", marks, sizeof marks));
		putc('\n', out);
	}
}

int render_csv(FILE *out, const struct report *r, const struct render_options *o)
{
	(void)o;
	fputs("scope,code,class,count,percent,bytes,name,official,origins,marks\n", out);
	csv_scope(out, r, "total", &r->total);
	if (r->ninputs > 1)
		for (size_t i = 0; i < r->ninputs; i++)
			csv_scope(out, r, render_input_name(&r->inputs[i]), &r->inputs[i].tally);
	return ferror(out) ? -1 : 0;
}
