/* view.h — the live dashboard of `logstat -f`, drawn with ncurses. The only module that
 * includes curses.h (and calls newterm, in view.c). It draws snapshots it is handed and
 * never reads a log: the data comes from cmd_follow through struct view_snapshot. */
#ifndef LOGSTAT_VIEW_H
#define LOGSTAT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "breakdown.h"
#include "codes.h"
#include "rate.h"
#include "tally.h"
#include "toperr.h"

struct view_input {
	const char *name;   /* as given; sanitised when drawn */
	const char *state;  /* follow_state_name() */
	const char *error;  /* "" unless in error */
	const char *format; /* "" while not known */
	uint64_t lines;
	const char *notice; /* "" or lines lost (rotated files never read); shown in red */
};

struct view_snapshot {
	const struct tally *total;
	const struct rate *rate;
	int64_t now_ms;     /* the clock the rate was fed with */
	int64_t elapsed_ms; /* since start or the last reset */
	const struct view_input *inputs;
	size_t ninputs;
	int paused;
	const char *waiter;             /* "inotify" or "poll" */
	const struct code_entry *table; /* names of codes (built-in + user rows), sorted */
	size_t table_n;
	const struct toperr *top;      /* error requests; NULL: no panel */
	const struct breakdown *paths; /* requests by path, for a focused class; may be NULL */
};

/* What the keys asked of the caller; VIEW_REDRAW: the view's own settings changed. */
enum view_action { VIEW_NONE, VIEW_REDRAW, VIEW_QUIT, VIEW_PAUSE, VIEW_RESET };

struct view;

/* Take over the terminal (alternate screen, no echo). color and unicode (block characters;
 * the caller has set LC_CTYPE from the environment) are the caller's decisions. Keys come
 * from stdin when it is a terminal, else from /dev/tty. Returns NULL (with nothing changed) when
 * that fails. */
struct view *view_open(int color, int unicode);

/* Give the terminal back exactly as it was. Safe on every exit path; frees v. */
void view_close(struct view *v);

/* The descriptor keys arrive on, for poll(2). */
int view_key_fd(const struct view *v);

/* Handle the keys waiting: focus, sort and help are the view's own; quit, pause and
 * reset are returned for the caller. */
enum view_action view_keys(struct view *v);

/* The terminal changed size (SIGWINCH): adopt the new size; the next view_draw repaints
 * everything. */
void view_resize(struct view *v);

/* Draw s (flicker-free: only changed cells reach the terminal). */
void view_draw(struct view *v, const struct view_snapshot *s);

#endif
