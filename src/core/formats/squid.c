/* squid.c — Squid's native access.log:
 *   time.ms elapsed_ms client action/status bytes method URL ident hierarchy/peer type
 * Columns are padded with spaces. The status is the number after the '/' of the action
 * (TCP_MISS/200); 000 is what Squid logs when no reply was sent. */
#include <string.h>

#include "formats_impl.h"

enum malformed squid_parse(const struct logformat *f, const char *line, size_t n,
                           struct logformat_state *st, struct record *r)
{
	(void)f;
	(void)st;
	record_clear(r);
	const char *p = line, *end = line + n;
	struct slice t[7];
	size_t k = 0;
	while (k < 7 && (p = fmt_token(p, end, &t[k])) != NULL)
		k++;
	if (k < 5)
		return MALFORMED_MISSING_FIELDS;
	if (logtime_parse_epoch(t[0].ptr, t[0].len, &r->time) != 0)
		return MALFORMED_BAD_TIMESTAMP;
	const char *slash = memchr(t[3].ptr, '/', t[3].len);
	if (!slash)
		return MALFORMED_BAD_FIELD;
	if (fmt_status(slash + 1, (size_t)(t[3].ptr + t[3].len - slash - 1), &r->status) != 0)
		return MALFORMED_BAD_STATUS;
	if (fmt_u64(t[4].ptr, t[4].len, &r->bytes) != 0)
		return MALFORMED_BAD_BYTES;
	fmt_duration(t[1].ptr, t[1].len, UNIT_MS, &r->duration_us);
	r->host = t[2];
	if (k >= 7) {
		r->method = t[5];
		r->path = t[6];
		fmt_absolute_target(r);
	}
	return MALFORMED_NONE;
}
