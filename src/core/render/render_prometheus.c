/* render_prometheus.c — `-o prometheus`: the text exposition format (0.0.4) for
 * node_exporter's textfile collector, built by expo.c as the exporter's is, so the names
 * and labels are the same. With several inputs every per-input series carries an input
 * label (the path as given); running totals of --state runs are one set of series. */
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

/* One expo_input per distinct name, its parts' tallies merged into tallies[]. */
static size_t split_inputs(const struct report *r, struct expo_input *in, struct tally *tallies)
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
			n++;
		}
		tally_merge(&tallies[k], &r->inputs[i].tally);
	}
	return n;
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
	struct expo_input whole = {.tally = &r->total};
	if (r->job.total_only || distinct_inputs(r) < 2) {
		e.inputs = &whole;
		e.ninputs = 1;
		return expo_write(out, &e);
	}
	struct expo_input *in = calloc(r->ninputs, sizeof *in);
	struct tally *tallies = malloc(r->ninputs * sizeof *tallies);
	int rc = -1;
	if (in && tallies) {
		e.inputs = in;
		e.ninputs = split_inputs(r, in, tallies);
		rc = expo_write(out, &e);
	}
	free(in);
	free(tallies);
	return rc;
}
