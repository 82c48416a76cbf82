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

/* Distinct input names (an input read in two parts, or named twice, is one). */
static size_t distinct_inputs(const struct report *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->ninputs; i++) {
		size_t k = 0;
		while (k < i && strcmp(r->inputs[k].name, r->inputs[i].name) != 0)
			k++;
		n += k == i;
	}
	return n;
}

/* The series tables of the inputs called name (NULL: of every input) merged into a new
 * table with its rows sorted; *t NULL when no input has one. Returns 0, or -1 when out of
 * memory. */
static int merge_series(const struct report *r, const char *name, struct series_table **t)
{
	*t = NULL;
	for (size_t i = 0; r->series && i < r->ninputs; i++) {
		const struct series_table *s = r->series[i];
		if (!s || (name && strcmp(r->inputs[i].name, name) != 0))
			continue;
		if (!*t && !(*t = series_new_like(s)))
			return -1;
		series_merge(*t, s);
	}
	if (*t)
		series_sort(*t);
	return 0;
}

/* One expo_input per distinct name, its parts' tallies merged into tallies[] and their
 * series tables into series[] (to be freed by the caller). Returns the count, or 0 when
 * out of memory. */
static size_t split_inputs(const struct report *r, struct expo_input *in, struct tally *tallies,
                           struct series_table **series, struct tally *scratch)
{
	size_t n = 0;
	for (size_t i = 0; i < r->ninputs; i++) {
		size_t k = 0;
		while (k < n && strcmp(in[k].name, r->inputs[i].name) != 0)
			k++;
		if (k == n) {
			tally_init(&tallies[n]);
			in[n] = (struct expo_input){.name = r->inputs[i].name,
			                            .tally = &tallies[n]};
			if (merge_series(r, in[n].name, &series[n]) != 0)
				return 0;
			in[n].series = series[n];
			n++;
		}
		tally_merge(&tallies[k], report_input_tally(&r->inputs[i], scratch));
	}
	return n;
}

static int write_whole(FILE *out, const struct report *r, struct expo *e)
{
	struct series_table *series = NULL;
	/* running totals have no series: theirs would only be this run's */
	if (!r->job.total_only && merge_series(r, NULL, &series) != 0)
		return -1;
	struct expo_input whole = {.tally = &r->total, .series = series};
	e->inputs = &whole;
	e->ninputs = 1;
	int rc = expo_write(out, e);
	series_free(series);
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
	if (r->job.total_only || distinct_inputs(r) < 2)
		return write_whole(out, r, &e);
	struct expo_input *in = calloc(r->ninputs, sizeof *in);
	struct tally *tallies = malloc((r->ninputs + 1) * sizeof *tallies);
	struct series_table **series = calloc(r->ninputs, sizeof *series);
	int rc = -1;
	if (in && tallies && series) {
		e.inputs = in;
		e.ninputs = split_inputs(r, in, tallies, series, &tallies[r->ninputs]);
		if (e.ninputs)
			rc = expo_write(out, &e);
	}
	for (size_t i = 0; series && i < r->ninputs; i++)
		series_free(series[i]);
	free(in);
	free(tallies);
	free(series);
	return rc;
}
