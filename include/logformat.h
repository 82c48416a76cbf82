/* logformat.h — access-log line formats, chosen once per input, and the record parser.
 * The CLF family (common, combined, vhost_combined, combined_extra) and custom Apache
 * LogFormat (`%h %l %u %t \"%r\" %>s %b`) or nginx log_format (`$remote_addr ...`) strings
 * compile to a small program of items; the other families (W3C/IIS, CloudFront, AWS
 * ALB/ELB, HAProxy, S3, Squid, JSON lines) have a parser each (src/core/formats/). Parsing
 * a line allocates nothing: the record's slices point into the line. */
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
#define RECORD_NO_UPSTREAM (-2) /* the format logs no second (target) status */
#define RECORD_NO_TIME INT64_MIN
#define RECORD_NO_DURATION (-1)

/* How a counted line differed from the shape its format declares. Lines of the CLF family
 * that the declared format does not fit are read by the resilient parser from their core
 * `[time] "request" status size`; each such line is counted under its shape so that odd
 * lines stay visible. Other families name their own oddities here. */
enum record_shape {
	SHAPE_DECLARED = 0,  /* as the format says */
	SHAPE_VHOST_PREFIX,  /* one token before client ident user (Apache %v %h, vhost:port) */
	SHAPE_LONG_PREFIX,   /* two or more tokens before client ident user (syslog, CRI…) */
	SHAPE_CLIENT_LIST,   /* client is an X-Forwarded-For list "a, b, c" */
	SHAPE_QUOTED_CLIENT, /* client is a quoted string */
	SHAPE_UNIX_CLIENT,   /* client is "unix:" (a Unix socket) */
	SHAPE_SHORT_PREFIX,  /* ident and/or user missing before the [time] */
	SHAPE_ISO_TIME,      /* [ISO 8601 time] (Envoy text, some proxies) */
	SHAPE_OTHER,         /* three prefix tokens, but the declared format did not fit */
	SHAPE_W3C_EARLIER,   /* W3C row matching an earlier #Fields block of the input */
	SHAPE_COUNT
};
const char *record_shape_name(enum record_shape s);

/* One parsed line. Slices point into the caller's line buffer; an empty slice (ptr NULL)
 * means the format does not carry that field. */
struct record {
	int status;           /* 0..999, or RECORD_NO_STATUS for "-" */
	int upstream;         /* status the target/backend answered: 0..999, RECORD_NO_STATUS when
	                         it never answered, RECORD_NO_UPSTREAM when not logged */
	uint64_t bytes;       /* response size; "-" is 0; saturates at UINT64_MAX */
	int64_t time;         /* UTC seconds, or RECORD_NO_TIME when the format has no time */
	int tz;               /* logged offset, minutes east of UTC */
	int64_t duration_us;  /* time taken, microseconds, or RECORD_NO_DURATION */
	unsigned shape;       /* enum record_shape */
	struct slice request; /* "METHOD TARGET PROTO" when the format logs the request line */
	struct slice method, path; /* when the format logs them apart (W3C, JSON …) */
	struct slice host;         /* the client (address, name, or list) */
	struct slice vhost;        /* the site: virtual host, Host header, bucket … */
	struct slice user_agent, referer;
};

enum logformat_item_kind {
	ITEM_LITERAL, /* exact bytes */
	ITEM_TOKEN,   /* a run of non-space bytes ending at the next literal */
	ITEM_TIME,    /* [dd/Mon/yyyy:HH:MM:SS +zzzz] including the brackets */
	ITEM_QUOTED,  /* "..." with backslash escapes, including the quotes */
	ITEM_STATUS,  /* three digits or "-" */
	ITEM_BYTES,   /* digits or "-" */
	ITEM_TIME_FMT /* a time written as the item's strftime pattern (lit) or ISO 8601 /
	                 epoch (see logtime.h), up to the next literal */
};

/* What a field means. Durations carry their unit. */
enum logformat_role {
	ROLE_NONE,
	ROLE_HOST,
	ROLE_REQUEST,
	ROLE_VHOST,
	ROLE_USER_AGENT,
	ROLE_REFERER,
	ROLE_METHOD,
	ROLE_PATH,
	ROLE_DURATION_US, /* %D, $request_time_us */
	ROLE_DURATION_MS, /* %{ms}T */
	ROLE_DURATION_S,  /* %T, $request_time, $upstream_response_time (fractions allowed) */
	ROLE_UPSTREAM     /* $upstream_status */
};

/* The families of formats; each has its own parser. */
enum logformat_family {
	FAMILY_CLF,        /* the item program: CLF family and custom LogFormat/log_format */
	FAMILY_W3C,        /* W3C extended (IIS …): #Fields header, space-separated */
	FAMILY_CLOUDFRONT, /* CloudFront standard logs: W3C, tab-separated, fixed fields */
	FAMILY_ALB,        /* AWS Application Load Balancer */
	FAMILY_ELB,        /* AWS Classic Load Balancer */
	FAMILY_HAPROXY,    /* HAProxy HTTP log (option httplog) behind a syslog prefix */
	FAMILY_S3,         /* Amazon S3 server access logs */
	FAMILY_SQUID,      /* Squid native access.log */
	FAMILY_JSON,       /* one JSON object per line (Caddy, Traefik, Envoy, nginx …) */
	FAMILY_COUNT
};

#define LOGFORMAT_MAX_ITEMS 64
#define LOGFORMAT_MAX_LITERAL 32
#define LOGFORMAT_KEY_LEN 48 /* a JSON key path ("request.status") */

