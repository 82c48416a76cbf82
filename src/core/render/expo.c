/* expo.c — the metric families of logstat in the Prometheus text format or OpenMetrics:
 * the same names, labels and order for `-o prometheus` and the exporter (expo.h). */
#include <string.h>
#include <strings.h>

#include "expo.h"
#include "render_util.h"

enum kind { COUNTER, GAUGE, INFO, HISTOGRAM };

struct writer {
	FILE *out;
	const struct expo *e;
	int nlabels; /* labels written in the sample being written */
};

void expo_label_value(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	putc('"', out);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		if (p[i] == '\\' || p[i] == '"')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] == '\n')
			fputs("\\n", out);
		else if (p[i] < 0x80)
			putc(p[i], out);
		else if ((len = render_utf8_len(p + i, n - i)) > 0) {
			fwrite(p + i, 1, len, out);
			i += len - 1;
		} else
			fputs("\xef\xbf\xbd", out);
	}
	putc('"', out);
}

/* HELP and TYPE. OpenMetrics names a counter's family without _total and an info
 * family without _info; the text format has no info type (a gauge of 1 instead). */
static void family(struct writer *w, const char *name, enum kind k, const char *help)
{
	static const char *const types[] = {"counter", "gauge", "info", "histogram"};
	size_t len = strlen(name);
	if (w->e->format == EXPO_OPENMETRICS) {
		if (k == COUNTER)
			len -= strlen("_total");
		else if (k == INFO)
			len -= strlen("_info");
	}
	const char *type = k == INFO && w->e->format == EXPO_TEXT ? "gauge" : types[k];
	fprintf(w->out, "# HELP %.*s %s\n# TYPE %.*s %s\n", (int)len, name, help, (int)len, name,
	        type);
}

static void label(struct writer *w, const char *key, const char *value)
{
	fprintf(w->out, "%s%s=", w->nlabels++ ? "," : "{", key);
	expo_label_value(w->out, value);
}

/* The start of a sample: its name, and the input label when the input has one. */
static void sample(struct writer *w, const char *name, const struct expo_input *in)
{
	fputs(name, w->out);
	w->nlabels = 0;
	if (in && in->name)
		label(w, "input", in->name);
}

static void value(struct writer *w, unsigned long long v)
{
	fprintf(w->out, "%s %llu\n", w->nlabels ? "}" : "", v);
}

static void signed_value(struct writer *w, long long v)
{
	fprintf(w->out, "%s %lld\n", w->nlabels ? "}" : "", v);
}

/* One sample of a per-code family; row NULL: by code only, else its extra labels (values
 * of labels not asked for are left out). */
static void code_sample(struct writer *w, const char *name, const struct expo_input *in, int c,
                        const struct series_row *row, uint64_t v)
{
	char code[8];
	snprintf(code, sizeof code, "%03d", c);
	sample(w, name, in);
	label(w, "code", code);
	label(w, "class", render_class_name(codes_class(c)));
	label(w, "official",
	      threshold_code_official(w->e->table, w->e->table_n, c) ? "true" : "false");
	if (row && (series_labels(in->series) & SERIES_VHOST))
		label(w, "vhost", row->vhost);
	if (row && (series_labels(in->series) & SERIES_METHOD))
		label(w, "method", row->method);
	value(w, (unsigned long long)v);
}

/* The rows of an input's series table, then what overflowed it (empty label values). */
static void per_series(struct writer *w, const char *name, const struct expo_input *in, int bytes)
{
	const struct series_table *s = in->series;
	for (size_t k = 0; k < series_count(s); k++) {
		const struct series_row *row = series_row(s, k);
		code_sample(w, name, in, row->code, row, bytes ? row->bytes : row->requests);
	}
	static const struct series_row empty;
	for (int c = 0; c < TALLY_CODES && series_overflow(s, -1, NULL); c++) {
		uint64_t b = 0, n = series_overflow(s, c, &b);
		if (n)
			code_sample(w, name, in, c, &empty, bytes ? b : n);
	}
}

