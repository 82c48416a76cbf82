/* render_nagios.c — one Nagios/Icinga plugin status line:
 *   LOGSTAT STATE - what held or a short summary | perfdata
 * The state is the worst --warning/--critical that held (or --stale), UNKNOWN when an
 * input failed. Perfdata values carry the warning and critical thresholds as ranges. */
#include <string.h>

#include "render_util.h"

static const char *const state_names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

int render_nagios_state(const struct report *r)
{
	for (size_t i = 0; i < r->ninputs; i++)
		if (r->inputs[i].failed)
			return 3;
	int s = threshold_nagios_state(r->checks, r->nchecks);
	if (r->job.nstale && r->job.stale_state > s)
		s = r->job.stale_state;
	return s;
}

/* Plugin output is one line and '|' starts the perfdata: keep both out of log text. */
static void plugin_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '|')
			putc('/', out);
		else
			render_sanitized(out, &c, 1);
	}
}

void render_nagios_fatal(FILE *out, const char *msg)
{
	fputs("LOGSTAT UNKNOWN - ", out);
	plugin_text(out, msg);
	putc('\n', out);
}

static void status_text(FILE *out, const struct report *r, int state)
{
	const struct tally *t = &r->total;
	int shown = 0;
	for (size_t i = 0; i < r->ninputs && state == 3; i++)
		if (r->inputs[i].failed) {
			fputs(shown++ ? "; " : "", out);
			plugin_text(out, render_input_name(&r->inputs[i]));
			fputs(": ", out);
			plugin_text(out, r->inputs[i].error);
		}
	for (size_t i = 0; i < r->nchecks && state != 3; i++) {
		const struct threshold_check *c = &r->checks[i];
		if (!c->held || (int)c->level != state)
			continue;
		char d[160];
		fprintf(out, "%s%s: %s", shown++ ? "; " : "", c->th.text,
		        threshold_describe(&c->th, &c->m, d, sizeof d));
	}
	if (r->job.nstale && r->job.stale_state == state && !(state == 3 && shown)) {
		fputs(shown++ ? "; " : "", out);
		plugin_text(out, r->job.stale_name);
		if (r->job.stale_age < 0)
			fputs(": no logged request", out);
		else
			fprintf(out, ": newest line %llds old", (long long)r->job.stale_age);
		fprintf(out, " (--stale %llds", (long long)r->job.stale_after);
		if (r->job.nstale > 1)
			fprintf(out, ", %zu inputs stale", r->job.nstale);
		fputc(')', out);
	}
	if (shown)
		fputs("; ", out);
	fprintf(out, "%llu requests, %.2f%% 5xx, %llu malformed", (unsigned long long)t->requests,
	        render_percent(tally_class_count(t, 5), t->requests),
	        (unsigned long long)t->malformed);
}

static int same_subject(const struct threshold *a, const struct threshold *b)
{
	return a->subject == b->subject && a->percent == b->percent &&
	       (a->subject != THRESHOLD_CODE && a->subject != THRESHOLD_CLASS ? 1
	                                                                      : a->code == b->code);
}

/* A value in fixed point (THRESHOLD_SCALE) without trailing zeros. */
static void fixed(FILE *out, int64_t v)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%s%lld.%06lld", v < 0 ? "-" : "",
	         (long long)((v < 0 ? -v : v) / THRESHOLD_SCALE),
	         (long long)((v < 0 ? -v : v) % THRESHOLD_SCALE));
	size_t n = strlen(buf);
	while (buf[n - 1] == '0')
		n--;
	if (buf[n - 1] == '.')
		n--;
	fwrite(buf, 1, n, out);
}

/* The Nagios range that alerts exactly when t holds: "v" alerts above v, "v:" below v,
 * "@v:v" at v, "v:v" anywhere else; >= and <= move the bound by the last decimal. */
