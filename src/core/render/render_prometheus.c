/* render_prometheus.c — the text exposition format (version 0.0.4) for node_exporter's
 * textfile collector: counters per status code labelled code/class/official, lines,
 * no-status and malformed lines (every reason, zeros included, so series never vanish),
 * response bytes, the latest log time and failed inputs. `promtool check metrics` clean. */
#include <string.h>

#include "report.h"

/* A label value: backslash, double quote and newline escaped as the format requires. */
static void label_value(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(out, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", out);
		else
			putc(*s, out);
	}
	putc('"', out);
}

static void family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void per_code(FILE *out, const struct report *r, const char *name, const char *help,
                     const uint64_t *values)
{
	const struct tally *t = &r->total;
	family(out, name, "counter", help);
	for (int c = 0; c < TALLY_CODES; c++) {
		if (!t->count[c])
			continue;
		char code[8];
		snprintf(code, sizeof code, "%03d", c);
		fprintf(out, "%s{code=", name);
		label_value(out, code);
		fputs(",class=", out);
		label_value(out, render_class_name(codes_class(c)));
		fputs(",official=", out);
		label_value(out,
		            threshold_code_official(r->table, r->table_n, c) ? "true" : "false");
		fprintf(out, "} %llu\n", (unsigned long long)values[c]);
	}
}

static void single(FILE *out, const char *name, const char *type, const char *help,
                   unsigned long long v)
{
	family(out, name, type, help);
	fprintf(out, "%s %llu\n", name, v);
}

int render_prometheus(FILE *out, const struct report *r, const struct render_options *o)
{
	(void)o;
	const struct tally *t = &r->total;
	per_code(out, r, "logstat_requests_total", "HTTP requests logged, by status code.",
	         t->count);
	per_code(out, r, "logstat_response_bytes_total", "Response bytes logged, by status code.",
	         t->code_bytes);
	single(out, "logstat_lines_total", "counter", "Log lines read.", t->lines);
	single(out, "logstat_no_status_lines_total", "counter",
	       "Log lines whose status field was '-'.", t->no_status);
	family(out, "logstat_malformed_lines_total", "counter",
	       "Log lines that did not fit the format, by reason.");
	for (int m = 1; m < MALFORMED_COUNT; m++) {
		fputs("logstat_malformed_lines_total{reason=", out);
		label_value(out, malformed_name((enum malformed)m));
		fprintf(out, "} %llu\n", (unsigned long long)t->malformed_by[m]);
	}
	if (t->last != RECORD_NO_TIME) {
		family(out, "logstat_last_timestamp_seconds", "gauge",
		       "Time of the latest logged request, seconds since the epoch.");
		fprintf(out, "logstat_last_timestamp_seconds %lld\n", (long long)t->last);
	}
	size_t failed = 0;
	for (size_t i = 0; i < r->ninputs; i++)
		failed += r->inputs[i].failed != 0;
	single(out, "logstat_input_errors", "gauge", "Inputs that could not be read in full.",
	       failed);
	return ferror(out) ? -1 : 0;
}
