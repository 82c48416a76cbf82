/* statusfilter.h — --status SPEC: which status codes a report keeps. SPEC is a comma list
 * of items, each a code (404), a class (4xx), or a range (500-504); an item starting with
 * '!' excludes. Kept: the codes some positive item names (every code when there is none),
 * minus the excluded ones: "429,5xx", "!2xx", "5xx,!503". */
#ifndef STATUSFILTER_H
#define STATUSFILTER_H

#include <stddef.h>

#define STATUSFILTER_SPEC_LEN 128

struct statusfilter {
	char spec[STATUSFILTER_SPEC_LEN]; /* as given, for headers */
	unsigned char keep[1000];         /* 1: a request with this status is kept */
};

/* Parse spec into f. Returns 0, or -1 with a message in err naming the item and its byte
 * offset in spec. */
int statusfilter_parse(const char *spec, struct statusfilter *f, char *err, size_t errsize);

/* Whether a line with status (0..999, or negative: no status) is kept: lines without a
 * status match no filter. */
static inline int statusfilter_keep(const struct statusfilter *f, int status)
{
	return status >= 0 && status < 1000 && f->keep[status];
}

#endif
