/* test_report_input.c — what a report keeps of each input: the compact form gives back
 * every count of the tally it came from (cases as data), its names and messages, and a
 * run over thousands of small inputs stays small and gives the same report as one input
 * holding all their lines. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "report_input.h"
#include "support.h"

/* One input's lines, as data: requests (status, bytes, time), then rarer facts. */
struct rec {
	int status;
	uint64_t bytes;
	int64_t time;
	unsigned shape;
	int upstream;
};

struct tcase {
	const char *label;
	struct rec recs[8];
	size_t nrecs;
	size_t nmalformed; /* bad-field lines, kept as examples in the tally */
};

#define NT RECORD_NO_TIME
#define NU RECORD_NO_UPSTREAM

static const struct tcase cases[] = {
        {"empty", {{0}}, 0, 0},
        {"one request", {{200, 512, 1000, 0, NU}}, 1, 0},
        {"every class and the edges of the code range",
         {{0, 1, 10, 0, NU},
          {99, 2, 20, 0, NU},
          {100, 3, 30, 0, NU},
          {204, 4, 40, 0, NU},
          {301, 5, 50, 0, NU},
          {404, 6, 60, 0, NU},
          {599, 7, 70, 0, NU},
          {999, 8, 80, 0, NU}},
         8,
         0},
        {"no status and no time",
         {{RECORD_NO_STATUS, 0, NT, 0, NU}, {500, UINT64_MAX, NT, 0, NU}},
         2,
         0},
        {"malformed lines only", {{0}}, 0, 7},
        {"shapes and target statuses",
         {{502, 10, 5, SHAPE_CLIENT_LIST, RECORD_NO_STATUS},
          {200, 20, 6, SHAPE_VHOST_PREFIX, 200},
          {200, 20, 7, 0, 503}},
         3,
         2},
};

static void fill(struct input_result *res, const struct tcase *c)
{
	memset(res, 0, sizeof *res);
	snprintf(res->name, sizeof res->name, "%s.log", c->label);
	snprintf(res->format, sizeof res->format, "combined");
	snprintf(res->compression, sizeof res->compression, "gzip");
	tally_init(&res->tally);
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct rec *p = &c->recs[i];
		struct record r = {.status = p->status,
		                   .bytes = p->bytes,
		                   .time = p->time,
		                   .tz = 60,
		                   .shape = p->shape,
		                   .upstream = p->upstream};
		tally_record(&res->tally, &r);
	}
	for (size_t i = 0; i < c->nmalformed; i++)
		tally_malformed(&res->tally, MALFORMED_BAD_FIELD, 0, i + 1, "x y", 3);
}

/* Every count of a against b, field by field (structs have padding). */
static void expect_same_counts(const struct tally *a, const struct tally *b, const char *label)
{
	cr_expect_eq(a->lines, b->lines, "%s", label);
	cr_expect_eq(a->requests, b->requests, "%s", label);
	cr_expect_eq(a->no_status, b->no_status, "%s", label);
	cr_expect_eq(a->malformed, b->malformed, "%s", label);
	cr_expect_eq(a->bytes, b->bytes, "%s", label);
	cr_expect_eq(a->outside, b->outside, "%s", label);
	cr_expect_eq(a->filtered, b->filtered, "%s", label);
	cr_expect_eq(a->directives, b->directives, "%s", label);
	cr_expect(memcmp(a->shapes, b->shapes, sizeof a->shapes) == 0, "%s", label);
	cr_expect(memcmp(a->count, b->count, sizeof a->count) == 0, "%s", label);
	cr_expect(memcmp(a->code_bytes, b->code_bytes, sizeof a->code_bytes) == 0, "%s", label);
	cr_expect(memcmp(a->malformed_by, b->malformed_by, sizeof a->malformed_by) == 0, "%s",
	          label);
	cr_expect_eq(a->first, b->first, "%s", label);
	cr_expect_eq(a->last, b->last, "%s", label);
	cr_expect_eq(a->first_tz, b->first_tz, "%s", label);
	cr_expect_eq(a->last_tz, b->last_tz, "%s", label);
	cr_expect_eq(a->upstream.lines, b->upstream.lines, "%s", label);
	cr_expect_eq(a->upstream.none, b->upstream.none, "%s", label);
	cr_expect_eq(a->upstream.others, b->upstream.others, "%s", label);
	cr_assert_eq(a->upstream.n, b->upstream.n, "%s", label);
	for (size_t i = 0; i < a->upstream.n; i++) {
		cr_expect_eq(a->upstream.code[i].code, b->upstream.code[i].code, "%s", label);
		cr_expect_eq(a->upstream.code[i].count, b->upstream.code[i].count, "%s", label);
	}
}

