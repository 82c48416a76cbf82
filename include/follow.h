/* follow.h — following growing logs like `tail -F`: one follower per path, surviving
 * rotation (rename + create, copytruncate, delete + recreate, a path that appears later),
 * and a waiter that sleeps on inotify (or a poll tick) until something may have changed.
 * Every complete line goes through a struct scanner, so parsing is the batch report's. */
#ifndef LOGSTAT_FOLLOW_H
#define LOGSTAT_FOLLOW_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "drill.h"
#include "logformat.h"
#include "tally.h"
#include "toperr.h"

enum follow_state {
	FOLLOW_WAITING,   /* the path does not exist (yet, or again) */
	FOLLOW_FOLLOWING, /* open, reading appended lines */
	FOLLOW_ROTATED,   /* switched to a new file at the path in the last few seconds */
	FOLLOW_ENDED,     /* a pipe reached end of file: nothing more will come */
	FOLLOW_ERROR      /* cannot read the path (follower_error says why); retried */
};

/* "waiting", "following", "rotated", "ended", "error". Static strings. */
const char *follow_state_name(enum follow_state s);

struct follow_options {
	const struct logformat *format; /* NULL: detect from the first complete lines */
	size_t max_line;                /* 0: SCAN_DEFAULT_MAX_LINE */
	int from_start;                 /* 1: count what the file holds at start, too */
	size_t budget;                  /* bytes read per follower_poll, 0: 1 MiB */
	struct series_table *series;    /* requests by extra labels too; not owned, kept by
	                                   follower_reset; NULL: none */
	/* Also count error requests into top and requests into drill (not owned, may be
	 * shared by the followers of one thread, must outlive them; NULL: not collected). */
	struct toperr *top;
	struct drill *drill;
};

struct follower;

/* Start following path ("-" is fd 0, followed until end of file) as input number index.
 * An existing regular file is opened at its end (after its last complete line) unless
 * o->from_start; a missing path is WAITING and read from its start once it appears.
 * now_ms is a monotonic clock in milliseconds. Returns NULL only when out of memory.
 * The follower copies path and *o (and *o->format). Free with follower_free. */
struct follower *follower_new(const char *path, uint32_t index, const struct follow_options *o,
                              int64_t now_ms);
void follower_free(struct follower *f);

/* Read what was appended, notice rotation and truncation, count complete lines into the
 * follower's tally. Never blocks (pipes are read non-blocking). A rotated file is read to
 * its end before the new one, and kept open a few seconds more for late writes.
 * Returns 1 when the read budget ran out with more bytes pending (call again), else 0. */
int follower_poll(struct follower *f, int64_t now_ms);

/* Counts so far. Valid until follower_free; changes only in follower_poll/reset. */
const struct tally *follower_tally(const struct follower *f);
/* Forget the counts (the position in the file is kept). */
void follower_reset(struct follower *f);

enum follow_state follower_state(const struct follower *f);
const char *follower_path(const struct follower *f);
/* Why the follower is in FOLLOW_ERROR ("" otherwise). Owned by f. */
const char *follower_error(const struct follower *f);
/* Name of the format in use, "" while not yet known. Owned by f. */
const char *follower_format(const struct follower *f);
/* Rotations and truncations noticed so far. */
uint64_t follower_rotations(const struct follower *f);
/* Bytes read and read errors met so far (rotated files included; follower_reset keeps
 * them). */
uint64_t follower_bytes_read(const struct follower *f);
uint64_t follower_read_errors(const struct follower *f);
/* Rotated files never read (or not to their end), so far: the path rotated twice (or
 * more) between two polls and a file in between was already renamed past NAME.1
 * (detected from the siblings' modification times), or a compressed copy was damaged.
 * Their lines are not counted; follower_notice says which. */
uint64_t follower_lost(const struct follower *f);
/* A lasting notice about lines not counted (lost rotations, a damaged compressed copy),
 * or "". Owned by f; changes only in follower_poll. */
const char *follower_notice(const struct follower *f);
/* A descriptor to wait on for readability (pipes), or -1 (files: use the waiter). */
int follower_fd(const struct follower *f);

/* The waiter. Backends: "inotify" (Linux) and "poll" (a timer tick); NULL picks inotify
 * and falls back to poll. Returns NULL when out of memory or the named one fails. */
struct follow_waiter;
struct follow_waiter *follow_waiter_new(const char *backend);
void follow_waiter_free(struct follow_waiter *w);
const char *follow_waiter_name(const struct follow_waiter *w);

/* Wake on changes in the directory holding path (and so to path itself). Returns 0, or -1
 * when it cannot be watched (then only the tick notices changes there). */
int follow_waiter_watch(struct follow_waiter *w, const char *path);

/* Sleep until a watched directory changes, one of extra[0..n) is ready (its revents are
 * set), or timeout_ms passes (-1: the backend's tick; the tick also caps timeout_ms so
 * files outside any watch are still checked). Returns 1 when woken by an event or fd,
 * 0 on timeout, -1 when interrupted by a signal. */
int follow_waiter_wait(struct follow_waiter *w, struct pollfd *extra, size_t n, int timeout_ms);

/* Milliseconds on the monotonic clock: the now_ms callers pass. */
int64_t follow_now_ms(void);

#endif
