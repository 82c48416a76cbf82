/* term.c — color and width decisions for output written to a terminal (see term.h).
 * Reads the environment and the tty; nothing else in the CLI needs to. */
#include "term.h"

#include <stdlib.h>
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int term_want_color(enum color_mode mode, int fd)
{
	if (mode == COLOR_ALWAYS)
		return 1;
	if (mode == COLOR_NEVER)
		return 0;
	const char *no = getenv("NO_COLOR");
	if (no && *no)
		return 0;
	const char *term = getenv("TERM");
	return isatty(fd) && !(term && strcmp(term, "dumb") == 0);
}

unsigned term_width(int fd, unsigned asked)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	unsigned w = 80;

	if (asked)
		w = asked;
	else if (env && *env && strspn(env, "0123456789") == strlen(env) && strlen(env) < 6)
		w = (unsigned)atoi(env);
	else if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		w = ws.ws_col;
	return w < 40 ? 40 : w > 1000 ? 1000 : w;
}

int term_parse_color(const char *arg, enum color_mode *mode)
{
	if (!arg || strcmp(arg, "auto") == 0)
		*mode = COLOR_AUTO;
	else if (strcmp(arg, "always") == 0)
		*mode = COLOR_ALWAYS;
	else if (strcmp(arg, "never") == 0)
		*mode = COLOR_NEVER;
	else
		return -1;
	return 0;
}

int term_want_unicode(void)
{
	setlocale(LC_CTYPE, "");
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}
