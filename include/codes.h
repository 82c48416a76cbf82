/* codes.h — the HTTP status-code reference: one sorted const table, one row per
 * (code, origin), built from the five public references the project was founded on.
 * Rows are data; lookups are binary searches. User files overlay a copy (code_table). */
#ifndef LOGSTAT_CODES_H
#define LOGSTAT_CODES_H

#include <stddef.h>

/* Marks on a row (bit set). */
enum code_flag {
	CODE_OFFICIAL = 1 << 0,   /* IANA-registered; rfc names the defining document */
	CODE_DEPRECATED = 1 << 1, /* e.g. 305 Use Proxy */
	CODE_UNUSED = 1 << 2,     /* e.g. 306 (Unused) */
	CODE_RESERVED = 1 << 3,   /* e.g. 418 reserved by RFC 9110 */
	CODE_EXPERIMENTAL = 1 << 4,
	CODE_USER = 1 << 5,    /* came from a user codes file, not the built-in table */
	CODE_COMMON = 1 << 6,  /* of several unofficial meanings, the one access logs
	                          usually carry (nginx 499 rather than Esri 499) */
	CODE_RETIRED = 1 << 7, /* the vendor withdrew the service or the meaning
	                          (Cloudflare 527 Railgun, Twitter 420) */
	CODE_DUBIOUS = 1 << 8  /* no primary source confirms it (Apache 218) */
};

/* The marks a reader should see next to a name wherever the code is shown (codes list,
 * reports): every flag above except CODE_OFFICIAL, CODE_USER and CODE_COMMON. */
#define CODE_MARKS                                                                                 \
	(CODE_DEPRECATED | CODE_UNUSED | CODE_RESERVED | CODE_EXPERIMENTAL | CODE_RETIRED |        \
	 CODE_DUBIOUS)

/* The name of one mark flag ("deprecated", "unused", ...), or NULL for another value. */
const char *codes_mark_name(unsigned flag);

/* Write the names of the marks in flags to buf, sep-separated, in a fixed order ("" when
 * none); returns buf. The result is truncated to fit size (size >= 1). */
char *codes_marks(unsigned flags, const char *sep, char *buf, size_t size);

struct code_entry {
	int code;            /* 0..999; 000 and 009 are log conventions, not HTTP */
	const char *origin;  /* "IANA" for official rows; else "nginx", "Cloudflare", "AWS ELB",
	                        "IIS", "Laravel", "Spring", "Twitter", "Shopify", "Esri",
	                        "Apache", "cPanel", "Qualys", "Pantheon", "Microsoft", ... */
	const char *name;    /* current name (RFC 9110's for official codes) */
	const char *aliases; /* other names the seeds use, "; "-separated, or "" */
	const char *meaning; /* one line */
	const char *rfc;     /* "RFC 9110, Section 15.5.5" or "" for unofficial rows */
	unsigned flags;      /* enum code_flag */
	const char *details; /* longer description from the seeds, or "" */
	const char *advice;  /* a practical line for operators reading logs, or "" */
};

/* The built-in table, sorted by (code, official first, origin), unique per (code, origin).
 * Official rows cite an RFC, or an Internet-Draft when CODE_EXPERIMENTAL (a temporary IANA
 * registration such as 104). */
extern const struct code_entry codes_builtin[];
extern const size_t codes_builtin_count;

/* The class of a code: 1..5 for 100..599, 0 ("other") for anything else. */
int codes_class(int code);

/* Rows for code in table[0..n) (sorted as above): *first is set to the first row and the
 * number of rows is returned (0 when the code is unknown). */
size_t codes_find(const struct code_entry *table, size_t n, int code,
                  const struct code_entry **first);

/* Of the n rows of one code (as codes_find returns them), the one that names it: the
 * official row, else the CODE_COMMON one (nginx 499 rather than Esri 499), else the first.
 * NULL when n is 0. */
const struct code_entry *codes_primary(const struct code_entry *rows, size_t n);

/* The n rows of one code in the order to show them: the primary one (codes_primary)
 * first, then the others in table order. Writes at most max pointers to out and returns
 * how many. */
size_t codes_primary_first(const struct code_entry *rows, size_t n, const struct code_entry **out,
                           size_t max);

/* A table that owns its rows: the built-in rows overlaid with user files. rows is sorted
 * and unique like codes_builtin, so codes_find works on (rows, n). Row strings point into
 * codes_builtin or into memory the table owns; they live until codes_table_free. The other
 * members are private. Not thread-safe while being loaded. */
struct code_table {
	struct code_entry *rows;
	size_t n;
	size_t cap;
	char **blocks; /* private: the user lines the rows' strings point into */
	size_t nblocks;
};

/* Fill t with a copy of the built-in table. Returns 0, or -1 when out of memory. */
int codes_table_init(struct code_table *t);
void codes_table_free(struct code_table *t);

/* Overlay user definitions (the format is in docs/codes.md), one per line:
 *     CODE | ORIGIN | NAME | MEANING [| KEY=VALUE]...
 * with KEY one of aliases, rfc, flags, details, advice. A row with the same code and
 * origin (ignoring case) as an existing one overrides its name and meaning and the keys
 * it gives; other rows are added. New and changed rows get CODE_USER. Blank lines and
 * lines starting with # are skipped. On error returns -1 with "NAME:LINE: reason" in
 * err (name labels the text) and t unchanged; returns 0 on success. */
int codes_table_parse(struct code_table *t, const char *text, size_t len, const char *name,
                      char *err, size_t errsize);
/* codes_table_parse on the contents of the file at path ("PATH: reason" when it cannot
 * be read). */
int codes_table_load(struct code_table *t, const char *path, char *err, size_t errsize);

/* How well a row matched a search, best first. */
enum code_rank {
	CODE_RANK_NUMBER = 0, /* the query is the code itself */
	CODE_RANK_NAME = 1,   /* found in the name, an alias or the origin */
	CODE_RANK_TEXT = 2    /* found in the meaning, details or advice */
};

struct code_match {
	const struct code_entry *row;
	enum code_rank rank;
	unsigned order; /* sort key, lower first: rank, then finer (see codes_search) */
};

/* Search table[0..n) for what a user typed. The query is split into words at anything but
 * letters and digits ("rate-limit" is "rate limit"); filler words ("what does 499 mean")
 * are dropped. Every remaining word must occur in the row, in any order, at the start of
 * a word of its text, case-insensitively, either as typed or by a simple stem
 * (limiting/limited/limit, throttling/throttle, overloaded/overload); "Time-out" in the
 * text also reads as "timeout". A few words stand for others too (timeout / time out,
 * ssl / tls, throttle / rate limit, auth / authentication / unauthorized / login,
 * redirect / moved). A word of one to three digits equal to the code matches it at
 * CODE_RANK_NUMBER.
 *
 * Writes the matching rows to out[0..max) ordered by order: the rank (number, then all
 * words in the name, aliases or origin, then all within those and the meaning, then
 * anywhere); then rows without a CODE_MARKS mark before marked ones, and within each the
 * rows that name their code (official or CODE_COMMON) before other vendor rows; then
 * table order. Returns how many were written; an empty query
 * matches nothing. Query words past the eighth, and words past the 256th of a field, are
 * ignored. Uses about 32 KiB of stack; no allocation, no shared state. */
size_t codes_search(const struct code_entry *table, size_t n, const char *query,
                    struct code_match *out, size_t max);

#endif
