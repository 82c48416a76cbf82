/* test_examples.c — the installed examples work as written: the systemd service's
 * ExecStart, the crontab line and the NRPE command are run with their paths moved under
 * a temporary directory; the units pass systemd-analyze verify and keep their hardening. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define EXAMPLES LOGSTAT_SOURCE_DIR "/examples/"

static const char log_lines[] =
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 10 \"-\" \"ua\"\n"
        "1.2.3.4 - - [10/Oct/2000:13:55:37 -0700] \"GET /a HTTP/1.1\" 502 10 \"-\" \"ua\"\n";

static char *dir;
static void setup(void)
{
	dir = tmpdir_make();
	free(write_file(dir, "access.log", log_lines, sizeof log_lines - 1));
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(examples, .init = setup, .fini = teardown);

/* Replace every from by to in s (size bytes of room). */
static void replace_all(char *s, size_t size, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	for (char *p = strstr(s, from); p; p = strstr(p + tl, from)) {
		cr_assert_lt(strlen(s) + tl - fl, size);
		memmove(p + tl, p + fl, strlen(p + fl) + 1);
		memcpy(p, to, tl);
	}
}

/* The first line of file that starts with prefix, after the prefix (malloc'd, 4 KiB). */
static char *line_after(const char *file, const char *prefix)
{
	char *text = read_file(file, NULL);
	cr_assert(text, "%s", file);
	for (char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n')
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			char *out = calloc(1, 4096);
			snprintf(out, 4096, "%.*s", (int)strcspn(p + strlen(prefix), "\n"),
			         p + strlen(prefix));
			free(text);
			return out;
		}
	cr_assert_fail("%s: no line starting with '%s'", file, prefix);
	return NULL;
}

/* Move the command's paths under dir and run it with sh; returns the result. */
static struct run_result run_moved(char *cmd)
{
	char log[600], state[600], home[600];
	snprintf(log, sizeof log, "%s/access.log", dir);
	snprintf(state, sizeof state, "%s/state", dir);
	snprintf(home, sizeof home, "HOME=%s", dir);
	replace_all(cmd, 4096, "/var/log/nginx/access.log", log);
	replace_all(cmd, 4096, "/var/lib/logstat", state);
	replace_all(cmd, 4096, "%S/logstat", state);
	replace_all(cmd, 4096, "$HOME/.cache", state);
	replace_all(cmd, 4096, "/usr/bin/logstat", LOGSTAT_BIN);
	if (strncmp(cmd, "logstat ", 8) == 0) {
		memmove(cmd + strlen(LOGSTAT_BIN), cmd + 7, strlen(cmd + 7) + 1);
		memcpy(cmd, LOGSTAT_BIN, strlen(LOGSTAT_BIN));
	}
	char mk[700];
	snprintf(mk, sizeof mk, "mkdir -p '%s' && %s", state, cmd);
	const char *argv[] = {"sh", "-c", mk, NULL};
	const char *env[] = {home, NULL};
	return run_program("/bin/sh", argv, NULL, 0, env);
}

Test(examples, service_command_runs)
{
	char *cmd = line_after(EXAMPLES "logstat-prometheus.service", "ExecStart=");
	replace_all(cmd, 4096, "%%", "%");
	struct run_result r = run_moved(cmd);
	cr_expect_eq(r.status, 0, "%s: %s", cmd, r.err);
	char prom[600];
	snprintf(prom, sizeof prom, "%s/state/logstat.prom", dir);
	char *out = read_file(prom, NULL);
	cr_assert(out, "%s", prom);
	cr_expect(strstr(out, "logstat_requests_total"), "%s", out);
	free(out);
	run_result_free(&r);
	free(cmd);
}

Test(examples, crontab_line_runs_and_alerts)
{
	char *line = line_after(EXAMPLES "crontab", "*/5 * * * * ");
	replace_all(line, 4096, "\\%", "%"); /* cron: \% is a literal % */
	struct run_result r = run_moved(line);
	/* 1 of 2 requests is a 5xx: the alert fires and the summary is printed for the mail */
	cr_expect_eq(r.status, 0, "%s: %s", line, r.err);
	cr_expect(strstr(r.out, "5xx"), "the summary is mailed: %s", r.out);
	run_result_free(&r);
	free(line);
}

Test(examples, nrpe_command_runs)
{
	char *cmd = line_after(EXAMPLES "nrpe.cfg", "command[check_logstat]=");
	struct run_result r = run_moved(cmd);
	cr_expect_eq(r.status, 2, "CRITICAL: 502>100 is false but 5xx>5%% holds: %s", r.out);
	cr_expect_eq(strncmp(r.out, "LOGSTAT CRITICAL - ", 19), 0, "%s", r.out);
	run_result_free(&r);
	free(cmd);
}

Test(examples, units_verify_and_are_hardened)
{
	char *unit = read_file(EXAMPLES "logstat-prometheus.service", NULL);
	static const char *const hardening[] = {
	        "\nDynamicUser=yes\n",        "\nSupplementaryGroups=adm\n",
	        "\nStateDirectory=logstat\n", "\nProtectSystem=strict\n",
	        "\nProtectHome=yes\n",        "\nNoNewPrivileges=yes\n",
	        "\nPrivateNetwork=yes\n",     "\nCapabilityBoundingSet=\n",
	};
	for (size_t i = 0; i < sizeof hardening / sizeof hardening[0]; i++)
		cr_expect(strstr(unit, hardening[i]), "missing %s", hardening[i] + 1);
	cr_expect_null(strstr(unit, "\nUser=root"));
	/* systemd-analyze wants an executable where ExecStart points */
	size_t n = strlen(unit) + 4096;
	unit = realloc(unit, n);
	replace_all(unit, n, "/usr/bin/logstat", LOGSTAT_BIN);
	char *svc = write_file(dir, "logstat-prometheus.service", unit, strlen(unit));
	char *timer_text = read_file(EXAMPLES "logstat-prometheus.timer", NULL);
	char *timer = write_file(dir, "logstat-prometheus.timer", timer_text, strlen(timer_text));
	const char *argv[] = {"systemd-analyze", "verify", "--man=no", svc, timer, NULL};
	struct run_result r = run_program("/usr/bin/systemd-analyze", argv, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect_null(strstr(r.err, "logstat-prometheus"), "%s", r.err);
	run_result_free(&r);
	free(unit);
	free(svc);
	free(timer_text);
	free(timer);
}
