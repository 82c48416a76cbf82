/* test_options.c — the one option layer of every command, through the real binary: help
 * per command (also as `logstat help COMMAND`), usage errors as one format with the
 * command's own hint, numbers read one way, `--`, and the hint for a mistyped command. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define MAX_ARGS 8

static struct run_result run(const char *const *argv)
{
	return run_logstat(argv, "", 0, NULL);
}

static const char line[] = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 404 1\n";
static char *dir;
static void setup(void)
{
	dir = tmpdir_make();
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(options, .init = setup, .fini = teardown);

/* Each command's help: how it is asked for, the Usage line it must start with, and a
 * line only that command's help has. */
static const struct {
	const char *args[3];
	const char *usage;
	const char *own;
} helps[] = {
        {{"--help"}, "Usage: logstat [OPTION]... [FILE]...\n", "      --state FILE "},
        {{"report", "-h"}, "Usage: logstat [OPTION]... [FILE]...\n", "  -j, --threads N "},
        {{"merge", "--help"},
         "Usage: logstat merge [OPTION]... SUMMARY.json...\n",
         "      --fail-if EXPR "},
        {{"-f", "--help"}, "Usage: logstat -f [OPTION]... FILE...\n", "      --interval MS "},
        {{"follow", "-h"}, "Usage: logstat -f [OPTION]... FILE...\n", "      --no-ui "},
        {{"codes", "--help"}, "Usage: logstat codes [OPTION]...", "      --official "},
        {{"explain", "--help"}, "Usage: logstat explain [OPTION]... CODE\n", "CODE (three"},
};

Test(options, help_is_specific_to_each_command)
{
	for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
		struct run_result r = run(helps[i].args);
		cr_expect_eq(r.status, 0, "%s", helps[i].args[0]);
		cr_expect_eq(strncmp(r.out, helps[i].usage, strlen(helps[i].usage)), 0, "%zu: %s",
		             i, r.out);
		cr_expect(strstr(r.out, helps[i].own), "%zu: %s", i, r.out);
		cr_expect_eq(r.err_len, 0);
		for (const char *p = r.out; *p;) { /* fits 80 columns */
			size_t len = strcspn(p, "\n");
			cr_expect(len <= 80, "%zu: line of %zu columns: %.*s", i, len, (int)len, p);
			p += len + (p[len] == '\n');
		}
		run_result_free(&r);
	}
	/* what one command does not take, its help does not offer */
	const char *merge[] = {"merge", "--help", NULL};
	struct run_result r = run(merge);
	cr_expect_null(strstr(r.out, "--state"), "%s", r.out);
	cr_expect_null(strstr(r.out, "--threads"), "%s", r.out);
	run_result_free(&r);
}

Test(options, help_command_prints_the_same_help)
{
	static const char *const names[] = {"report", "merge", "follow", "codes", "explain"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *a[] = {"help", names[i], NULL}, *b[] = {names[i], "--help", NULL};
		struct run_result x = run(a), y = run(b);
		cr_expect_eq(x.status, 0, "%s", names[i]);
		cr_expect_str_eq(x.out, y.out, "%s", names[i]);
		run_result_free(&x);
		run_result_free(&y);
	}
	const char *bare[] = {"help", NULL}, *main_help[] = {"--help", NULL};
	struct run_result x = run(bare), y = run(main_help);
	cr_expect_str_eq(x.out, y.out);
	cr_expect(strstr(x.out, "\nCommands ("), "the main help lists the commands");
	run_result_free(&x);
	run_result_free(&y);
}

/* Usage errors: arguments, what stderr must say, and the command whose help it points at
 * ("" for the report). Every case: exit 2, nothing on stdout, exactly two lines. */
static const struct {
	const char *args[MAX_ARGS];
	const char *says;
	const char *hint;
} errors[] = {
        {{"--bogus"}, "logstat: unknown option '--bogus'", ""},
        {{"-x"}, "logstat: unknown option '-x'", ""},
        {{"-o"}, "option '-o' needs a value", ""},
        {{"--dry-run=yes", "-"}, "option '--dry-run=yes' takes no value", ""},
        {{"--help=me"}, "option '--help=me' takes no value", ""},
        {{"merge", "--state", "s", "a.json"},
         "logstat merge: '--state' is an option of 'logstat', not of 'logstat merge'",
         "merge "},
        {{"merge", "-j", "2", "a.json"}, "'-j' is an option of 'logstat', not of", "merge "},
        {{"explain", "--official", "404"},
         "'--official' is an option of 'logstat codes'",
         "explain "},
        {{"codes", "--from-start"}, "'--from-start' is an option of 'logstat -f'", "codes "},
        {{"-f", "--state", "s", "x.log"}, "'--state' is an option of 'logstat', not of", "-f "},
        {{"-f", "--interval", "49", "x.log"}, "--interval: '49' is not a number from 50 to", "-f "},
        {{"follow"}, "no file to follow", "-f "},
        {{"merge"}, "logstat merge: give the JSON reports to merge", "merge "},
        {{"merge", "-o", "yaml", "a.json"}, "--output: unknown format 'yaml'", "merge "},
        {{"help", "nope"}, "help: 'nope' is not a command", ""},
        {{"help", "codes", "merge"}, "help: give one COMMAND at most", ""},
        {{"hepl"}, "'hepl' is neither a file nor a command; did you mean 'logstat help'?", ""},
        {{"merg", "a.json"}, "did you mean 'logstat merge'?", ""},
        {{"expl", "404"}, "did you mean 'logstat explain'?", ""},
        {{"frobnicate"}, "'frobnicate' is neither a file nor a command (commands: ", ""},
        {{"--color", "\x1b[31m"}, "--color: '\\x1b[31m' is not", ""},
};

