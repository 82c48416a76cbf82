/* options.c — getopt_long over the report command's flags; one-line errors with a hint. */
#include "options.h"
#include "term.h"

#include <getopt.h>
#include <zlib.h>
#include <zstd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cron_opts.h"

void options_usage(FILE *out)
{
	fputs("Usage: logstat [OPTION]... [FILE]...\n"
	      "       logstat codes [--official|--unofficial] [-o json] "
	      "[CLASS|RANGE|CODE|WORD]...\n"
	      "       logstat explain [-o json] CODE      (see 'logstat codes --help')\n"
	      "       logstat merge [OPTION]... SUMMARY.json...   (JSON reports into one)\n"
	      "       logstat -f [OPTION]... FILE...   (follow live; see 'logstat -f --help')\n"
	      "Count what web servers answered: HTTP status codes in access logs.\n"
	      "FILE may be plain, gzip or zstd (detected from its first bytes); - is stdin.\n"
	      "With no FILE, read stdin when it is not a terminal.\n"
	      "\n"
	      "  -F, --format NAME|SPEC  common, combined, vhost_combined, combined_extra, w3c,\n"
	      "                          cloudfront, alb, elb, haproxy, s3, squid, json, or an\n"
	      "                          Apache LogFormat / nginx log_format string (default:\n"
	      "                          detected per input; docs/formats.md)\n"
	      "      --json-status KEY   JSON lines: the key holding the status (a.b for a\n"
	      "                          nested one); implies --format json\n"
	      "      --json-time KEY     JSON lines: the key holding the time\n"
	      "  -o, --output FORMAT     text (default), json, csv, html, summary, prometheus,\n"
	      "                          nagios\n"
	      "      --output-file PATH  write the report to PATH atomically (temp file, rename)\n"
	      "      --color WHEN        auto (default), always, never; NO_COLOR is honored\n"
	      "  -j, --threads N         worker threads (default: online cores)\n"
	      "      --inflater NAME     gzip inflater: auto, zlib, isal\n"
	      "      --max-line BYTES    longest line parsed (default 65536)\n"
	      "      --codes FILE        extra status-code definitions\n"
	      "\n"
	      "Unattended runs (cron, systemd timers; see docs/cron.md):\n"
	      "      --state FILE        read only what is new since the run that wrote FILE,\n"
	      "                          following rotations (NAME.1, NAME.1.gz, NAME.1.zst, ...)\n"
	      "      --dry-run           with --state: report, but leave FILE as it is\n"
	      "      --since TIME        count requests at or after TIME: ISO 8601, the log's own\n"
	      "      --until TIME        format, 15m, 1h, 2d, 1w (ago), today, yesterday; until\n"
	      "                          is exclusive\n"
	      "      --fail-if EXPR      exit 1 when EXPR holds, e.g. '5xx>1%', '502>0',\n"
	      "                          '499>=100', 'unofficial>0.5%', 'malformed>0' "
	      "(repeatable)\n"
	      "      --warning EXPR      with -o nagios: WARNING (exit 1) when EXPR holds\n"
	      "      --critical EXPR     with -o nagios: CRITICAL (exit 2) when EXPR holds\n"
	      "\n"
	      "  -h, --help              this help\n"
	      "  -V, --version           version\n"
	      "\n"
	      "Exit status: 0 success, 1 when a --fail-if held, 2 when an input or an option\n"
	      "failed; with -o nagios the plugin codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n",
	      out);
}

/* The version and what the build decodes with, for bug reports. */
static void print_version(void)
{
	printf("logstat %s\n", LOGSTAT_VERSION);
	printf("gzip: %szlib %s%s; zstd %s\n", decoder_have_isal() ? "ISA-L inflate, " : "",
	       zlibVersion(), decoder_have_isal() ? " as fallback" : "", ZSTD_versionString());
}

static int bad(const char *fmt, const char *arg)
{
	fputs("logstat: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'logstat --help' for more information.\n", stderr);
	return 2;
}

static int parse_count(const char *arg, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (!*arg || *end || v > max || arg[0] == '-')
		return -1;
	*out = v;
	return 0;
}

enum { OPT_COLOR = 256, OPT_INFLATER, OPT_MAX_LINE, OPT_CODES, OPT_JSON_STATUS, OPT_JSON_TIME };

