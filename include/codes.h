/* codes.h — the HTTP status-code reference: one sorted const table, one row per
 * (code, origin), built from the five public references the project was founded on.
 * Rows are data; lookups are binary searches. User files may overlay it (codes_load). */
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
	CODE_USER = 1 << 5,       /* came from a user codes file, not the built-in table */
	CODE_COMMON = 1 << 6      /* of several unofficial meanings, the one access logs
	                             usually carry (nginx 499 rather than Esri 499) */
};

struct code_entry {
	int code;              /* 0..999 */
	const char *origin;    /* "IANA" for official rows; else "nginx", "Cloudflare", "AWS ELB",
	                          "IIS", "Laravel", "Spring", "Twitter", "Shopify", "Esri",
	                          "Apache", "cPanel", "Qualys", "Pantheon", "Microsoft", ... */
	const char *name;      /* current name (RFC 9110's for official codes) */
	const char *aliases;   /* other names the seeds use, "; "-separated, or "" */
	const char *meaning;   /* one line */
	const char *rfc;       /* "RFC 9110, Section 15.5.5" or "" for unofficial rows */
	unsigned flags;        /* enum code_flag */
	const char *details;   /* longer description from the seeds, or "" */
	const char *advice;    /* a practical line for operators reading logs, or "" */
};

/* The built-in table, sorted by (code, official first, origin), unique per (code, origin). */
extern const struct code_entry codes_builtin[];
extern const size_t codes_builtin_count;

/* The class of a code: 1..5 for 100..599, 0 ("other") for anything else. */
int codes_class(int code);

/* Rows for code in table[0..n) (sorted as above): *first is set to the first row and the
 * number of rows is returned (0 when the code is unknown). */
size_t codes_find(const struct code_entry *table, size_t n, int code,
		  const struct code_entry **first);

#endif
