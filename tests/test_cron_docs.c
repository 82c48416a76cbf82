/* test_cron_docs.c — docs/cron.md is run as written: every command of its crontab,
 * systemd (ExecStart=) and NRPE blocks, unescaped as cron and systemd would (\% and %%),
 * with its paths moved under a temporary directory, twice with new lines in between. */
#include <criterion/criterion.h>
#include <unistd.h>

#include "cron_support.h"

#define MAX_COMMANDS 32

struct command {
	char kind[16];
	char text[2048];
};

/* Replace every from by to in s (in place, s has room for size bytes). */
static void replace_all(char *s, size_t size, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	for (char *p = strstr(s, from); p; p = strstr(p + tl, from)) {
		cr_assert(strlen(s) + tl - fl < size);
		memmove(p + tl, p + fl, strlen(p + fl) + 1);
		memcpy(p, to, tl);
	}
}

/* The command part of a line in a block of language lang, or NULL. */
static const char *command_of(const char *lang, char *line)
{
	if (strcmp(lang, "crontab") == 0) {
		const char *eq = strchr(line, '='), *sp = strchr(line, ' ');
		if (!line[0] || line[0] == '#' || (eq && (!sp || eq < sp))) /* MAILTO=... */
			return NULL;
		char *p = line;
		for (int field = 0; field < 5; field++) {
			p += strcspn(p, " \t");
			p += strspn(p, " \t");
		}
		replace_all(p, 2048, "\\%", "%"); /* cron: \% is a literal % */
		return p;
	}
	if (strcmp(lang, "ini") == 0 && strncmp(line, "ExecStart=", 10) == 0) {
		replace_all(line, 2048, "%%", "%"); /* systemd specifiers */
		return line + 10;
	}
	if (strcmp(lang, "nrpe") == 0 && strstr(line, "]="))
		return strstr(line, "]=") + 2;
	return NULL;
}

static size_t extract(const char *doc, struct command *out)
{
	char lang[16] = "";
	int in_block = 0;
	size_t n = 0;
	for (const char *p = doc; *p;) {
		size_t len = strcspn(p, "\n");
		char line[2048];
		cr_assert(len < sizeof line);
		memcpy(line, p, len);
		line[len] = 0;
		p += len + (p[len] == '\n');
		if (strncmp(line, "```", 3) == 0) {
			in_block = !in_block;
			snprintf(lang, sizeof lang, "%.15s", in_block ? line + 3 : "");
			continue;
		}
		const char *cmd = in_block ? command_of(lang, line) : NULL;
		if (cmd && n < MAX_COMMANDS) {
			snprintf(out[n].kind, sizeof out[n].kind, "%.15s", lang);
			snprintf(out[n].text, sizeof out[n].text, "%s", cmd);
			n++;
		}
	}
	return n;
}

static void localize(char *cmd, const char *dir)
{
	char to[4200];
	static const char *const moves[][2] = {{"/var/log/nginx/", "log/"},
	                                       {"/var/lib/logstat/", "state/"},
	                                       {"/var/lib/prometheus/node-exporter/", "prom/"},
	                                       {"/srv/reports/", "reports/"}};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		snprintf(to, sizeof to, "%s/%s", dir, moves[i][1]);
		replace_all(cmd, 2048, moves[i][0], to);
	}
	replace_all(cmd, 2048, "/usr/bin/logstat ", "logstat ");
	cr_assert_eq(strncmp(cmd, "logstat ", 8), 0, "a logstat command: %s", cmd);
	char bin[4200];
	snprintf(bin, sizeof bin, "'%s' ", LOGSTAT_BIN);
	memmove(cmd + strlen(bin), cmd + 8, strlen(cmd + 8) + 1);
	memcpy(cmd, bin, strlen(bin));
}

static void run_all(const char *dir, struct command *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char full[4600];
		snprintf(full, sizeof full, "cd '%s' && %s", dir, cmds[i].text);
		const char *argv[] = {"sh", "-c", full, NULL};
		struct run_result r = run_program("/bin/sh", argv, NULL, 0, NULL);
		if (strcmp(cmds[i].kind, "nrpe") == 0) {
			cr_expect(r.status >= 0 && r.status <= 2, "%s: %d %s", full, r.status,
			          r.err);
			cr_expect(strncmp(r.out, "LOGSTAT ", 8) == 0, "%s", r.out);
		} else {
			cr_expect_eq(r.status, 0, "%s: %d %s%s", full, r.status, r.out, r.err);
		}
		run_result_free(&r);
	}
}

Test(cron_docs, commands_run_as_written)
{
	char *doc = read_file(LOGSTAT_SOURCE_DIR "/docs/cron.md", NULL);
	cr_assert(doc);
	struct command *cmds = calloc(MAX_COMMANDS, sizeof *cmds);
	size_t n = extract(doc, cmds);
	cr_assert_geq(n, 7, "the crontab, ExecStart and NRPE commands are found (%zu)", n);
	char *dir = tmpdir_make();
	cr_assert_eq(shell(dir, "mkdir log state prom reports"), 0);
	for (size_t i = 0; i < n; i++)
		localize(cmds[i].text, dir);
	char log[4200], old[4200];
	snprintf(log, sizeof log, "%s/log/access.log", dir);
	snprintf(old, sizeof old, "%s/log/access.log.1", dir);
	int seq = 1;
	append_lines(old, 10, "200", "10/Oct/2000:13:55:36 -0700", &seq);
	append_lines(log, 97, "200", "10/Oct/2000:13:55:37 -0700", &seq);
	append_lines(log, 3, "502", "10/Oct/2000:13:55:38 -0700", &seq);
	run_all(dir, cmds, n);
	cr_expect_eq(shell(dir, "grep -q 'FAILED 5xx>1%' state/alert.txt"), 0,
	             "the alert job wrote its summary");
	append_lines(log, 5, "200", "10/Oct/2000:13:55:39 -0700", &seq);
	run_all(dir, cmds, n);
	char prom[4200];
	snprintf(prom, sizeof prom, "%s/prom/logstat.prom", dir);
	char *text = read_file(prom, NULL);
	cr_assert(text, "the textfile collector's file was written");
	cr_expect(strstr(text, "logstat_lines_total 105\n"), "cumulative: %s", text);
	free(text);
	cr_expect_eq(shell(dir, "promtool check metrics < prom/logstat.prom"), 0);
	cr_expect_eq(shell(dir, "ls reports/*.json && ls state/prom.state state/alert.state"), 0);
	cr_expect_eq(shell(dir, "grep -q '^logstat: 5 requests' state/alert.txt"), 0,
	             "the second run saw only the new lines");
	tmpdir_remove(dir);
	free(cmds);
	free(doc);
}