/* A JSON key path for --json-status/--json-time: printable, no spaces, fits. */
static int json_key(const char *opt, const char *arg, const char **out)
{
	size_t n = strlen(arg);
	int ok = n > 0 && n < LOGFORMAT_KEY_LEN;
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)arg[i] > ' ' && arg[i] != '"' && arg[i] != 0x7f;
	if (!ok)
		return bad("%s: expects a JSON key (a.b for a nested one), up to 47 bytes", opt);
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
		return bad("--json-status/--json-time need --format json, not '%s'",
		           o->format.name);
	/* LOGFORMAT_KEY_LEN bounds both keys (checked in json_key) */
	if (o->json_status)
		snprintf(o->format.json_status, sizeof o->format.json_status, "%s", o->json_status);
	if (o->json_time)
		snprintf(o->format.json_time, sizeof o->format.json_time, "%s", o->json_time);
	return 0;
}

static int apply(struct options *o, int c, const char *arg)
{
	unsigned long v;
	char err[256];
	switch (c) {
	case 'F':
		if (logformat_from_option(arg, &o->format, err, sizeof err) != 0)
			return bad("--format: %s", err);
		o->have_format = 1;
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case OPT_COLOR:
		if (term_parse_color(arg, &o->color) != 0)
			return bad("--color: '%s' is not auto, always or never", arg);
		return 0;
	case 'j':
		if (parse_count(arg, 256, &v) != 0 || v == 0)
			return bad("--threads: '%s' is not a number from 1 to 256", arg);
		o->threads = (unsigned)v;
		return 0;
	case OPT_INFLATER:
		if (strcmp(arg, "auto") == 0)
			o->inflater = INFLATER_AUTO;
		else if (strcmp(arg, "zlib") == 0)
			o->inflater = INFLATER_ZLIB;
		else if (strcmp(arg, "isal") == 0 && decoder_have_isal())
			o->inflater = INFLATER_ISAL;
		else
			return bad("--inflater: '%s' is not available (auto, zlib, isal when built "
			           "in)",
			           arg);
		return 0;
	case OPT_MAX_LINE:
		if (parse_count(arg, 1u << 20, &v) != 0 || v < 256)
			return bad("--max-line: '%s' is not a size from 256 to 1048576", arg);
		o->max_line = v;
		return 0;
	case OPT_CODES:
		o->codes_file = arg;
		return 0;
	case OPT_JSON_STATUS:
		return json_key("--json-status", arg, &o->json_status);
	case OPT_JSON_TIME:
		return json_key("--json-time", arg, &o->json_time);
	}
	return cron_opts_apply(o, c, arg);
}

int options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
	        {"format", required_argument, 0, 'F'},
	        {"output", required_argument, 0, 'o'},
	        {"color", required_argument, 0, OPT_COLOR},
	        {"colour", required_argument, 0, OPT_COLOR},
	        {"threads", required_argument, 0, 'j'},
	        {"inflater", required_argument, 0, OPT_INFLATER},
	        {"max-line", required_argument, 0, OPT_MAX_LINE},
	        {"codes", required_argument, 0, OPT_CODES},
	        {"json-status", required_argument, 0, OPT_JSON_STATUS},
	        {"json-time", required_argument, 0, OPT_JSON_TIME},
	        CRON_OPTS_LONG,
	        {"help", no_argument, 0, 'h'},
	        {"version", no_argument, 0, 'V'},
	        {0, 0, 0, 0}};
	memset(o, 0, sizeof *o);
	o->output = "text";
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = cores > 0 ? (unsigned)cores : 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":F:o:j:hV", longs, NULL)) != -1) {
		if (c == 'h') {
			options_usage(stdout);
			return 1;
		}
		if (c == 'V') {
			print_version();
			return 1;
		}
		if (c == '?')
			return bad("unknown option '%s'", argv[optind - 1]);
		if (c == ':')
			return bad("option '%s' needs a value", argv[optind - 1]);
		if (apply(o, c, optarg) != 0)
			return 2;
	}
	if (finish_json(o) != 0)
		return 2;
	o->inputs = argv + optind;
	o->ninputs = (size_t)(argc - optind);
	return 0;
}
