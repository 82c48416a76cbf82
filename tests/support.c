/* support.c — see support.h. Test-only code: errors abort the test run loudly. */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void die(const char *what)
{
	perror(what);
	abort();
}

static void append(char **buf, size_t *len, size_t *cap, const char *src, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = realloc(*buf, *cap);
		if (!*buf)
			die("realloc");
	}
	memcpy(*buf + *len, src, n);
	*len += n;
	(*buf)[*len] = 0;
}

static char **build_env(const char *const *extra)
{
	size_t n = 0, m = 0;
	while (environ[n])
		n++;
	while (extra && extra[m])
		m++;
	char **env = calloc(n + m + 1, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		/* NO_COLOR and COLUMNS change what logstat prints: only when a test says */
		if (strncmp(environ[i], "NO_COLOR=", 9) == 0 ||
		    strncmp(environ[i], "COLUMNS=", 8) == 0)
			continue;
		size_t name = strcspn(environ[i], "="), j = 0;
		while (j < m && !(strncmp(extra[j], environ[i], name + 1) == 0))
			j++;
		if (j == m) /* a variable given in extra replaces the inherited one */
			env[k++] = environ[i];
	}
	for (size_t i = 0; i < m; i++)
		env[k++] = (char *)extra[i];
	env[k] = NULL;
	return env;
}

struct run_result run_program(const char *path, const char *const *argv, const void *stdin_data,
                              size_t stdin_len, const char *const *env)
{
	int in[2], out[2], err[2];
	if (pipe(in) || pipe(out) || pipe(err))
		die("pipe");
	char **envp = build_env(env);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		execve(path, (char *const *)argv, envp);
		_exit(127);
	}
	free(envp);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	signal(SIGPIPE, SIG_IGN);
	struct run_result r = {0};
	size_t ocap = 0, ecap = 0, sent = 0;
	append(&r.out, &r.out_len, &ocap, "", 0);
	append(&r.err, &r.err_len, &ecap, "", 0);
	int in_fd = in[1];
	/* never block on the child's stdin while its stdout fills up */
	fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
	if (!stdin_data || stdin_len == 0) {
		close(in_fd);
		in_fd = -1;
	}
	int open_fds = 2;
	while (open_fds > 0 || in_fd >= 0) {
		struct pollfd p[3];
		int np = 0;
		if (out[0] >= 0)
			p[np++] = (struct pollfd){out[0], POLLIN, 0};
		if (err[0] >= 0)
			p[np++] = (struct pollfd){err[0], POLLIN, 0};
		if (in_fd >= 0)
			p[np++] = (struct pollfd){in_fd, POLLOUT, 0};
		if (np == 0)
			break;
		if (poll(p, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (int i = 0; i < np; i++) {
			if (!p[i].revents)
				continue;
			if (p[i].fd == in_fd) {
				ssize_t w = write(in_fd, (const char *)stdin_data + sent,
				                  stdin_len - sent);
				if (w > 0)
					sent += (size_t)w;
				if (w < 0 && (errno == EAGAIN || errno == EINTR))
					continue;
				if (w < 0 || sent == stdin_len) {
					close(in_fd);
					in_fd = -1;
				}
				continue;
			}
			char buf[65536];
			ssize_t n = read(p[i].fd, buf, sizeof buf);
			if (n <= 0) {
				close(p[i].fd);
				if (p[i].fd == out[0])
					out[0] = -1;
				else
					err[0] = -1;
				open_fds--;
				continue;
			}
			if (p[i].fd == out[0])
				append(&r.out, &r.out_len, &ocap, buf, (size_t)n);
			else
				append(&r.err, &r.err_len, &ecap, buf, (size_t)n);
		}
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r;
}

struct run_result run_logstat(const char *const *argv, const void *stdin_data, size_t stdin_len,
                              const char *const *env)
{
	const char *full[64];
	size_t n = 0;
	full[n++] = LOGSTAT_BIN;
	while (argv && argv[n - 1] && n < 63) {
		full[n] = argv[n - 1];
		n++;
	}
	full[n] = NULL;
	return run_program(LOGSTAT_BIN, full, stdin_data, stdin_len, env);
}

void run_result_free(struct run_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

char *tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char *path = malloc(4096);
	snprintf(path, 4096, "%s/logstat-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(path))
		die("mkdtemp");
	return path;
}

void tmpdir_remove(char *dir)
{
	if (!dir)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", "--", dir, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	free(dir);
}

char *write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = malloc(4096);
	snprintf(path, 4096, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		die(path);
	if (len && fwrite(data, 1, len, f) != len)
		die("fwrite");
	fclose(f);
	return path;
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	char tmp[65536];
	size_t k;
	append(&buf, &n, &cap, "", 0);
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		append(&buf, &n, &cap, tmp, k);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

char *data_path(const char *name)
{
	char *path = malloc(4096);
	snprintf(path, 4096, "%s/%s", LOGSTAT_TEST_DATA, name);
	return path;
}

char *compress_with(const char *tool, const void *data, size_t len, size_t *out_len)
{
	const char *argv[] = {tool, "-c", "-q", NULL};
	char path[256];
	snprintf(path, sizeof path, "/usr/bin/%s", tool);
	struct run_result r = run_program(path, argv, data, len, NULL);
	if (r.status != 0)
		die(tool);
	free(r.err);
	*out_len = r.out_len;
	return r.out;
}

long long json_int(const char *json, const char *after, const char *key)
{
	const char *p = json;
	if (after) {
		p = strstr(json, after);
		if (!p)
			return -1;
	}
	char pat[256];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	p = strstr(p, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	return strtoll(p, NULL, 10);
}

size_t *param_indices(size_t n)
{
	static size_t idx[1024];
	for (size_t i = 0; i < n && i < 1024; i++)
		idx[i] = i;
	return idx;
}
