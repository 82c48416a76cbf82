/* scanpool.h — parallel scanning of text blocks that end on line boundaries. The reader
 * hands out blocks in order; N workers scan them into private tallies (no sharing on the
 * hot path); scanpool_finish merges the tallies and turns block-relative line numbers of
 * malformed examples into real ones. With one worker, blocks are scanned by the caller's
 * thread and no thread is started. With top_errors, the pool owns one top-error table per
 * scanning thread (about 1.1 MB each), merged into the caller's at finish. */
#ifndef LOGSTAT_SCANPOOL_H
#define LOGSTAT_SCANPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "drill.h"
#include "logformat.h"
#include "statusfilter.h"
#include "tally.h"
#include "toperr.h"

struct scanpool;

/* Blocks held at once, whatever the number of workers asked for (memory: this many
 * block_size buffers); at most SCANPOOL_MAX_BLOCKS - 1 workers are started, since one block
 * is always being filled by the reader. */
#define SCANPOOL_MAX_BLOCKS 6

struct scan_block {
	char *buf;
	size_t len; /* bytes of text: complete lines, except when unterminated */
	size_t cap;
	int unterminated; /* the last line has no newline (end of input) */
	uint64_t seq;     /* set by scanpool_submit */
	/* With cfg.prime_cap: the lines the format's state must know at the block's start
	 * (W3C #Fields seen before it), written by the reader; the scanner is reset to them
	 * before the block, so such blocks scan in parallel too. */
	char *prime;
	size_t prime_len;
};

struct scanpool_config {
	const struct logformat *format; /* must outlive the pool */
	unsigned workers;               /* 0 or 1: scan in the submitting thread */
	/* The submitting thread has work of its own per block (it decompresses): it counts as
	 * one of the workers asked for, so that a decoder and the scanners do not share a core
	 * (2 asked: the decoder and one scanning thread). */
	int busy_reader;
	size_t block_size;
	size_t max_line;
	uint32_t input;       /* index written into examples */
	uint64_t first_line;  /* number of the line before the first (resumed runs) */
	int64_t since, until; /* time window [since, until); RECORD_NO_TIME: open */
	int top_errors;       /* collect the top error requests (toperr.h) */
	size_t prime_cap;     /* >0: every block carries its own prime of up to this many bytes, and
	                         each scanner is reset to it before the block (scan_block.prime) */
	const struct statusfilter *filter; /* --status; NULL: keep all; must outlive the pool */
	/* The drill-down (drill.h): each scanning thread fills its own drill, made like this
	 * one, merged into it at finish. NULL: none. Must outlive the pool. */
	struct drill *drill;
	/* Labelled counts and durations (series.h): each scanning thread fills its own table,
	 * made like this one, merged into it at finish (with one worker, counted straight
	 * into it). NULL: none. Must outlive the pool. */
	struct series_table *series;
};

/* Start a pool; NULL when out of memory or a thread cannot start. */
struct scanpool *scanpool_new(const struct scanpool_config *cfg);

/* A free block to fill (waits for one when all are busy). Never NULL. */
struct scan_block *scanpool_block(struct scanpool *p);

/* Hand a filled block over; blocks are scanned as if in submission order. */
void scanpool_submit(struct scanpool *p, struct scan_block *b);

/* Count one line that was too long to hold (seen by the reader) at its place in order;
 * text[0..len) is the part of it seen (len may exceed what the example keeps: then the
 * example says it was cut). */
void scanpool_too_long(struct scanpool *p, const char *text, size_t len);

/* Wait for every submitted block, merge into out (added to what out holds) and, when
 * top is not NULL and the pool collected them, the top error requests into top; free. */
void scanpool_finish(struct scanpool *p, struct tally *out, struct toperr *top);

#endif
