/* report_emit.c — the end of a report run: thresholds, rendering to stdout or atomically
 * to --output-file, and the exit status (plain or Nagios plugin codes). */
#include <stdio.h>
#include <string.h>

#include "atomic_file.h"
#include "report_run.h"

static int is_nagios(const struct renderer *rend)
{
	return rend && strcmp(rend->name, "nagios") == 0;
}

void report_print_error(const struct input_result *in)
{
	fputs("logstat: ", stderr);
	const char *name = render_input_name(in);
	render_sanitized(stderr, (const unsigned char *)name, strlen(name));
	fputs(": ", stderr);
	render_sanitized(stderr, (const unsigned char *)in->error, strlen(in->error));
	fputc('\n', stderr);
}

void report_print_warning(const struct input_result *in)
{
	if (!in->warning[0])
		return;
	fputs("logstat: ", stderr);
	const char *name = render_input_name(in);
	render_sanitized(stderr, (const unsigned char *)name, strlen(name));
	fputs(": warning: ", stderr);
	render_sanitized(stderr, (const unsigned char *)in->warning, strlen(in->warning));
	fputc('\n', stderr);
}

int report_fatal(const struct renderer *rend, const char *msg)
{
	fputs("logstat: ", stderr);
	render_sanitized(stderr, (const unsigned char *)msg, strlen(msg));
	fputc('\n', stderr);
	if (!is_nagios(rend))
		return 2;
	fputs("LOGSTAT UNKNOWN - ", stdout);
	for (; *msg; msg++)
		render_sanitized(stdout, (const unsigned char *)(*msg == '|' ? "/" : msg), 1);
	fputc('\n', stdout);
	fflush(stdout);
	return 3;
}

int report_usage_status(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc &&
		     strcmp(argv[i + 1], "nagios") == 0) ||
		    strcmp(a, "-onagios") == 0 || strcmp(a, "--output=nagios") == 0) {
			puts("LOGSTAT UNKNOWN - bad command line (see stderr)");
			fflush(stdout);
			return 3;
		}
	}
	return 2;
}

void report_check(struct options *o, const struct renderer *rend, struct report *r)
{
	for (size_t i = 0; i < o->nchecks; i++)
		if (is_nagios(rend) && o->checks[i].level == THRESHOLD_FAIL)
			o->checks[i].level = THRESHOLD_CRITICAL;
	threshold_run(o->checks, o->nchecks, &r->total, r->table, r->table_n);
	r->checks = o->checks;
	r->nchecks = o->nchecks;
}

static int render_to_file(const struct renderer *rend, const char *path, const struct report *r,
                          const struct render_options *ro)
{
	struct atomic_file f;
	char err[8400];
	if (atomic_file_open(&f, path, err, sizeof err) != 0) {
		report_fatal(NULL, err);
		return -1;
	}
	if (rend->render(f.fp, r, ro) != 0) {
		atomic_file_abort(&f);
		snprintf(err, sizeof err, "%s: write error", path);
		report_fatal(NULL, err);
		return -1;
	}
	if (atomic_file_commit(&f, err, sizeof err) != 0) {
		report_fatal(NULL, err);
		return -1;
	}
	return 0;
}

int report_emit(const struct options *o, const struct renderer *rend, const struct report *r,
                const struct render_options *ro, int failed)
{
	if (o->output_file) {
		struct render_options plain = *ro;
		plain.color = o->color == COLOR_ALWAYS;
		if (render_to_file(rend, o->output_file, r, &plain) != 0)
			failed = 1;
	} else if (rend->render(stdout, r, ro) != 0 || fflush(stdout) != 0) {
		perror("logstat: write");
		failed = 1;
	}
	if (is_nagios(rend))
		return failed ? 3 : render_nagios_state(r);
	if (failed)
		return 2;
	int held = 0;
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct threshold_check *c = &r->checks[i];
		if (!c->held || c->level != THRESHOLD_FAIL)
			continue;
		char d[160];
		fprintf(stderr, "logstat: --fail-if %s held: %s\n", c->th.text,
		        threshold_describe(&c->th, &c->m, d, sizeof d));
		held = 1;
	}
	return held;
}
