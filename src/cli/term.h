/* term.h — what the CLI asks of the terminal: whether to color, and how wide to wrap.
 * Only src/cli uses it; the core never looks at the terminal. */
#ifndef LOGSTAT_TERM_H
#define LOGSTAT_TERM_H

#include "options.h"

/* Whether to write ANSI colors to fd: always/never as asked; on auto only to a terminal
 * whose TERM is not "dumb", and never when NO_COLOR is set to a non-empty value. */
int term_want_color(enum color_mode mode, int fd);

/* --color's argument (NULL means auto): 0 and *mode set, or -1 for anything else. */
int term_parse_color(const char *arg, enum color_mode *mode);

/* Whether the locale's character set is UTF-8, so block characters may be drawn. Sets
 * LC_CTYPE from the environment. */
int term_want_unicode(void);

/* The width to wrap text written to fd: the terminal's columns (at least 40), or 80 when
 * fd is not a terminal. */
unsigned term_width(int fd);

#endif
