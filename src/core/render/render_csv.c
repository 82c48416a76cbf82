/* render_csv.c — one row per (scope, code): the total first, then each input when there
 * are several. With --by, a table per field follows, after an empty line, with its own
 * header (every row; time buckets in order). RFC 4180 quoting; log bytes are escaped
 * like the text report. */
#include <stdlib.h>
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

static void csv_value(FILE *out, const unsigned char *p, size_t n)
{
	char buf[BREAKDOWN_KEY_LEN + 1];
	size_t k = 0;
	for (; k < n && p[k]; k++) /* a NUL would end the field: keep what comes before */
		buf[k] = (char)p[k];
	buf[k] = 0;
	csv_field(out, buf);
}

static void csv_by(FILE *out, const struct breakdown *b)
{
	const struct breakdown_row **rows = malloc((b->n ? b->n : 1) * sizeof *rows);
	if (!rows)
		return;
	size_t n = breakdown_order(b, rows, drill_field_is_time(b->field));
	fprintf(out,
	        "\nby,%s,count,max_error,1xx,2xx,3xx,4xx,5xx,other,p50_ms,p90_ms,p99_ms,"
	        "max_ms\n",
	        drill_field_name(b->field));
	for (size_t i = 0; i < n; i++) {
		const struct breakdown_row *row = rows[i];
		fprintf(out, "%s,", drill_field_name(b->field));
		csv_value(out, row->key, row->len);
		fprintf(out, ",%llu,%llu", (unsigned long long)row->count,
		        (unsigned long long)row->max_error);
		for (int k = 0; k < TALLY_CLASSES; k++)
			fprintf(out, ",%llu", (unsigned long long)row->classes[render_class_at(k)]);
		static const double q[4] = {0.5, 0.9, 0.99, 1.0};
		for (int k = 0; k < 4; k++)
			if (row->lat.count)
				fprintf(out, ",%.3f", latency_quantile(&row->lat, q[k]) / 1000.0);
			else
				fputs(",", out);
		putc('\n', out);
	}
	free(rows);
}

int render_csv(FILE *out, const struct report *r, const struct render_options *o)
{
	(void)o;
	fputs("scope,code,class,count,percent,bytes,name,official,origins,marks\n", out);
	csv_scope(out, r, "total", &r->total);
	if (r->ninputs > 1) {
		struct tally *scratch = malloc(sizeof *scratch); /* one input at a time */
		if (!scratch)
			return -1;
		for (size_t i = 0; i < r->ninputs; i++)
			csv_scope(out, r, render_input_name(&r->inputs[i]),
			          report_input_tally(&r->inputs[i], scratch));
		free(scratch);
	}
	for (size_t i = 0; r->drill && i < r->drill->nasked; i++)
		csv_by(out, r->drill->by[i]);
	return ferror(out) ? -1 : 0;
}
