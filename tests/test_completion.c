/* test_completion.c — the shell completions: the bash function run on partial command
 * lines (table of cases), every option of every command's --help offered by each shell's
 * file, and the zsh and fish files parse. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"

#define COMPLETIONS LOGSTAT_SOURCE_DIR "/completions"

/* Complete line (the last word is the one completed; a trailing blank starts a new one)
 * with _logstat in dir; returns COMPREPLY one per line (malloc'd). */
static char *complete_bash(const char *line, const char *dir)
{
	static const char script[] =
	        "source \"$1\" || exit 9; cd \"$3\" || exit 9\n"
	        "read -ra COMP_WORDS <<<\"$2\"; [[ $2 == *' ' ]] && COMP_WORDS+=('')\n"
	        "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$2; COMP_POINT=${#2}\n"
	        "_logstat; printf '%s\\n' \"${COMPREPLY[@]}\"";
	const char *argv[] = {"bash", "--norc", "-c", script, "bash", COMPLETIONS "/logstat.bash",
	                      line,   dir,      NULL};
	struct run_result r = run_program("/bin/bash", argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s: %s", line, r.err);
	cr_expect_eq(r.err_len, 0, "%s: %s", line, r.err);
	free(r.err);
	return r.out;
}

static const struct {
	const char *line;
	const char *want;    /* the whole reply, one word per line, in order */
	const char *without; /* a word that must not be offered (NULL: none) */
} cases[] = {
        {"logstat --ou", "--output\n--output-file\n", NULL},
        {"logstat -o ", "text\njson\ncsv\nhtml\nsummary\nprometheus\nnagios\n", NULL},
        {"logstat codes -o ", "text\njson\n", NULL},
        {"logstat explain --output j", "json\n", NULL},
        {"logstat --format v", "vhost_combined\n", NULL},
        {"logstat --color=never --colour a", "auto\nalways\n", NULL},
        {"logstat merge --st", "\n", NULL},
        {"logstat merge --", NULL, "--state\n"},
        {"logstat -f --in", "--interval\n", NULL},
        {"logstat access.log -f --no", "--no-ui\n", NULL},
        {"logstat follow --wa", "--wait\n", NULL},
        {"logstat --wait", "\n", NULL},
        {"logstat codes --un", "--unofficial\n", NULL},
        {"logstat codes 4", "4xx\n", NULL},
        {"logstat help e", "explain\n", NULL},
        {"logstat me", "merge\n", NULL},
        {"logstat acc", "access.log\n", NULL},
        {"logstat -o json sub/", "sub/a.log\n", NULL},
        {"logstat --codes co", "codes.txt\n", NULL},
        {"logstat --threads ", "\n", NULL},
};

Test(completion, bash_on_partial_lines)
{
	char *dir = tmpdir_make();
	char sub[600];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	free(write_file(dir, "access.log", "", 0));
	free(write_file(dir, "codes.txt", "", 0));
	cr_assert_eq(mkdir(sub, 0700), 0);
	free(write_file(sub, "a.log", "", 0));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = complete_bash(cases[i].line, dir);
		if (cases[i].want)
			cr_expect_str_eq(got, cases[i].want, "'%s'", cases[i].line);
		if (cases[i].without)
			cr_expect_null(strstr(got, cases[i].without), "'%s': %s", cases[i].line,
			               got);
		free(got);
	}
	tmpdir_remove(dir);
}

/* The "--name" of each option line of a help text, as "--name\n" lines in names. */
static void help_options(const char *help, char *names, size_t size)
{
	for (const char *p = help; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		const char *opt = NULL;
		if (strncmp(p, "      --", 8) == 0)
			opt = p + 6;
		else if (strncmp(p, "  -", 3) == 0 && strncmp(p + 4, ", --", 4) == 0)
			opt = p + 6;
		if (!opt)
			continue;
		size_t len = strspn(opt + 2, "abcdefghijklmnopqrstuvwxyz-") + 2,
		       used = strlen(names);
		cr_assert_lt(used + len + 2, size);
		snprintf(names + used, size - used, "%.*s\n", (int)len, opt);
	}
}

Test(completion, every_option_of_every_command_is_offered)
{
	static const char *const cmds[] = {"report", "follow", "merge", "codes", "explain"};
	char *zsh = read_file(COMPLETIONS "/_logstat", NULL);
	char *fish = read_file(COMPLETIONS "/logstat.fish", NULL);
	cr_assert(zsh && fish);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *argv[] = {cmds[i], "--help", NULL};
		struct run_result h = run_logstat(argv, NULL, 0, NULL);
		char names[4096] = "";
		help_options(h.out, names, sizeof names);
		const char *bash[] = {"bash",  "--norc",
		                      "-c",    "source \"$1\"; _logstat_options $2",
		                      "bash",  COMPLETIONS "/logstat.bash",
		                      cmds[i], NULL};
		struct run_result b = run_program("/bin/bash", bash, NULL, 0, NULL);
		for (char *n = names; *n; n += strcspn(n, "\n") + 1) {
			char opt[64], word[70], fl[70];
			snprintf(opt, sizeof opt, "%.*s", (int)strcspn(n, "\n"), n);
			snprintf(word, sizeof word, " %s ", opt);
			snprintf(fl, sizeof fl, "-l %s ", opt + 2);
			char *spaced = malloc(b.out_len + 3);
			for (size_t k = 0; k < b.out_len; k++) /* blanks of any kind to ' ' */
				spaced[k + 1] = strchr(" \t\n", b.out[k]) ? ' ' : b.out[k];
			spaced[0] = ' ';
			spaced[b.out_len + 1] = ' ';
			spaced[b.out_len + 2] = 0;
			cr_expect(strstr(spaced, word), "bash: %s of %s", opt, cmds[i]);
			cr_expect(strstr(zsh, opt), "zsh: %s of %s", opt, cmds[i]);
			cr_expect(strstr(fish, fl), "fish: %s of %s", opt, cmds[i]);
			free(spaced);
		}
		cr_expect(strlen(names) > 20, "%s: %s", cmds[i], names);
		run_result_free(&h);
		run_result_free(&b);
	}
	free(zsh);
	free(fish);
}

Test(completion, zsh_and_fish_files_parse)
{
	const char *zsh[] = {"zsh", "-n", COMPLETIONS "/_logstat", NULL};
	struct run_result r = run_program("/usr/bin/zsh", zsh, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "zsh -n: %s", r.err);
	run_result_free(&r);
	const char *fish[] = {"fish", "--no-execute", COMPLETIONS "/logstat.fish", NULL};
	r = run_program("/usr/bin/fish", fish, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "fish --no-execute: %s", r.err);
	run_result_free(&r);
}
