/* opts_table.c — every option of every logstat command, as data: the parser (opts.c),
 * --help, the man page test and the completions all read this one table. A row with no
 * name is a heading in help. Help lines stay under 54 columns (column 26 to 80). */
#include "opts.h"

#define REPORTS (CMD_REPORT | CMD_MERGE)
#define CODES (CMD_CODES | CMD_EXPLAIN)

const struct opts_row opts_table[] = {
        {"format", OPT_FORMAT, "NAME|SPEC", CMD_REPORT | CMD_FOLLOW,
         "common, combined, vhost_combined, combined_extra,\n"
         "w3c, cloudfront, alb, elb, haproxy, s3, squid,\n"
         "json, or an Apache LogFormat / nginx log_format\n"
         "string (default: detected per input;\ndocs/formats.md)"},
        {"json-status", OPT_JSON_STATUS, "KEY", CMD_REPORT,
         "JSON lines: the key holding the status (a.b for a\n"
         "nested one); implies --format json"},
        {"json-time", OPT_JSON_TIME, "KEY", CMD_REPORT, "JSON lines: the key holding the time"},
        {"output", OPT_OUTPUT, "FORMAT", REPORTS,
         "text (default), json, csv, html, summary,\nprometheus, nagios"},
        {"output", OPT_OUTPUT, "FORMAT", CODES, "text (default) or json"},
        {"output-file", OPT_OUTPUT_FILE, "PATH", REPORTS,
         "write the report to PATH atomically (temp file,\nrename)"},
        {"color", OPT_COLOR, "WHEN", CMD_ALL, "auto (default), always, never; NO_COLOR is honored"},
        {"colour", OPT_COLOR, "WHEN", CMD_ALL, NULL},
        {"threads", OPT_THREADS, "N", CMD_REPORT, "worker threads (default: online cores)"},
        {"inflater", OPT_INFLATER, "NAME", CMD_REPORT, "gzip inflater: auto, zlib, isal"},
        {"max-line", OPT_MAX_LINE, "BYTES", CMD_REPORT | CMD_FOLLOW,
         "longest line parsed (default 65536)"},
        {"width", OPT_WIDTH, "N", REPORTS | CODES,
         "fit text to N columns, 40 to 1000 (default: the\n"
         "terminal's width or COLUMNS, else 80)"},
        {"codes", OPT_CODES, "FILE", CMD_ALL,
         "extra status-code definitions, read after\n$XDG_CONFIG_HOME/logstat/codes"},

        {NULL, 0, NULL, CMD_REPORT, "Drill-down (see docs/drilldown.md):"},
        {"by", OPT_BY, "FIELD", CMD_REPORT,
         "a section counting requests by path, request,\n"
         "method, client, vhost, user_agent, referer,\n"
         "input, or time bucket: minute, hour, day (a\n"
         "comma list; repeatable)"},
        {"top", OPT_TOP, "N", REPORTS, "rows per --by section (default 10; time buckets:\nall)"},
        {"status", OPT_STATUS, "SPEC", CMD_REPORT,
         "only requests with these codes: 404, 4xx,\n"
         "500-504, lists (429,5xx), negation (!2xx)"},

        {"official", OPT_OFFICIAL, NULL, CMD_CODES, "only IANA-registered codes"},
        {"unofficial", OPT_UNOFFICIAL, NULL, CMD_CODES, "only vendor and informal codes"},

        {"follow", OPT_FOLLOW, NULL, CMD_FOLLOW, "follow (this mode)"},
        {"from-start", OPT_FROM_START, NULL, CMD_FOLLOW, "count what the files already hold, too"},
        {"interval", OPT_INTERVAL, "MS", CMD_FOLLOW,
         "refresh period, 50 to 60000 (default 250 on\nscreen, 1000 in lines)"},
        {"no-ui", OPT_NO_UI, NULL, CMD_FOLLOW, "one line per interval even on a terminal"},
        {"wait", OPT_WAIT, "NAME", CMD_FOLLOW, "inotify (default) or poll"},
        {"listen", OPT_LISTEN, "ADDR:PORT", CMD_FOLLOW,
         "serve Prometheus metrics at http://ADDR:PORT/\n"
         "metrics (PORT alone: 127.0.0.1; see\ndocs/monitoring.md)"},
        {"labels", OPT_LABELS, "LIST", CMD_FOLLOW,
         "with --listen: split requests by vhost, method\nor both (vhost,method)"},

        {NULL, 0, NULL, REPORTS, "Unattended runs (cron, systemd timers; see docs/cron.md):"},
        {"state", OPT_STATE, "FILE", CMD_REPORT,
         "read only what is new since the run that wrote\n"
         "FILE, following rotations (NAME.1, NAME.1.gz,\nNAME.1.zst, ...)"},
        {"dry-run", OPT_DRY_RUN, NULL, CMD_REPORT, "with --state: report, but leave FILE as it is"},
        {"since", OPT_SINCE, "TIME", CMD_REPORT,
         "count requests at or after TIME: ISO 8601, the\n"
         "log's own format, 15m, 1h, 2d, 1w (ago), today,\nyesterday"},
        {"until", OPT_UNTIL, "TIME", CMD_REPORT, "count requests before TIME (same forms)"},
        {"no-seek", OPT_NO_SEEK, NULL, CMD_REPORT,
         "with --since/--until: read a time-ordered file\n"
         "whole, not only the part around the window, so\n"
         "every line outside it is counted as such"},
        {"fail-if", OPT_FAIL_IF, "EXPR", REPORTS,
         "exit 1 when EXPR holds, e.g. '5xx>1%', '502>0',\n"
         "'499>=100', 'unofficial>0.5%', 'malformed>0'\n(repeatable)"},
        {"warning", OPT_WARNING, "EXPR", REPORTS,
         "with -o nagios: WARNING (exit 1) when EXPR holds"},
        {"critical", OPT_CRITICAL, "EXPR", REPORTS,
         "with -o nagios: CRITICAL (exit 2) when EXPR holds"},
        {"stale", OPT_STALE, "DURATION", CMD_REPORT,
         "with -o nagios: a log whose newest line is older\n"
         "than DURATION (90s, 15m, 2h, 1d) is a problem, so\n"
         "a dead server is not OK"},
        {"stale-state", OPT_STALE_STATE, "STATE", CMD_REPORT,
         "what --stale makes it: warning, critical\n(default) or unknown"},
        {"labels", OPT_LABELS, "LIST", CMD_REPORT,
         "with -o prometheus: split requests by vhost,\nmethod or both (vhost,method); not with "
         "--state"},

        {NULL, 0, NULL, CMD_ALL, ""},
        {"help", OPT_HELP, NULL, CMD_ALL, "this help"},
        {"version", OPT_VERSION, NULL, CMD_ALL, "version and the decoders built in"},
};
const size_t opts_table_n = sizeof opts_table / sizeof opts_table[0];

