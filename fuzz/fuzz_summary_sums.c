/* fuzz_summary_sums.c — hostile JSON reports into the summary reader: it reads them or says
 * why; what it accepts adds up (lines = requests + no_status + malformed, codes sum to
 * requests, saturating) and merges without wrapping. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct summary s;
	static struct tally sum;
	char err[600] = "";
	if (summary_parse((const char *)data, size, "fuzz", &s, err, sizeof err) != 0) {
		if (strncmp(err, "offset ", 7) != 0)
			abort();
		return 0;
	}
	const struct tally *t = &s.total;
	uint64_t parts = sat_add(sat_add(t->requests, t->no_status), t->malformed), codes = 0;
	for (int c = 0; c < TALLY_CODES; c++)
		codes = sat_add(codes, t->count[c]);
	if (t->lines != parts || codes != t->requests)
		abort();
	for (size_t i = 0; i < s.inputs.n; i++) { /* kept compact: codes met, ascending */
		const struct report_input *in = &s.inputs.v[i];
		if (strlen(in->name) >= 4096)
			abort();
		for (size_t k = 0; k < in->ncodes; k++)
			if (!in->codes[k].count || in->codes[k].code >= TALLY_CODES ||
			    (k && in->codes[k].code <= in->codes[k - 1].code))
				abort();
	}
	tally_init(&sum);
	tally_merge(&sum, t);
	tally_merge(&sum, t);
	if (sum.lines < t->lines)
		abort(); /* wrapped */
	summary_free(&s);
	return 0;
}
