/* fuzz_json.c — the JSON reader behind `logstat merge` on hostile text: it parses or says
 * at which offset it stopped; every node it builds lies inside the text and the tree is
 * well formed (children counted right, strings NUL-terminated inside the pool). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

static void check(const struct json_doc *d, size_t node, size_t len, int depth)
{
	if (node == 0 || node >= d->n || depth > 1000)
		abort();
	const struct json_node *x = &d->nodes[node];
	if (x->offset >= len)
		abort();
	if (x->type == JSON_STRING || x->type == JSON_NUMBER) {
		if (x->str + x->len >= d->slen || d->strings[x->str + x->len] != 0)
			abort();
	}
	size_t count = 0;
	for (size_t c = x->child; c; c = d->nodes[c].next, count++)
		check(d, c, len, depth + 1);
	if (count != x->count)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_doc d;
	char err[256] = "";
	if (json_parse(&d, (const char *)data, size, err, sizeof err) != 0) {
		if (strncmp(err, "offset ", 7) != 0)
			abort();
		return 0;
	}
	check(&d, 1, size, 0);
	uint64_t v;
	for (size_t i = 1; i < d.n; i++)
		if (d.nodes[i].type == JSON_NUMBER)
			(void)json_uint(&d, i, &v);
	json_free(&d);
	return 0;
}
