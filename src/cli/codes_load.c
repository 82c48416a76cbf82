/* codes_load.c — build the merged status-code table for a command: built-in rows, the
 * default user file, then --codes FILE. Errors are printed here, once, with file:line. */
#include "codes_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static int load_one(struct code_table *t, const char *path)
{
	char err[512];

	if (codes_table_load(t, path, err, sizeof err) == 0)
		return 0;
	/* The message quotes the file's name and bytes: untrusted, so sanitized. */
	fputs("logstat: ", stderr);
	render_sanitized(stderr, (const unsigned char *)err, strlen(err));
	fputc('\n', stderr);
	return -1;
}

int codes_load(struct code_table *t, const char *codes_file)
{
	char buf[4096];
	const char *def = default_path(buf, sizeof buf);
	struct stat st;

	if (codes_table_init(t) != 0) {
		fputs("logstat: out of memory\n", stderr);
		return -1;
	}
	/* A missing default file is the normal case; anything else about it is an error. */
	if (def && !(stat(def, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) &&
	    load_one(t, def) != 0)
		goto fail;
	if (codes_file && load_one(t, codes_file) != 0)
		goto fail;
	return 0;
fail:
	codes_table_free(t);
	return -1;
}
