/* render_json.c — the machine-readable report (schema in docs/json.md). Stable key
 * order; every string from a log goes through render_json_string. */
#include <stdlib.h>
#include <string.h>

#include "logtime.h"
#include "render_util.h"

static void json_time(FILE *out, int64_t t, int tz)
{
	char buf[40];
	if (t == RECORD_NO_TIME)
		fputs("null", out);
	else
		fprintf(out, "\"%s\"", logtime_format_iso(t, tz, buf, sizeof buf));
}

/* What the format made of the lines: directives (not in lines), counted lines by shape
 * (only shapes seen), and the statuses the target behind a balancer answered. */
static void json_format_facts(FILE *out, const struct tally *t)
{
	fprintf(out, ", \"directives\": %llu, \"shapes\": {", (unsigned long long)t->directives);
	int first = 1;
	for (int k = 1; k < SHAPE_COUNT; k++) {
		if (!t->shapes[k])
			continue;
		fprintf(out, "%s\"%s\": %llu", first ? "" : ", ",
		        record_shape_name((enum record_shape)k), (unsigned long long)t->shapes[k]);
		first = 0;
	}
	fputs("}, \"target_status\": ", out);
	const struct tally_upstream *u = &t->upstream;
	if (!u->lines) {
		fputs("null", out);
		return;
	}
	fprintf(out,
	        "{\"requests\": %llu, \"no_response\": %llu, \"beyond_kept\": %llu, \"codes\": {",
	        (unsigned long long)u->lines, (unsigned long long)u->none,
	        (unsigned long long)u->others);
	for (size_t i = 0; i < u->n; i++)
		fprintf(out, "%s\"%03u\": %llu", i ? ", " : "", (unsigned)u->code[i].code,
		        (unsigned long long)u->code[i].count);
	fputs("}}", out);
}

static void json_counts(FILE *out, const struct tally *t)
{
	fprintf(out,
	        "\"lines\": %llu, \"requests\": %llu, \"no_status\": %llu, "
	        "\"malformed\": %llu, \"outside_window\": %llu, \"bytes\": %llu, \"first\": ",
	        (unsigned long long)t->lines, (unsigned long long)t->requests,
	        (unsigned long long)t->no_status, (unsigned long long)t->malformed,
	        (unsigned long long)t->outside, (unsigned long long)t->bytes);
	json_time(out, t->first, t->first_tz);
	fputs(", \"last\": ", out);
	json_time(out, t->last, t->last_tz);
	json_format_facts(out, t);
}

static void json_classes(FILE *out, const struct report *r, const struct tally *t,
                         const char *indent)
{
	fputs("[", out);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		uint64_t c = tally_class_count(t, cls);
		fprintf(out,
		        "%s%s{\"class\": \"%s\", \"count\": %llu, \"percent\": %.2f, "
		        "\"bytes\": %llu",
		        k ? "," : "", indent, render_class_name(cls), (unsigned long long)c,
		        render_percent(c, t->requests),
		        (unsigned long long)tally_class_bytes(t, cls));
		if (r && render_has_latency(r)) { /* the total only: inputs have none */
			fputs(", \"latency_ms\": ", out);
			render_json_latency(out, &r->drill->cls[cls]);
		}
		fputs("}", out);
	}
	fputs(indent[0] ? "\n  ]" : "]", out);
}

static void json_malformed(FILE *out, const struct report *r, const struct tally *t)
{
	fputs("\"malformed_reasons\": {", out);
	int first = 1;
	for (int m = 1; m < MALFORMED_COUNT; m++) {
		if (!t->malformed_by[m])
			continue;
		fprintf(out, "%s\"%s\": %llu", first ? "" : ", ", malformed_name((enum malformed)m),
		        (unsigned long long)t->malformed_by[m]);
		first = 0;
	}
	fputs("},\n  \"malformed_examples\": [", out);
	for (size_t i = 0; i < t->nexamples; i++) {
		const struct tally_example *ex = &t->examples[i];
		fprintf(out, "%s\n    {\"input\": ", i ? "," : "");
		render_json_str(out, ex->input < r->ninputs
		                             ? render_input_name(&r->inputs[ex->input])
		                             : "?");
		fprintf(out, ", \"line\": %llu, ", (unsigned long long)ex->line);
		if (render_example_skip(r, ex)) /* the line numbers count from there */
			fprintf(out, "\"line_counted_from_byte\": %llu, ",
			        (unsigned long long)render_example_skip(r, ex));
		fprintf(out, "\"reason\": \"%s\", \"text\": ", malformed_name(ex->reason));
		render_json_string(out, ex->text, ex->len);
		fprintf(out, ", \"truncated\": %s}", ex->truncated ? "true" : "false");
	}
	fputs(t->nexamples ? "\n  ]" : "]", out);
}

