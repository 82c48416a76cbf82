/* codes_load.c — build the merged status-code table for a command: built-in rows, the
 * default user file, then --codes FILE. Errors are printed here, once, with file:line. */
#include "codes_load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* The default user file's path in buf, or NULL when there is no home to look in. */
static const char *default_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/logstat/codes", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.config/logstat/codes", home);
	else
		return NULL;
	return n > 0 && (size_t)n < size ? buf : NULL;
}

/* Whether the default file is there to be read: a missing one is the normal case; one
 * that exists but cannot be opened as a regular file (a HOME inherited from another user,
 * as with setpriv or some cron set-ups) is skipped with a warning, so that it does not
 * stop every command. What the file says is still checked, line by line, once read. */
static int default_readable(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	const char *why = NULL;

	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (fd < 0)
		why = strerror(errno);
	else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		why = "not a regular file";
	if (fd >= 0)
		close(fd);
	if (!why)
		return 1;
	fputs("logstat: warning: ", stderr);
	render_sanitized(stderr, (const unsigned char *)path, strlen(path));
	fprintf(stderr, ": %s; the user codes file is skipped\n", why);
	return 0;
}

int codes_load(struct code_table *t, const char *codes_file, char *err, size_t errsize)
{
	char buf[4096];
	const char *def = default_path(buf, sizeof buf);

	if (codes_table_init(t) != 0) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	if (def && default_readable(def) && codes_table_load(t, def, err, errsize) != 0)
		goto fail;
	if (codes_file && codes_table_load(t, codes_file, err, errsize) != 0)
		goto fail;
	return 0;
fail:
	codes_table_free(t);
	return -1;
}

void codes_load_print_error(const char *err)
{
	/* The message quotes the file's name and bytes: untrusted, so sanitized. */
	fputs("logstat: ", stderr);
	render_sanitized(stderr, (const unsigned char *)err, strlen(err));
	fputc('\n', stderr);
}
