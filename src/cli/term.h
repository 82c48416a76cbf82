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

/* The width to fit text written to fd: asked (--width, 0 when not given), else COLUMNS
 * when it holds a number, else the terminal's columns, else 80 (not a terminal). At
 * least 40. */
unsigned term_width(int fd, unsigned asked);

#endif
