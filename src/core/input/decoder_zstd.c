/* decoder_zstd.c — zstd frames through libzstd's streaming decoder, which continues
 * across concatenated frames and skips skippable frames by itself. This file only tracks
 * whether the stream sits on a frame boundary, to tell truncation and trailing garbage
 * from corruption. Frame numbers in messages count skippable frames too. */
#include <zstd.h>
#include <zstd_errors.h>

#include "decoder_impl.h"

struct zstd_state {
	ZSTD_DStream *ds;
	int boundary;      /* the last frame is complete and flushed */
	uint64_t frames;   /* complete frames so far */
	uint64_t frame_at; /* offset where the current frame began */
	size_t hint;       /* input libzstd wants next: the rest of a block or header */
	size_t first_hint; /* what it wants at the start of a frame */
};

static int zstd_init(const struct decoder_backend *be, void *state)
{
	struct zstd_state *z = state;
	(void)be;
	z->ds = ZSTD_createDStream();
	if (!z->ds)
		return -1;
	z->first_hint = ZSTD_initDStream(z->ds);
	if (ZSTD_isError(z->first_hint) || z->first_hint == 0)
		return -1;
	z->hint = z->first_hint;
	z->boundary = 1;
	return 0;
}

static void zstd_fini(void *state)
{
	struct zstd_state *z = state;
	ZSTD_freeDStream(z->ds);
}

/* libzstd leaves the input position where it was on an error, so the offset is the end
 * of what the failing call was offered: at most one block, thanks to the hints. */
static int zstd_fail(struct decoder *dec, const struct zstd_state *z, uint64_t at, size_t ret)
{
	/* A bad magic where a frame should start: z->frame_at, whatever zstd buffered. */
	if (ZSTD_getErrorCode(ret) == ZSTD_error_prefix_unknown) {
		if (z->frames == 0)
			decoder_fail(dec, z->frame_at, "not a zstd stream (bad magic at byte 0)");
		else
			decoder_fail(dec, z->frame_at,
			             "trailing garbage after zstd frame at byte %llu",
			             (unsigned long long)z->frame_at);
	} else {
		decoder_fail(dec, at, "corrupt zstd stream (frame %llu): %s",
		             (unsigned long long)z->frames + 1, ZSTD_getErrorName(ret));
	}
	return -1;
}

/* ZSTD_decompressStream stops at the end of each frame (returning 0), so loop until a
 * call makes no progress or out is full. Each call is offered no more input than libzstd
 * asked for (one block and the next block header) so that an error can be placed; blocks
 * are still decoded straight from the caller's buffer when it holds them whole. */
static int zstd_step(struct decoder *dec, void *state, struct dbuf_in *in, struct dbuf_out *out)
{
	struct zstd_state *z = state;
	for (;;) {
		size_t avail = in->size - in->pos;
		size_t offer = avail < z->hint ? avail : z->hint;
		ZSTD_inBuffer zi = {in->ptr, in->pos + offer, in->pos};
		ZSTD_outBuffer zo = {out->ptr, out->size, out->pos};
		size_t ret = ZSTD_decompressStream(z->ds, &zo, &zi);
		if (ZSTD_isError(ret))
			return zstd_fail(dec, z, decoder_offset(dec, in) + offer, ret);
		int progress = zi.pos != in->pos || zo.pos != out->pos;
		in->pos = zi.pos;
		out->pos = zo.pos;
		if (!progress)
			return 0;
		if (ret == 0) { /* progress that returns 0 completed a frame */
			z->frames++;
			z->frame_at = decoder_offset(dec, in);
		}
		z->boundary = ret == 0;
		z->hint = ret ? ret : z->first_hint;
		if (out->pos == out->size)
			return 0;
	}
}

static int zstd_finish(struct decoder *dec, void *state)
{
	struct zstd_state *z = state;
	uint64_t at = decoder_consumed(dec);
	if (!z->boundary) {
		decoder_fail(dec, at, "truncated zstd stream (ended inside frame %llu)",
		             (unsigned long long)z->frames + 1);
		return -1;
	}
	if (z->frames == 0) {
		decoder_fail(dec, at, "truncated zstd stream (no data)");
		return -1;
	}
	return 0;
}

const struct decoder_backend decoder_zstd_backend = {
        .kind = DECODER_ZSTD,
        .inflater = INFLATER_AUTO,
        .name = "zstd",
        .state_size = sizeof(struct zstd_state),
        .init = zstd_init,
        .fini = zstd_fini,
        .step = zstd_step,
        .finish = zstd_finish,
};
