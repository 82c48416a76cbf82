/* decoder.c — format detection and dispatch to the decoder backends.
 * Everything format-specific lives in the backend files; this file only picks a row of
 * the backend table, owns the state block, counts consumed bytes and keeps the error. */
#include "decoder.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decoder_impl.h"

struct decoder {
	const struct decoder_backend *be;
	void *state;       /* be->state_size bytes, allocated with the decoder */
	uint64_t consumed; /* compressed bytes consumed before the current step */
	size_t step_pos;   /* in->pos when the current step began */
	int failed;
	uint64_t err_off;
	char err[160];
};

static const struct decoder_backend *const backends[] = {
        &decoder_plain_backend,
        &decoder_zlib_backend,
#if LOGSTAT_HAVE_ISAL
        &decoder_isal_backend,
#endif
        &decoder_zstd_backend,
};

enum decoder_kind decoder_detect(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return DECODER_GZIP;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		return DECODER_ZSTD;
	/* Skippable frame: little-endian 0x184D2A50..0x184D2A5F. */
	if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18)
		return DECODER_ZSTD;
	return DECODER_PLAIN;
}

const char *decoder_kind_name(enum decoder_kind kind)
{
	switch (kind) {
	case DECODER_PLAIN:
		return "plain";
	case DECODER_GZIP:
		return "gzip";
	case DECODER_ZSTD:
		return "zstd";
	}
	return "unknown";
}

int decoder_have_isal(void)
{
	return LOGSTAT_HAVE_ISAL;
}

/* The backend for kind; for gzip, the one whose inflater was asked for. */
static const struct decoder_backend *decoder_pick(enum decoder_kind kind,
                                                  enum decoder_inflater inflater)
{
	if (kind == DECODER_GZIP && inflater == INFLATER_AUTO)
		inflater = decoder_have_isal() ? INFLATER_ISAL : INFLATER_ZLIB;
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		const struct decoder_backend *be = backends[i];
		if (be->kind != kind)
			continue;
		if (kind != DECODER_GZIP || be->inflater == inflater)
			return be;
	}
	return NULL;
}

struct decoder *decoder_new(enum decoder_kind kind, enum decoder_inflater inflater)
{
	const struct decoder_backend *be = decoder_pick(kind, inflater);
	if (!be)
		return NULL;
	size_t head = DECODER_ALIGN(sizeof(struct decoder));
	struct decoder *dec = calloc(1, head + be->state_size);
	if (!dec)
		return NULL;
	dec->be = be;
	dec->state = (char *)dec + head;
	if (be->init(be, dec->state) < 0) {
		decoder_free(dec);
		return NULL;
	}
	return dec;
}

void decoder_free(struct decoder *dec)
{
	if (!dec)
		return;
	dec->be->fini(dec->state);
	free(dec);
}

const char *decoder_impl_name(const struct decoder *dec)
{
	return dec->be->name;
}

int decoder_step(struct decoder *dec, struct dbuf_in *in, struct dbuf_out *out)
{
	if (dec->failed)
		return -1;
	dec->step_pos = in->pos;
	int r = dec->be->step(dec, dec->state, in, out);
	dec->consumed += in->pos - dec->step_pos;
	dec->step_pos = in->pos;
	return r;
}

int decoder_finish(struct decoder *dec)
{
	if (dec->failed)
		return -1;
	return dec->be->finish(dec, dec->state);
}

const char *decoder_error(const struct decoder *dec)
{
	return dec->failed ? dec->err : NULL;
}

uint64_t decoder_error_offset(const struct decoder *dec)
{
	return dec->err_off;
}

uint64_t decoder_consumed(const struct decoder *dec)
{
	return dec->consumed;
}

void decoder_fail(struct decoder *dec, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dec->err, sizeof dec->err, fmt, ap);
	va_end(ap);
	dec->failed = 1;
	dec->err_off = off;
}

uint64_t decoder_offset(const struct decoder *dec, const struct dbuf_in *in)
{
	return dec->consumed + (in->pos - dec->step_pos);
}
