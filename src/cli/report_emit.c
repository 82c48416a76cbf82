/* report_emit.c — the end of a report run: thresholds, rendering to stdout or atomically
 * to --output-file, and the exit status (plain, or the renderer's own for a plugin). */
#include <stdio.h>
#include <string.h>

#include "atomic_file.h"
#include "report_run.h"

/* "logstat: NAME: " then the message, every byte escaped. */
static void print_about(const char *name, const char *what, const char *msg)
{
	if (strcmp(name, "-") == 0)
		name = "(stdin)";
	fputs("logstat: ", stderr);
	render_sanitized(stderr, (const unsigned char *)name, strlen(name));
	fputs(what, stderr);
	render_sanitized(stderr, (const unsigned char *)msg, strlen(msg));
	fputc('\n', stderr);
}

void report_print_error(const char *name, const char *error)
{
	print_about(name, ": ", error);
}

void report_print_warning(const char *name, const char *warning)
{
	if (warning[0])
		print_about(name, ": warning: ", warning);
}

int report_fatal(const struct renderer *rend, const char *msg)
{
	fputs("logstat: ", stderr);
	render_sanitized(stderr, (const unsigned char *)msg, strlen(msg));
	fputc('\n', stderr);
	if (!rend)
		return 2;
	if (rend->fatal) {
		rend->fatal(stdout, msg);
		fflush(stdout);
	}
	return rend->error_status;
}

/* The value of -o/--output in argv, or NULL. */
static const char *output_arg(int argc, char **argv)
{
	const char *value = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
			value = argv[++i];
		else if (strncmp(a, "--output=", 9) == 0)
			value = a + 9;
		else if (strncmp(a, "-o", 2) == 0 && a[2])
			value = a + 2;
	}
	return value;
}

int report_usage_status(int argc, char **argv)
{
	const char *name = output_arg(argc, argv);
	const struct renderer *rend = name ? render_find(name) : NULL;
	if (!rend)
		return 2;
	if (rend->fatal) {
		rend->fatal(stdout, "bad command line (see stderr)");
		fflush(stdout);
	}
	return rend->error_status;
}

void report_check(struct options *o, const struct renderer *rend, struct report *r)
{
	for (size_t i = 0; i < o->nchecks; i++)
		if (rend->status && o->checks[i].level == THRESHOLD_FAIL)
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
	if (failed)
		return rend->error_status;
	if (rend->status)
		return rend->status(r);
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
