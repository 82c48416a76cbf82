/* tmux_support.h — the shell and tmux helpers of the suites that drive logstat in a real
 * terminal (test_live.c, test_width.c). Include after <criterion/criterion.h>. */
#ifndef LOGSTAT_TEST_TMUX_SUPPORT_H
#define LOGSTAT_TEST_TMUX_SUPPORT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "support.h"

/* Run a shell command; returns its stdout (malloc'd), asserting it succeeded. */
static inline __attribute__((format(printf, 1, 2))) char *sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	const char *argv[] = {"sh", "-c", cmd, NULL};
	struct run_result r = run_program("/bin/sh", argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	free(r.err);
	return r.out;
}

/* Stop the tmux server of socket sock, if one runs (suite teardown). */
static inline void tmux_kill_server(const char *sock)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "tmux -L %s kill-server 2>/dev/null", sock);
	if (system(cmd) < 0) {
		/* nothing to clean */
	}
}

#endif
