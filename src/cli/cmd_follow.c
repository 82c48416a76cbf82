/* cmd_follow.c — `logstat -f FILE...`: follow logs (core: follow.h, rate.h) and show the
 * counts live, in the ncurses view on a terminal or as one line per interval otherwise.
 * Owns the loop, the signals (a self-pipe) and the options; never touches curses. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "codes_load.h"
#include "commands.h"
#include "follow.h"
#include "follow_export.h"
#include "options.h"
#include "opts.h"
#include "term.h"
#include "rate.h"
#include "series.h"
#include "report.h"
#include "view.h"

#define MAX_INPUTS 60   /* poll(2) slots for the waiter */
#define CATCH_UP_MS 100 /* longest time spent reading before the screen is refreshed */
#define COALESCE_MS                                                                                \
	50 /* after reading, let writers add more before the next read: a server                   \
	      writing one line per write() would otherwise wake us per line */

struct follow_cli {
	int from_start, line_mode, interval_ms, have_format;
	struct logformat format;
	enum color_mode color;
	size_t max_line;
	const char *backend;
	const char *codes_file;
	const char *listen; /* --listen: serve /metrics there (follow_export.h) */
	unsigned labels;    /* --labels: SERIES_* bits */
	char **inputs;
	size_t ninputs;
};

struct live {
	struct follow_cli *o;
	struct code_table codes;
	struct follower *f[MAX_INPUTS];
	enum follow_state last_state[MAX_INPUTS];
	uint64_t last_lost[MAX_INPUTS]; /* lost rotated files already said */
	size_t n;
	struct follow_waiter *w;
	struct rate rate;
	struct tally total;
	int64_t start_ms;
	struct view *view;
	int paused;
	struct follow_export *x;                 /* --listen, or NULL */
	struct series_table *series[MAX_INPUTS]; /* --labels, per input, or NULL */
	struct toperr *top;  /* error requests of every input, for the view's panel */
	struct drill *drill; /* paths by class, for the panel of a focused class */
};

static int sig_pipe[2] = {-1, -1};
static volatile sig_atomic_t got_quit, got_winch;

static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGWINCH)
		got_winch = 1;
	else
		got_quit = 1;
	if (sig_pipe[1] >= 0 && write(sig_pipe[1], "s", 1) < 0) {
		/* full pipe: the flag is enough */
	}
	errno = saved;
}