static void per_code(struct writer *w, const char *name, const char *help, int bytes)
{
	family(w, name, COUNTER, help);
	for (size_t i = 0; i < w->e->ninputs; i++) {
		const struct expo_input *in = &w->e->inputs[i];
		const struct tally *t = in->tally;
		if (in->series && series_labels(in->series)) {
			per_series(w, name, in, bytes);
			continue;
		}
		for (size_t k = 0; !t && k < in->input->ncodes; k++) {
			const struct report_input_code *c = &in->input->codes[k];
			code_sample(w, name, in, c->code, NULL, bytes ? c->bytes : c->count);
		}
		for (int c = 0; t && c < TALLY_CODES; c++)
			if (t->count[c])
				code_sample(w, name, in, c, NULL,
				            bytes ? t->code_bytes[c] : t->count[c]);
	}
}

/* A counter or gauge with one sample per input, read from the input by get. */
static void per_input(struct writer *w, const char *name, enum kind k, const char *help,
                      uint64_t (*get)(const struct expo_input *))
{
	family(w, name, k, help);
	for (size_t i = 0; i < w->e->ninputs; i++) {
		sample(w, name, &w->e->inputs[i]);
		value(w, (unsigned long long)get(&w->e->inputs[i]));
	}
}

static uint64_t get_lines(const struct expo_input *in)
{
	return in->tally ? in->tally->lines : in->input->lines;
}
static uint64_t get_no_status(const struct expo_input *in)
{
	return in->tally ? in->tally->no_status : in->input->no_status;
}
static uint64_t get_read_errors(const struct expo_input *in)
{
	return in->read_errors;
}
static uint64_t get_bytes_read(const struct expo_input *in)
{
	return in->bytes_read;
}
static uint64_t get_rotations(const struct expo_input *in)
{
	return in->rotations;
}

/* Request durations per input, for inputs whose format logs them (the family is left
 * out until one has). */
static void durations(struct writer *w)
{
	const char *name = "logstat_request_duration_seconds";
	int any = 0;
	for (size_t i = 0; i < w->e->ninputs; i++) {
		const struct expo_input *in = &w->e->inputs[i];
		const struct durhist *l = in->series ? series_latency(in->series) : NULL;
		if (!l || !l->count)
			continue;
		if (!any++)
			family(w, name, HISTOGRAM, "Time taken to serve requests, as logged.");
		uint64_t below = 0;
		for (size_t b = 0; b < DURHIST_BUCKETS; b++) {
			below += l->bucket[b];
			sample(w, "logstat_request_duration_seconds_bucket", in);
			label(w, "le", durhist_bound_text(b));
			value(w, (unsigned long long)below);
		}
		sample(w, "logstat_request_duration_seconds_bucket", in);
		label(w, "le", "+Inf");
		value(w, (unsigned long long)l->count);
		sample(w, "logstat_request_duration_seconds_sum", in);
		fprintf(w->out, "%s %llu.%06llu\n", w->nlabels ? "}" : "",
		        (unsigned long long)(l->sum_us / 1000000),
		        (unsigned long long)(l->sum_us % 1000000));
		sample(w, "logstat_request_duration_seconds_count", in);
		value(w, (unsigned long long)l->count);
	}
}

static void malformed(struct writer *w)
{
	const char *name = "logstat_malformed_lines_total";
	family(w, name, COUNTER, "Log lines that did not fit the format, by reason.");
	for (size_t i = 0; i < w->e->ninputs; i++) {
		const struct expo_input *in = &w->e->inputs[i];
		const uint64_t *by = in->tally ? in->tally->malformed_by : in->input->malformed_by;
		for (int m = 1; m < MALFORMED_COUNT; m++) {
			sample(w, name, in);
			label(w, "reason", malformed_name((enum malformed)m));
			value(w, (unsigned long long)by[m]);
		}
	}
}

static void last_timestamp(struct writer *w)
{
	const char *name = "logstat_last_timestamp_seconds";
	int any = 0;
	for (size_t i = 0; i < w->e->ninputs; i++) {
		const struct expo_input *in = &w->e->inputs[i];
		int64_t last = in->tally ? in->tally->last : in->input->last;
		if (last == RECORD_NO_TIME)
			continue;
		if (!any++)
			family(w, name, GAUGE,
			       "Time of the latest logged request, seconds since the epoch.");
		sample(w, name, in);
		signed_value(w, (long long)last);
	}
}

