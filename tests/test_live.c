/* test_live.c — `logstat -f` through the real binary: line mode on a pipe and on a file
 * through a rotation, idle CPU, and the ncurses view end to end under tmux (counts on
 * screen, resize, q / Ctrl-C / SIGTERM, the terminal given back). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "tmux_support.h"

static char *dir;
static char sock[64];

static void setup(void)
{
	dir = tmpdir_make();
	snprintf(sock, sizeof sock, "logstat-test-%ld", (long)getpid());
}

static void teardown(void)
{
	tmux_kill_server(sock);
	tmpdir_remove(dir);
}

TestSuite(live, .init = setup, .fini = teardown, .timeout = 60);

/* Line i of a log: statuses 200 x5, 404 x2, 503, 301, 200 per ten. */
static const int statuses[] = {200, 200, 404, 200, 503, 200, 301, 404, 200, 200};
static int line_text(char *buf, size_t n, unsigned i)
{
	return snprintf(buf, n,
	                "10.0.%u.%u - - [10/Oct/2000:13:55:36 -0700] \"GET /p/%u HTTP/1.1\" %d 5 "
	                "\"-\" \"t\"\n",
	                i / 256 % 256, i % 256, i, statuses[i % 10]);
}
static unsigned count_of(unsigned from, unsigned to, int cls)
{
	unsigned n = 0;
	for (unsigned i = from; i < to; i++)
		n += statuses[i % 10] / 100 == cls;
	return n;
}

