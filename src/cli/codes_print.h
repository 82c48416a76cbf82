/* codes_print.h — how `logstat codes` and `logstat explain` show status-code rows: text
 * wrapped to a width (sanitized, colored on request) or JSON. Rows are borrowed. */
#ifndef LOGSTAT_CODES_PRINT_H
#define LOGSTAT_CODES_PRINT_H

#include <stdio.h>

#include "codes.h"

struct codes_style {
	int color;      /* ANSI colors */
	unsigned width; /* wrap text at this column */
};

/* A list of rows, one name line and one wrapped meaning each. grouped: under a heading
 * per class (rows must be in code order); otherwise in the order given (search ranks). */
void codes_print_list(FILE *out, const struct code_match *m, size_t n, int grouped,
                      const struct codes_style *s);
/* The full entry for one code: every row (the usual meaning first) with all fields. */
void codes_print_entry(FILE *out, int code, const struct code_entry *const *rows, size_t n,
                       const struct codes_style *s);

/* JSON: an array of row objects (with "match" when ranked), and one code's object
 * {"code","class","known","meanings":[rows]}. Both end with a newline. */
void codes_json_list(FILE *out, const struct code_match *m, size_t n, int ranked);
void codes_json_entry(FILE *out, int code, const struct code_entry *const *rows, size_t n);

#endif
