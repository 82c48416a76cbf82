/* cmd_report.c — `logstat [OPTION]... [FILE]...`: analyse each input, print errors to
 * stderr as they happen, then render one report of every input and their total. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "codes_load.h"
#include "commands.h"
#include "options.h"
#include "opts.h"
#include "report.h"
#include "report_run.h"
#include "term.h"

int cmd_report(int argc, char **argv)
{
	struct options o;
	int rc = options_parse(CMD_REPORT, argc, argv, &o);
	if (rc != 0)
		return rc == 1 ? 0 : report_usage_status(argc, argv);
	const struct renderer *rend = render_find(o.output);
	if (!rend)
		return opts_error("--output: unknown format '%s' (%s)", o.output, render_names());
	static char *stdin_only[] = {"-"};
	if (o.ninputs == 0) {
		if (isatty(0))
			return opts_error("no input files (give FILE... or - for stdin)");
		o.inputs = stdin_only;
		o.ninputs = 1;
	}
	struct code_table table;
	char err[600];
	if (codes_load(&table, o.codes_file, err, sizeof err) != 0)
		return report_fatal(rend, err); /* UNKNOWN for Nagios, not CRITICAL */
	struct render_options ro = {term_want_color(o.color, 1), term_want_unicode(),
	                            term_width(o.output_file ? -1 : 1, o.width)};
	rc = report_run(&o, rend, &table, &ro);
	codes_table_free(&table);
	return rc;
}
