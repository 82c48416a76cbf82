/* follow_export.c — assembles the exposition of followed logs for the exporter: per
 * input, the counts kept across live-view resets plus the follower's current ones. */
#include <stdlib.h>
#include <time.h>

#include "exporter.h"
#include "follow_export.h"

struct follow_export {
	struct exporter *http;
	struct follower *const *f;
	struct series_table *const *series;
	size_t n;
	const struct code_table *table;
	struct tally *kept;    /* per input: counts before the last reset */
	struct tally *scratch; /* per input: kept + current, built for each scrape */
	struct expo_input *in;
	int64_t start, last_success;
};

static int write_metrics(FILE *out, enum expo_format format, void *ctx)
{
	struct follow_export *x = ctx;
	struct expo e = {.format = format,
	                 .inputs = x->in,
	                 .ninputs = x->n,
	                 .table = x->table->rows,
	                 .table_n = x->table->n,
	                 .version = LOGSTAT_VERSION,
	                 .last_success = x->last_success,
	                 .live = 1,
	                 .start_time = x->start};
	for (size_t i = 0; i < x->n; i++) {
		const struct follower *f = x->f[i];
		enum follow_state s = follower_state(f);
		x->scratch[i] = x->kept[i];
		tally_merge(&x->scratch[i], follower_tally(f));
		x->in[i] = (struct expo_input){.name = x->n > 1 ? follower_path(f) : NULL,
		                               .tally = &x->scratch[i],
		                               .series = x->series[i],
		                               .read_errors = follower_read_errors(f),
		                               .bytes_read = follower_bytes_read(f),
		                               .rotations = follower_rotations(f),
		                               .followed = s == FOLLOW_FOLLOWING ||
		                                           s == FOLLOW_ROTATED};
		e.input_errors += s == FOLLOW_ERROR;
	}
	return expo_write(out, &e);
}

struct follow_export *follow_export_start(const char *addr, struct follower *const *f,
                                          struct series_table *const *series, size_t n,
                                          const struct code_table *table, char *err, size_t errsize)
{
	struct follow_export *x = calloc(1, sizeof *x);
	if (x) {
		x->kept = malloc(n * sizeof *x->kept);
		x->scratch = malloc(n * sizeof *x->scratch);
		x->in = calloc(n, sizeof *x->in);
	}
	if (!x || !x->kept || !x->scratch || !x->in) {
		snprintf(err, errsize, "out of memory");
		follow_export_stop(x);
		return NULL;
	}
	x->f = f;
	x->series = series;
	x->n = n;
	x->table = table;
	for (size_t i = 0; i < n; i++)
		tally_init(&x->kept[i]);
	x->start = x->last_success = (int64_t)time(NULL);
	x->http = exporter_start(addr, write_metrics, x, err, errsize);
	if (!x->http) {
		follow_export_stop(x);
		return NULL;
	}
	return x;
}

int follow_export_fd(const struct follow_export *x)
{
	return exporter_fd(x->http);
}

int follow_export_timeout_ms(struct follow_export *x)
{
	return exporter_timeout_ms(x->http);
}

void follow_export_run(struct follow_export *x)
{
	size_t failing = 0;
	for (size_t i = 0; i < x->n; i++)
		failing += follower_state(x->f[i]) == FOLLOW_ERROR;
	if (!failing)
		x->last_success = (int64_t)time(NULL);
	exporter_run(x->http);
}

void follow_export_keep(struct follow_export *x)
{
	for (size_t i = 0; i < x->n; i++) {
		tally_merge(&x->kept[i], follower_tally(x->f[i]));
		x->kept[i].nexamples = 0; /* examples are not exported; keep merges cheap */
	}
}

const char *follow_export_url(const struct follow_export *x)
{
	return exporter_url(x->http);
}

void follow_export_stop(struct follow_export *x)
{
	if (!x)
		return;
	exporter_stop(x->http);
	free(x->kept);
	free(x->scratch);
	free(x->in);
	free(x);
}
