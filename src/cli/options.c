/* options.c — what each option of the report and merge commands does to struct options
 * (the table and the parsing are shared: opts.c, opts_table.c). */
#include "options.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cron_opts.h"
#include "opts.h"
#include "series.h"
#include "term.h"

/* A JSON key path for --json-status/--json-time: printable, no spaces, fits. */
static int json_key(const char *opt, const char *arg, const char **out)
{
	size_t n = strlen(arg);
	int ok = n > 0 && n < LOGFORMAT_KEY_LEN;
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)arg[i] > ' ' && arg[i] != '"' && arg[i] != 0x7f;
	if (!ok)
		return opts_error("%s: expects a JSON key (a.b for a nested one), up to 47 bytes",
		                  opt);
	*out = arg;
	return 0;
}

/* --json-status/--json-time go into the format: JSON lines, forced when not given. */
static int finish_json(struct options *o)
{
	if (!o->json_status && !o->json_time)
		return 0;
	if (!o->have_format) {
		logformat_builtin("json", &o->format);
		o->have_format = 1;
	}
	if (o->format.family != FAMILY_JSON)
		return opts_error("--json-status/--json-time need --format json, not '%s'",
		                  o->format.name);
	/* LOGFORMAT_KEY_LEN bounds both keys (checked in json_key) */
	if (o->json_status)
		snprintf(o->format.json_status, sizeof o->format.json_status, "%s", o->json_status);
	if (o->json_time)
		snprintf(o->format.json_time, sizeof o->format.json_time, "%s", o->json_time);
	return 0;
}

/* --by: a comma list of field names, added in order, repeats ignored. */
static int parse_by(struct options *o, const char *arg)
{
	for (const char *p = arg;; p++) {
		size_t n = strcspn(p, ",");
		int f = drill_field_parse(p, n);
		if (f < 0)
			return opts_error("--by: '%.*s' is not one of: %s", (int)(n < 40 ? n : 40),
			                  p, drill_field_names());
		int dup = 0;
		for (size_t i = 0; i < o->nby; i++)
			dup |= o->by[i] == f;
		if (!dup)
			o->by[o->nby++] = f;
		p += n;
		if (!*p)
			return 0;
	}
}

static int apply(void *ctx, int c, const char *arg)
{
	struct options *o = ctx;
	unsigned long v;
	char err[256];
	switch (c) {
	case 'F':
		if (logformat_from_option(arg, &o->format, err, sizeof err) != 0)
			return opts_error("--format: %s", err);
		o->have_format = 1;
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case OPT_COLOR:
		if (term_parse_color(arg, &o->color) != 0)
			return opts_error("--color: '%s' is not auto, always or never", arg);
		return 0;
	case 'j':
		if (opts_number("--threads", arg, 1, 256, &v) != 0)
			return 2;
		o->threads = (unsigned)v;
		return 0;
	case OPT_WIDTH:
		if (opts_number("--width", arg, 40, 1000, &v) != 0)
			return 2;
		o->width = (unsigned)v;
		return 0;
	case OPT_INFLATER:
		if (strcmp(arg, "auto") == 0)
			o->inflater = INFLATER_AUTO;
		else if (strcmp(arg, "zlib") == 0)
			o->inflater = INFLATER_ZLIB;
		else if (strcmp(arg, "isal") == 0 && decoder_have_isal())
			o->inflater = INFLATER_ISAL;
		else
			return opts_error(
			        "--inflater: '%s' is not available (auto, zlib, isal when "
			        "built in)",
			        arg);
		return 0;
	case OPT_MAX_LINE:
		if (opts_number("--max-line", arg, 256, 1u << 20, &v) != 0)
			return 2;
		o->max_line = v;
		return 0;
	case OPT_CODES:
		o->codes_file = arg;
		return 0;
	case OPT_JSON_STATUS:
		return json_key("--json-status", arg, &o->json_status);
	case OPT_JSON_TIME:
		return json_key("--json-time", arg, &o->json_time);
	case OPT_LABELS:
		if (series_parse_labels(arg, &o->labels, err, sizeof err) != 0)
			return opts_error("--labels: %s", err);
		return 0;
	case OPT_BY:
		return parse_by(o, arg);
	case OPT_TOP:
		if (opts_number("--top", arg, 1, 100000, &v) != 0)
			return 2;
		o->top = (unsigned)v;
		return 0;
	case OPT_STATUS:
		if (statusfilter_parse(arg, &o->status, err, sizeof err) != 0)
			return opts_error("--status: %s", err);
		o->have_status = 1;
		return 0;
	}
	return cron_opts_apply(o, c, arg);
}

int options_parse(unsigned cmd, int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof *o);
	o->output = "text";
	o->top = 10;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = cores > 0 ? (unsigned)cores : 1;
	int rc = opts_parse(cmd, argc, argv, apply, o, &o->inputs, &o->ninputs);
	return rc == 0 && finish_json(o) != 0 ? 2 : rc;
}