#define REPORT_EXIT                                                                                \
	"Exit status: 0 success, 1 when a --fail-if held, 2 when an input or an option\n"          \
	"failed; with -o nagios the plugin codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n"

const struct opts_command opts_commands[] = {
        {"report", CMD_REPORT, "the report (the default: 'logstat FILE...')",
         "logstat [OPTION]... [FILE]...\nlogstat COMMAND [OPTION]... [ARG]...",
         "Count what web servers answered: HTTP status codes in access logs.\n"
         "FILE may be plain, gzip or zstd (detected from its first bytes); - is stdin.\n"
         "With no FILE, read stdin when it is not a terminal. -- ends the options.\n",
         REPORT_EXIT "See logstat(1) and 'logstat help COMMAND'.\n"},
        {"follow", CMD_FOLLOW, "follow logs as they grow, live (also: logstat -f)",
         "logstat -f [OPTION]... FILE...\nlogstat follow [OPTION]... FILE...",
         "Follow access logs as they grow (like tail -F, through rotation) and show the\n"
         "status codes live: a dashboard on a terminal, one line per interval otherwise.\n"
         "FILE - follows stdin (a pipe) until it ends.\n",
         "Keys: q quit, p pause, r reset, 1-5 focus a class (0 all), s sort, ? help.\n"
         "See logstat(1) and docs/live.md.\n"},
        {"merge", CMD_MERGE, "JSON reports of several hosts or runs into one report",
         "logstat merge [OPTION]... SUMMARY.json...",
         "Merge reports written by 'logstat -o json' into one report, in any output\n"
         "format. Each input keeps its name, prefixed by the file's name. A file that is\n"
         "not a logstat JSON report stops the merge (- is stdin).\n",
         REPORT_EXIT "See logstat(1).\n"},
        {"codes", CMD_CODES, "list, filter and search HTTP status codes",
         "logstat codes [OPTION]... [CODE|CLASS|RANGE|WORD]...",
         "List, filter, search and explain HTTP status codes (see docs/codes.md).\n"
         "CLASS is 4xx or 52x (or 'other': below 100 and above 599), RANGE is 520-527,\n"
         "CODE is three digits: they filter the list. A single CODE prints its full entry.\n"
         "WORDs search names, aliases and descriptions in any order, case-insensitively,\n"
         "forgiving about word endings and punctuation (timeout, ssl, rate-limit,\n"
         "\"redirect permanent\"); with WORDs, a CODE is searched too and its rows come\n"
         "first.\n",
         "Exit status: 0 found, 1 nothing matched, 2 usage or file error.\n"
         "See logstat(1) and logstat-codes(5).\n"},
        {"explain", CMD_EXPLAIN, "the full entry of one status code",
         "logstat explain [OPTION]... CODE",
         "Print every meaning of CODE (three digits), the usual one first.\n",
         "Exit status: 0 found, 1 not in the table, 2 usage or file error.\n"
         "See logstat(1) and logstat-codes(5).\n"},
};
const size_t opts_commands_n = sizeof opts_commands / sizeof opts_commands[0];
