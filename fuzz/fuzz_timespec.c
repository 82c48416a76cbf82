/* fuzz_timespec.c — hostile --since / --until values: parsed or refused with a reason,
 * at clocks near the ends of time (no signed overflow: UBSan traps it); ISO 8601 reading
 * of the same bytes (as the summary reader does) never reads past them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timespec.h"

static int tz_at(int64_t wall)
{
	return (int)(wall % 841) - 420; /* an offset that jumps around, as DST rules can */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1024)
		return 0;
	char *s = malloc(size + 1); /* exact size: ASan sees any read past the end */
	memcpy(s, data, size);
	s[size] = 0;
	static const int64_t nows[] = {0, 1700000000, INT64_MAX / 2, INT64_MIN / 2};
	for (size_t k = 0; k < sizeof nows / sizeof nows[0]; k++) {
		struct timespec_clock clk = {nows[k], (int)k * 300 - 600, k % 2 ? tz_at : NULL};
		int64_t t;
		char err[256] = "";
		if (timespec_parse(s, &clk, &t, err, sizeof err) != 0 && !err[0])
			abort();
	}
	int64_t utc;
	int tz, has_tz;
	char *exact = malloc(size ? size : 1);
	memcpy(exact, data, size);
	(void)timespec_parse_iso(exact, size, &utc, &tz, &has_tz);
	free(exact);
	free(s);
	return 0;
}
