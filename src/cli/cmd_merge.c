/* cmd_merge.c — `logstat merge [OPTION]... SUMMARY.json...`: JSON reports from several
 * hosts or runs into one report, in any output format, with thresholds and --output-file
 * as for logs. Inputs keep their names, prefixed by the summary's file name. A summary
 * that cannot be read stops the merge: a fleet report silently missing a host misleads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes_load.h"
#include "commands.h"
#include "options.h"
#include "opts.h"
#include "report_run.h"
#include "summary.h"
#include "term.h"

#define MAX_SUMMARY (256u << 20)

/* The whole of path ("-": stdin) into a malloc'd buffer, or NULL with errno set. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			char *more = cap < MAX_SUMMARY ? realloc(buf, cap * 2) : NULL;
			if (!more)
				errno = cap < MAX_SUMMARY ? ENOMEM : EFBIG;
			cap *= 2;
			if (!more) {
				free(buf);
				buf = NULL;
			} else {
				buf = more;
			}
		}
	}
	if (buf && ferror(fp)) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	if (fp != stdin)
		fclose(fp);
	*len = n;
	return buf;
}

/* "web1" for "/srv/reports/web1.json". */
static void label_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	const char *base = strcmp(path, "-") == 0 ? "(stdin)" : slash ? slash + 1 : path;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	snprintf(out, size, "%.*s", (int)n, base);
}

/* When text is not JSON at all (empty, or not starting with '{'), say that in words
 * rather than the parser's "offset 0: unexpected '#'". */
static void not_a_report(const char *text, size_t len, char *err, size_t size)
{
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", text[i]))
		i++;
	if (i == len)
		snprintf(err, size,
		         "empty: not a logstat JSON report (write one with logstat -o json)");
	else if (text[i] != '{')
		snprintf(err, size,
		         "not a logstat JSON report: not JSON at all (write one with logstat -o "
		         "json)");
}

/* Append the summary in path to r's inputs and total. Returns 0, or -1 after a message. */
/* What the summaries' drill-downs add up to: the --by sections they all have, latency,
 * and the --status filter when every summary was made with the same one. */
struct merged {
	struct drill *drill;
	struct statusfilter filter;
	int filters; /* summaries with the same filter as the first one */
};

static void merge_drill(struct merged *m, struct summary *s, size_t nth)
{
	if (nth == 0) {
		m->drill = s->drill;
		s->drill = NULL;
		m->filter = s->filter;
	} else if (m->drill && s->drill) {
		drill_restrict(m->drill, s->drill);
		drill_merge(m->drill, s->drill);
	}
	m->filters += s->have_filter && strcmp(s->filter.spec, m->filter.spec) == 0;
}

static int add_summary(const char *path, struct report *r, struct report_inputs *inputs,
                       struct toperr *top, struct merged *m, size_t nth,
                       const struct renderer *rend)
{
	char label[256], err[600], msg[5000];
	size_t len;
	char *text = slurp(path, &len);
	struct summary s;
	label_of(path, label, sizeof label);
	if (!text || summary_parse(text, len, label, &s, err, sizeof err) != 0) {
		if (text)
			not_a_report(text, len, err, sizeof err);
		snprintf(msg, sizeof msg, "%s: %s", path, text ? err : strerror(errno));
		free(text);
		report_fatal(rend, msg);
		return -1;
	}
	free(text);
	if (report_inputs_take(inputs, &s.inputs) != 0) {
		summary_free(&s);
		report_fatal(rend, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < s.total.nexamples; i++)
		s.total.examples[i].input += (uint32_t)r->ninputs;
	tally_merge(&r->total, &s.total);
	toperr_merge(top, s.top);
	merge_drill(m, &s, nth);
	r->inputs = inputs->v;
	r->ninputs = inputs->n;
	summary_free(&s);
	return 0;
}

int cmd_merge(int argc, char **argv)
{
	struct options o;
	int rc = options_parse(CMD_MERGE, argc, argv, &o);
	if (rc != 0)
		return rc == 1 ? 0 : report_usage_status(argc, argv);
	const struct renderer *rend = render_find(o.output);
	if (!rend || o.ninputs == 0) {
		if (!rend)
			opts_error("--output: unknown format '%s' (%s)", o.output, render_names());
		else
			opts_error("give the JSON reports to merge (written by logstat -o json)");
		return report_usage_status(argc, argv);
	}
	struct code_table table;
	char err[600];
	if (codes_load(&table, o.codes_file, err, sizeof err) != 0)
		return report_fatal(rend, err);
	struct toperr *top = toperr_new();
	if (!top) {
		codes_table_free(&table);
		return report_fatal(rend, "out of memory");
	}
	struct report r = {.table = table.rows, .table_n = table.n, .top = top};
	r.job.total_only = 1; /* summaries carry no per-input malformed reasons */
	tally_init(&r.total);
	struct report_inputs inputs = {0};
	struct merged m = {0};
	int failed = 0;
	for (size_t i = 0; i < o.ninputs; i++)
		if (add_summary(o.inputs[i], &r, &inputs, top, &m, i, rend) != 0) {
			/* a merge missing a host would mislead: no report at all */
			drill_free(m.drill);
			report_inputs_free(&inputs);
			toperr_free(top);
			codes_table_free(&table);
			return rend->error_status;
		}
	for (size_t i = 0; i < r.ninputs; i++)
		if (inputs.v[i].failed) {
			report_print_error(inputs.v[i].name, inputs.v[i].error);
			failed = 1;
		}
	r.drill = m.drill;
	r.filter = m.filters == (int)o.ninputs ? &m.filter : NULL;
	r.top_n = o.top;
	report_check(&o, rend, &r);
	struct render_options ro = {term_want_color(o.color, 1), term_want_unicode(),
	                            term_width(o.output_file ? -1 : 1, o.width)};
	rc = report_emit(&o, rend, &r, &ro, failed);
	report_inputs_free(&inputs);
	toperr_free(top);
	drill_free(m.drill);
	codes_table_free(&table);
	return rc;
}
