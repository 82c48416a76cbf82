/* render_prometheus.c — `-o prometheus`: the text exposition format (0.0.4) for
 * node_exporter's textfile collector, built by expo.c as the exporter's is, so the names
 * and labels are the same. With several inputs every per-input series carries an input
 * label (the path as given); running totals of --state runs are one set of series. The
 * labelled counts and the duration histogram come from the inputs' series tables
 * (report.series), merged per name. */
#include <stdlib.h>
#include <string.h>

#include "expo.h"
#include "report.h"

/* The series tables of the inputs refs[0, n) (every input when refs is NULL) merged into
 * a new table with its rows sorted; *t NULL when none has one. Returns 0, or -1 when out
 * of memory. */
static int merge_series(const struct report *r, const struct report_input_ref *refs, size_t n,
                        struct series_table **t)
{
	*t = NULL;
	for (size_t k = 0; r->series && k < (refs ? n : r->ninputs); k++) {
		const struct series_table *s = r->series[refs ? refs[k].i : k];
		if (!s)
			continue;
		if (!*t && !(*t = series_new_like(s)))
			return -1;
		series_merge(*t, s);
	}
	if (*t)
		series_sort(*t);
	return 0;
}

/* A distinct name: its parts are parts[from, to); first is the earliest of them. */
struct group {
	size_t first, from, to;
	size_t merged; /* index in the merged list when there are several parts */
};

static int by_first(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

/* The inputs grouped by name (an input read in two parts, or named twice, is one), in
 * the order of their first appearance. Returns the number of groups. */
static size_t group_inputs(const struct report *r, struct report_input_ref *parts, struct group *g)
{
	report_inputs_by_name(r->inputs, r->ninputs, parts);
	size_t n = 0;
	for (size_t a = 0, b; a < r->ninputs; a = b) {
		for (b = a + 1; b < r->ninputs && strcmp(parts[b].name, parts[a].name) == 0; b++)
			;
		g[n++] = (struct group){parts[a].i, a, b, 0};
	}
	qsort(g, n, sizeof *g, by_first);
	return n;
}

/* One expo_input per group: an input named once as the report keeps it (with its own
 * series table), the parts of one named more than once added up into merged (scratch:
 * two tallies) and their series tables into series[k] (freed by the caller). Returns 0, or -1 when
 * out of memory. */
static int split_inputs(const struct report *r, const struct report_input_ref *parts,
                        struct group *g, size_t n, struct expo_input *in,
                        struct report_inputs *merged, struct series_table **series,
                        struct tally *scratch)
{
	for (size_t k = 0; k < n; k++) {
		if (g[k].to - g[k].from < 2)
			continue; /* its own table serves as it is (sorted when it was read) */
		if (merge_series(r, parts + g[k].from, g[k].to - g[k].from, &series[k]) != 0)
			return -1;
		tally_init(&scratch[0]);
		for (size_t p = g[k].from; p < g[k].to; p++)
			tally_merge(&scratch[0],
			            report_input_tally(&r->inputs[parts[p].i], &scratch[1]));
		g[k].merged = merged->n;
		if (report_inputs_add_tally(merged, parts[g[k].from].name, &scratch[0]) != 0)
			return -1;
	}
	for (size_t k = 0; k < n; k++) { /* merged holds still now */
		const struct report_input *one = &r->inputs[g[k].first];
		in[k] = (struct expo_input){
		        .name = one->name,
		        .input = g[k].to - g[k].from < 2 ? one : &merged->v[g[k].merged],
		        .series = g[k].to - g[k].from < 2 && r->series ? r->series[g[k].first]
		                                                       : series[k]};
	}
	return 0;
}

static int write_whole(FILE *out, const struct report *r, struct expo *e)
{
	struct series_table *series = NULL;
	/* running totals have no series: theirs would only be this run's */
	if (!r->job.total_only && merge_series(r, NULL, 0, &series) != 0)
		return -1;
	struct expo_input whole = {.tally = &r->total, .series = series};
	e->inputs = &whole;
	e->ninputs = 1;
	int rc = expo_write(out, e);
	series_free(series);
	return rc;
}

/* Per-input series for several distinct inputs; the whole when they are one. */
static int write_inputs(FILE *out, const struct report *r, struct expo *e)
{
	struct report_input_ref *parts = malloc(r->ninputs * sizeof *parts);
	struct group *g = malloc(r->ninputs * sizeof *g);
	struct expo_input *in = calloc(r->ninputs, sizeof *in);
	struct series_table **series = calloc(r->ninputs, sizeof *series);
	struct tally *scratch = malloc(2 * sizeof *scratch);
	struct report_inputs merged = {0};
	size_t n = 0;
	int rc = -1;
	if (parts && g && in && series && scratch) {
		n = group_inputs(r, parts, g);
		if (n < 2) {
			rc = write_whole(out, r, e);
		} else if (split_inputs(r, parts, g, n, in, &merged, series, scratch) == 0) {
			e->inputs = in;
			e->ninputs = n;
			rc = expo_write(out, e);
		}
	}
	for (size_t k = 0; series && k < n; k++)
		series_free(series[k]);
	report_inputs_free(&merged);
	free(parts);
	free(g);
	free(in);
	free(series);
	free(scratch);
	return rc;
}

int render_prometheus(FILE *out, const struct report *r, const struct render_options *o)
{
	(void)o;
	struct expo e = {.format = EXPO_TEXT,
	                 .table = r->table,
	                 .table_n = r->table_n,
	                 .version = LOGSTAT_VERSION,
	                 .state_saved = r->job.state_saved};
	for (size_t i = 0; i < r->ninputs; i++)
		e.input_errors += r->inputs[i].failed != 0;
	if (!e.input_errors)
		e.last_success = r->job.finished;
	if (r->job.total_only || r->ninputs < 2)
		return write_whole(out, r, &e);
	return write_inputs(out, r, &e);
}
