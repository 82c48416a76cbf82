/* opts.c — the option layer shared by every command (see opts.h): getopt_long over the
 * rows of opts_table that the command takes, one usage-error format, one number reader,
 * help generated from the table, `logstat help` and the hint for a mistyped command. */
#include "opts.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "decoder.h"
#include "report.h"

#define MAX_LONGS 96

/* The command whose line is being read: errors name it and point at its help. */
static unsigned current = CMD_REPORT;

static const struct opts_command *command_of(unsigned bit)
{
	for (size_t i = 0; i < opts_commands_n; i++)
		if (opts_commands[i].bit == bit)
			return &opts_commands[i];
	return &opts_commands[0];
}

const struct opts_command *opts_command_find(const char *name)
{
	if (strcmp(name, "-f") == 0 || strcmp(name, "--follow") == 0)
		name = "follow";
	for (size_t i = 0; i < opts_commands_n; i++)
		if (strcmp(opts_commands[i].name, name) == 0)
			return &opts_commands[i];
	return NULL;
}

/* "logstat", "logstat merge", "logstat -f": how the user calls the command. */
static const char *invocation(unsigned bit)
{
	switch (bit) {
	case CMD_MERGE:
		return "logstat merge";
	case CMD_CODES:
		return "logstat codes";
	case CMD_EXPLAIN:
		return "logstat explain";
	case CMD_FOLLOW:
		return "logstat -f";
	}
	return "logstat";
}

int opts_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ", current == CMD_FOLLOW ? "logstat" : invocation(current));
	render_sanitized(stderr, (const unsigned char *)msg, strlen(msg));
	fprintf(stderr, "\nTry '%s --help' for more information.\n", invocation(current));
	return 2;
}

int opts_number(const char *opt, const char *arg, unsigned long min, unsigned long max,
                unsigned long *out)
{
	unsigned long v = 0;
	size_t n = strlen(arg);
	int ok = n > 0 && n <= 12;
	for (size_t i = 0; ok && i < n; i++) {
		ok = arg[i] >= '0' && arg[i] <= '9';
		v = v * 10 + (unsigned long)(arg[i] - '0');
	}
	if (!ok || v < min || v > max)
		return opts_error("%s: '%.40s' is not a number from %lu to %lu", opt, arg, min,
		                  max);
	*out = v;
	return 0;
}

void opts_version(FILE *out)
{
	fprintf(out, "logstat %s\n", LOGSTAT_VERSION);
	fprintf(out, "gzip: %szlib %s%s; zstd %s\n", decoder_have_isal() ? "ISA-L inflate, " : "",
	        zlibVersion(), decoder_have_isal() ? " as fallback" : "", ZSTD_versionString());
}

/* One option's help: "  -F, --format NAME|SPEC  " then its lines at column 26. */
static void help_row(const struct opts_row *r, FILE *out)
{
	char left[64];
	int n = snprintf(left, sizeof left, "  %c%c%s--%s%s%s", r->id < 256 ? '-' : ' ',
	                 r->id < 256 ? r->id : ' ', r->id < 256 ? ", " : "  ", r->name,
	                 r->value ? " " : "", r->value ? r->value : "");
	fputs(left, out);
	if (n > 24)
		fputs("\n", out), n = 0;
	for (const char *p = r->help; *p;) {
		size_t len = strcspn(p, "\n");
		fprintf(out, "%*s%.*s\n", 26 - n, "", (int)len, p);
		n = 0;
		p += len + (p[len] == '\n');
	}
}

/* Whether a row between heading i and the next applies to cmd. */
static int section_used(size_t i, unsigned cmd)
{
	for (size_t j = i + 1; j < opts_table_n && opts_table[j].name; j++)
		if ((opts_table[j].cmds & cmd) && opts_table[j].help)
			return 1;
	return 0;
}

void opts_help(unsigned cmd, FILE *out)
{
	const struct opts_command *c = command_of(cmd);
	const char *s = c->synopsis;
	for (int first = 1; *s; first = 0) {
		size_t len = strcspn(s, "\n");
		fprintf(out, "%s%.*s\n", first ? "Usage: " : "       ", (int)len, s);
		s += len + (s[len] == '\n');
	}
	fputs(c->about, out);
	if (cmd == CMD_REPORT) {
		fputs("\nCommands ('logstat help COMMAND' or 'logstat COMMAND --help'):\n", out);
		for (size_t i = 1; i < opts_commands_n; i++)
			fprintf(out, "  %-9s %s\n", opts_commands[i].name,
			        opts_commands[i].summary);
		fprintf(out, "  %-9s %s\n", "help", "this help, or a command's");
	}
	fputs("\n", out);
	for (size_t i = 0; i < opts_table_n; i++) {
		const struct opts_row *r = &opts_table[i];
		if (!r->name && section_used(i, cmd))
			fprintf(out, "\n%s%s", r->help, *r->help ? "\n" : "");
		else if (r->name && (r->cmds & cmd) && r->help)
			help_row(r, out);
	}
	fputs("\n", out);
	fputs(c->footer, out);
}

