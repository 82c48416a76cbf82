/* render_json_drill.c — the drill-down in the JSON report (docs/json.md): latency objects
 * (quantiles for people, the sketch's buckets for `logstat merge`), the --status filter
 * and the `by` list. */
#include <stdlib.h>

#include "render_util.h"

void render_json_latency(FILE *out, const struct latency *l)
{
	if (!l || !l->count) {
		fputs("null", out);
		return;
	}
	fprintf(out,
	        "{\"count\": %llu, \"p50\": %.3f, \"p90\": %.3f, \"p99\": %.3f, \"max\": %.3f, "
	        "\"relative_error\": %.2f, \"max_us\": %lld, \"buckets\": [",
	        (unsigned long long)l->count, latency_quantile(l, 0.5) / 1000.0,
	        latency_quantile(l, 0.9) / 1000.0, latency_quantile(l, 0.99) / 1000.0,
	        (double)l->max_us / 1000.0, LATENCY_ALPHA, (long long)l->max_us);
	int first = 1;
	for (uint32_t k = 0; k < l->n; k++) {
		if (!l->bins[k])
			continue;
		fprintf(out, "%s[%u, %llu]", first ? "" : ", ", (unsigned)(l->lo + k),
		        (unsigned long long)l->bins[k]);
		first = 0;
	}
	fputs("]}", out);
}

void render_json_filter(FILE *out, const struct report *r)
{
	if (!r->filter)
		return;
	fputs(",\n  \"filter\": {\"status\": ", out);
	render_json_str(out, r->filter->spec);
	fprintf(out, ", \"left_out\": %llu}", (unsigned long long)r->total.filtered);
}

static void json_row(FILE *out, const struct report *r, const struct breakdown_row *row)
{
	fputs("{\"value\": ", out);
	render_json_string(out, row->key, row->len);
	fprintf(out, ", \"count\": %llu, \"max_error\": %llu, \"classes\": {",
	        (unsigned long long)row->count, (unsigned long long)row->max_error);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		fprintf(out, "%s\"%s\": %llu", k ? ", " : "", render_class_name(cls),
		        (unsigned long long)row->classes[cls]);
	}
	fputs("}, \"codes\": {", out);
	for (uint8_t i = 0; i < row->ncodes; i++)
		fprintf(out, "%s\"%03u\": %llu", i ? ", " : "", (unsigned)row->code[i],
		        (unsigned long long)row->code_count[i]);
	fprintf(out, "}, \"other_codes\": %llu", (unsigned long long)row->other_codes);
	if (render_has_latency(r)) {
		fputs(", \"latency_ms\": ", out);
		render_json_latency(out, &row->lat);
	}
	fputs("}", out);
}

/* Every row is written (not only the top N): a merge of reports needs them all to stay
 * exact, and readers cut the list where they like; time buckets in time order. */
void render_json_by(FILE *out, const struct report *r)
{
	if (!r->drill || !r->drill->nasked)
		return;
	if (r->drill->lost)
		fputs(",\n  \"by_incomplete\": true", out);
	fputs(",\n  \"by\": [", out);
	for (size_t i = 0; i < r->drill->nasked; i++) {
		const struct breakdown *b = r->drill->by[i];
		const struct breakdown_row **rows = malloc((b->n ? b->n : 1) * sizeof *rows);
		if (!rows)
			break;
		size_t n = breakdown_order(b, rows, drill_field_is_time(b->field));
		fprintf(out,
		        "%s\n    {\"field\": \"%s\", \"approximate\": %s, \"capacity\": %zu, "
		        "\"requests\": %llu, \"missing\": %llu, \"unlisted_max\": %llu, \"rows\": "
		        "[",
		        i ? "," : "", drill_field_name(b->field),
		        breakdown_exact(b) ? "false" : "true", b->cap,
		        (unsigned long long)b->requests, (unsigned long long)b->missing,
		        (unsigned long long)b->floor);
		for (size_t k = 0; k < n; k++) {
			fputs(k ? ",\n      " : "\n      ", out);
			json_row(out, r, rows[k]);
		}
		fputs(n ? "\n    ]}" : "]}", out);
		free(rows);
	}
	fputs("\n  ]", out);
}
