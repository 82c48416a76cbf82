/* codes_load.h — the status-code table the CLI uses: built-in rows overlaid with the
 * user's default codes file and a --codes FILE. Reads the environment (XDG_CONFIG_HOME,
 * HOME) so the core does not have to. */
#ifndef LOGSTAT_CODES_LOAD_H
#define LOGSTAT_CODES_LOAD_H

#include <stddef.h>

#include "codes.h"

/* Fill t with the built-in table, then the default user file when it exists
 * ($XDG_CONFIG_HOME/logstat/codes, or ~/.config/logstat/codes when XDG_CONFIG_HOME is
 * unset, empty or relative), then codes_file when not NULL (later rows win). A default
 * file that exists but cannot be opened is skipped with a warning on stderr; codes_file
 * must be readable. Returns 0,
 * or -1 with "FILE:LINE: reason" in err (raw file bytes: print it sanitized, e.g. with
 * codes_load_print_error) and t empty. Free t with codes_table_free. */
int codes_load(struct code_table *t, const char *codes_file, char *err, size_t errsize);

/* "logstat: ERR" on stderr, sanitized. */
void codes_load_print_error(const char *err);

#endif