static int signals_install(void)
{
	if (pipe(sig_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++)
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	return 0;
}

static void signals_drain(void)
{
	char buf[64];
	while (read(sig_pipe[0], buf, sizeof buf) > 0)
		;
}

static int apply(void *ctx, int c, const char *arg)
{
	struct follow_cli *o = ctx;
	char err[256];
	unsigned long v;
	switch (c) {
	case 'f':
		return 0;
	case 'F':
		if (logformat_from_option(arg, &o->format, err, sizeof err) != 0)
			return opts_error("--format: %s", err);
		o->have_format = 1;
		return 0;
	case OPT_FROM_START:
		o->from_start = 1;
		return 0;
	case OPT_INTERVAL:
		if (opts_number("--interval", arg, 50, 60000, &v) != 0)
			return 2;
		o->interval_ms = (int)v;
		return 0;
	case OPT_COLOR:
		if (term_parse_color(arg, &o->color) != 0)
			return opts_error("--color: '%s' is not auto, always or never", arg);
		return 0;
	case OPT_NO_UI:
		o->line_mode = 1;
		return 0;
	case OPT_MAX_LINE:
		if (opts_number("--max-line", arg, 256, 1u << 20, &v) != 0)
			return 2;
		o->max_line = (size_t)v;
		return 0;
	case OPT_CODES:
		o->codes_file = arg;
		return 0;
	case OPT_LISTEN:
		o->listen = arg;
		return 0;
	case OPT_LABELS:
		if (series_parse_labels(arg, &o->labels, err, sizeof err) != 0)
			return opts_error("--labels: %s", err);
		return 0;
	case OPT_WAIT:
		if (strcmp(arg, "inotify") != 0 && strcmp(arg, "poll") != 0)
			return opts_error("--wait: '%s' is not inotify or poll", arg);
		o->backend = arg;
		return 0;
	}
	return 2;
}

/* Returns 0 to run, 1 after --help, 2 after an error message. */
static int parse(int argc, char **argv, struct follow_cli *o)
{
	memset(o, 0, sizeof *o);
	int rc = opts_parse(CMD_FOLLOW, argc, argv, apply, o, &o->inputs, &o->ninputs);
	if (rc != 0)
		return rc;
	if (o->ninputs == 0)
		return opts_error("%s", "-f: no file to follow (give FILE... or - for stdin)");
	if (o->ninputs > MAX_INPUTS)
		return opts_error("-f: at most %s files", "60");
	if (o->labels && !o->listen)
		return opts_error(
		        "%s", "--labels: only the exporter has labels (add --listen ADDR:PORT)");
	if (!isatty(1))
		o->line_mode = 1;
	if (!o->interval_ms)
		o->interval_ms = o->line_mode ? 1000 : 250;
	return 0;
}

static int start(struct live *lv)
{
	static const int by_path[] = {BY_PATH};
	if (!lv->o->line_mode) { /* the top errors and paths are panels of the view only */
		lv->top = toperr_new();
		lv->drill = drill_new(by_path, 1, 0);
	}
	if (!lv->o->line_mode && (!lv->top || !lv->drill)) {
		fputs("logstat: out of memory\n", stderr);
		return -1;
	}
	struct follow_options fo = {lv->o->have_format ? &lv->o->format : NULL,
	                            lv->o->max_line,
	                            lv->o->from_start,
	                            0,
	                            NULL,
	                            lv->top,
	                            lv->drill};
	lv->w = follow_waiter_new(lv->o->backend);
	if (!lv->w) {
		fputs("logstat: -f: cannot start the file watcher\n", stderr);
		return -1;
	}
	lv->start_ms = follow_now_ms();
	int labelled = lv->o->listen != NULL; /* the exporter's own counts (series.h) */
	for (size_t i = 0; i < lv->o->ninputs; i++) {
		if (labelled)
			fo.series = lv->series[i] = series_new(lv->o->labels, SERIES_DEFAULT_CAP);
		lv->f[i] = follower_new(lv->o->inputs[i], (uint32_t)i, &fo, lv->start_ms);
		lv->n++; /* stop() frees what was made */
		if (!lv->f[i] || (labelled && !lv->series[i])) {
			fputs("logstat: out of memory\n", stderr);
			return -1;
		}
		lv->last_state[i] = FOLLOW_FOLLOWING; /* so a missing file is said at once */
		follow_waiter_watch(lv->w, lv->o->inputs[i]);
	}
	rate_init(&lv->rate, lv->start_ms);
	return 0;
}

static int start_export(struct live *lv)
{
	char err[600];
	if (!lv->o->listen)
		return 0;
	lv->x = follow_export_start(lv->o->listen, lv->f, lv->series, lv->n, &lv->codes, err,
	                            sizeof err);
	if (!lv->x) {
		fprintf(stderr, "logstat: %s\n", err);
		return -1;
	}
	fprintf(stderr, "logstat: serving %s\n", follow_export_url(lv->x));
	return 0;
}

static void stop(struct live *lv)
{
	for (size_t i = 0; i < lv->n; i++) {
		follower_free(lv->f[i]);
		series_free(lv->series[i]);
	}
	follow_waiter_free(lv->w);
	toperr_free(lv->top);
	drill_free(lv->drill);
}

/* Merge the followers' counts and feed the rates. */
static void gather(struct live *lv, int64_t now)
{
	tally_init(&lv->total);
	for (size_t i = 0; i < lv->n; i++)
		tally_merge(&lv->total, follower_tally(lv->f[i]));
	uint64_t cls[TALLY_CLASSES];
	for (int c = 0; c < TALLY_CLASSES; c++)
		cls[c] = tally_class_count(&lv->total, c);
	rate_observe(&lv->rate, now, cls);
}

static void reset_counts(struct live *lv, int64_t now)
{
	if (lv->x)
		follow_export_keep(lv->x); /* exported counters never go down */
	for (size_t i = 0; i < lv->n; i++)
		follower_reset(lv->f[i]);
	if (lv->top)
		toperr_clear(lv->top);
	if (lv->drill)
		drill_clear(lv->drill);
	rate_init(&lv->rate, now);
	lv->start_ms = now;
	gather(lv, now);
}

static uint64_t lines_read(const struct live *lv)
{
	uint64_t n = 0;
	for (size_t i = 0; i < lv->n; i++)
		n += follower_tally(lv->f[i])->lines;
	return n;
}

/* Read what every follower has, for at most CATCH_UP_MS so the screen stays live. Returns
 * 1 when a follower still has bytes waiting (read again at once, do not sleep); *got says
 * whether any line was read. */
static int read_inputs(struct live *lv, int *got)
{
	int64_t t0 = follow_now_ms(), now = t0;
	uint64_t before = lines_read(lv);
	int more = 1;
	while (more && now - t0 < CATCH_UP_MS) {
		more = 0;
		for (size_t i = 0; i < lv->n; i++)
			more |= follower_poll(lv->f[i], now);
		now = follow_now_ms();
	}
	*got = lines_read(lv) != before;
	return more;
}

static int all_ended(const struct live *lv)
{
	for (size_t i = 0; i < lv->n; i++)
		if (follower_state(lv->f[i]) != FOLLOW_ENDED)
			return 0;
	return 1;
}

static void print_line(struct live *lv, int64_t now)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", localtime_r(&t, &tm));
	const struct tally *tt = &lv->total;
	printf("%s requests=%llu rate=%.1f/s", stamp, (unsigned long long)tt->requests,
	       rate_per_second(&lv->rate, now, RATE_ALL, 10));
	static const int order[] = {1, 2, 3, 4, 5, 0};
	for (size_t k = 0; k < 6; k++)
		printf(" %s=%llu@%.1f/s", render_class_name(order[k]),
		       (unsigned long long)tally_class_count(tt, order[k]),
		       rate_per_second(&lv->rate, now, order[k], 10));
	printf(" no_status=%llu malformed=%llu\n", (unsigned long long)tt->no_status,
	       (unsigned long long)tt->malformed);
	fflush(stdout);
}

