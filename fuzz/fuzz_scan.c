/* fuzz_scan.c — hostile text through format detection, every built-in format and the
 * scanner; the books must balance: lines = requests + no_status + malformed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logformat.h"
#include "scan.h"

static const char *const formats[] = {"common", "combined", "vhost_combined", "combined_extra"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct logformat f;
	if (data[0] & 0x80)
		logformat_detect((const char *)data + 1, size - 1, 50, &f);
	else
		logformat_builtin(formats[data[0] % 4], &f);
	f.strict_tail = data[0] & 0x40 ? 1 : 0;
	struct tally t;
	tally_init(&t);
	struct scanner s;
	scanner_init(&s, &f, &t, 0, 256 + (data[0] & 0x3f) * 16);
	if (data[0] & 0x20)
		scanner_window(&s, 0, 2000000000);
	/* exact-size copy so reads past the end are caught */
	char *copy = malloc(size - 1 ? size - 1 : 1);
	memcpy(copy, data + 1, size - 1);
	size_t used = scanner_feed(&s, copy, size - 1);
	scanner_finish(&s, copy + used, size - 1 - used);
	free(copy);
	if (t.lines != t.requests + t.no_status + t.malformed)
		abort();
	uint64_t sum = 0;
	for (size_t i = 0; i < TALLY_CODES; i++)
		sum += t.count[i];
	if (sum != t.requests)
		abort();
	return 0;
}