Test(report_input, gives_back_every_count_of_its_tally)
{
	struct input_result *res = malloc(sizeof *res);
	struct tally *back = malloc(sizeof *back);
	cr_assert(res && back);
	struct report_inputs l = {0};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const struct tcase *c = &cases[k];
		fill(res, c);
		cr_assert_eq(report_inputs_add(&l, res), 0);
		const struct report_input *in = &l.v[l.n - 1];
		memset(back, 0xa5, sizeof *back); /* needs no initialising */
		cr_assert_eq(report_input_tally(in, back), back);
		expect_same_counts(back, &res->tally, c->label);
		cr_expect_eq(back->nexamples, 0, "%s: examples live in the total", c->label);
		cr_expect_eq(timeline_total(&back->timeline), 0, "%s", c->label);
		for (int cls = 0; cls < TALLY_CLASSES; cls++)
			cr_expect_eq(report_input_class_count(in, cls),
			             tally_class_count(&res->tally, cls), "%s class %d", c->label,
			             cls);
		for (size_t i = 0; i < in->ncodes; i++) /* only codes met, ascending */
			cr_expect(in->codes[i].count &&
			                  (i == 0 || in->codes[i].code > in->codes[i - 1].code),
			          "%s", c->label);
		cr_expect_eq(in->upstream != NULL, res->tally.upstream.lines > 0,
		             "%s: target statuses kept only when logged", c->label);
		cr_expect_str_eq(in->name, res->name);
		cr_expect_str_eq(in->format, "combined");
		cr_expect_str_eq(in->compression, "gzip");
	}
	cr_expect_eq(l.n, sizeof cases / sizeof *cases);
	report_inputs_free(&l);
	cr_expect_eq(l.n, 0);
	free(res);
	free(back);
}

Test(report_input, keeps_names_and_messages)
{
	struct input_result *res = calloc(1, sizeof *res);
	cr_assert(res);
	tally_init(&res->tally);
	memset(res->name, 'n', sizeof res->name - 1); /* the longest name a result holds */
	snprintf(res->error, sizeof res->error, "left over from a reused result");
	snprintf(res->warning, sizeof res->warning, "most lines malformed");
	struct report_inputs l = {0};
	cr_assert_eq(report_inputs_add(&l, res), 0);
	cr_expect_eq(strlen(l.v[0].name), sizeof res->name - 1);
	cr_expect_str_eq(l.v[0].error, "", "an input that did not fail has no error");
	cr_expect_str_eq(l.v[0].warning, "most lines malformed");
	res->failed = 1;
	snprintf(res->name, sizeof res->name, "-");
	snprintf(res->error, sizeof res->error, "unexpected end of gzip data");
	res->warning[0] = 0;
	cr_assert_eq(report_inputs_add(&l, res), 0);
	cr_expect(l.v[1].failed);
	cr_expect_str_eq(l.v[1].name, "-");
	cr_expect_str_eq(l.v[1].error, "unexpected end of gzip data");
	cr_expect_str_eq(l.v[1].warning, "");
	report_inputs_free(&l);
	free(res);
}