static void append_lines(const char *path, unsigned from, unsigned to)
{
	FILE *f = fopen(path, "a");
	cr_assert(f, "%s", path);
	char line[256];
	for (unsigned i = from; i < to; i++) {
		line_text(line, sizeof line, i);
		fputs(line, f);
	}
	fclose(f);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* ---- line mode ---- */

Test(live, line_mode_pipe)
{
	char buf[200 * 128];
	size_t len = 0;
	for (unsigned i = 0; i < 200; i++)
		len += (size_t)line_text(buf + len, sizeof buf - len, i);
	const char *argv[] = {"-f", "-", NULL};
	struct run_result r = run_logstat(argv, buf, len, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	const char *last = strstr(r.out, "requests=");
	cr_assert(last, "%s", r.out);
	cr_expect(strstr(r.out, "requests=200 "), "%s", r.out);
	char want[64];
	snprintf(want, sizeof want, " 2xx=%u@", count_of(0, 200, 2));
	cr_expect(strstr(r.out, want), "%s in %s", want, r.out);
	snprintf(want, sizeof want, " 5xx=%u@", count_of(0, 200, 5));
	cr_expect(strstr(r.out, want), "%s in %s", want, r.out);
	cr_expect(strstr(r.out, " malformed=0\n"), "%s", r.out);
	run_result_free(&r);
}

Test(live, options)
{
	const char *none[] = {"-f", NULL};
	struct run_result r = run_logstat(none, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "no file to follow"), "%s", r.err);
	run_result_free(&r);
	const char *interval[] = {"--follow", "--interval", "5", "x", NULL};
	r = run_logstat(interval, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--interval"), "%s", r.err);
	run_result_free(&r);
	const char *help[] = {"-f", "--help", NULL};
	r = run_logstat(help, NULL, 0, NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "--from-start"), "%s", r.out);
	run_result_free(&r);
}

struct proc {
	pid_t pid;
	int out, err; /* read ends */
	char buf[1 << 16];
	size_t len;
};

static void spawn(struct proc *p, const char *const *args)
{
	int o[2], e[2];
	cr_assert_eq(pipe(o), 0);
	cr_assert_eq(pipe(e), 0);
	p->pid = fork();
	cr_assert(p->pid >= 0);
	if (p->pid == 0) {
		dup2(o[1], 1);
		dup2(e[1], 2);
		close(o[0]);
		close(o[1]);
		close(e[0]);
		close(e[1]);
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		execv(LOGSTAT_BIN, (char *const *)args);
		_exit(127);
	}
	close(o[1]);
	close(e[1]);
	p->out = o[0];
	p->err = e[0];
	p->len = 0;
	p->buf[0] = 0;
}

/* Read stdout until it contains want or ms pass. Returns 1 when found. */
static int read_until(struct proc *p, const char *want, unsigned ms)
{
	for (unsigned waited = 0; !strstr(p->buf, want) && waited < ms; waited += 20) {
		struct pollfd pf = {p->out, POLLIN, 0};
		if (poll(&pf, 1, 20) > 0) {
			ssize_t n = read(p->out, p->buf + p->len, sizeof p->buf - 1 - p->len);
			if (n > 0)
				p->len += (size_t)n;
			p->buf[p->len] = 0;
		}
	}
	return strstr(p->buf, want) != NULL;
}

static long cpu_ticks(pid_t pid)
{
	char path[64], stat[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	FILE *f = fopen(path, "r");
	cr_assert(f);
	size_t n = fread(stat, 1, sizeof stat - 1, f);
	fclose(f);
	stat[n] = 0;
	const char *p = strrchr(stat, ')');
	cr_assert(p);
	long utime = 0, stime = 0;
	/* fields after the name: state ppid ... utime is the 12th, stime the 13th */
	cr_assert_eq(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld", &utime,
	                    &stime),
	             2);
	return utime + stime;
}

/* Less than 5 % of one core over 3 s while nothing is written. */
static void expect_idle(pid_t pid, const char *what)
{
	long hz = sysconf(_SC_CLK_TCK);
	long before = cpu_ticks(pid);
	sleep_ms(3000);
	long used = cpu_ticks(pid) - before;
	cr_expect_lt(used * 100, hz * 3 * 5, "%s: %ld ticks of %ld/s in 3 s", what, used, hz);
}

Test(live, line_mode_file_through_rotation)
{
	char path[512], rotated[600];
	snprintf(path, sizeof path, "%s/access.log", dir);
	snprintf(rotated, sizeof rotated, "%s.1", path);
	append_lines(path, 0, 50); /* history: not counted */
	const char *args[] = {LOGSTAT_BIN, "-f", path, "--interval", "100", NULL};
	struct proc p;
	spawn(&p, args);
	cr_assert(read_until(&p, "requests=0 ", 5000), "%s", p.buf);
	expect_idle(p.pid, "line mode");
	append_lines(path, 50, 170);
	cr_assert_eq(rename(path, rotated), 0);
	append_lines(rotated, 170, 180); /* late lines into the rotated file */
	append_lines(path, 180, 300);
	cr_expect(read_until(&p, "requests=250 ", 5000), "%s", p.buf);
	kill(p.pid, SIGTERM);
	int st;
	waitpid(p.pid, &st, 0);
	read_until(&p, "\n\n", 200);
	cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d", st);
	const char *last = p.buf, *q;
	while ((q = strstr(last + 1, "\n")) && q[1])
		last = q + 1;
	char want[128];
	snprintf(want, sizeof want, "requests=250 ");
	cr_expect(strstr(last, want), "final line: %s", last);
	snprintf(want, sizeof want, " 4xx=%u@", count_of(50, 300, 4));
	cr_expect(strstr(last, want), "%s in %s", want, last);
	char err[4096] = "";
	ssize_t n = read(p.err, err, sizeof err - 1);
	err[n > 0 ? n : 0] = 0;
	cr_expect(strstr(err, "rotated"), "stderr: %s", err);
	close(p.out);
	close(p.err);
}

/* A catch-up longer than one read round is printed the moment it ends, not at the next
 * tick: with a one-minute interval the whole count shows within seconds. */
Test(live, line_mode_prints_the_end_of_a_catch_up)
{
	char path[512];
	snprintf(path, sizeof path, "%s/big.log", dir);
	const unsigned lines = 1000000;
	append_lines(path, 0, lines);
	const char *args[] = {LOGSTAT_BIN, "-f", "--from-start", "--interval", "60000", path, NULL};
	struct proc p;
	spawn(&p, args);
	char want[64];
	snprintf(want, sizeof want, "requests=%u ", lines);
	cr_expect(read_until(&p, want, 20000), "%s", p.buf);
	kill(p.pid, SIGTERM);
	int st;
	waitpid(p.pid, &st, 0);
	close(p.out);
	close(p.err);
	unlink(path);
}

/* ---- the ncurses view under tmux ---- */

static char *capture(void)
{
	return sh("tmux -L %s capture-pane -p -t live", sock);
}

/* Capture until the screen contains want (or ms pass); returns the last capture. */
static char *wait_screen(const char *want, unsigned ms)
{
	char *screen = capture();
	for (unsigned waited = 0; !strstr(screen, want) && waited < ms; waited += 50) {
		sleep_ms(50);
		free(screen);
		screen = capture();
	}
	cr_assert(strstr(screen, want), "'%s' never shown; screen:\n%s", want, screen);
	return screen;
}

/* The count in the screen row that starts with label ("2xx"), or -1. */
static long row_count(const char *screen, const char *label)
{
	for (const char *p = screen; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, label, strlen(label)) != 0 || p[strlen(label)] != ' ')
			continue;
		char num[32];
		if (sscanf(p + strlen(label), " %31s", num) != 1)
			return -1;
		return strtol(num, NULL, 10);
	}
	return -1;
}