/* Line mode: say on stderr when lines were lost to a rotation not seen in time. */
static void report_lost(struct live *lv, size_t i)
{
	uint64_t lost = follower_lost(lv->f[i]);
	if (lost == lv->last_lost[i])
		return;
	lv->last_lost[i] = lost;
	const char *name = follower_path(lv->f[i]), *note = follower_notice(lv->f[i]);
	fputs("logstat: warning: ", stderr);
	render_sanitized(stderr, (const unsigned char *)name, strlen(name));
	fputs(": ", stderr);
	render_sanitized(stderr, (const unsigned char *)note, strlen(note));
	fputc('\n', stderr);
}

/* Line mode: say on stderr when an input changes state (rotated, gone, error). */
static void report_states(struct live *lv)
{
	for (size_t i = 0; i < lv->n; i++) {
		enum follow_state s = follower_state(lv->f[i]);
		report_lost(lv, i);
		if (s == lv->last_state[i])
			continue;
		lv->last_state[i] = s;
		const char *name = follower_path(lv->f[i]);
		fputs("logstat: ", stderr);
		render_sanitized(stderr, (const unsigned char *)name, strlen(name));
		fprintf(stderr, ": %s", follow_state_name(s));
		const char *err = follower_error(lv->f[i]);
		if (s == FOLLOW_ERROR && *err) {
			fputs(": ", stderr);
			render_sanitized(stderr, (const unsigned char *)err, strlen(err));
		}
		fputc('\n', stderr);
	}
}

static void draw(struct live *lv, int64_t now)
{
	struct view_input in[MAX_INPUTS];
	for (size_t i = 0; i < lv->n; i++) {
		const struct follower *f = lv->f[i];
		in[i] = (struct view_input){
		        follower_path(f),         follow_state_name(follower_state(f)),
		        follower_error(f),        follower_format(f),
		        follower_tally(f)->lines, follower_notice(f)};
	}
	struct view_snapshot s = {&lv->total,
	                          &lv->rate,
	                          now,
	                          now - lv->start_ms,
	                          in,
	                          lv->n,
	                          lv->paused,
	                          follow_waiter_name(lv->w),
	                          lv->codes.rows,
	                          lv->codes.n,
	                          lv->top,
	                          drill_by(lv->drill, BY_PATH)};
	view_draw(lv->view, &s);
}

/* Keys and signals. Returns -1 to quit, 1 when the screen should be drawn now. */
static int handle_events(struct live *lv)
{
	int redraw = 0;
	signals_drain();
	if (got_quit)
		return -1;
	if (got_winch) {
		got_winch = 0;
		if (lv->view) {
			view_resize(lv->view);
			redraw = 1;
		}
	}
	if (!lv->view)
		return 0;
	switch (view_keys(lv->view)) {
	case VIEW_QUIT:
		return -1;
	case VIEW_PAUSE:
		lv->paused = !lv->paused;
		return 1;
	case VIEW_RESET:
		reset_counts(lv, follow_now_ms());
		return 1;
	case VIEW_REDRAW:
		return 1;
	case VIEW_NONE:
		break;
	}
	return redraw;
}

/* The descriptors that wake the loop whatever it waits for (a signal, a key, a scrape)
 * into fds; lowers *timeout to the exporter's next deadline. Returns how many. */
