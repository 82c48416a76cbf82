/* test_prom_batch.c — `-o prometheus` with --labels and the duration histogram: the same
 * families, label names and values as the exporter for the same log (both built
 * in-process into memory), counts checked against awk on a log with vhosts, methods and
 * durations, promtool on the file, and the combinations refused with a reason. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "expo.h"
#include "follow.h"
#include "prom_support.h"
#include "report.h"
#include "series.h"

#define FORMAT "%v %h %l %u %t \"%r\" %>s %b %D"

/* A log of n lines: vhosts, methods (BREW and a lower-case get are OTHER), official codes,
 * durations from 0 to 12 s, a line without status and a malformed line now and then. */
static char *make_log(unsigned n, unsigned seed, size_t *len)
{
	static const char *const verbs[] = {"GET", "POST", "HEAD", "DELETE", "BREW", "get", "PUT"};
	static const int status[] = {200, 200, 200, 304, 404, 500, 502, 503};
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	for (unsigned i = 0; i < n; i++) {
		unsigned k = (i + seed) * 2654435761u >> 7;
		if (k % 97 == 0) {
			fputs("this line is not in the format\n", out);
			continue;
		}
		fprintf(out,
		        "%s.example 10.0.0.%u - - [30/Nov/2026:01:%02u:%02u +0000] \"%s /p%u "
		        "HTTP/1.1\" ",
		        k % 5 ? "www" : "api", k % 256, i / 60 % 60, i % 60, verbs[k % 7], k % 50);
		if (k % 89 == 0)
			fprintf(out, "- %u %u\n", k % 900, k % 12000000);
		else
			fprintf(out, "%d %u %u\n", status[k % 8], k % 900, k % 12000000);
	}
	fclose(out);
	return buf;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "name{label,label}" of each sample line (label names only), sorted, one a line; and in
 * *families the family names of the TYPE lines, sorted. */
static char *label_sets(const char *text, char **families)
{
	size_t cap = strlen(text) + 1, n = 0, nf = 0;
	char **items = calloc(cap, sizeof *items), **fams = calloc(cap, sizeof *fams);
	for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		size_t len = strcspn(p, "\n");
		if (strncmp(p, "# TYPE ", 7) == 0) {
			fams[nf++] = strndup(p + 7, strcspn(p + 7, " \n"));
			continue;
		}
		if (*p == '#' || !len)
			continue;
		char item[512];
		size_t name = strcspn(p, "{ "),
		       o = (size_t)snprintf(item, sizeof item, "%.*s{", (int)name, p);
		if (p[name] == '{')
			for (const char *q = p + name + 1; *q && *q != '}' && o < 400;) {
				size_t key = strcspn(q, "=");
				o += (size_t)snprintf(item + o, sizeof item - o, "%.*s,", (int)key,
				                      q);
				q += key + 2; /* past =" */
				while (*q && *q != '"')
					q += *q == '\\' ? 2 : 1;
				q += *q == '"';
				q += *q == ',';
			}
		snprintf(item + o, sizeof item - o, "}");
		size_t k = 0;
		while (k < n && strcmp(items[k], item) != 0)
			k++;
		if (k == n)
			items[n++] = strdup(item);
	}
	qsort(items, n, sizeof *items, by_text);
	char *out = NULL, *fout = NULL;
	size_t olen = 0, flen = 0;
	FILE *f = open_memstream(&out, &olen), *g = open_memstream(&fout, &flen);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n", items[i]);
		free(items[i]);
	}
	for (size_t i = 0; i < nf; i++) {
		fprintf(g, "%s\n", fams[i]);
		free(fams[i]);
	}
	fclose(f);
	fclose(g);
	free(items);
	free(fams);
	*families = fout;
	return out;
}

/* The lines of text that start with one of the prefixes, sorted (the exporter's rows are
 * in the order first met, the textfile's sorted). */
static char *lines_of(const char *text, const char *const *prefixes, size_t np)
{
	size_t n = 0, cap = 16;
	char **lines = malloc(cap * sizeof *lines);
	for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n')
		for (size_t i = 0; i < np; i++)
			if (strncmp(p, prefixes[i], strlen(prefixes[i])) == 0) {
				if (n == cap)
					lines = realloc(lines, (cap *= 2) * sizeof *lines);
				lines[n++] = strndup(p, strcspn(p, "\n"));
				break;
			}
	qsort(lines, n, sizeof *lines, by_text);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n", lines[i]);
		free(lines[i]);
	}
	fclose(f);
	free(lines);
	return out;
}

/* The batch exposition of paths[0..n): analysed at -j2 as `logstat -o prometheus` does. */
static char *batch(const char *const *paths, size_t n, const struct logformat *fmt, unsigned labels)
{
	struct input_result *res = calloc(n, sizeof *res);
	struct series_table *series[4];
	struct report r = {.inputs = res,
	                   .ninputs = n,
	                   .table = codes_builtin,
	                   .table_n = codes_builtin_count,
	                   .series = (const struct series_table *const *)series};
	tally_init(&r.total);
	for (size_t i = 0; i < n; i++) {
		struct analyze_options ao;
		analyze_options_init(&ao);
		ao.format = fmt;
		ao.threads = 2;
		ao.series = series[i] =
		        series_new_keep(labels, SERIES_DEFAULT_CAP, SERIES_KEEP_LOWEST);
		cr_assert_eq(analyze_path(paths[i], (uint32_t)i, &ao, &res[i]), 0, "%s",
		             res[i].error);
		tally_merge(&r.total, &res[i].tally);
	}
	r.job.finished = 1;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(render_prometheus(out, &r, NULL), 0);
	fclose(out);
	for (size_t i = 0; i < n; i++)
		series_free(series[i]);
	free(res);
	return buf;
}

