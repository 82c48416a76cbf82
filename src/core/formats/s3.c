/* s3.c — Amazon S3 server access logs:
 *   owner bucket [time] remote_ip requester request_id operation key "request_uri" status
 *   error_code bytes_sent object_size total_time turnaround_time "referer" "user_agent" …
 * Batch operations log "-" for the request URI, unquoted; their status still counts. */
#include <string.h>

#include "formats_impl.h"

enum malformed s3_parse(const struct logformat *f, const char *line, size_t n,
                        struct logformat_state *st, struct record *r)
{
	(void)f;
	record_clear(r);
	const char *p = line, *end = line + n;
	struct slice owner, bucket, t[13];
	if (!(p = fmt_token(p, end, &owner)) || !(p = fmt_token(p, end, &bucket)))
		return MALFORMED_MISSING_FIELDS;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p != '[')
		return MALFORMED_NO_TIMESTAMP;
	if (end - p < LOGTIME_LEN + 2 || p[LOGTIME_LEN + 1] != ']' ||
	    logtime_parse_cached(&st->tc, p + 1, &r->time, &r->tz) != 0)
		return MALFORMED_BAD_TIMESTAMP;
	p += LOGTIME_LEN + 2;
	/* remote_ip requester request_id operation key request_uri status error bytes size
	 * total turnaround referer user_agent */
	size_t k = 0;
	while (k < 13 && (p = fmt_token(p, end, &t[k])) != NULL)
		k++;
	if (k < 8)
		return k < 6 ? MALFORMED_MISSING_FIELDS : MALFORMED_BAD_STATUS;
	if (fmt_status(t[6].ptr, t[6].len, &r->status) != 0)
		return MALFORMED_BAD_STATUS;
	if (k > 8 && fmt_u64(t[8].ptr, t[8].len, &r->bytes) != 0)
		return MALFORMED_BAD_BYTES;
	if (k > 10)
		fmt_duration(t[10].ptr, t[10].len, UNIT_MS, &r->duration_us);
	r->host = t[0];
	r->vhost = bucket;
	if (!(t[5].len == 1 && t[5].ptr[0] == '-')) {
		r->request = t[5];
		fmt_split_request(r->request, r);
	}
	if (k > 12 && !(t[12].len == 1 && t[12].ptr[0] == '-'))
		r->user_agent = t[12];
	return MALFORMED_NONE;
}