static size_t base_fds(struct live *lv, struct pollfd *fds, int *timeout)
{
	size_t k = 0;
	fds[k++] = (struct pollfd){sig_pipe[0], POLLIN, 0};
	if (lv->view)
		fds[k++] = (struct pollfd){view_key_fd(lv->view), POLLIN, 0};
	if (lv->x) {
		fds[k++] = (struct pollfd){follow_export_fd(lv->x), POLLIN, 0};
		int due = follow_export_timeout_ms(lv->x);
		if (due >= 0 && due < *timeout)
			*timeout = due;
	}
	return k;
}

/* Sleep until something happens: a file changes, a pipe has data, a key, a signal. */
static void wait_events(struct live *lv, int timeout)
{
	struct pollfd fds[MAX_INPUTS + 3];
	size_t k = base_fds(lv, fds, &timeout);
	for (size_t i = 0; i < lv->n; i++)
		if (follower_fd(lv->f[i]) >= 0)
			fds[k++] = (struct pollfd){follower_fd(lv->f[i]), POLLIN, 0};
	follow_waiter_wait(lv->w, fds, k, timeout < 0 ? 0 : timeout);
}

/* Sleep without watching the inputs (a signal, a key or a scrape still wake us): the
 * moment after a read, so that lines written meanwhile are read together. */
static void wait_quiet(struct live *lv, int timeout)
{
	struct pollfd fds[3];
	size_t k = base_fds(lv, fds, &timeout);
	poll(fds, (nfds_t)k, timeout < 0 ? 0 : timeout);
}

/* Refresh the screen (paused: only when asked, so the pause marker shows) or print. */
static void show(struct live *lv, int64_t now, int asked)
{
	gather(lv, now);
	if (!lv->view && !lv->x) /* an exporter's stdout stays quiet */
		print_line(lv, now);
	else if (lv->view && (!lv->paused || asked))
		draw(lv, now);
}

static void run(struct live *lv)
{
	int64_t next = follow_now_ms(), last_data = INT64_MIN / 2;
	int pending = 0;
	/* The first catch-up (--from-start, or a big file appended before we started) is shown
	 * the moment it ends rather than at the next tick, when a tick showed it unfinished. */
	int catching_up = 1, shown_unfinished = 0;
	for (;;) {
		int64_t t = follow_now_ms();
		int timeout = (int)(next - t);
		if (pending) /* bytes still unread: read on at once, at full speed */
			wait_quiet(lv, 0);
		else if (t - last_data < COALESCE_MS)
			wait_quiet(lv, (int)(last_data + COALESCE_MS - t) < timeout
			                       ? (int)(last_data + COALESCE_MS - t)
			                       : timeout);
		else
			wait_events(lv, timeout);
		int ev = handle_events(lv);
		if (ev < 0)
			break;
		int got = 0;
		pending = read_inputs(lv, &got);
		if (got)
			last_data = follow_now_ms();
		if (lv->x)
			follow_export_run(lv->x);
		if (!lv->view)
			report_states(lv);
		int64_t now = follow_now_ms();
		if (!lv->view && !lv->x && all_ended(lv))
			break;
		if (ev > 0 && lv->view)
			show(lv, now, 1);
		int caught_up = catching_up && !pending;
		if (caught_up)
			catching_up = 0;
		if (now >= next || (caught_up && shown_unfinished)) {
			show(lv, now, 0);
			next = now + lv->o->interval_ms;
			shown_unfinished = catching_up;
		}
	}
	int64_t now = follow_now_ms();
	gather(lv, now);
	if (!lv->view && !lv->x)
		print_line(lv, now); /* the exact totals at the end */
}

int cmd_follow(int argc, char **argv)
{
	struct follow_cli o;
	int rc = parse(argc, argv, &o);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	struct live *lv = calloc(1, sizeof *lv);
	if (!lv || signals_install() != 0) {
		fputs("logstat: out of memory\n", stderr);
		free(lv);
		return 2;
	}
	lv->o = &o;
	char err[600];
	if (codes_load(&lv->codes, o.codes_file, err, sizeof err) != 0) {
		codes_load_print_error(err);
		free(lv);
		return 2;
	}
	rc = 0;
	if (start(lv) != 0 || start_export(lv) != 0) {
		rc = 2;
	} else if (!o.line_mode &&
	           !(lv->view = view_open(term_want_color(o.color, 1), term_want_unicode()))) {
		fputs("logstat: -f: cannot use this terminal (try --no-ui)\n", stderr);
		rc = 2;
	} else {
		run(lv);
	}
	if (lv->view)
		view_close(lv->view);
	follow_export_stop(lv->x);
	stop(lv);
	codes_table_free(&lv->codes);
	free(lv);
	return rc;
}