static void range(FILE *out, const struct threshold *t)
{
	int64_t v = (int64_t)t->value;
	switch (t->op) {
	case THRESHOLD_GT:
		fixed(out, v);
		break;
	case THRESHOLD_GE:
		if (v == 0)
			fputs("@0:", out);
		else
			fixed(out, v - 1);
		break;
	case THRESHOLD_LT:
		fixed(out, v);
		putc(':', out);
		break;
	case THRESHOLD_LE:
		fixed(out, v + 1);
		putc(':', out);
		break;
	case THRESHOLD_EQ:
		putc('@', out);
		/* fall through */
	case THRESHOLD_NE:
		fixed(out, v);
		putc(':', out);
		fixed(out, v);
		break;
	}
}

/* ";WARN;CRIT" for the first --warning and --critical measuring what t measures. */
static void thresholds(FILE *out, const struct report *r, const struct threshold *t)
{
	for (int level = THRESHOLD_WARNING; level <= THRESHOLD_CRITICAL; level++) {
		putc(';', out);
		for (size_t i = 0; i < r->nchecks; i++)
			if ((int)r->checks[i].level == level && same_subject(&r->checks[i].th, t)) {
				range(out, &r->checks[i].th);
				break;
			}
	}
}

/* Whether an earlier check measured the same thing (one perf value each). */
static int shown_before(const struct report *r, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (same_subject(&r->checks[k].th, &r->checks[i].th))
			return 1;
	return 0;
}

/* One of the base counts (lines, requests, ..., a class), with the thresholds of the
 * count checks on it when there are any. */
static void base_value(FILE *out, const struct report *r, const char *label, uint64_t v,
                       enum threshold_subject subject, int cls)
{
	struct threshold t = {.subject = subject, .code = cls};
	fprintf(out, " %s=%lluc", label, (unsigned long long)v);
	for (size_t i = 0; i < r->nchecks; i++)
		if (r->checks[i].level != THRESHOLD_FAIL && same_subject(&r->checks[i].th, &t)) {
			thresholds(out, r, &t);
			return;
		}
}

static int is_base(const struct threshold *t)
{
	return !t->percent && (t->subject == THRESHOLD_LINES || t->subject == THRESHOLD_REQUESTS ||
	                       t->subject == THRESHOLD_NO_STATUS ||
	                       t->subject == THRESHOLD_MALFORMED || t->subject == THRESHOLD_CLASS);
}

static void perfdata(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	fputs(" |", out);
	base_value(out, r, "lines", t->lines, THRESHOLD_LINES, 0);
	base_value(out, r, "requests", t->requests, THRESHOLD_REQUESTS, 0);
	base_value(out, r, "no_status", t->no_status, THRESHOLD_NO_STATUS, 0);
	base_value(out, r, "malformed", t->malformed, THRESHOLD_MALFORMED, 0);
	fprintf(out, " bytes=%lluB", (unsigned long long)t->bytes);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		base_value(out, r, render_class_name(cls), tally_class_count(t, cls),
		           THRESHOLD_CLASS, cls);
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct threshold_check *c = &r->checks[i];
		if (is_base(&c->th) || shown_before(r, i))
			continue;
		size_t len = strcspn(c->th.text, "<>=!");
		if (c->th.percent)
			fprintf(out, " '%.*s_pct'=%.4f%%", (int)len, c->th.text,
			        render_percent(c->m.count, c->m.whole));
		else
			fprintf(out, " '%.*s'=%lluc", (int)len, c->th.text,
			        (unsigned long long)c->m.count);
		thresholds(out, r, &c->th);
		fputs(c->th.percent ? ";0;100" : ";0", out);
	}
}

int render_nagios(FILE *out, const struct report *r, const struct render_options *o)
{
	(void)o;
	int state = render_nagios_state(r);
	fprintf(out, "LOGSTAT %s - ", state_names[state]);
	status_text(out, r, state);
	perfdata(out, r);
	putc('\n', out);
	return ferror(out) ? -1 : 0;
}
