/* analyze.h — one input from bytes to tally: open, detect compression by magic, decode,
 * detect or apply the format, scan. Errors come back in the result, never printed.
 * Everything read before an error is still counted. */
#ifndef LOGSTAT_ANALYZE_H
#define LOGSTAT_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "decoder.h"
#include "drill.h"
#include "logformat.h"
#include "series.h"
#include "statusfilter.h"
#include "tally.h"
#include "toperr.h"

struct analyze_options {
	const struct logformat *format; /* NULL: detect per input */
	enum decoder_inflater inflater;
	unsigned threads; /* scanning threads; 0 or 1: the reading thread */
	size_t max_line;  /* 0: SCAN_DEFAULT_MAX_LINE */
	/* Incremental runs: start after start_offset bytes of decoded text (plain files
	 * seek there), numbering lines from start_line + 1; with hold_partial, a last
	 * line without newline is left for the next run (not counted, not in end_offset). */
	uint64_t start_offset;
	uint64_t start_line;
	int hold_partial;
	int start_skipping; /* start_offset is inside a too-long line counted already */
	/* Time window [since, until) in UTC seconds; RECORD_NO_TIME leaves a side open.
	 * Only analyze_options_init sets these right: use it. */
	int64_t since, until;
	/* A plain regular file that looks time-ordered starts reading near since instead of
	 * at the start (seek.h); its lines before that point are not read at all, so they are
	 * not counted as outside the window (input_result.window_skipped). 1: read it all. */
	int no_seek;
	/* 0: an ordered plain file stops at the first block past until (by SEEK_SLACK); the
	 * lines after it are not read (input_result.until_skipped). 1: read to the end, as
	 * --state must (it consumes every line). */
	int read_to_end;
	/* Add the requests with an error status of every input analysed into this table
	 * (not owned, must outlive the call; NULL: not collected). Per input, the scanning
	 * threads fill private tables merged into it at the end of the input. */
	struct toperr *top;
	/* --status: keep only these requests (not owned; NULL: all). */
	const struct statusfilter *filter;
	/* Add the drill-down of every input analysed into this (not owned; NULL: none); its
	 * input_name is what --by input counts, set by the caller per input. */
	struct drill *drill;
	/* Add the labelled counts and durations of every input analysed into this table
	 * (series.h; not owned; NULL: none): per input, the scanning threads fill private
	 * tables merged into it at the end of the input, then its rows are sorted
	 * (series_sort). The format reads on to the fields it needs (series_roles). */
	struct series_table *series;
};

/* Defaults: detect the format, auto inflater, one thread, no window, from the start. */
void analyze_options_init(struct analyze_options *o);

struct input_result {
	char name[4096];     /* as given; "-" is shown as "(stdin)" by renderers */
	char format[32];     /* format used */
	char compression[8]; /* "plain", "gzip", "zstd" */
	struct tally tally;
	uint64_t end_offset; /* decoded bytes consumed: start_offset + text counted */
	int end_skipping;    /* end_offset is inside a too-long line (counted, rest dropped) */
	uint64_t raw_bytes;  /* bytes read from the file or pipe */
	/* Bytes before --since not read (a seek, seek.h): the lines there are in no count, and
	 * line numbers of malformed examples count from that point (0: all read). */
	uint64_t window_skipped;
	uint64_t until_skipped; /* bytes after --until not read (a stop, seek.h), 0: none */
	int failed;             /* 1 when error holds a message */
	char error[512];
	char warning[256]; /* empty, or why the counts may mislead (most lines malformed) */
};

/* Analyse path ("-" = the already-open fd 0) as input number index. Fills res (its tally
 * is initialised here). Returns 0, or -1 when the input failed (res->error says why; the
 * counts up to the failure are in res->tally). An input whose first lines no known format
 * explains fails with "not an access log" (nothing counted); one whose lines mostly do not
 * parse under the format used gets res->warning. */
int analyze_path(const char *path, uint32_t index, const struct analyze_options *o,
                 struct input_result *res);

/* Same for an open descriptor (not closed here); name is used in messages. */
int analyze_fd(int fd, const char *name, uint32_t index, const struct analyze_options *o,
               struct input_result *res);

#endif
