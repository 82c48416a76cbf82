/* logformat.h — access-log line formats, compiled once, and the record parser.
 * Built-in formats (common, combined, vhost_combined, combined_extra) and custom Apache
 * LogFormat (`%h %l %u %t \"%r\" %>s %b`) or nginx log_format (`$remote_addr ...`) strings
 * compile to the same small program of items; parsing a line walks that program over the
 * line's bytes and allocates nothing. */
#ifndef LOGSTAT_LOGFORMAT_H
#define LOGSTAT_LOGFORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "logtime.h"

/* Why a line was not a record. Order is the report's order. */
enum malformed {
	MALFORMED_NONE = 0,
	MALFORMED_EMPTY,          /* nothing on the line */
	MALFORMED_TOO_LONG,       /* longer than the line limit; skipped to the next newline */
	MALFORMED_MISSING_FIELDS, /* the line ends before the format does */
	MALFORMED_BAD_FIELD,      /* a literal separator or field of the format is not there */
	MALFORMED_NO_TIMESTAMP,   /* no [timestamp] where the format has one */
	MALFORMED_BAD_TIMESTAMP,  /* a [timestamp] that is not a valid date */
	MALFORMED_UNTERMINATED,   /* a quoted field without its closing quote */
	MALFORMED_BAD_STATUS,     /* status is neither three digits nor "-" */
	MALFORMED_BAD_BYTES,      /* size is neither digits nor "-" */
	MALFORMED_TRAILING,       /* bytes after the last field where the format allows none */
	MALFORMED_COUNT
};

/* Short stable name ("bad_status") and a phrase ("status is not three digits"). */
const char *malformed_name(enum malformed m);
const char *malformed_text(enum malformed m);

struct slice {
	const char *ptr;
	size_t len;
};

#define RECORD_NO_STATUS (-1)
#define RECORD_NO_TIME INT64_MIN

/* One parsed line. Slices point into the caller's line buffer. */
struct record {
	int status;     /* 0..999, or RECORD_NO_STATUS for "-" */
	uint64_t bytes; /* response size; "-" is 0 */
	int64_t time;   /* UTC seconds, or RECORD_NO_TIME when the format has no %t */
	int tz;         /* logged offset, minutes east of UTC */
	struct slice request;
	struct slice host;
};

enum logformat_item_kind {
	ITEM_LITERAL, /* exact bytes */
	ITEM_TOKEN,   /* a run of non-space bytes ending at the next literal */
	ITEM_TIME,    /* [dd/Mon/yyyy:HH:MM:SS +zzzz] including the brackets */
	ITEM_QUOTED,  /* "..." with backslash escapes, including the quotes */
	ITEM_STATUS,  /* three digits or "-" */
	ITEM_BYTES    /* digits or "-" */
};

enum logformat_role { ROLE_NONE, ROLE_HOST, ROLE_REQUEST };

#define LOGFORMAT_MAX_ITEMS 64
#define LOGFORMAT_MAX_LITERAL 32

struct logformat_item {
	unsigned char kind; /* enum logformat_item_kind */
	unsigned char role; /* enum logformat_role */
	unsigned char len;  /* literal length */
	char lit[LOGFORMAT_MAX_LITERAL];
};

/* A compiled format. Plain data: copy it freely, share it read-only between threads. */
struct logformat {
	char name[32];
	int strict_tail; /* 1: nothing may follow the last item (used for detection only) */
	size_t commit;   /* index of the status item, or of the first size item after it: once
	                    read, the line counts as a request whatever follows */
	size_t last;     /* parsing stops after this item: commit, or the request item when
	                    it comes later (its text names top error requests) */
	int fast;        /* the items up to commit are the CLF prefix (1) or vhost + CLF (2):
	                    logformat_parse tries straight-line code first; 0 disables it */
	size_t n;
	struct logformat_item items[LOGFORMAT_MAX_ITEMS];
};

/* Built-in formats by name: "common", "combined", "vhost_combined", "combined_extra"
 * (nginx combined with extra trailing fields); also "clf" and "nginx" as aliases.
 * Returns 0, or -1 for an unknown name. */
int logformat_builtin(const char *name, struct logformat *out);

/* Compile an Apache LogFormat or nginx log_format string. Returns 0, or -1 with a
 * message in err (an unsupported directive, no status field, too many items). */
int logformat_compile(const char *spec, struct logformat *out, char *err, size_t errsize);

/* Resolve --format's argument: a built-in name, else a format string. */
int logformat_from_option(const char *arg, struct logformat *out, char *err, size_t errsize);

/* Parse one line (no newline, no trailing CR) of n bytes. Returns MALFORMED_NONE and
 * fills r, or the reason the line is not a record. Unless f->strict_tail, nothing after
 * item f->last is read (real logs append fields, and a damaged tail after the status does
 * not hide the request); with it, the whole line must match. */
enum malformed logformat_parse(const struct logformat *f, const char *line, size_t n,
                               struct logtime_cache *tc, struct record *r);

/* Pick the built-in format that best fits the first lines of data[0..n) (complete lines
 * only, at most max_lines). Writes the chosen format to out; returns the number of sample
 * lines it parsed (0 when nothing fits: out is then "combined"). */
size_t logformat_detect(const char *data, size_t n, size_t max_lines, struct logformat *out);

#endif
