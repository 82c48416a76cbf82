/* fuzz_state.c — hostile --state files: parse; a file that parses must save and parse
 * back to the same entries and totals (nothing read is lost or invented by a round trip),
 * and every rejection must carry a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state.h"

static void same_or_abort(const struct state *a, const struct state *b)
{
	if (a->n != b->n || memcmp(&a->totals.lines, &b->totals.lines, 5 * sizeof(uint64_t)) != 0 ||
	    memcmp(a->totals.count, b->totals.count, sizeof a->totals.count) != 0)
		abort();
	for (size_t i = 0; i < a->n; i++) {
		const struct state_input *x = &a->inputs[i], *y = &b->inputs[i];
		if (strcmp(x->path, y->path) != 0 || x->offset != y->offset ||
		    x->lines != y->lines || x->id.fp_hash != y->id.fp_hash ||
		    x->id.fp_len != y->id.fp_len || x->prev.known != y->prev.known ||
		    x->prev.offset != y->prev.offset)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s, back;
	char err[600] = "";
	if (state_parse(&s, (const char *)data, size, "fuzz", err, sizeof err) != 0) {
		if (strncmp(err, "fuzz: ", 6) != 0)
			abort();
		return 0;
	}
	char path[64];
	snprintf(path, sizeof path, "/tmp/fuzz_state.%d", (int)getpid());
	if (state_save(&s, path, err, sizeof err) != 0)
		abort();
	if (state_load(&back, path, err, sizeof err) != 0)
		abort();
	same_or_abort(&s, &back);
	unlink(path);
	state_free(&s);
	state_free(&back);
	return 0;
}
