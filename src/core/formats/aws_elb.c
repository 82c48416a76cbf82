/* aws_elb.c — AWS load balancer access logs: Application Load Balancer (a type field
 * first: http, https, h2, grpcs, ws, wss) and Classic Load Balancer. The status counted is
 * the one the client got (elb_status_code); the target's (or backend's) is kept apart, so a
 * 502 the balancer made and a 502 the target sent can be told apart. */
#include <string.h>

#include "formats_impl.h"

static int alb_type(struct slice t)
{
	static const char *const types[] = {"http", "https", "h2", "grpcs", "ws", "wss"};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strlen(types[i]) == t.len && memcmp(types[i], t.ptr, t.len) == 0)
			return 1;
	return 0;
}

/* The three processing times (seconds; -1 when the request never reached that stage). */
static void durations(const struct slice t[3], struct record *r)
{
	int64_t sum = 0, us;
	for (int i = 0; i < 3; i++) {
		if (fmt_duration(t[i].ptr, t[i].len, UNIT_S, &us) != 0)
			return;
		sum += us;
	}
	r->duration_us = sum;
}

#define ELB_FIELDS 13 /* Classic: time … "request" "user_agent" */

enum malformed elb_parse(const struct logformat *f, const char *line, size_t n,
                         struct logformat_state *st, struct record *r)
{
	record_clear(r);
	struct slice t[ELB_FIELDS + 6];
	const char *p = line, *end = line + n;
	int alb = f->family == FAMILY_ALB;
	size_t want = ELB_FIELDS + (size_t)alb + (alb ? 5 : 0), k = 0;
	while (k < want && p && (p = fmt_token(p, end, &t[k])) != NULL)
		k++;
	size_t o = (size_t)alb; /* ALB fields are one further along */
	if (k < ELB_FIELDS + o)
		return k > o + 8 ? MALFORMED_MISSING_FIELDS : MALFORMED_BAD_FIELD;
	if (alb && !alb_type(t[0]))
		return MALFORMED_BAD_FIELD;
	if (logtime_parse_iso_cached(&st->iso, t[o].ptr, t[o].len, &r->time, &r->tz) != 0)
		return MALFORMED_BAD_TIMESTAMP;
	if (fmt_status(t[o + 7].ptr, t[o + 7].len, &r->status) != 0)
		return MALFORMED_BAD_STATUS;
	if (fmt_status(t[o + 8].ptr, t[o + 8].len, &r->upstream) != 0)
		return MALFORMED_BAD_STATUS;
	if (fmt_u64(t[o + 10].ptr, t[o + 10].len, &r->bytes) != 0)
		return MALFORMED_BAD_BYTES;
	durations(&t[o + 4], r);
	r->host = fmt_strip_port(t[o + 2]);
	r->request = t[o + 11];
	r->user_agent = t[o + 12];
	if (alb && k > 18 && !(t[18].len == 1 && t[18].ptr[0] == '-'))
		r->vhost = t[18];
	fmt_split_request(r->request, r);
	fmt_absolute_target(r);
	return MALFORMED_NONE;
}