Test(report_input, parts_added_up_and_lists_moved)
{
	struct input_result *res = malloc(sizeof *res);
	struct tally *sum = malloc(sizeof *sum), *back = malloc(sizeof *back);
	cr_assert(res && sum && back);
	struct report_inputs a = {0}, b = {0};
	tally_init(sum);
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		fill(res, &cases[k]);
		cr_assert_eq(report_inputs_add(k % 2 ? &b : &a, res), 0);
		tally_merge(sum, &res->tally);
	}
	size_t na = a.n, nb = b.n;
	cr_assert_eq(report_inputs_take(&a, &b), 0);
	cr_expect_eq(a.n, na + nb);
	cr_expect_eq(b.n, 0);
	cr_expect_str_eq(a.v[na].name, "one request.log", "moved in order, after a's own");
	cr_assert_eq(report_inputs_add_tally(&a, "all.log", sum), 0);
	const struct report_input *all = &a.v[a.n - 1];
	cr_expect_str_eq(all->name, "all.log");
	cr_expect_str_eq(all->format, "");
	cr_expect_str_eq(all->error, "");
	report_input_tally(all, back);
	sum->nexamples = 0;
	expect_same_counts(back, sum, "all");
	report_inputs_free(&a);
	report_inputs_free(&b);
	free(res);
	free(sum);
	free(back);
}

#define MANY 3000

/* The report of the built binary run with argv (argv[0] included; stdout only). */
static char *json_of(const char *const *argv, size_t *len, long *maxrss_kib)
{
	struct run_result r = run_program(LOGSTAT_BIN, argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	struct rusage ru;
	cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
	*maxrss_kib = ru.ru_maxrss;
	*len = r.out_len;
	free(r.err);
	return r.out;
}

/* A run over MANY inputs of two lines: the total equals that of one input holding every
 * line, each input is listed with its own counts, and the run stays small (a whole tally
 * per input would take about 100 MB here). */
Test(report_input, many_small_inputs_stay_small)
{
	char *dir = tmpdir_make();
	const char **args = calloc(MANY + 4, sizeof *args);
	char *all = malloc((size_t)MANY * 200);
	cr_assert(args && all);
	size_t alen = 0;
	args[0] = LOGSTAT_BIN;
	args[1] = "-o";
	args[2] = "json";
	for (int i = 0; i < MANY; i++) {
		char name[32], text[400];
		snprintf(name, sizeof name, "in.%04d", i);
		int n = snprintf(text, sizeof text,
		                 "10.0.0.1 - - [10/Oct/2000:13:55:%02d +0000] \"GET /%d HTTP/1.1\" "
		                 "%d %d\n10.0.0.2 - - [10/Oct/2000:13:56:00 +0000] \"GET / "
		                 "HTTP/1.1\" 200 7\n",
		                 i % 60, i, 200 + i % 400, i);
		args[3 + i] = write_file(dir, name, text, (size_t)n);
		memcpy(all + alen, text, (size_t)n);
		alen += (size_t)n;
	}
	size_t len, one_len;
	long rss, one_rss;
	char *json = json_of(args, &len, &rss);
	char *one = write_file(dir, "all.log", all, alen);
	const char *one_args[] = {LOGSTAT_BIN, "-o", "json", one, NULL};
	char *one_json = json_of(one_args, &one_len, &one_rss);
	/* the totals: everything before "inputs" */
	const char *cut = strstr(json, "\"inputs\""), *one_cut = strstr(one_json, "\"inputs\"");
	cr_assert(cut && one_cut);
	cr_expect_eq(cut - json, one_cut - one_json);
	cr_expect(strncmp(json, one_json, (size_t)(cut - json)) == 0);
	const char *tail = strstr(json, "\"classes\": [\n"),
	           *one_tail = strstr(one_json, "\"classes\": [\n");
	cr_assert(tail && one_tail);
	cr_expect_str_eq(tail, one_tail, "classes, codes, timeline, top errors");
	char want[200];
	snprintf(want, sizeof want,
	         "\"codes\": [{\"code\": 200, \"count\": 1, \"bytes\": 7}, "
	         "{\"code\": %d, \"count\": 1, \"bytes\": %d}]}",
	         200 + (MANY - 1) % 400, MANY - 1);
	cr_expect(strstr(json, want), "the last input lists its own codes: %s", want);
	cr_log_info("%d inputs: peak RSS %ld KiB", MANY, rss);
#if !defined(__SANITIZE_ADDRESS__)
	cr_expect_lt(rss, 24 * 1024, "peak RSS %ld KiB for %d inputs", rss, MANY);
#endif
	for (int i = 0; i < MANY; i++)
		free((char *)args[3 + i]);
	free(args);
	free(all);
	free(json);
	free(one_json);
	free(one);
	tmpdir_remove(dir);
}