/* The commands other than cmd that take the option the user typed (as "--name[=v]"
 * or "-x"), for a better message than "unknown". */
static unsigned taken_by(const char *typed, int letter)
{
	unsigned cmds = 0;
	size_t len = strcspn(typed + 2, "=");
	for (size_t i = 0; i < opts_table_n; i++) {
		const struct opts_row *r = &opts_table[i];
		if (!r->name)
			continue;
		if (letter ? r->id == letter
		           : strncmp(typed, "--", 2) == 0 && strlen(r->name) == len &&
		                     strncmp(r->name, typed + 2, len) == 0)
			cmds |= r->cmds;
	}
	return cmds;
}

/* getopt_long said '?': an unknown option, a flag given a value, or an option that
 * belongs to another command. optopt is the id for a flag given "=value", the letter for
 * an unknown short option, 0 for an unknown long one. */
static int unknown_option(const char *typed, int id)
{
	if (id >= 256 || (id > 0 && strncmp(typed, "--", 2) == 0))
		return opts_error("option '%s' takes no value", typed);
	char shown[3] = {'-', (char)id, 0};
	const char *opt = id ? shown : typed;
	unsigned other = taken_by(typed, id) & ~current;
	if (!other)
		return opts_error("unknown option '%s'", opt);
	for (unsigned bit = 1; bit < CMD_ALL; bit <<= 1)
		if (other & bit)
			return opts_error("'%s' is an option of '%s', not of '%s'", opt,
			                  invocation(bit), invocation(current));
	return 2;
}

/* getopt_long's tables for the rows of cmd. */
static void build(unsigned cmd, struct option *longs, char *shorts)
{
	size_t nl = 0, ns = 0;
	shorts[ns++] = ':';
	for (size_t i = 0; i < opts_table_n && nl + 1 < MAX_LONGS; i++) {
		const struct opts_row *r = &opts_table[i];
		if (!r->name || !(r->cmds & cmd))
			continue;
		longs[nl++] = (struct option){r->name, r->value ? required_argument : no_argument,
		                              NULL, r->id};
		if (r->id < 256 && !memchr(shorts, r->id, ns)) { /* shorts ends only below */
			shorts[ns++] = (char)r->id;
			if (r->value)
				shorts[ns++] = ':';
		}
	}
	longs[nl] = (struct option){0, 0, 0, 0};
	shorts[ns] = 0;
}

int opts_parse(unsigned cmd, int argc, char **argv, opts_apply_fn apply, void *ctx,
               char ***operands, size_t *noperands)
{
	struct option longs[MAX_LONGS];
	char shorts[64];
	build(cmd, longs, shorts);
	current = cmd;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == OPT_HELP) {
			opts_help(cmd, stdout);
			return 1;
		}
		if (c == OPT_VERSION) {
			opts_version(stdout);
			return 1;
		}
		if (c == '?')
			return unknown_option(argv[optind - 1], optopt);
		if (c == ':')
			return opts_error("option '%s' needs a value", argv[optind - 1]);
		if (apply(ctx, c, optarg) != 0)
			return 2;
	}
	*operands = argv + optind;
	*noperands = (size_t)(argc - optind);
	return 0;
}

int opts_help_command(int argc, char **argv)
{
	current = CMD_REPORT;
	if (argc > 2)
		return opts_error("help: give one COMMAND at most");
	if (argc < 2) {
		opts_help(CMD_REPORT, stdout);
		return 0;
	}
	const struct opts_command *c = opts_command_find(argv[1]);
	if (strcmp(argv[1], "help") == 0)
		c = &opts_commands[0];
	if (!c)
		return opts_error("help: '%s' is not a command (%s)", argv[1],
		                  "report, follow, merge, codes, explain, help");
	opts_help(c->bit, stdout);
	return 0;
}

/* Edit distance between two short words (at most 31 bytes each). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[32];
	if (la > 31 || lb > 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

int opts_unknown_command(const char *word)
{
	static const char *const names[] = {"report", "follow",  "merge",
	                                    "codes",  "explain", "help"};
	size_t n = strlen(word);
	struct stat st;
	if (n < 2 || n > 31 || strspn(word, "abcdefghijklmnopqrstuvwxyz-") != n || word[0] == '-' ||
	    stat(word, &st) == 0)
		return 0;
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t d = strncmp(names[i], word, n) == 0 ? 1 : distance(word, names[i]);
		if (d < best_d)
			best = names[i], best_d = d;
	}
	current = CMD_REPORT;
	if (best)
		return opts_error(
		        "'%s' is neither a file nor a command; did you mean 'logstat %s'?", word,
		        best);
	return opts_error("'%s' is neither a file nor a command (commands: report, follow, "
	                  "merge, codes, explain, help)",
	                  word);
}
