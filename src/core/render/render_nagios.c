/* render_nagios.c — one Nagios/Icinga plugin status line:
 *   LOGSTAT STATE - what held or a short summary | perfdata
 * The state is the worst --warning/--critical that held, UNKNOWN when an input failed. */
#include <string.h>

#include "render_util.h"

static const char *const state_names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

int render_nagios_state(const struct report *r)
{
	for (size_t i = 0; i < r->ninputs; i++)
		if (r->inputs[i].failed)
			return 3;
	return threshold_nagios_state(r->checks, r->nchecks);
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
	if (shown)
		fputs("; ", out);
	fprintf(out, "%llu requests, %.2f%% 5xx, %llu malformed", (unsigned long long)t->requests,
	        render_percent(tally_class_count(t, 5), t->requests),
	        (unsigned long long)t->malformed);
}

/* Whether an earlier percentage check measured the same subject (one perf value each). */
static int shown_before(const struct report *r, size_t i, size_t len)
{
	for (size_t k = 0; k < i; k++)
		if (r->checks[k].th.percent &&
		    strncmp(r->checks[k].th.text, r->checks[i].th.text, len) == 0 &&
		    strcspn(r->checks[k].th.text, "<>=!") == len)
			return 1;
	return 0;
}

static void perfdata(FILE *out, const struct report *r)
{
	const struct tally *t = &r->total;
	fprintf(out, " | lines=%lluc requests=%lluc no_status=%lluc malformed=%lluc bytes=%lluB",
	        (unsigned long long)t->lines, (unsigned long long)t->requests,
	        (unsigned long long)t->no_status, (unsigned long long)t->malformed,
	        (unsigned long long)t->bytes);
	for (int k = 0; k < TALLY_CLASSES; k++) {
		int cls = render_class_at(k);
		fprintf(out, " %s=%lluc", render_class_name(cls),
		        (unsigned long long)tally_class_count(t, cls));
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct threshold_check *c = &r->checks[i];
		size_t len = strcspn(c->th.text, "<>=!");
		if (c->th.percent && !shown_before(r, i, len))
			fprintf(out, " '%.*s_pct'=%.4f%%;;;0;100", (int)len, c->th.text,
			        render_percent(c->m.count, c->m.whole));
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
