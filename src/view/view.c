/* view.c — the live view's screen: takes the terminal over (newterm: the one place the
 * screen is created) and gives it back, reads keys, adopts a new size, lays the panels
 * out and draws the header, totals, key line and help box. */
#include "report.h"
#include "view_impl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MIN_ROWS 16
#define MIN_COLS 60

void view_text(int y, int x, int w, const char *s)
{
	if (w <= 0)
		return;
	move(y, x);
	for (int used = 0; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		int n = c >= 0x20 && c < 0x7f ? 1 : snprintf(esc, sizeof esc, "\\x%02x", c);
		if (used + n > w)
			break;
		if (n == 1)
			addch(c);
		else
			addstr(esc);
		used += n;
	}
}

void view_textf(int y, int x, int w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	view_text(y, x, w, buf);
}

int view_class_attr(const struct view *v, int cls)
{
	return v->color && cls >= 0 && cls <= 5 ? (int)COLOR_PAIR(cls + 1) : A_NORMAL;
}

static void setup_colors(struct view *v)
{
	static const short fg[] = {COLOR_MAGENTA, COLOR_BLUE,   COLOR_GREEN,
	                           COLOR_CYAN,    COLOR_YELLOW, COLOR_RED};
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	for (short i = 0; i < 6; i++)
		init_pair((short)(i + 1), fg[i], -1);
	v->color = 1;
}

struct view *view_open(int color, int unicode)
{
	struct view *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->unicode = unicode;
	FILE *in = stdin;
	if (!isatty(0)) {
		v->tty = fopen("/dev/tty", "r");
		in = v->tty;
	}
	if (!in || !isatty(1) || !(v->scr = newterm(NULL, stdout, in))) {
		if (v->tty)
			fclose(v->tty);
		free(v);
		return NULL;
	}
	set_term(v->scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (color)
		setup_colors(v);
	v->key_fd = fileno(in);
	getmaxyx(stdscr, v->rows, v->cols);
	return v;
}

void view_close(struct view *v)
{
	if (!v)
		return;
	curs_set(1);
	endwin();
	delscreen(v->scr);
	fflush(stdout);
	if (v->tty)
		fclose(v->tty);
	free(v);
}

int view_key_fd(const struct view *v)
{
	return v->key_fd;
}

void view_resize(struct view *v)
{
	struct winsize ws;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, v->rows, v->cols);
	clearok(curscr, TRUE);
}

enum view_action view_keys(struct view *v)
{
	int ch;
	enum view_action act = VIEW_NONE;
	while ((ch = getch()) != ERR) {
		if (ch == 'q' || ch == 'Q')
			return VIEW_QUIT;
		act = VIEW_REDRAW;
		if (v->help) {
			v->help = 0; /* any other key closes the help */
			continue;
		}
		if (ch == 'p' || ch == 'P' || ch == ' ')
			return VIEW_PAUSE;
		if (ch == 'r' || ch == 'R')
			return VIEW_RESET;
		if (ch >= '1' && ch <= '5')
			v->focus = v->focus == ch - '0' ? 0 : ch - '0';
		else if (ch == '0')
			v->focus = 0;
		else if (ch == 's' || ch == 'S')
			v->sort_by_code = !v->sort_by_code;
		else if (ch == '?' || ch == 'h')
			v->help = 1;
		else if (ch == KEY_RESIZE) /* queued by resizeterm: the size is already new */
			getmaxyx(stdscr, v->rows, v->cols);
		else if (ch == 12) /* Ctrl-L */
			clearok(curscr, TRUE);
	}
	return act;
}

static void draw_header(struct view *v, const struct view_snapshot *s)
{
	long sec = (long)(s->elapsed_ms / 1000);
	attron(A_REVERSE | A_BOLD);
	mvhline(0, 0, ' ', v->cols);
	view_textf(0, 0, v->cols, " logstat live | %zu input%s | elapsed %02ld:%02ld:%02ld | %s",
	           s->ninputs, s->ninputs == 1 ? "" : "s", sec / 3600, sec / 60 % 60, sec % 60,
	           s->waiter);
	if (s->paused)
		view_text(0, v->cols - 9, 8, "[PAUSED]");
	attroff(A_REVERSE | A_BOLD);
}

static void draw_totals(struct view *v, const struct view_snapshot *s)
{
	const struct tally *t = s->total;
	char a[32], b[32], c[32], d[32];
	view_textf(1, 0, v->cols, "requests %s   lines %s   no status %s   malformed %s",
	           render_group(t->requests, a, sizeof a), render_group(t->lines, b, sizeof b),
	           render_group(t->no_status, c, sizeof c),
	           render_group(t->malformed, d, sizeof d));
	double req = t->requests ? (double)t->requests : 1.0;
	double e4 = 100.0 * (double)tally_class_count(t, 4) / req;
	double e5 = 100.0 * (double)tally_class_count(t, 5) / req;
	view_textf(2, 0, v->cols, "error rate %.1f%% (4xx %.1f%%, 5xx %.1f%%)   now %.1f req/s",
	           e4 + e5, e4, e5, rate_per_second(s->rate, s->now_ms, RATE_ALL, 10));
}

static void draw_keys(struct view *v)
{
	attron(A_REVERSE);
	mvhline(v->rows - 1, 0, ' ', v->cols);
	view_textf(v->rows - 1, 0, v->cols,
	           " q quit  p pause  r reset  1-5 focus%s  s sort: %s  ? help",
	           v->focus ? " (0 all)" : "", v->sort_by_code ? "code" : "count");
	attroff(A_REVERSE);
}

static void draw_help(struct view *v)
{
	static const char *const lines[] = {
	        "logstat -f: keys",
	        "",
	        "q        quit (the terminal is restored)",
	        "p        pause / resume the display",
	        "r        reset the counters and rates",
	        "1 .. 5   focus 1xx .. 5xx (again: all)",
	        "0        all classes",
	        "s        sort codes by count / by code",
	        "?        this help (any key closes it)",
	};
	int n = (int)(sizeof lines / sizeof lines[0]), w = 44;
	int y = (v->rows - n - 2) / 2, x = (v->cols - w) / 2;
	attron(A_REVERSE);
	for (int i = 0; i < n + 2; i++) {
		mvhline(y + i, x, ' ', w);
		if (i > 0 && i <= n)
			view_text(y + i, x + 2, w - 4, lines[i - 1]);
	}
	attroff(A_REVERSE);
}

void view_draw(struct view *v, const struct view_snapshot *s)
{
	erase();
	if (v->rows < MIN_ROWS || v->cols < MIN_COLS) {
		view_textf(0, 0, v->cols, "terminal too small: %dx%d < %dx%d", v->cols, v->rows,
		           MIN_COLS, MIN_ROWS);
	} else {
		draw_header(v, s);
		draw_totals(v, s);
		int y = 4;
		y += view_classes_draw(v, s, y) + 1;
		int room = v->rows - 1 - y;
		int in_rows = (int)s->ninputs < room / 4 ? (int)s->ninputs : room / 4;
		if (in_rows < 1)
			in_rows = 1;
		/* codes above, the top error requests (or a focused class's paths) below */
		int codes_h = room - in_rows, err_h = s->top && codes_h >= 12 ? codes_h / 2 : 0;
		view_codes_draw(v, s, y, codes_h - err_h);
		if (err_h)
			view_errors_draw(v, s, y + codes_h - err_h, err_h);
		view_inputs_draw(v, s, v->rows - 1 - in_rows, in_rows);
		draw_keys(v);
		if (v->help)
			draw_help(v);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