/* ["deprecated", ...]: the marks of a row, [] when none. */
static void json_marks(FILE *out, unsigned flags)
{
	char marks[128];
	codes_marks(flags, "\", \"", marks, sizeof marks);
	fprintf(out, marks[0] ? "[\"%s\"]" : "[]", marks);
}

static void json_code(FILE *out, const struct report *r, const struct tally *t, int code)
{
	size_t n;
	const struct code_entry *rows;
	const struct code_entry *p = render_primary(r, code, &n, &rows);
	fprintf(out,
	        "{\"code\": %d, \"class\": \"%s\", \"count\": %llu, \"percent\": %.2f, "
	        "\"bytes\": %llu, \"name\": ",
	        code, render_class_name(codes_class(code)), (unsigned long long)t->count[code],
	        render_percent(t->count[code], t->requests),
	        (unsigned long long)t->code_bytes[code]);
	if (p)
		render_json_str(out, p->name);
	else
		fputs("null", out);
	/* the primary meaning first, then the others in table order */
	const struct code_entry *by_use[64];
	size_t k = codes_primary_first(rows, n, by_use, 64);
	fprintf(out, ", \"official\": %s, \"known\": %s, \"marks\": ",
	        p && (p->flags & CODE_OFFICIAL) ? "true" : "false", p ? "true" : "false");
	json_marks(out, p ? p->flags : 0);
	fputs(", \"origins\": [", out);
	for (size_t i = 0; i < k; i++) {
		fputs(i ? ", " : "", out);
		render_json_str(out, by_use[i]->origin);
	}
	fputs("], \"meanings\": [", out);
	for (size_t i = 0; i < k; i++) {
		fputs(i ? ", {\"origin\": " : "{\"origin\": ", out);
		render_json_str(out, by_use[i]->origin);
		fputs(", \"name\": ", out);
		render_json_str(out, by_use[i]->name);
		fputs(", \"marks\": ", out);
		json_marks(out, by_use[i]->flags);
		fputs("}", out);
	}
	fputs("]", out);
	if (render_has_latency(r)) {
		fputs(", \"latency_ms\": ", out);
		render_json_latency(out, &r->drill->code[code]);
	}
	fputs("}", out);
}

static void json_input(FILE *out, const struct report_input *in, struct tally *scratch)
{
	const struct tally *t = report_input_tally(in, scratch);
	fputs("{\"name\": ", out);
	render_json_str(out, render_input_name(in));
	fputs(", \"format\": ", out);
	render_json_str(out, in->format[0] ? in->format : "unknown");
	fputs(", \"compression\": ", out);
	render_json_str(out, in->compression[0] ? in->compression : "unknown");
	if (in->window_skipped) /* a --since seek: lines there are in no count */
		fprintf(out, ", \"window_skipped_bytes\": %llu",
		        (unsigned long long)in->window_skipped);
	if (in->until_skipped) /* stopped past --until: lines there are in no count */
		fprintf(out, ", \"until_skipped_bytes\": %llu",
		        (unsigned long long)in->until_skipped);
	fputs(", ", out);
	json_counts(out, t);
	fputs(", \"error\": ", out);
	if (in->failed)
		render_json_str(out, in->error);
	else
		fputs("null", out);
	fputs(", \"warning\": ", out);
	if (in->warning[0])
		render_json_str(out, in->warning);
	else
		fputs("null", out);
	fputs(", \"classes\": ", out);
	json_classes(out, NULL, t, "");
	fputs(", \"codes\": [", out);
	for (size_t k = 0; k < in->ncodes; k++)
		fprintf(out, "%s{\"code\": %d, \"count\": %llu, \"bytes\": %llu}", k ? ", " : "",
		        in->codes[k].code, (unsigned long long)in->codes[k].count,
		        (unsigned long long)in->codes[k].bytes);
	fputs("]}", out);
}

