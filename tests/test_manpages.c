/* test_manpages.c — the man pages and the help cannot drift apart: every option that a
 * command's --help lists is in logstat(1), every malformed reason the parser can give is
 * documented, and both pages lint clean. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logformat.h"
#include "support.h"

/* A man page's text with roff's "\-" read as "-" and font escapes removed. */
static char *man_text(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/docs/man/%s", LOGSTAT_SOURCE_DIR, name);
	char *src = read_file(path, NULL);
	cr_assert(src, "%s", path);
	char *o = src;
	for (const char *p = src; *p;) {
		if (p[0] == '\\' && p[1] == '-') {
			*o++ = '-';
			p += 2;
		} else if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return src;
}

/* The "--name" of each option line of a help text ("  -F, --format ..." or
 * "      --state ..."), appended to names as "--name\n". */
static void help_options(const char *help, char *names, size_t size)
{
	for (const char *p = help; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		const char *opt = NULL;
		if (strncmp(p, "      --", 8) == 0)
			opt = p + 6;
		else if (p[0] == ' ' && p[1] == ' ' && p[2] == '-' && p[3] != '-' &&
		         strncmp(p + 4, ", --", 4) == 0)
			opt = p + 6;
		if (!opt)
			continue;
		size_t len = strspn(opt + 2, "abcdefghijklmnopqrstuvwxyz-") + 2;
		size_t used = strlen(names);
		cr_assert_lt(used + len + 2, size);
		snprintf(names + used, size - used, "%.*s\n", (int)len, opt);
	}
}

Test(manpages, every_option_of_every_help_is_in_logstat_1)
{
	static const char *const cmds[] = {"report", "follow", "merge", "codes", "explain"};
	char *man = man_text("logstat.1");
	size_t checked = 0;
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *argv[] = {cmds[i], "--help", NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_assert_eq(r.status, 0);
		char names[4096] = "";
		help_options(r.out, names, sizeof names);
		cr_expect(strstr(names, "--help\n"), "%s: %s", cmds[i], names);
		for (char *n = names; *n; n += strcspn(n, "\n") + 1) {
			char opt[64];
			snprintf(opt, sizeof opt, "%.*s", (int)strcspn(n, "\n"), n);
			cr_expect(strstr(man, opt), "%s of '%s' is not in logstat(1)", opt,
			          cmds[i]);
			checked++;
		}
		char cmd[32];
		snprintf(cmd, sizeof cmd, ".B %s\n", cmds[i]);
		cr_expect(strstr(man, cmd) || strcmp(cmds[i], "follow") == 0 ||
		                  strstr(man, ".BR follow"),
		          "command %s is described", cmds[i]);
		run_result_free(&r);
	}
	cr_expect_gt(checked, 30, "the help was read: %zu options", checked);
	free(man);
}

Test(manpages, every_malformed_reason_is_documented)
{
	char *man = man_text("logstat.1");
	char path[512];
	snprintf(path, sizeof path, "%s/docs/formats.md", LOGSTAT_SOURCE_DIR);
	char *formats = read_file(path, NULL);
	snprintf(path, sizeof path, "%s/docs/json.md", LOGSTAT_SOURCE_DIR);
	char *json = read_file(path, NULL);
	cr_assert(formats && json);
	for (int m = 1; m < MALFORMED_COUNT; m++) {
		char roff[64], md[64];
		snprintf(roff, sizeof roff, "\n.B %s\n", malformed_name((enum malformed)m));
		snprintf(md, sizeof md, "`%s`", malformed_name((enum malformed)m));
		cr_expect(strstr(man, roff), "logstat(1) lacks reason %s", roff + 4);
		cr_expect(strstr(formats, md), "docs/formats.md lacks reason %s", md);
		cr_expect(strstr(json, md), "docs/json.md lacks reason %s", md);
	}
	free(man);
	free(formats);
	free(json);
}

/* "groff -ww -z" prints every warning and nothing else: none is allowed. */
Test(manpages, pages_lint_clean)
{
	static const char *const pages[] = {"logstat.1", "logstat-codes.5"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/docs/man/%s", LOGSTAT_SOURCE_DIR, pages[i]);
		const char *groff[] = {"groff", "-ww", "-z", "-man", path, NULL};
		struct run_result r = run_program("/usr/bin/groff", groff, NULL, 0, NULL);
		cr_expect_eq(r.status, 0, "%s: %s", pages[i], r.err);
		cr_expect_eq(r.err_len, 0, "%s: %s", pages[i], r.err);
		run_result_free(&r);
		const char *mandoc[] = {"mandoc", "-T", "lint", "-W", "warning", path, NULL};
		r = run_program("/usr/bin/mandoc", mandoc, NULL, 0, NULL);
		cr_expect_eq(r.status, 0, "%s: %s%s", pages[i], r.out, r.err);
		cr_expect_eq(r.out_len + r.err_len, 0, "%s: %s%s", pages[i], r.out, r.err);
		run_result_free(&r);
	}
}
