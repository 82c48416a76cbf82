/* fuzz_format.c — hostile --format strings: compile, then parse fixed lines with the
 * result. The first line of the input is the format, the rest is parsed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logformat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t flen = nl ? (size_t)(nl - data) : size;
	char *spec = malloc(flen + 1);
	memcpy(spec, data, flen);
	spec[flen] = 0;
	struct logformat f;
	char err[256];
	if (logformat_from_option(spec, &f, err, sizeof err) == 0) {
		struct logformat_state tc;
		logformat_state_init(&tc);
		struct record r;
		size_t rest = nl ? size - flen - 1 : 0;
		char *line = malloc(rest ? rest : 1);
		if (rest)
			memcpy(line, nl + 1, rest);
		logformat_parse(&f, line, rest, &tc, &r);
		f.strict_tail = 1;
		logformat_parse(&f, line, rest, &tc, &r);
		free(line);
	} else if (!err[0]) {
		abort(); /* a failure always says why */
	}
	free(spec);
	return 0;
}
