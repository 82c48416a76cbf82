/* cmd_report.c — `logstat [OPTION]... [FILE]...`: analyse each input, print errors to
 * stderr as they happen, then render one report of every input and their total. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "codes_load.h"
#include "commands.h"
#include "options.h"
#include "report.h"
#include "term.h"

static void print_error(const struct input_result *in)
{
	fputs("logstat: ", stderr);
	const char *name = render_input_name(in);
	render_sanitized(stderr, (const unsigned char *)name, strlen(name));
	fputs(": ", stderr);
	render_sanitized(stderr, (const unsigned char *)in->error, strlen(in->error));
	fputc('\n', stderr);
}

static int want_unicode(void)
{
	setlocale(LC_CTYPE, "");
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}

int cmd_report(int argc, char **argv)
{
	struct options o;
	int rc = options_parse(argc, argv, &o);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	const struct renderer *rend = render_find(o.output);
	if (!rend) {
		fprintf(stderr, "logstat: --output: unknown format '%s' (%s)\n"
				"Try 'logstat --help' for more information.\n",
			o.output, render_names());
		return 2;
	}
	static char *stdin_only[] = {"-"};
	if (o.ninputs == 0) {
		if (isatty(0)) {
			fputs("logstat: no input files (give FILE... or - for stdin)\n"
			      "Try 'logstat --help' for more information.\n",
			      stderr);
			return 2;
		}
		o.inputs = stdin_only;
		o.ninputs = 1;
	}
	struct code_table table;
	if (codes_load(&table, o.codes_file) != 0)
		return 2;
	struct input_result *res = calloc(o.ninputs, sizeof *res);
	if (!res) {
		fputs("logstat: out of memory\n", stderr);
		codes_table_free(&table);
		return 2;
	}
	struct analyze_options ao;
	analyze_options_init(&ao);
	ao.format = o.have_format ? &o.format : NULL;
	ao.inflater = o.inflater;
	ao.threads = o.threads;
	ao.max_line = o.max_line;
	struct report r = {.inputs = res, .ninputs = o.ninputs, .table = table.rows,
			   .table_n = table.n};
	tally_init(&r.total);
	int failed = 0;
	for (size_t i = 0; i < o.ninputs; i++) {
		if (analyze_path(o.inputs[i], (uint32_t)i, &ao, &res[i]) != 0) {
			print_error(&res[i]);
			failed = 1;
		}
		tally_merge(&r.total, &res[i].tally);
	}
	struct render_options ro = {term_want_color(o.color, 1), want_unicode(), 0};
	if (rend->render(stdout, &r, &ro) != 0 || fflush(stdout) != 0) {
		perror("logstat: write");
		failed = 1;
	}
	free(res);
	codes_table_free(&table);
	return failed ? 2 : 0;
}
