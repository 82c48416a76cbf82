/* fuzz_threshold.c — hostile --fail-if / --warning / --critical expressions: parsed or
 * refused with a reason; a parsed one evaluates against extreme tallies without
 * overflow traps and describes itself within its buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "threshold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char expr[4097];
	memcpy(expr, data, size);
	expr[size] = 0;
	struct threshold th;
	char err[256] = "";
	if (threshold_parse(expr, &th, err, sizeof err) != 0) {
		if (!err[0])
			abort();
		return 0;
	}
	if (!memchr(th.text, 0, sizeof th.text))
		abort();
	static struct tally t;
	static const uint64_t levels[] = {0, 1, UINT64_MAX / 2, UINT64_MAX};
	for (size_t k = 0; k < 4; k++) {
		tally_init(&t);
		t.lines = t.requests = t.count[200] = levels[k];
		t.count[503] = t.malformed = levels[3 - k];
		struct threshold_measure m;
		threshold_eval(&th, &t, NULL, 0, &m);
		char buf[160];
		threshold_describe(&th, &m, buf, sizeof buf);
		if (!memchr(buf, 0, sizeof buf))
			abort();
	}
	return 0;
}