static size_t occurrences(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

static void expect_fits(const char *screen, unsigned cols, unsigned rows)
{
	unsigned n = 0;
	for (const char *p = screen; *p; n++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t width = 0; /* columns: UTF-8 continuation bytes take none */
		for (size_t i = 0; i < len; i++)
			width += ((unsigned char)p[i] & 0xc0) != 0x80;
		cr_expect_leq(width, cols, "row %u is %zu columns wide", n, width);
		p = nl ? nl + 1 : p + len;
	}
	cr_expect_leq(n, rows, "%u rows", n);
	cr_expect_eq(occurrences(screen, "logstat live"), 1, "header once:\n%s", screen);
}

static pid_t start_view_with(const char *opts, const char *log)
{
	cr_assert_eq(system("command -v tmux >/dev/null 2>&1"), 0,
	             "tmux is not installed: scripts/setup.sh installs it (the live view test "
	             "needs it and must not be skipped)");
	char script[600], pidfile[600];
	snprintf(pidfile, sizeof pidfile, "%s/pid", dir);
	snprintf(script, sizeof script, "%s/run.sh", dir);
	FILE *f = fopen(script, "w");
	cr_assert(f);
	fprintf(f,
	        "TERM=screen; export TERM\n"
	        "trap : INT TERM\n"
	        "printf 'BEFORE-MARK\\n'\n"
	        "sh -c 'echo $$ > %s; exec %s -f %s %s'\n"
	        "echo \"EXIT-MARK=$?\"\n"
	        "echo STTY: $(stty -a | grep -o -w -e '-\\?icanon' -e '-\\?echo')\n"
	        "sleep 60\n",
	        pidfile, LOGSTAT_BIN, opts, log);
	fclose(f);
	free(sh("tmux -L %s -f /dev/null new-session -d -s live -x 100 -y 30 'sh %s'", sock,
	        script));
	free(wait_screen("logstat live", 5000));
	char *pid = NULL;
	for (int i = 0; i < 100 && !(pid = read_file(pidfile, NULL)); i++)
		sleep_ms(20);
	cr_assert(pid);
	pid_t p = (pid_t)strtol(pid, NULL, 10);
	free(pid);
	return p;
}

static pid_t start_view(const char *log)
{
	return start_view_with("", log);
}

static void expect_counts_shown(unsigned from, unsigned to)
{
	char want[64];
	snprintf(want, sizeof want, "requests %u ", to - from);
	char *screen = wait_screen(want, 5000);
	/* the header is drawn first: under load a capture can fall inside a redraw, so wait
	 * for two captures alike before reading the rows */
	for (int i = 0; i < 40; i++) {
		sleep_ms(50);
		char *again = capture();
		int same = strcmp(again, screen) == 0;
		free(screen);
		screen = again;
		if (same)
			break;
	}
	static const char *const labels[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
	for (int c = 1; c <= 5; c++)
		cr_expect_eq(row_count(screen, labels[c - 1]), (long)count_of(from, to, c),
		             "%s on screen:\n%s", labels[c - 1], screen);
	free(screen);
}

static void expect_restored(void)
{
	char *screen = wait_screen("STTY:", 5000);
	cr_expect(strstr(screen, "EXIT-MARK=0"), "%s", screen);
	cr_expect(strstr(screen, "BEFORE-MARK"), "the normal screen is back:\n%s", screen);
	cr_expect(!strstr(screen, "logstat live"), "the view is gone:\n%s", screen);
	cr_expect(strstr(screen, "STTY: icanon echo") || strstr(screen, "STTY: echo icanon"),
	          "the tty modes are back:\n%s", screen);
	free(screen);
}

static const char *const exits[] = {"q", "C-c", "SIGTERM"};

ParameterizedTestParameters(live, view_in_tmux)
{
	return INDEX_PARAMS(exits);
}

ParameterizedTest(size_t *idx, live, view_in_tmux)
{
	char log[512];
	snprintf(log, sizeof log, "%s/access.log", dir);
	append_lines(log, 0, 20); /* history: not counted */
	pid_t pid = start_view(log);
	append_lines(log, 20, 157);
	expect_counts_shown(20, 157);
	if (*idx == 0) {
		char *screen = capture();
		expect_fits(screen, 100, 30);
		free(screen);
		free(sh("tmux -L %s resize-window -t live -x 80 -y 24", sock));
		sleep_ms(600);
		screen = capture();
		expect_fits(screen, 80, 24);
		cr_expect(strstr(screen, "requests 137 "), "%s", screen);
		cr_expect(strstr(screen, "q quit"), "the key line is drawn:\n%s", screen);
		free(screen);
		expect_idle(pid, "view");
		append_lines(log, 157, 300);
		expect_counts_shown(20, 300);
		free(sh("tmux -L %s send-keys -t live p", sock));
		free(wait_screen("[PAUSED]", 3000));
		free(sh("tmux -L %s send-keys -t live p r", sock));
		free(wait_screen("requests 0 ", 3000));
		append_lines(log, 300, 333);
		expect_counts_shown(300, 333);
		free(sh("tmux -L %s send-keys -t live q", sock));
	} else if (*idx == 1) {
		free(sh("tmux -L %s send-keys -t live C-c", sock));
	} else {
		kill(pid, SIGTERM);
	}
	expect_restored();
}

/* The view names codes from the same merged table as the report: a user codes file. */
Test(live, user_codes_named_on_screen)
{
	char log[512], codes[512], opts[600];
	snprintf(log, sizeof log, "%s/access.log", dir);
	snprintf(codes, sizeof codes, "%s/codes", dir);
	FILE *f = fopen(codes, "w");
	cr_assert(f);
	fputs("599 | acme-edge | Acme Origin Reset | The origin reset the connection.\n", f);
	fclose(f);
	append_lines(log, 0, 5);
	snprintf(opts, sizeof opts, "--codes %s", codes);
	start_view_with(opts, log);
	f = fopen(log, "a");
	cr_assert(f);
	for (int i = 0; i < 3; i++)
		fputs("10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 599 0 \"-\" "
		      "\"t\"\n",
		      f);
	fclose(f);
	char *screen = wait_screen("Acme Origin Reset", 5000);
	cr_expect(strstr(screen, "acme-edge"), "the origin is shown:\n%s", screen);
	free(screen);
	free(sh("tmux -L %s send-keys -t live q", sock));
	expect_restored();
}

/* ---- the drill-down panel ---- */

static void append_text(const char *path, const char *line, int times)
{
	FILE *f = fopen(path, "a");
	cr_assert(f, "%s", path);
	for (int i = 0; i < times; i++)
		fputs(line, f);
	fclose(f);
}

/* The screen row (with its escapes, capture-pane -e) that starts with label. */
static char *styled_row(const char *label)
{
	char *screen = sh("tmux -L %s capture-pane -e -p -t live", sock);
	char *row = NULL;
	for (char *p = screen; p && *p && !row;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* the label may follow escapes: skip ESC [ ... m runs */
		const char *q = p;
		while (q[0] == '\033' && q[1] == '[') {
			q += 2;
			while (*q && *q != 'm')
				q++;
			q += *q == 'm';
		}
		if (strncmp(q, label, strlen(label)) == 0 && q[strlen(label)] == ' ')
			row = strndup(p, len);
		p = nl ? nl + 1 : NULL;
	}
	free(screen);
	cr_assert(row, "no row %s", label);
	return row;
}

/* Reverse video (SGR 7) anywhere in a styled row. */
static int reversed(const char *row)
{
	for (const char *p = row; (p = strstr(p, "\033[")); p += 2) {
		const char *end = strchr(p, 'm');
		if (!end)
			break;
		for (const char *q = p + 2; q < end; q++)
			if (*q == '7' && (q == p + 2 || q[-1] == ';') &&
			    (q + 1 == end || q[1] == ';'))
				return 1;
	}
	return 0;
}

/* The panel under the codes: the top error requests as they come, the paths of a focused
 * class; the `other` row is not highlighted when nothing is focused. */
Test(live, error_requests_panel)
{
	char log[512];
	snprintf(log, sizeof log, "%s/access.log", dir);
	append_lines(log, 0, 5);
	start_view_with("--color=always", log);
	static const char *const lines[] = {
	        "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] \"GET /missing?id=1 HTTP/1.1\" 404 0 "
	        "\"-\" \"t\"\n",
	        "10.0.0.2 - - [10/Oct/2023:13:55:36 +0000] \"POST /boom HTTP/1.1\" 503 0 \"-\" "
	        "\"t\"\n",
	        "10.0.0.3 - - [10/Oct/2023:13:55:36 +0000] \"GET /ok HTTP/1.1\" 200 0 \"-\" "
	        "\"t\"\n"};
	append_text(log, lines[0], 30);
	append_text(log, lines[1], 7);
	append_text(log, lines[2], 11);
	char *screen = wait_screen("requests 48 ", 5000);
	cr_expect(strstr(screen, "top error requests"), "no panel:\n%s", screen);
	cr_expect(strstr(screen, "30  404  GET /missing"), "404 row:\n%s", screen);
	cr_expect(strstr(screen, "7  503  POST /boom"), "503 row:\n%s", screen);
	free(screen);
	char *row = styled_row("other");
	cr_expect(!reversed(row), "other highlighted with nothing focused: %s", row);
	free(row);
	/* it updates live */
	append_text(log, lines[1], 30);
	free(wait_screen("37  503  POST /boom", 5000));
	/* focus 5xx: the paths of that class */
	free(sh("tmux -L %s send-keys -t live 5", sock));
	screen = wait_screen("top paths answered 5xx", 3000);
	cr_expect(strstr(screen, "37  /boom"), "5xx paths:\n%s", screen);
	cr_expect(!strstr(screen, "/missing"), "4xx path under 5xx:\n%s", screen);
	free(screen);
	row = styled_row("5xx");
	cr_expect(reversed(row), "focused 5xx not highlighted: %s", row);
	free(row);
	row = styled_row("other");
	cr_expect(!reversed(row), "other highlighted with 5xx focused: %s", row);
	free(row);
	free(sh("tmux -L %s send-keys -t live 4", sock));
	screen = wait_screen("top paths answered 4xx", 3000);
	cr_expect(strstr(screen, "30  /missing"), "4xx paths:\n%s", screen);
	free(screen);
	/* reset forgets the panel's counts too */
	free(sh("tmux -L %s send-keys -t live 0 r", sock));
	free(wait_screen("no 4xx or 5xx requests yet", 3000));
	free(sh("tmux -L %s send-keys -t live q", sock));
	expect_restored();
}

/* Two rotations while the follower is stopped: the file in between is never read. It is
 * said on stderr in line mode and on the screen in the view; the counts stay exact. */
static void rotate_twice(const char *path)
{
	char one[600], two[600];
	snprintf(one, sizeof one, "%s.1", path);
	snprintf(two, sizeof two, "%s.2", path);
	struct timespec old[2];
	clock_gettime(CLOCK_REALTIME, &old[0]);
	old[0].tv_sec -= 3600; /* its last write, well before the next file's */
	old[1] = old[0];
	cr_assert_eq(utimensat(AT_FDCWD, path, old, 0), 0);
	cr_assert_eq(rename(path, one), 0);
	append_lines(path, 300, 340); /* the file in between */
	cr_assert_eq(rename(one, two), 0);
	cr_assert_eq(rename(path, one), 0);
	append_lines(path, 340, 350);
}

Test(live, line_mode_says_a_rotated_file_was_never_read)
{
	char path[512];
	snprintf(path, sizeof path, "%s/access.log", dir);
	append_lines(path, 0, 10);
	const char *args[] = {LOGSTAT_BIN, "-f", path, "--interval", "100", NULL};
	struct proc p;
	spawn(&p, args);
	cr_assert(read_until(&p, "requests=0 ", 5000), "%s", p.buf);
	append_lines(path, 10, 30);
	cr_assert(read_until(&p, "requests=20 ", 5000), "%s", p.buf);
	kill(p.pid, SIGSTOP);
	rotate_twice(path);
	kill(p.pid, SIGCONT);
	cr_expect(read_until(&p, "requests=30 ", 5000), "the new file's 10: %s", p.buf);
	kill(p.pid, SIGTERM);
	waitpid(p.pid, NULL, 0);
	char err[4096] = "";
	ssize_t n = read(p.err, err, sizeof err - 1);
	err[n > 0 ? n : 0] = 0;
	cr_expect(strstr(err, "warning: ") && strstr(err, "1 rotated file never read"),
	          "stderr: %s", err);
	close(p.out);
	close(p.err);
}

Test(live, view_says_a_rotated_file_was_never_read)
{
	char log[512];
	snprintf(log, sizeof log, "%s/access.log", dir);
	append_lines(log, 0, 10);
	pid_t pid = start_view(log);
	append_lines(log, 10, 30);
	free(wait_screen("20 lines", 5000));
	kill(pid, SIGSTOP);
	rotate_twice(log);
	kill(pid, SIGCONT);
	char *screen = wait_screen("rotated file never", 5000);
	cr_expect(strstr(screen, "1 rotated file never"), "on screen:\n%s", screen);
	free(screen);
	free(sh("tmux -L %s send-keys -t live q", sock));
	expect_restored();
}
