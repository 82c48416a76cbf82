/* threshold.h — `--fail-if`, `--warning` and `--critical` expressions such as `5xx>1%`,
 * `502>0`, `499>=100`, `unofficial>0.5%`, `malformed>0`: parsed once, evaluated against a
 * finished tally. Pure functions over plain data; errors come back as text. */
#ifndef LOGSTAT_THRESHOLD_H
#define LOGSTAT_THRESHOLD_H

#include <stddef.h>
#include <stdint.h>

#include "codes.h"
#include "tally.h"

/* What an expression measures. Percentages are of requests, except for malformed and
 * no_status, which are of lines. unofficial counts requests whose code is not
 * IANA-registered (unknown codes included); unknown counts codes absent from the table. */
enum threshold_subject {
	THRESHOLD_CODE,  /* one status code: 000..999 */
	THRESHOLD_CLASS, /* 1xx..5xx, or other (000-099, 600-999) */
	THRESHOLD_UNOFFICIAL,
	THRESHOLD_UNKNOWN,
	THRESHOLD_MALFORMED,
	THRESHOLD_NO_STATUS,
	THRESHOLD_REQUESTS, /* counts only */
	THRESHOLD_LINES     /* counts only */
};

enum threshold_op {
	THRESHOLD_GT,
	THRESHOLD_GE,
	THRESHOLD_LT,
	THRESHOLD_LE,
	THRESHOLD_EQ,
	THRESHOLD_NE
};

#define THRESHOLD_SCALE 1000000 /* values are fixed-point: 6 decimals */

struct threshold {
	enum threshold_subject subject;
	int code; /* THRESHOLD_CODE: the code; THRESHOLD_CLASS: 0 other, 1..5 */
	enum threshold_op op;
	uint64_t value; /* the number times THRESHOLD_SCALE */
	int percent;    /* 1: value is a percentage */
	char text[64];  /* the expression without blanks, as shown in messages */
};

/* What an expression saw: count of what it measures, and the whole a percentage is of. */
struct threshold_measure {
	uint64_t count, whole;
};

/* Parse expr ("SUBJECT OP VALUE[%]", blanks allowed between them, subject names and xx
 * case-insensitive). Returns 0, or -1 with a reason in err. */
int threshold_parse(const char *expr, struct threshold *out, char *err, size_t errsize);

/* Whether t holds for tally (table[0..n) decides official and known codes). Fills m. */
int threshold_eval(const struct threshold *t, const struct tally *tally,
                   const struct code_entry *table, size_t n, struct threshold_measure *m);

/* "5xx=3.50% (7 of 200 requests)" or "502=4" into buf. Returns buf. */
char *threshold_describe(const struct threshold *t, const struct threshold_measure *m, char *buf,
                         size_t size);

/* Whether code is IANA-registered / present at all in table[0..n). */
int threshold_code_official(const struct code_entry *table, size_t n, int code);
int threshold_code_known(const struct code_entry *table, size_t n, int code);

/* A parsed expression with its role and outcome, as renderers and exit codes see it. */
enum threshold_level { THRESHOLD_FAIL, THRESHOLD_WARNING, THRESHOLD_CRITICAL };

struct threshold_check {
	struct threshold th;
	enum threshold_level level;
	int held;
	struct threshold_measure m;
};

/* Evaluate every check in place. Returns how many held. */
size_t threshold_run(struct threshold_check *c, size_t n, const struct tally *tally,
                     const struct code_entry *table, size_t table_n);

/* The worst level that held among checks with a warning or critical level: 0 none (OK),
 * 1 warning, 2 critical — the Nagios plugin codes. */
int threshold_nagios_state(const struct threshold_check *c, size_t n);

#endif
