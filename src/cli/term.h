/* term.h — what the CLI asks of the terminal: whether to color, and how wide to wrap.
 * Only src/cli uses it; the core never looks at the terminal. */
#ifndef LOGSTAT_TERM_H
#define LOGSTAT_TERM_H

#include "options.h"

/* Whether to write ANSI colors to fd: always/never as asked; on auto only to a terminal
 * whose TERM is not "dumb", and never when NO_COLOR is set to a non-empty value. */
int term_want_color(enum color_mode mode, int fd);

/* The width to wrap text written to fd: the terminal's columns (at least 40), or 80 when
 * fd is not a terminal. */
unsigned term_width(int fd);

#endif