/* Returns -1 when out of memory (nothing written). */
static int json_inputs(FILE *out, const struct report *r)
{
	struct tally *scratch = malloc(sizeof *scratch); /* one input expanded at a time */
	if (!scratch)
		return -1;
	fputs("\"inputs\": [", out);
	for (size_t i = 0; i < r->ninputs; i++) {
		fputs(i ? ",\n    " : "\n    ", out);
		json_input(out, &r->inputs[i], scratch);
	}
	fputs(r->ninputs ? "\n  ]" : "]", out);
	free(scratch);
	return 0;
}

/* Only buckets holding a request are listed; the ones between count zero. Times are in
 * the offset of the earliest record, like "first". */
static void json_timeline(FILE *out, const struct tally *t)
{
	const struct timeline *tl = &t->timeline;
	fprintf(out, ",\n  \"timeline\": {\"bucket_seconds\": %lld, \"buckets\": [",
	        (long long)tl->width);
	int first = 1;
	for (int64_t i = 0; i < timeline_span(tl); i++) {
		const uint64_t *b = timeline_bucket(tl, i);
		uint64_t sum = 0;
		for (int c = 0; c < TIMELINE_CLASSES; c++)
			sum += b[c];
		if (!sum)
			continue;
		fprintf(out, "%s\n    {\"start\": ", first ? "" : ",");
		json_time(out, (tl->lo + i) * tl->width, t->first_tz);
		for (int k = 0; k < TIMELINE_CLASSES; k++)
			fprintf(out, ", \"%s\": %llu", render_class_name(render_class_at(k)),
			        (unsigned long long)b[render_class_at(k)]);
		fputs("}", out);
		first = 0;
	}
	fputs(first ? "]}" : "\n  ]}", out);
}

#define JSON_TOP_ERRORS 20

static void json_top_errors(FILE *out, const struct toperr *top)
{
	const struct toperr_entry *e[JSON_TOP_ERRORS];
	size_t n = toperr_top(top, e, JSON_TOP_ERRORS);
	/* what a request not listed may count: the last listed when the list is cut */
	uint64_t unlisted =
	        n < top->n && e[n - 1]->count > top->floor ? e[n - 1]->count : top->floor;
	fprintf(out,
	        ",\n  \"top_errors\": {\"exact\": %s, \"distinct_capacity\": %d, "
	        "\"distinct\": %zu, \"unlisted_max\": %llu, \"entries\": [",
	        toperr_exact(top) ? "true" : "false", TOPERR_CAPACITY, top->n,
	        (unsigned long long)unlisted);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s\n    {\"code\": %d, \"request\": ", i ? "," : "", e[i]->code);
		render_json_string(out, e[i]->key, e[i]->len);
		fprintf(out, ", \"count\": %llu, \"max_error\": %llu}",
		        (unsigned long long)e[i]->count, (unsigned long long)e[i]->max_error);
	}
	fputs(n ? "\n  ]}" : "]}", out);
}

int render_json(FILE *out, const struct report *r, const struct render_options *o)
{
	(void)o;
	const struct tally *t = &r->total;
	fputs("{\n  \"version\": \"" LOGSTAT_VERSION "\",\n  ", out);
	json_counts(out, t);
	render_json_filter(out, r);
	fputs(",\n  ", out);
	json_malformed(out, r, t);
	fputs(",\n  ", out);
	if (json_inputs(out, r) != 0)
		return -1;
	fputs(",\n  \"classes\": ", out);
	json_classes(out, r, t, "\n    ");
	fputs(",\n  \"codes\": [", out);
	int first = 1;
	for (int c = 0; c < TALLY_CODES; c++) {
		if (!t->count[c])
			continue;
		fputs(first ? "\n    " : ",\n    ", out);
		json_code(out, r, t, c);
		first = 0;
	}
	fputs(first ? "]" : "\n  ]", out);
	json_timeline(out, t);
	if (r->top)
		json_top_errors(out, r->top);
	render_json_by(out, r);
	fputs("\n}\n", out);
	return ferror(out) ? -1 : 0;
}