/* The exporter's exposition of the same files followed from their start, assembled as
 * follow_export.c does for a scrape. */
static char *exporter(const char *const *paths, size_t n, const struct logformat *fmt,
                      unsigned labels)
{
	struct follower *f[4];
	struct series_table *series[4];
	struct expo_input in[4];
	for (size_t i = 0; i < n; i++) {
		series[i] = series_new(labels, SERIES_DEFAULT_CAP);
		struct follow_options fo = {.format = fmt, .from_start = 1, .series = series[i]};
		f[i] = follower_new(paths[i], (uint32_t)i, &fo, 0);
		cr_assert(f[i]);
		while (follower_poll(f[i], 0) == 1)
			;
		in[i] = (struct expo_input){.name = n > 1 ? follower_path(f[i]) : NULL,
		                            .tally = follower_tally(f[i]),
		                            .series = series[i],
		                            .followed = 1};
	}
	struct expo e = {.format = EXPO_TEXT,
	                 .inputs = in,
	                 .ninputs = n,
	                 .table = codes_builtin,
	                 .table_n = codes_builtin_count,
	                 .version = LOGSTAT_VERSION,
	                 .last_success = 1,
	                 .live = 1,
	                 .start_time = 1};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(expo_write(out, &e), 0);
	fclose(out);
	for (size_t i = 0; i < n; i++) {
		follower_free(f[i]);
		series_free(series[i]);
	}
	return buf;
}

static const struct {
	size_t ninputs;
	unsigned labels;
} modes[] = {
        {1, SERIES_VHOST | SERIES_METHOD},
        {2, SERIES_VHOST | SERIES_METHOD},
        {1, SERIES_METHOD},
        {2, SERIES_VHOST},
        {1, 0},
        {2, 0},
};

ParameterizedTestParameters(prom_batch, same_families_labels_and_counts_as_the_exporter)
{
	return INDEX_PARAMS(modes);
}

/* Both expositions of the same logs: the same families (the exporter adds only its live
 * ones), the same label names on every sample, and the same request, byte, duration and
 * line counts. */
ParameterizedTest(size_t *pi, prom_batch, same_families_labels_and_counts_as_the_exporter)
{
	size_t n = modes[*pi].ninputs;
	unsigned labels = modes[*pi].labels;
	char *dir = tmpdir_make();
	const char *paths[2];
	char *owned[2];
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *log = make_log(3000 + 500 * (unsigned)i, (unsigned)i * 7, &len);
		paths[i] = owned[i] = write_file(dir, i ? "b.log" : "a.log", log, len);
		free(log);
	}
	struct logformat fmt;
	char err[256];
	cr_assert_eq(logformat_compile(FORMAT, &fmt, err, sizeof err), 0, "%s", err);
	char *b = batch(paths, n, &fmt, labels), *x = exporter(paths, n, &fmt, labels);
	char *bf, *xf;
	char *bl = label_sets(b, &bf), *xl = label_sets(x, &xf);
	static const char *const live[] = {"logstat_start_time_seconds", "logstat_inputs_followed",
	                                   "logstat_input_read_errors_total",
	                                   "logstat_input_bytes_read_total",
	                                   "logstat_input_rotations_total"};
	/* the exporter's families and label sets without its live ones are the batch's */
	const char *const *drop = live;
	char *xf_shared = strdup(xf), *xl_shared = strdup(xl);
	for (size_t k = 0; k < sizeof live / sizeof live[0]; k++) {
		for (char *s = xf_shared; (s = strstr(s, drop[k])) != NULL;)
			memmove(s, s + strcspn(s, "\n") + 1, strlen(s + strcspn(s, "\n") + 1) + 1);
		for (char *s = xl_shared; (s = strstr(s, drop[k])) != NULL;)
			memmove(s, s + strcspn(s, "\n") + 1, strlen(s + strcspn(s, "\n") + 1) + 1);
	}
	cr_expect_str_eq(bf, xf_shared, "families: batch vs exporter");
	cr_expect_str_eq(bl, xl_shared, "label sets: batch vs exporter");
	cr_expect(strstr(bf, "logstat_request_duration_seconds\n"), "the histogram is there");
	cr_expect_eq(!!strstr(bl, "vhost,"), !!(labels & SERIES_VHOST));
	cr_expect_eq(!!strstr(bl, "method,"), !!(labels & SERIES_METHOD));
	cr_expect_eq(!!strstr(bl, "{input,"), n > 1);
	static const char *const counted[] = {
	        "logstat_requests_total",           "logstat_response_bytes_total",
	        "logstat_request_duration_seconds", "logstat_lines_total",
	        "logstat_no_status_lines_total",    "logstat_malformed_lines_total",
	        "logstat_last_timestamp_seconds"};
	char *bc = lines_of(b, counted, 7), *xc = lines_of(x, counted, 7);
	cr_expect_str_eq(bc, xc, "the same values");
	cr_expect_gt(strlen(bc), 500);
	prom_lint(b, strlen(b));
	free(bc);
	free(xc);
	free(xf_shared);
	free(xl_shared);
	free(bf);
	free(xf);
	free(bl);
	free(xl);
	free(b);
	free(x);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	tmpdir_remove(dir);
}
