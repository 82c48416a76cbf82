/* opts.h — the one option layer of every logstat command: a shared table of options
 * (opts_table.c), one parser over it, one way to report a usage error, one way to read
 * a number, and help generated from the table. Only src/cli uses it.
 *
 * Adding an option is one row in opts_table[] (name, id, value, the commands that take
 * it, help) plus a case for its id in the apply function of those commands. */
#ifndef LOGSTAT_OPTS_H
#define LOGSTAT_OPTS_H

#include <stddef.h>
#include <stdio.h>

/* The commands, as bits so that one row can serve several. */
enum opts_cmd {
	CMD_REPORT = 1 << 0,
	CMD_MERGE = 1 << 1,
	CMD_FOLLOW = 1 << 2,
	CMD_CODES = 1 << 3,
	CMD_EXPLAIN = 1 << 4,
	CMD_ALL = (1 << 5) - 1
};

/* Option ids: the short letter when there is one, else a value past 255. */
enum opts_id {
	OPT_HELP = 'h',
	OPT_VERSION = 'V',
	OPT_FORMAT = 'F',
	OPT_OUTPUT = 'o',
	OPT_THREADS = 'j',
	OPT_FOLLOW = 'f',
	OPT_COLOR = 256,
	OPT_INFLATER,
	OPT_MAX_LINE,
	OPT_CODES,
	OPT_STATE,
	OPT_DRY_RUN,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_NO_SEEK,
	OPT_FAIL_IF,
	OPT_WARNING,
	OPT_CRITICAL,
	OPT_OUTPUT_FILE,
	OPT_FROM_START,
	OPT_INTERVAL,
	OPT_NO_UI,
	OPT_WAIT,
	OPT_OFFICIAL,
	OPT_UNOFFICIAL,
	OPT_JSON_STATUS,
	OPT_JSON_TIME,
	OPT_WIDTH,
	OPT_LISTEN,
	OPT_LABELS,
	OPT_STALE,
	OPT_STALE_STATE,
	OPT_BY,
	OPT_TOP,
	OPT_STATUS,
};

struct opts_row {
	const char *name;  /* long name without "--"; NULL makes the row a heading in help */
	int id;            /* enum opts_id */
	const char *value; /* the value's placeholder in help ("FILE"); NULL for a flag */
	unsigned cmds;     /* enum opts_cmd bits of the commands that take it */
	const char *help;  /* one or more lines, '\n'-separated, each under 54 columns */
};

extern const struct opts_row opts_table[];
extern const size_t opts_table_n;

struct opts_command {
	const char *name;     /* as typed after "logstat"; "report" for the default */
	unsigned bit;         /* enum opts_cmd */
	const char *summary;  /* one line for the list of commands */
	const char *synopsis; /* "Usage:" lines, '\n'-separated, without "Usage: " */
	const char *about;    /* what it does, before the options */
	const char *footer;   /* after the options: exit status, pointers */
};

extern const struct opts_command opts_commands[];
extern const size_t opts_commands_n;

/* The command named name (also "-f" and "follow" for the live mode), or NULL. */
const struct opts_command *opts_command_find(const char *name);

/* Called for each option given, in order. Returns 0, or 2 after opts_error. */
typedef int (*opts_apply_fn)(void *ctx, int id, const char *arg);

/* Parse argv (argv[0] is the command's own name) for command cmd: options anywhere
 * before "--", which ends them. -h/--help prints the command's help; -V/--version the
 * version. An option of another command is named as such. On return 0, *operands and
 * *noperands are the remaining arguments (pointers into argv). Returns 0 to run, 1
 * after help or version was printed (exit 0), 2 after a usage error was printed. */
int opts_parse(unsigned cmd, int argc, char **argv, opts_apply_fn apply, void *ctx,
               char ***operands, size_t *noperands);

/* The one usage error: "logstat[ CMD]: " + the formatted message (control bytes shown
 * escaped) + a line pointing at the command's help, to stderr. Returns 2. The command
 * is the one opts_parse last parsed for (report before any). */
int opts_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The one way numbers are read from the command line: decimal digits only (no sign,
 * blank or suffix), from min to max. Returns 0 with *out set, or 2 after opts_error
 * naming opt and the range ("--threads: 'x' is not a number from 1 to 256"). */
int opts_number(const char *opt, const char *arg, unsigned long min, unsigned long max,
                unsigned long *out);

/* The help of command cmd (CMD_* bit), generated from the table. */
void opts_help(unsigned cmd, FILE *out);

/* The version and what the build decodes with, for bug reports. */
void opts_version(FILE *out);

/* `logstat help [COMMAND]` (argv[0] is "help"). Returns the exit status. */
int opts_help_command(int argc, char **argv);

/* Whether word looks like a mistyped command rather than a file: lower-case letters
 * and '-' only, and nothing by that name exists. If so, print an error with the
 * closest command and return 2; else return 0. */
int opts_unknown_command(const char *word);

#endif
