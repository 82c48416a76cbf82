/* fuzz_codes_file.c — hostile user codes files: parse, then the merged table must
 * still be sorted and unique per (code, origin). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct code_table t;
	if (codes_table_init(&t) != 0)
		return 0;
	char err[512];
	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	if (codes_table_parse(&t, copy, size, "fuzz", err, sizeof err) != 0 && !err[0])
		abort();
	for (size_t i = 1; i < t.n; i++)
		if (t.rows[i - 1].code > t.rows[i].code ||
		    (t.rows[i - 1].code == t.rows[i].code &&
		     strcasecmp(t.rows[i - 1].origin, t.rows[i].origin) == 0))
			abort();
	struct code_match m[16];
	codes_search(t.rows, t.n, copy && size && memchr(copy, 0, size) == NULL ? "time" : "x", m,
	             16);
	free(copy);
	codes_table_free(&t);
	return 0;
}
