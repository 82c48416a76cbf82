/* seek.h — where a --since window starts in a plain, time-ordered file: line times are
 * sampled with pread and the first line boundary worth reading is found by binary search,
 * so that a report on the last hour of a large log does not read the days before it.
 * Pure core: reads only through pread on the descriptor it is given, prints nothing. */
#ifndef LOGSTAT_SEEK_H
#define LOGSTAT_SEEK_H

#include <stddef.h>
#include <stdint.h>

#include "logformat.h"

/* How far back in time a line may be written after a later one and still count as
 * ordered. Access logs are written when a request ends, stamped with its start: a slow
 * request lands after quicker ones that started later. */
#define SEEK_SLACK 300 /* seconds */

/* Line times sampled per file before the search, to tell an ordered file (every sample
 * no more than SEEK_SLACK earlier than one before it) from one that is not. */
#define SEEK_SAMPLES 16

/* Bytes read at a probe; a probe that finds no line with a time in SEEK_PROBE_TRIES of
 * them gives up (and the file is read whole). */
#define SEEK_PROBE_BYTES (64u << 10)
#define SEEK_PROBE_TRIES 4

/* The search stops when the window's start is known within this many bytes. */
#define SEEK_GRAIN (256u << 10)

enum seek_outcome {
	SEEK_NONE,      /* nothing worth skipping: the window starts within the first bytes */
	SEEK_AT,        /* skip to *offset */
	SEEK_UNORDERED, /* a sample went back in time by more than SEEK_SLACK */
	SEEK_NO_TIME,   /* a probe found no line with a time (no %t, or a damaged region) */
	SEEK_IO_ERROR,  /* pread failed */
};

struct seek_plan {
	enum seek_outcome outcome;
	uint64_t offset; /* SEEK_AT: a line boundary; every line before it is earlier than
	                    since by more than SEEK_SLACK if the file is ordered (above) */
	int ordered;     /* every sample was in order (within SEEK_SLACK) */
	unsigned probes; /* preads made, for tests and measurement */
	uint64_t bytes_read;
};

/* Plan where to start reading fd, a regular file of size bytes, for records at or after
 * since (UTC seconds; RECORD_NO_TIME: only tell whether the file is ordered), given that reading
 * would start at base (a line boundary) and that the lines use format f (not sequential: every line
 * parses on its own). Lines are parsed by logformat_parse, the same parser the scan uses. The
 * result offset is > base only when the file looked ordered at every sample and probe; otherwise
 * the caller reads everything, as without the plan. */
void seek_find(int fd, uint64_t base, uint64_t size, const struct logformat *f, int64_t since,
               struct seek_plan *plan);

/* Whether, in a file found ordered, the lines from buf on (buf[0..len) starts on a line
 * boundary) are all at or after until: the first of its first lines that has a time is
 * stamped SEEK_SLACK or more after until. Such a block and all after it are outside an
 * --until window. */
int seek_past(const struct logformat *f, const char *buf, size_t len, int64_t until);

/* Short words for an outcome ("seek", "unordered", ...), for messages and tests. */
const char *seek_outcome_name(enum seek_outcome o);

#endif
