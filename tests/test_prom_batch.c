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
 * in the order first met, the textfile's sorted). Not inlined: GCC 12 at -O3 takes the
 * memstream's buffer for the local variable that receives it (-Wdangling-pointer). */
__attribute__((noinline)) static char *lines_of(const char *text, const char *const *prefixes,
                                                size_t np)
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
	struct report_inputs kept = {0}; /* what the report holds of each */
	struct series_table *series[4];
	struct report r = {.ninputs = n,
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
		cr_assert_eq(report_inputs_add(&kept, &res[i]), 0);
	}
	r.inputs = kept.v;
	r.job.finished = 1;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(render_prometheus(out, &r, NULL), 0);
	fclose(out);
	for (size_t i = 0; i < n; i++)
		series_free(series[i]);
	report_inputs_free(&kept);
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
	char *buf = write_expo(&e, NULL);
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

/* awk's own count of a log made by make_log, in the shape of parse_exposition's lines. */
static const char awk_count[] =
        "BEGIN { split(\"GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH\", k, \" \")\n"
        "  for (i in k) known[k[i]] = 1\n"
        "  split(\"5000 10000 25000 50000 100000 250000 500000 1000000 2500000 5000000 "
        "10000000\", le, \" \")\n"
        "  split(\"0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10\", text, \" \") }\n"
        "NF != 12 || $10 !~ /^[0-9][0-9][0-9]$/ { next }\n"
        "{ m = substr($7, 2); if (!(m in known)) m = \"OTHER\"\n"
        "  key = $10 \" \" $1 \" \" m; n[key]++; b[key] += $11\n"
        "  cnt++; sum += $12\n"
        "  for (i = 1; i <= 11; i++) if ($12 + 0 <= le[i] + 0) { h[i]++; break } }\n"
        "END { for (key in n) print \"requests \" key \" \" n[key]\n"
        "  for (key in b) print \"bytes \" key \" \" b[key]\n"
        "  for (i = 1; i <= 11; i++) { c += h[i]; print \"bucket \" text[i] \" \" c }\n"
        "  print \"bucket +Inf \" cnt\n"
        "  printf \"sum %d.%06d\\n\", int(sum / 1000000), sum % 1000000\n"
        "  print \"count \" cnt }\n";

/* The value of label key in a sample line ("" when absent). */
static void label_value(const char *line, const char *key, char *out, size_t size)
{
	char pat[32];
	snprintf(pat, sizeof pat, "%s=\"", key);
	const char *p = strstr(line, pat);
	size_t n = p ? strcspn(p + strlen(pat), "\"") : 0;
	snprintf(out, size, "%.*s", (int)n, p ? p + strlen(pat) : "");
}

/* The requests, bytes and histogram of a one-input exposition as awk_count prints them. */
static char *parse_exposition(const char *text)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		char line[1024], code[8], vhost[128], method[16], le[16];
		snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
		const char *value = strrchr(line, ' ') + 1;
		label_value(line, "code", code, sizeof code);
		label_value(line, "vhost", vhost, sizeof vhost);
		label_value(line, "method", method, sizeof method);
		label_value(line, "le", le, sizeof le);
		if (strncmp(line, "logstat_requests_total{", 23) == 0)
			fprintf(f, "requests %s %s %s %s\n", code, vhost, method, value);
		else if (strncmp(line, "logstat_response_bytes_total{", 29) == 0)
			fprintf(f, "bytes %s %s %s %s\n", code, vhost, method, value);
		else if (strncmp(line, "logstat_request_duration_seconds_bucket{", 40) == 0)
			fprintf(f, "bucket %s %s\n", le, value);
		else if (strncmp(line, "logstat_request_duration_seconds_sum ", 37) == 0)
			fprintf(f, "sum %s\n", value);
		else if (strncmp(line, "logstat_request_duration_seconds_count ", 39) == 0)
			fprintf(f, "count %s\n", value);
	}
	fclose(f);
	static const char *const all[] = {""};
	char *sorted = lines_of(out, all, 1);
	free(out);
	return sorted;
}

/* The file without the time of the run (the only line that differs between runs). */
static char *without_run_time(const char *text)
{
	static const char *const keep[] = {"logstat_", "#"};
	char *all = lines_of(text, keep, 2);
	char *at = strstr(all, "\nlogstat_last_success_timestamp_seconds ");
	cr_assert(at, "a run that read everything has its time");
	size_t from = (size_t)(at - all) + 1, n = strcspn(all + from, "\n") + 1;
	memmove(all + from, all + from + n, strlen(all + from + n) + 1);
	return all;
}

/* Through the binary: the counts by code, vhost and method and the histogram are awk's,
 * at any --threads (a log of several blocks), and promtool takes the file. */