static void single(struct writer *w, const char *name, enum kind k, const char *help, long long v)
{
	family(w, name, k, help);
	sample(w, name, NULL);
	signed_value(w, v);
}

static void job(struct writer *w)
{
	const struct expo *e = w->e;
	single(w, "logstat_input_errors", GAUGE, "Inputs that could not be read in full.",
	       (long long)e->input_errors);
	if (e->last_success)
		single(w, "logstat_last_success_timestamp_seconds", GAUGE,
		       "When every input was last read without error, seconds since the epoch.",
		       (long long)e->last_success);
	if (e->state_saved)
		single(w, "logstat_state_saved_timestamp_seconds", GAUGE,
		       "When the --state file was last saved, seconds since the epoch.",
		       (long long)e->state_saved);
}

static void live(struct writer *w)
{
	const struct expo *e = w->e;
	single(w, "logstat_start_time_seconds", GAUGE,
	       "When the exporter started, seconds since the epoch.", (long long)e->start_time);
	long long followed = 0;
	for (size_t i = 0; i < e->ninputs; i++)
		followed += e->inputs[i].followed != 0;
	single(w, "logstat_inputs_followed", GAUGE, "Inputs open and followed now.", followed);
	per_input(w, "logstat_input_read_errors_total", COUNTER, "Errors reading an input.",
	          get_read_errors);
	per_input(w, "logstat_input_bytes_read_total", COUNTER,
	          "Bytes read from an input, rotated files included.", get_bytes_read);
	per_input(w, "logstat_input_rotations_total", COUNTER,
	          "Rotations and truncations of an input noticed.", get_rotations);
}

int expo_write(FILE *out, const struct expo *e)
{
	struct writer w = {out, e, 0};
	family(&w, "logstat_build_info", INFO, "The logstat build that made these metrics.");
	sample(&w, "logstat_build_info", NULL);
	label(&w, "version", e->version ? e->version : "");
	value(&w, 1);
	per_code(&w, "logstat_requests_total", "HTTP requests logged, by status code.", 0);
	per_code(&w, "logstat_response_bytes_total", "Response bytes logged, by status code.", 1);
	durations(&w);
	per_input(&w, "logstat_lines_total", COUNTER, "Log lines read.", get_lines);
	per_input(&w, "logstat_no_status_lines_total", COUNTER,
	          "Log lines whose status field was '-'.", get_no_status);
	malformed(&w);
	last_timestamp(&w);
	job(&w);
	if (e->live)
		live(&w);
	if (e->format == EXPO_OPENMETRICS)
		fputs("# EOF\n", out);
	return ferror(out) ? -1 : 0;
}

/* Whether the media range at p (up to its ',') has a q parameter of zero. */
static int quality_zero(const char *p)
{
	size_t end = strcspn(p, ",");
	for (const char *q = p; q < p + end; q++) {
		if (*q != ';')
			continue;
		q++;
		q += strspn(q, " \t");
		if ((*q == 'q' || *q == 'Q') && q[1] == '=') {
			const char *v = q + 2;
			v += strspn(v, "0");
			if (*v == '.')
				v += 1 + strspn(v + 1, "0");
			return *v == 0 || *v == ',' || *v == ';' || *v == ' ' || *v == '\t';
		}
	}
	return 0;
}

enum expo_format expo_negotiate(const char *accept)
{
	static const char om[] = "application/openmetrics-text";
	if (!accept)
		return EXPO_TEXT;
	const char *p = accept;
	while (*p) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ";, \t");
		if (n == sizeof om - 1 && strncasecmp(p, om, n) == 0 && !quality_zero(p + n))
			return EXPO_OPENMETRICS;
		p += strcspn(p, ",");
	}
	return EXPO_TEXT;
}

const char *expo_content_type(enum expo_format f)
{
	return f == EXPO_OPENMETRICS ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
	                             : "text/plain; version=0.0.4; charset=utf-8";
}
