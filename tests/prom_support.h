/* prom_support.h — helpers for the Prometheus suites (test_expo.c, test_exporter.c):
 * promtool on a text, processes kept running in the background, raw HTTP requests over
 * loopback, free ports and a process's resident memory. */
#ifndef LOGSTAT_TEST_PROM_SUPPORT_H
#define LOGSTAT_TEST_PROM_SUPPORT_H

#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "expo.h"
#include "support.h"

/* A program from PATH: the test fails, never skips, when it is missing. */
static inline char *prom_find(const char *name)
{
	const char *path = getenv("PATH");
	char *copy = strdup(path ? path : "/usr/bin"), *save = NULL, *found = NULL;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char full[4200];
		snprintf(full, sizeof full, "%s/%s", d, name);
		if (access(full, X_OK) == 0)
			found = strdup(full);
	}
	free(copy);
	cr_assert(found, "%s is missing: scripts/test.sh installs Debian's prometheus", name);
	return found;
}

/* `promtool check metrics` must pass on text (lint warnings included). */
static inline void prom_lint(const char *text, size_t len)
{
	char *promtool = prom_find("promtool");
	const char *argv[] = {"promtool", "check", "metrics", NULL};
	struct run_result r = run_program(promtool, argv, text, len, NULL);
	cr_expect_eq(r.status, 0, "promtool: %s%s\n%s", r.out, r.err, text);
	cr_expect_eq(r.out_len + r.err_len, 0, "promtool: %s%s", r.out, r.err);
	run_result_free(&r);
	free(promtool);
}

static inline double prom_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start path argv in the background, stdout and stderr to errfile. Returns its pid. */
static inline pid_t prom_spawn(const char *path, const char *const *argv, const char *errfile)
{
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* SIGTERM, then wait; returns the exit status (128+signal when killed). */
static inline int prom_stop(pid_t pid)
{
	int st = 0;
	kill(pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		usleep(50000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return 128 + SIGKILL;
}

/* The port in "logstat: serving http://127.0.0.1:PORT/metrics" in errfile (waits up to
 * 5 s), or 0. */
static inline int prom_served_port(const char *errfile)
{
	for (int i = 0; i < 100; i++) {
		char *text = read_file(errfile, NULL);
		const char *p = text ? strstr(text, "serving http://127.0.0.1:") : NULL;
		int port = p ? atoi(p + strlen("serving http://127.0.0.1:")) : 0;
		free(text);
		if (port)
			return port;
		usleep(50000);
	}
	return 0;
}

/* A TCP port free on loopback right now. */
static inline int prom_free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	cr_assert(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
	getsockname(s, (struct sockaddr *)&a, &len);
	close(s);
	return ntohs(a.sin_port);
}

/* A connected socket to 127.0.0.1:port with a receive timeout of ms, or -1. */
static inline int prom_connect(int port, int ms)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
		close(s);
		return -1;
	}
	return s;
}

/* Read until the peer closes or the timeout; returns what came (malloc'd, NUL-ended). */
static inline char *prom_read_all(int s, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n + 1024 > cap)
			buf = realloc(buf, cap *= 2);
		ssize_t got = recv(s, buf + n, cap - n - 1, 0);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* Send request (a whole HTTP request, or any bytes) and read the answer to its end. */
static inline char *prom_http(int port, const char *request, size_t *len)
{
	int s = prom_connect(port, 5000);
	cr_assert(s >= 0, "cannot connect to port %d", port);
	size_t n = strlen(request);
	for (size_t off = 0; off < n;) {
		ssize_t w = send(s, request + off, n - off, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	char *reply = prom_read_all(s, len);
	close(s);
	return reply;
}

/* GET path with an Accept header (NULL: none), Connection: close. */
static inline char *prom_get(int port, const char *path, const char *accept)
{
	char req[1024];
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n%s%s%sConnection: close\r\n\r\n",
	         path, accept ? "Accept: " : "", accept ? accept : "", accept ? "\r\n" : "");
	return prom_http(port, req, NULL);
}

/* The body of an HTTP answer (after the blank line), or "". */
static inline const char *prom_body(const char *reply)
{
	const char *p = strstr(reply, "\r\n\r\n");
	return p ? p + 4 : "";
}

/* Resident memory of pid in KiB (VmRSS), or -1. */
static inline long prom_rss_kib(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	char *text = read_file(path, NULL);
	const char *p = text ? strstr(text, "VmRSS:") : NULL;
	long kib = p ? strtol(p + 6, NULL, 10) : -1;
	free(text);
	return kib;
}

/* The fenced block that follows the line "<!-- check: what -->" in docs/monitoring.md
 * (malloc'd, without the fences). The test fails when it is not there. */
static inline char *prom_doc_block(const char *what)
{
	char *doc = read_file(LOGSTAT_SOURCE_DIR "/docs/monitoring.md", NULL);
	cr_assert(doc, "docs/monitoring.md");
	char marker[128];
	snprintf(marker, sizeof marker, "<!-- check: %s -->\n```", what);
	const char *p = strstr(doc, marker);
	cr_assert(p, "no block marked %s in docs/monitoring.md", what);
	p = strchr(p + strlen(marker), '\n') + 1;
	const char *end = strstr(p, "\n```");
	cr_assert(end);
	char *block = strndup(p, (size_t)(end - p) + 1);
	free(doc);
	return block;
}

/* The exposition e writes, into memory (malloc'd; its length in *len when not NULL). */
static inline char *write_expo(const struct expo *e, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	cr_assert(out);
	cr_assert_eq(expo_write(out, e), 0);
	fclose(out);
	if (len)
		*len = n;
	return buf;
}

#endif