Test(options, usage_errors_have_one_format)
{
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		struct run_result r = run(errors[i].args);
		char hint[80];
		snprintf(hint, sizeof hint, "\nTry 'logstat %s--help' for more information.\n",
		         errors[i].hint);
		cr_expect_eq(r.status, 2, "%zu: %d %s", i, r.status, r.err);
		cr_expect(strstr(r.err, errors[i].says), "%zu: %s", i, r.err);
		cr_expect(strstr(r.err, hint), "%zu: hint: %s", i, r.err);
		cr_expect_eq(strchr(r.err, '\n') - r.err + 1 + strlen(hint) - 1, r.err_len,
		             "%zu: one line and the hint: %s", i, r.err);
		cr_expect_eq(r.out_len, 0, "%zu: %s", i, r.out);
		run_result_free(&r);
	}
}

/* Every number on the command line is read the same way: digits only, in range. */
static const struct {
	const char *opt, *value;
	int ok;
} numbers[] = {
        {"--threads", "1", 1},    {"--threads", "256", 1},
        {"--threads", "0", 0},    {"--threads", "257", 0},
        {"--threads", "+4", 0},   {"--threads", " 4", 0},
        {"--threads", "4 ", 0},   {"--threads", "4k", 0},
        {"--threads", "-1", 0},   {"--threads", "", 0},
        {"--threads", "0x10", 0}, {"-j", "99999999999999999999", 0},
        {"--max-line", "256", 1}, {"--max-line", "1048576", 1},
        {"--max-line", "255", 0}, {"--max-line", "1048577", 0},
        {"--max-line", "1e6", 0},
};

Test(options, numbers_are_read_one_way)
{
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		const char *argv[] = {numbers[i].opt, numbers[i].value, "-o", "json", "-", NULL};
		struct run_result r = run_logstat(argv, line, strlen(line), NULL);
		cr_expect_eq(r.status, numbers[i].ok ? 0 : 2, "%s '%s': %s", numbers[i].opt,
		             numbers[i].value, r.err);
		if (!numbers[i].ok) {
			const char *name =
			        strcmp(numbers[i].opt, "-j") == 0 ? "--threads" : numbers[i].opt;
			cr_expect(strstr(r.err, name) && strstr(r.err, "is not a number from "),
			          "%s", r.err);
		}
		run_result_free(&r);
	}
}

Test(options, double_dash_ends_options)
{
	/* after --, "--help" and "codes" are file names */
	const char *help[] = {"-o", "json", "--", "--help", NULL};
	struct run_result r = run(help);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "logstat: --help: No such file"), "%s", r.err);
	cr_expect_null(strstr(r.out, "Usage:"));
	run_result_free(&r);

	char *codes = write_file(dir, "codes", line, strlen(line));
	const char *sh[] = {"sh", "-c", "cd \"$1\" && exec \"$2\" -o json -- codes",
	                    "sh", dir,  LOGSTAT_BIN,
	                    NULL};
	r = run_program("/bin/sh", sh, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 1, "%s", r.out);
	run_result_free(&r);
	/* and options may follow operands until then */
	const char *late[] = {"explain", "404", "-o", "json", NULL};
	r = run(late);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(strncmp(r.out, "{\"code\":404", 11), 0, "%s", r.out);
	run_result_free(&r);
	free(codes);
}

Test(options, a_file_named_like_a_word_is_read)
{
	/* "hepl" is a hint only while no such file exists */
	char *f = write_file(dir, "hepl", line, strlen(line));
	const char *sh[] = {"sh",        "-c", "cd \"$1\" && exec \"$2\" hepl -o json", "sh", dir,
	                    LOGSTAT_BIN, NULL};
	struct run_result r = run_program("/bin/sh", sh, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(json_int(r.out, NULL, "requests"), 1, "%s", r.out);
	run_result_free(&r);
	free(f);
}
