/* fuzz_format.c — hostile --format strings: compile, then parse fixed lines with the
 * result. The first line of the input is the format, the rest is parsed; where the format
 * has a straight-line parser, it must agree with the item interpreter. */
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
		enum malformed m = logformat_parse(&f, line, rest, &tc, &r);
		if (f.fast) { /* the straight-line prefix and the item interpreter agree */
			struct logformat generic = f;
			generic.fast = 0;
			struct logformat_state tc2;
			logformat_state_init(&tc2);
			struct record s;
			if (logformat_parse(&generic, line, rest, &tc2, &s) != m ||
			    (m == MALFORMED_NONE &&
			     (s.status != r.status || s.bytes != r.bytes || s.time != r.time ||
			      s.request.ptr != r.request.ptr || s.request.len != r.request.len ||
			      s.host.ptr != r.host.ptr || s.host.len != r.host.len ||
			      s.vhost.ptr != r.vhost.ptr || s.vhost.len != r.vhost.len)))
				abort();
		}
		f.strict_tail = 1;
		logformat_parse(&f, line, rest, &tc, &r);
		free(line);
	} else if (!err[0]) {
		abort(); /* a failure always says why */
	}
	free(spec);
	return 0;
}
