/* render_summary.c — a few plain lines for mail or chat: totals and time range, classes,
 * the top codes, malformed lines, the thresholds that were checked and input errors.
 * No colors, no bars; log bytes escaped as everywhere; lines wrapped at blanks to the
 * width (continuations indented), so a cron mail reads well at 80 columns. */
#include <stdlib.h>
#include <string.h>

#include "logtime.h"
#include "render_util.h"
#include "render_width.h"

#define TOP_CODES 5

static void summary_head(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	char a[32], b[32], c[32], t1[40], t2[40];
	fprintf(out, "logstat: %s requests in %s lines (%s) from %zu input%s",
	        render_group(t->requests, a, sizeof a), render_group(t->lines, b, sizeof b),
	        render_human_bytes(t->bytes, c, sizeof c), r->ninputs, r->ninputs == 1 ? "" : "s");
	if (t->first != RECORD_NO_TIME)
		fprintf(out, ", %s to %s", logtime_format_iso(t->first, t->first_tz, t1, sizeof t1),
		        logtime_format_iso(t->last, t->last_tz, t2, sizeof t2));
	putc('\n', out);
	fputs("classes:", out);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		uint64_t n = tally_class_count(t, cls);
		if (n)
			fprintf(out, " %s %s (%.2f%%)", render_class_name(cls),
			        render_group(n, a, sizeof a), render_percent(n, t->requests));
	}
	fputs(t->requests ? "\n" : " none\n", out);
}

static void summary_top(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	int top[TOP_CODES];
	size_t n = 0;
	for (int c = 0; c < TALLY_CODES; c++) {
		if (!t->count[c])
			continue;
		size_t at = n < TOP_CODES ? n : TOP_CODES;
		while (at > 0 && t->count[top[at - 1]] < t->count[c])
			at--;
		if (at >= TOP_CODES)
			continue;
		size_t keep = n < TOP_CODES ? n : TOP_CODES - 1;
		memmove(&top[at + 1], &top[at], (keep - at) * sizeof top[0]);
		top[at] = c;
		n += n < TOP_CODES;
	}
	if (n == 0)
		return;
	fputs("top codes:", out);
	for (size_t i = 0; i < n; i++) {
		char a[32];
		const struct code_entry *p = render_primary(r, top[i], NULL, NULL);
		fprintf(out, "%s %03d", i ? "," : "", top[i]);
		if (p) {
			putc(' ', out);
			render_sanitized(out, (const unsigned char *)p->name, strlen(p->name));
		}
		fprintf(out, " %s (%.2f%%)", render_group(t->count[top[i]], a, sizeof a),
		        render_percent(t->count[top[i]], t->requests));
	}
	putc('\n', out);
}

static void summary_malformed(FILE *out, const struct tally *t)
{
	char a[32];
	if (t->malformed) {
		fprintf(out, "malformed: %s (", render_group(t->malformed, a, sizeof a));
		int first = 1;
		for (int m = 1; m < MALFORMED_COUNT; m++)
			if (t->malformed_by[m]) {
				fprintf(out, "%s%s %llu", first ? "" : ", ",
				        malformed_name((enum malformed)m),
				        (unsigned long long)t->malformed_by[m]);
				first = 0;
			}
		fputs(")\n", out);
	}
	if (t->no_status)
		fprintf(out, "no status: %s\n", render_group(t->no_status, a, sizeof a));
	if (t->outside)
		fprintf(out, "outside the time window: %s\n",
		        render_group(t->outside, a, sizeof a));
}

static const char *level_name(const struct threshold_check *c)
{
	if (!c->held)
		return "ok";
	return c->level == THRESHOLD_CRITICAL  ? "CRITICAL"
	       : c->level == THRESHOLD_WARNING ? "WARNING"
	                                       : "FAILED";
}

static void summary_lines(FILE *out, const struct report *r)
{
	summary_head(out, r);
	summary_top(out, r);
	summary_malformed(out, &r->total);
	for (size_t i = 0; i < r->nchecks; i++) {
		char d[160];
		const struct threshold_check *c = &r->checks[i];
		fprintf(out, "%s %s: %s\n", level_name(c), c->th.text,
		        threshold_describe(&c->th, &c->m, d, sizeof d));
	}
	for (size_t i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];
		if (!in->failed)
			continue;
		const char *name = render_input_name(in);
		fputs("error: ", out);
		render_sanitized(out, (const unsigned char *)name, strlen(name));
		fputs(": ", out);
		render_sanitized(out, (const unsigned char *)in->error, strlen(in->error));
		putc('\n', out);
	}
}

int render_summary(FILE *out, const struct report *r, const struct render_options *o)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return -1;
	summary_lines(mem, r);
	if (fclose(mem) != 0) {
		free(text);
		return -1;
	}
	for (char *line = text; *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = 0;
		render_wrap(out, line, render_width(o), 2, 0);
		if (!end)
			break;
		line = end + 1;
	}
	free(text);
	return ferror(out) ? -1 : 0;
}
