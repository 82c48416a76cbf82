/* test_codes_docs.c — the documented examples of the code reference: every ```console
 * block of docs/codes.md and README.md that starts with "$ logstat" is run from the source
 * tree with an empty HOME, and its stdout compared with the block. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

static char *home; /* a fresh, empty HOME and XDG_CONFIG_HOME: no user codes file */

static void setup(void)
{
	home = tmpdir_make();
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	unsetenv("NO_COLOR");
}

static void teardown(void)
{
	tmpdir_remove(home);
}

TestSuite(codes_docs, .init = setup, .fini = teardown);

/* Split a documented command line ("logstat codes rate limit", quotes allowed) into argv
 * without the leading "logstat". Returns argc; words point into line. */
static size_t split_command(char *line, const char **argv, size_t max)
{
	size_t n = 0;
	char *p = line, *w;

	while (*p && n + 1 < max) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char q = (*p == '\'' || *p == '"') ? *p++ : ' ';
		w = p;
		while (*p && *p != q)
			p++;
		if (*p)
			*p++ = 0;
		argv[n++] = w;
	}
	argv[n] = NULL;
	cr_assert(n > 0 && strcmp(argv[0], "logstat") == 0, "example must start with logstat");
	return n;
}

/* Run every ```console block of path that starts with "$ logstat" from the source tree
 * and compare stdout with the rest of the block. Returns the number of examples. */
static size_t check_examples(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", LOGSTAT_SOURCE_DIR, rel);
	char *doc = read_file(path, NULL);
	size_t count = 0;

	cr_assert_not_null(doc, "cannot read %s", path);
	cr_assert_eq(chdir(LOGSTAT_SOURCE_DIR), 0);
	for (char *p = doc; (p = strstr(p, "```console\n$ logstat ")) != NULL;) {
		char *cmd = p + 13, *nl = strchr(cmd, '\n'), *end = strstr(nl, "\n```");
		const char *argv[32];

		cr_assert(nl && end, "%s: unterminated example", rel);
		*nl = 0;
		end[1] = 0; /* the expected output keeps its last newline */
		split_command(cmd, argv, 32);
		struct run_result r = run_logstat(argv + 1, NULL, 0, NULL);
		cr_expect_eq(r.status, 0, "%s: '%s' exited %d: %s", rel, cmd, r.status, r.err);
		cr_expect_str_eq(r.out, nl + 1, "%s: '%s' prints something else:\n%s", rel, cmd,
		                 r.out);
		run_result_free(&r);
		count++;
		p = end + 2;
	}
	free(doc);
	return count;
}

Test(codes_docs, documented_examples)
{
	cr_assert_geq(check_examples("docs/codes.md"), 4);
	cr_assert_geq(check_examples("README.md"), 2);
}
