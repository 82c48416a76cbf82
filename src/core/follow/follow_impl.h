/* follow_impl.h — private to follow*.c: a follower and its streams, and what follow.c
 * asks of follow_rotate.c (the rotated siblings: a copytruncate's copy, a file rotated
 * past unread). Everything here is owned by the follower; nothing is thread-safe. */
#ifndef LOGSTAT_FOLLOW_IMPL_H
#define LOGSTAT_FOLLOW_IMPL_H

#include <stdint.h>
#include <sys/stat.h>

#include "follow.h"
#include "rotation.h"
#include "scan.h"

struct stream {
	int fd; /* -1: none */
	int is_pipe;
	int eof;         /* a pipe reached end of file */
	int saved_flags; /* a pipe's fcntl flags before O_NONBLOCK, to restore */
	dev_t dev;
	ino_t ino;
	uint64_t pos; /* file offset of the next read */
	char *buf;    /* bytes read but not scanned yet: at most a partial line */
	size_t len;
	struct scanner scan;
	int64_t last_data_ms;
	unsigned char fp[ROTATION_FP_BYTES]; /* the file's first bytes, as last seen */
	size_t fp_len;
};

struct follower {
	char *path;
	uint32_t index;
	size_t max_line, cap, budget;
	int have_format;
	struct logformat format;
	struct tally tally;
	struct toperr *top;     /* not owned */
	struct drill *drill;    /* not owned */
	struct stream cur, old; /* old: the rotated file, drained until quiet */
	enum follow_state state;
	int missing; /* the path is gone while cur is still open */
	int64_t rotated_ms;
	uint64_t rotations;
	uint64_t bytes_read, read_errors; /* for the exporter: never reset */
	struct series_table *series;      /* not owned */
	uint64_t lost; /* rotated files never read: the path rotated faster than polled */
	char error[256];
	char notice[256];
};

/* The copy copytruncate left of cur's file (NAME.1, NAME.1.gz, ...): one that starts as
 * cur did and, when plain, holds at least what was read. Returns 1 with m filled (its fd
 * is the caller's), else 0. */
int follow_find_copy(struct follower *f, struct rotation_match *m);

/* Count the rest of the compressed copy at fd (closed here) from where cur's unread
 * partial line started; a damaged one is counted in lost and said in the notice. */
void follow_drain_compressed(struct follower *f, int fd, const char *path);

/* The path holds a new file (st) while cur is still open: count the rotated files that
 * came between them and were never read, and say so in the notice. */
void follow_count_lost(struct follower *f, const struct stat *st);

#endif