Test(prom_batch, counts_are_awks_at_any_threads)
{
	size_t len;
	char *log = make_log(60000, 3, &len);
	cr_assert_gt(len, 4u << 20);
	char *dir = tmpdir_make(), *path = write_file(dir, "access.log", log, len);
	const char *awk[] = {"awk", awk_count, NULL};
	struct run_result a = run_program("/usr/bin/awk", awk, log, len, NULL);
	cr_assert_eq(a.status, 0, "%s", a.err);
	static const char *const all[] = {""};
	char *want = lines_of(a.out, all, 1), *first = NULL;
	static const char *const threads[] = {"1", "2", "4"};
	for (size_t j = 0; j < 3; j++) {
		const char *argv[] = {"-F",           FORMAT, "-o",       "prometheus", "--labels",
		                      "vhost,method", "-j",   threads[j], path,         NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		char *got = parse_exposition(r.out);
		cr_expect_str_eq(got, want, "-j%s", threads[j]);
		char *same = without_run_time(r.out);
		if (!first) {
			prom_lint(r.out, r.out_len);
			first = same;
		} else {
			cr_expect_str_eq(same, first, "-j%s: the same file", threads[j]);
			free(same);
		}
		free(got);
		run_result_free(&r);
	}
	free(first);
	free(want);
	run_result_free(&a);
	free(path);
	free(log);
	tmpdir_remove(dir);
}

/* More vhosts than the documented cap: 2000 rows per input and family, the rest by code
 * with empty label values; the sums stay the tally's, the file does not depend on
 * --threads, and promtool takes it. */
Test(prom_batch, cap_and_overflow_through_the_binary)
{
	char *log = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&log, &len);
	for (unsigned i = 0; i < 60000; i++)
		fprintf(out,
		        "h%u.example 10.0.0.1 - - [30/Nov/2026:01:02:03 +0000] \"GET /%u "
		        "HTTP/1.1\" %d 10 "
		        "%u\n",
		        i % 3000, i, i % 3 ? 200 : 404, i);
	fclose(out);
	char *dir = tmpdir_make(), *path = write_file(dir, "access.log", log, len);
	char *first = NULL;
	static const char *const threads[] = {"1", "3"};
	for (size_t j = 0; j < 2; j++) {
		const char *argv[] = {"-F",    FORMAT, "-o",       "prometheus", "--labels",
		                      "vhost", "-j",   threads[j], path,         NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		size_t rows = 0;
		unsigned long long sum[2] = {0, 0}, v;
		for (const char *p = r.out; (p = strstr(p, "\nlogstat_requests_total{")) != NULL;
		     p++) {
			const char *end = p + 1 + strcspn(p + 1, "\n");
			const char *sp = end;
			while (sp[-1] != ' ')
				sp--;
			v = strtoull(sp, NULL, 10);
			int is404 = strncmp(p + 24, "code=\"404\"", 10) == 0;
			sum[is404] += v;
			rows += strstr(p, "vhost=\"\"") == NULL || strstr(p, "vhost=\"\"") > end;
		}
		cr_expect_eq(rows, SERIES_DEFAULT_CAP, "-j%s", threads[j]);
		cr_expect(strstr(r.out, "logstat_requests_total{code=\"200\",class=\"2xx\","
		                        "official=\"true\","
		                        "vhost=\"\"} "),
		          "the overflow series");
		cr_expect_eq(sum[0], 40000);
		cr_expect_eq(sum[1], 20000);
		char *same = without_run_time(r.out);
		if (!first) {
			prom_lint(r.out, r.out_len);
			first = same;
		} else {
			cr_expect_str_eq(same, first, "-j%s: the same rows", threads[j]);
			free(same);
		}
		run_result_free(&r);
	}
	free(first);
	free(path);
	free(log);
	tmpdir_remove(dir);
}

static const struct {
	const char *args[6];
	const char *why;
} refused[] = {
        {{"--labels", "vhost"}, "--labels needs -o prometheus"},
        {{"-o", "json", "--labels", "method"}, "--labels needs -o prometheus"},
        {{"-o", "prometheus", "--labels", "client"}, "'client' is not a label"},
        {{"-o", "prometheus", "--labels", "vhost", "--state", "STATE"},
         "--labels cannot be used with --state"},
};

ParameterizedTestParameters(prom_batch, refused_with_a_reason)
{
	return INDEX_PARAMS(refused);
}

ParameterizedTest(size_t *pi, prom_batch, refused_with_a_reason)
{
	char *dir = tmpdir_make(), *path = write_file(dir, "a.log", "", 0);
	char state[512];
	snprintf(state, sizeof state, "%s/state", dir);
	const char *argv[9] = {0};
	size_t n = 0;
	for (size_t i = 0; i < 6 && refused[*pi].args[i]; i++)
		argv[n++] = strcmp(refused[*pi].args[i], "STATE") ? refused[*pi].args[i] : state;
	argv[n++] = path;
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, refused[*pi].why), "%s", r.err);
	cr_expect_eq(r.out_len, 0);
	cr_expect_eq(access(state, F_OK), -1, "no state written");
	run_result_free(&r);
	free(path);
	tmpdir_remove(dir);
}

/* --state keeps running totals by code only: the textfile has neither extra labels nor a
 * histogram there (they would count this run alone, and counters must only grow). */
Test(prom_batch, state_runs_keep_totals_without_histogram)
{
	size_t len;
	char *log = make_log(2000, 1, &len);
	char *dir = tmpdir_make(), *path = write_file(dir, "a.log", log, len);
	char state[512];
	snprintf(state, sizeof state, "%s/state", dir);
	const char *argv[] = {"-F", FORMAT, "-o", "prometheus", "--state", state, path, NULL};
	unsigned long long lines[2];
	for (int run = 0; run < 2; run++) {
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_expect_null(strstr(r.out, "logstat_request_duration_seconds"));
		const char *p = strstr(r.out, "\nlogstat_lines_total ");
		cr_assert(p);
		lines[run] = strtoull(p + 21, NULL, 10);
		prom_lint(r.out, r.out_len);
		run_result_free(&r);
	}
	cr_expect_eq(lines[0], 2000);
	cr_expect_eq(lines[1], 2000, "nothing new: the totals stay");
	free(path);
	free(log);
	tmpdir_remove(dir);
}
