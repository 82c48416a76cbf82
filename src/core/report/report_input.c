/* report_input.c — an input's tally folded to what the outputs show per input: scalars and
 * the codes it met, in one allocation per input. */
#include "report_input.h"

#include <stdlib.h>
#include <string.h>

/* Copy the scalars of a tally; the one list of them, used both ways. */
#define REPORT_INPUT_SCALARS(to, from)                                                             \
	do {                                                                                       \
		(to)->lines = (from)->lines;                                                       \
		(to)->requests = (from)->requests;                                                 \
		(to)->no_status = (from)->no_status;                                               \
		(to)->malformed = (from)->malformed;                                               \
		(to)->bytes = (from)->bytes;                                                       \
		(to)->outside = (from)->outside;                                                   \
		(to)->filtered = (from)->filtered;                                                 \
		(to)->directives = (from)->directives;                                             \
		memcpy((to)->shapes, (from)->shapes, sizeof(to)->shapes);                          \
		memcpy((to)->malformed_by, (from)->malformed_by, sizeof(to)->malformed_by);        \
		(to)->first = (from)->first;                                                       \
		(to)->last = (from)->last;                                                         \
		(to)->first_tz = (from)->first_tz;                                                 \
		(to)->last_tz = (from)->last_tz;                                                   \
	} while (0)

static int grow(struct report_inputs *l, size_t more)
{
	if (l->n + more <= l->cap)
		return 0;
	size_t cap = l->cap ? l->cap : 16;
	while (cap < l->n + more)
		cap *= 2;
	struct report_input *v = realloc(l->v, cap * sizeof *v);
	if (!v)
		return -1;
	l->v = v;
	l->cap = cap;
	return 0;
}

static char *put_string(char *at, const char *s, size_t len, const char **field)
{
	memcpy(at, s, len);
	at[len] = 0;
	*field = at;
	return at + len + 1;
}

/* What an input is kept from; each string is n bytes, not necessarily terminated. */
struct source {
	struct {
		const char *p;
		size_t n;
	} name, error, warning, format, compression;
	int failed;
	const struct tally *t;
};

static void put_fixed(char *to, size_t size, const char *p, size_t n)
{
	n = n < size - 1 ? n : size - 1;
	memcpy(to, p, n);
	to[n] = 0;
}

static int add(struct report_inputs *l, const struct source *src)
{
	const struct tally *t = src->t;
	uint16_t met[TALLY_CODES]; /* one pass over the table, then only the codes met */
	size_t ncodes = 0;
	for (int c = 0; c < TALLY_CODES; c++)
		if (t->count[c])
			met[ncodes++] = (uint16_t)c;
	if (grow(l, 1) != 0)
		return -1;
	const struct tally_upstream *up = &t->upstream;
	int has_up = up->lines || up->none || up->others || up->n; /* rare: kept only then */
	struct report_input_code *codes =
	        malloc(ncodes * sizeof *codes + (has_up ? sizeof *up : 0) + src->name.n +
	               src->error.n + src->warning.n + 3);
	if (!codes)
		return -1;
	struct report_input *in = &l->v[l->n];
	memset(in, 0, sizeof *in);
	for (size_t k = 0; k < ncodes; k++)
		codes[k] =
		        (struct report_input_code){met[k], t->count[met[k]], t->code_bytes[met[k]]};
	char *at = (char *)(codes + ncodes);
	if (has_up) { /* codes are 8-byte aligned, so is what follows them */
		in->upstream = memcpy(at, up, sizeof *up);
		at += sizeof *up;
	}
	at = put_string(at, src->name.p, src->name.n, &in->name);
	at = put_string(at, src->error.p, src->error.n, &in->error);
	put_string(at, src->warning.p, src->warning.n, &in->warning);
	put_fixed(in->format, sizeof in->format, src->format.p, src->format.n);
	put_fixed(in->compression, sizeof in->compression, src->compression.p, src->compression.n);
	in->failed = src->failed;
	REPORT_INPUT_SCALARS(in, t);
	in->ncodes = ncodes;
	in->codes = codes;
	l->n++;
	return 0;
}

#define BOUNDED(buf)                                                                               \
	{                                                                                          \
		(buf), strnlen((buf), sizeof(buf))                                                 \
	}

int report_inputs_add(struct report_inputs *l, const struct input_result *res)
{
	struct source src = {.name = BOUNDED(res->name),
	                     .error = BOUNDED(res->error),
	                     .warning = BOUNDED(res->warning),
	                     .format = BOUNDED(res->format),
	                     .compression = BOUNDED(res->compression),
	                     .failed = res->failed,
	                     .t = &res->tally};
	if (!res->failed)
		src.error.n = 0;
	if (add(l, &src) != 0)
		return -1;
	l->v[l->n - 1].window_skipped = res->window_skipped;
	l->v[l->n - 1].until_skipped = res->until_skipped;
	return 0;
}

int report_inputs_add_tally(struct report_inputs *l, const char *name, const struct tally *t)
{
	struct source src = {.name = {name, strlen(name)},
	                     .error = {"", 0},
	                     .warning = {"", 0},
	                     .format = {"", 0},
	                     .compression = {"", 0},
	                     .t = t};
	return add(l, &src);
}

int report_inputs_take(struct report_inputs *dst, struct report_inputs *src)
{
	if (grow(dst, src->n) != 0)
		return -1;
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
	dst->n += src->n;
	free(src->v);
	*src = (struct report_inputs){0};
	return 0;
}

void report_inputs_free(struct report_inputs *l)
{
	for (size_t i = 0; i < l->n; i++) /* codes heads the block of each input */
		free((void *)l->v[i].codes);
	free(l->v);
	*l = (struct report_inputs){0};
}

static int by_name(const void *a, const void *b)
{
	const struct report_input_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

void report_inputs_by_name(const struct report_input *v, size_t n, struct report_input_ref *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct report_input_ref){v[i].name, i};
	if (n > 1)
		qsort(out, n, sizeof *out, by_name);
}

const struct tally *report_input_tally(const struct report_input *in, struct tally *scratch)
{
	tally_init(scratch);
	REPORT_INPUT_SCALARS(scratch, in);
	if (in->upstream)
		scratch->upstream = *in->upstream;
	for (size_t k = 0; k < in->ncodes; k++) {
		scratch->count[in->codes[k].code] = in->codes[k].count;
		scratch->code_bytes[in->codes[k].code] = in->codes[k].bytes;
	}
	return scratch;
}

uint64_t report_input_class_count(const struct report_input *in, int cls)
{
	uint64_t n = 0;
	for (size_t k = 0; k < in->ncodes; k++) {
		int c = in->codes[k].code / 100;
		if ((c >= 1 && c <= 5 ? c : 0) == cls)
			n = sat_add(n, in->codes[k].count);
	}
	return n;
}