struct logformat_item {
	unsigned char kind; /* enum logformat_item_kind */
	unsigned char role; /* enum logformat_role */
	unsigned char len;  /* literal length */
	char lit[LOGFORMAT_MAX_LITERAL];
};

/* A compiled format. Plain data: copy it freely, share it read-only between threads. */
struct logformat {
	char name[32];
	unsigned char family;     /* enum logformat_family */
	unsigned char resilient;  /* CLF family, detected: a line the items do not fit is read
	                             from its core [time] "request" status size (clf_loose.c) */
	unsigned char sequential; /* lines depend on earlier lines (W3C #Fields): scan in
	                             order, in one thread */
	/* JSON lines: the key (dotted path for nested objects) holding the status, and the
	 * time; empty: the known keys (docs/formats.md). */
	char json_status[LOGFORMAT_KEY_LEN];
	char json_time[LOGFORMAT_KEY_LEN];
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

/* W3C fields in the order of the active #Fields line, as roles of the parser. */
#define W3C_MAX_FIELDS 64
#define W3C_LAYOUTS 4 /* earlier #Fields blocks remembered per input */
struct w3c_layout {
	unsigned char n;
	unsigned char cut;                  /* columns up to the last one with a role */
	unsigned char status_at;            /* the first status column, or W3C_MAX_FIELDS */
	unsigned char dup;                  /* a role named by two columns */
	unsigned char col[16];              /* the first column of each role, or W3C_MAX_FIELDS */
	unsigned char role[W3C_MAX_FIELDS]; /* w3c.c's field roles */
};

/* The top-level keys of the last JSON line, in order, with what each one is for: a line
 * of the same logger repeats them, so a key is checked against the one seen at its place
 * instead of being looked up (jsonl.c). A memo only: any line may differ. */
#define JSONL_KEYS 32
#define JSONL_KEY_TEXT 512
#define JSONL_MISSES 4 /* lines in a row that differ from the memo before it rests */
#define JSONL_REST 64  /* lines it rests: neither tried first nor taught */
struct jsonl_keys {
	unsigned char n;                   /* places learned */
	unsigned char misses;              /* lines in a row that differed */
	unsigned short rest;               /* lines left to read without trying the memo */
	unsigned char len[JSONL_KEYS];     /* key length at each place */
	unsigned char info[JSONL_KEYS][3]; /* jsonl.c's key_info: role, unit, rank */
	unsigned short off[JSONL_KEYS];    /* the key's bytes in text */
	char text[JSONL_KEY_TEXT];
};

/* Per-input parse state: what earlier lines told (timestamp cache, W3C #Fields). One per
 * scanning thread; zero-initialise (logformat_state_init) before the first line. */
struct logformat_state {
	struct logtime_cache tc;
	struct isotime_cache iso;
	int w3c_active;    /* index into w3c, or -1: none seen */
	unsigned w3c_seen; /* layouts kept (ring of W3C_LAYOUTS) */
	struct w3c_layout w3c[W3C_LAYOUTS];
	struct jsonl_keys jk;
};
void logformat_state_init(struct logformat_state *st);
/* Forget what the caches learned from earlier lines (time texts, a JSON line's keys), keeping
 * what the input declared (W3C #Fields): every line must parse the same either way. */
void logformat_state_forget(struct logformat_state *st);

/* Built-in formats by name: "common", "combined", "vhost_combined", "combined_extra"
 * (nginx combined with extra trailing fields); also "clf" and "nginx" as aliases; and
 * the other families: "w3c" (alias "iis"), "cloudfront", "alb", "elb", "haproxy", "s3",
 * "squid", "json". Returns 0, or -1 for an unknown name. */
int logformat_builtin(const char *name, struct logformat *out);

/* The names logformat_builtin accepts, comma-separated, for messages and --help. */
const char *logformat_names(void);

/* Compile an Apache LogFormat or nginx log_format string. Returns 0, or -1 with a
 * message in err (an unsupported directive, no status field, too many items). */
int logformat_compile(const char *spec, struct logformat *out, char *err, size_t errsize);

/* Ask the parser to read on to the last item whose role is in roles (a mask of
 * 1u << ROLE_…), so that fields logged after the status and size (a user agent, a %D at
 * the end) are filled; by default parsing stops at f->last for speed. Only the CLF family
 * stops early; the other families read every field anyway. */
void logformat_need(struct logformat *f, unsigned roles);

/* Resolve --format's argument: a built-in name, else a format string. */
int logformat_from_option(const char *arg, struct logformat *out, char *err, size_t errsize);

/* Parse one line (no newline, no trailing CR) of n bytes, updating st (W3C #Fields).
 * Returns MALFORMED_NONE and fills r, or the reason the line is not a record; a directive
 * line returns MALFORMED_NONE with r->status == RECORD_DIRECTIVE. Unless f->strict_tail,
 * nothing after item f->last is read (real logs append fields, and a damaged tail after
 * the status does not hide the request); with it, the whole line must match. */
#define RECORD_DIRECTIVE (-3)
enum malformed logformat_parse(const struct logformat *f, const char *line, size_t n,
                               struct logformat_state *st, struct record *r);

/* Pick the format that best fits the first lines of data[0..n) (complete lines only, at
 * most max_lines): every family is tried; a CLF-family pick is made resilient. Writes it
 * to out (ready to scan: strict_tail off); returns the number of sample lines it parsed
 * as records (0 when nothing fits: out is then "combined"). *nonempty, when not NULL,
 * gets the number of non-empty sample lines. */
size_t logformat_detect(const char *data, size_t n, size_t max_lines, struct logformat *out);
size_t logformat_detect_sample(const char *data, size_t n, size_t max_lines, struct logformat *out,
                               size_t *nonempty);

#endif
