/* decoder_zstd.c — zstd frames through libzstd's streaming decoder, which continues
 * across concatenated frames and skips skippable frames by itself. This file only tracks
 * whether the stream sits on a frame boundary, to tell truncation and trailing garbage
 * from corruption. Frame numbers in messages count skippable frames too. The window is
 * bounded (docs/compression.md): a frame asking for more is refused by name. */
#include <stdio.h>
#include <string.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "decoder_impl.h"

/* Windows up to 2^27 bytes (128 MiB: zstd --long=27, --ultra -22), libzstd's own default
 * limit. Decoding such a frame takes about 150 MB; a larger window is refused. */
#define ZSTD_WINDOW_LOG_MAX 27

struct zstd_state {
	ZSTD_DStream *ds;
	int boundary;           /* the last frame is complete and flushed */
	uint64_t frames;        /* complete frames so far */
	uint64_t frame_at;      /* offset where the current frame began */
	size_t hint;            /* input libzstd wants next: the rest of a block or header */
	size_t first_hint;      /* what it wants at the start of a frame */
	unsigned char head[16]; /* the first bytes of the current frame, for messages */
	size_t head_len;
};

static int zstd_init(const struct decoder_backend *be, void *state)
{
	struct zstd_state *z = state;
	(void)be;
	z->ds = ZSTD_createDStream();
	if (!z->ds)
		return -1;
	z->first_hint = ZSTD_initDStream(z->ds);
	if (ZSTD_isError(z->first_hint) || z->first_hint == 0 ||
	    ZSTD_isError(ZSTD_DCtx_setParameter(z->ds, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX)))
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

/* The window log a frame header at p asks for (RFC 8878 3.1.1.1.2), or 0 when p does not
 * hold a frame header with a window descriptor (a single-segment frame has none). */
static unsigned window_log(const unsigned char *p, size_t n)
{
	if (n < 6 || p[0] != 0x28 || p[1] != 0xb5 || p[2] != 0x2f || p[3] != 0xfd || (p[4] & 0x20))
		return 0;
	return 10u + (p[5] >> 3);
}

static void window_fail(struct decoder *dec, const struct zstd_state *z, uint64_t at,
                        const unsigned char *p, size_t n)
{
	unsigned char head[sizeof z->head];
	size_t k = sizeof head - z->head_len < n ? sizeof head - z->head_len : n;
	memcpy(head, z->head, z->head_len);
	if (k)
		memcpy(head + z->head_len, p, k);
	unsigned wl = window_log(head, z->head_len + k);
	char need[96] = "a window";
	if (wl > ZSTD_WINDOW_LOG_MAX)
		snprintf(need, sizeof need, "a %llu MiB window (made with zstd --long=%u)",
		         1ull << (wl - 20), wl);
	decoder_fail(dec, at,
	             "zstd frame %llu needs %s: more than the %u MiB (zstd --long=%u) logstat "
	             "decodes; recompress it with a smaller --long",
	             (unsigned long long)z->frames + 1, need, 1u << (ZSTD_WINDOW_LOG_MAX - 20),
	             ZSTD_WINDOW_LOG_MAX);
}

/* libzstd leaves the input position where it was on an error, so the offset is the end
 * of what the failing call was offered: at most one block, thanks to the hints. */
static int zstd_fail(struct decoder *dec, const struct zstd_state *z, uint64_t at, size_t ret,
                     const struct dbuf_in *in)
{
	if (ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge) {
		window_fail(dec, z, z->frame_at, in->ptr + in->pos, in->size - in->pos);
		return -1;
	}
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
			return zstd_fail(dec, z, decoder_offset(dec, in) + offer, ret, in);
		int progress = zi.pos != in->pos || zo.pos != out->pos;
		size_t keep = sizeof z->head - z->head_len, used = zi.pos - in->pos;
		if (used > keep)
			used = keep;
		if (used) /* the frame's first bytes, for a message naming its window */
			memcpy(z->head + z->head_len, in->ptr + in->pos, used);
		z->head_len += used;
		in->pos = zi.pos;
		out->pos = zo.pos;
		if (!progress)
			return 0;
		if (ret == 0) { /* progress that returns 0 completed a frame */
			z->frames++;
			z->frame_at = decoder_offset(dec, in);
			z->head_len = 0;
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
