/* fuzz_families.c — hostile lines for every format family's parser, with the per-input
 * state (W3C #Fields) carried across lines, and the detector on the same bytes. The first
 * byte picks the family; the rest is split into lines. Each line is also parsed with the
 * memos of the state forgotten (time caches, JSON keys learned): the answer must be the
 * same, so a fast path never says what the general one would not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logformat.h"

static const char *const names[] = {"combined", "w3c", "cloudfront", "alb",  "elb",
                                    "haproxy",  "s3",  "squid",      "json", "vhost_combined"};

static int same_slice(struct slice a, struct slice b)
{
	return a.ptr == b.ptr && (!a.ptr || a.len == b.len);
}

static int same_record(const struct record *a, const struct record *b)
{
	return a->status == b->status && a->upstream == b->upstream && a->bytes == b->bytes &&
	       a->time == b->time && (a->time == RECORD_NO_TIME || a->tz == b->tz) &&
	       a->duration_us == b->duration_us && a->shape == b->shape &&
	       same_slice(a->request, b->request) && same_slice(a->method, b->method) &&
	       same_slice(a->path, b->path) && same_slice(a->host, b->host) &&
	       same_slice(a->vhost, b->vhost) && same_slice(a->user_agent, b->user_agent) &&
	       same_slice(a->referer, b->referer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct logformat f;
	logformat_builtin(names[data[0] % (sizeof names / sizeof names[0])], &f);
	f.resilient = (data[0] & 0x80) != 0;
	struct logformat_state st;
	logformat_state_init(&st);
	char *text = malloc(size);
	memcpy(text, data + 1, size - 1);
	const char *p = text, *end = text + size - 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		struct logformat_state fresh = st;
		logformat_state_forget(&fresh);
		struct record r, r2;
		enum malformed m = logformat_parse(&f, p, len, &st, &r);
		if (logformat_parse(&f, p, len, &fresh, &r2) != m ||
		    (m == MALFORMED_NONE && !same_record(&r, &r2)))
			abort(); /* the memos changed an answer */
		if (m == MALFORMED_NONE && r.status != RECORD_DIRECTIVE &&
		    (r.status < RECORD_NO_STATUS || r.status > 999 || r.shape >= SHAPE_COUNT))
			abort(); /* a record always has a status in range and a known shape */
		if (m >= MALFORMED_COUNT)
			abort();
		p += len + 1;
	}
	struct logformat g;
	size_t nonempty;
	logformat_detect_sample(text, size - 1, 50, &g, &nonempty);
	free(text);
	return 0;
}
