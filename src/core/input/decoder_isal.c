/* decoder_isal.c — the ISA-L (igzip) deflate engine behind the gzip member framing of
 * decoder_gzip.c. Built only when CMake finds libisal (LOGSTAT_HAVE_ISAL=1). With
 * crc_flag ISAL_GZIP, isal_inflate parses the header and checks CRC32 and ISIZE; at the
 * end of a member it hands back the bytes it read ahead, so the next member's bytes stay
 * in the caller's buffer. */
#include <isa-l/igzip_lib.h>
#include <stdint.h>

#include "decoder_impl.h"

static void isal_start(struct inflate_state *s)
{
	s->crc_flag = ISAL_GZIP;
	s->hist_bits = 0; /* full 32 KiB window */
}

static int isal_init(void *st)
{
	isal_inflate_init(st);
	isal_start(st);
	return 0;
}

static void isal_fini(void *st)
{
	(void)st;
}

static void isal_reset(void *st)
{
	isal_inflate_reset(st);
	isal_start(st);
}

static const char *isal_message(int ret)
{
	switch (ret) {
	case ISAL_INVALID_BLOCK:
		return "invalid deflate block";
	case ISAL_INVALID_SYMBOL:
		return "invalid deflate symbol";
	case ISAL_INVALID_LOOKBACK:
		return "invalid distance too far back";
	case ISAL_INVALID_WRAPPER:
		return "invalid gzip header";
	case ISAL_UNSUPPORTED_METHOD:
		return "unknown compression method";
	case ISAL_INCORRECT_CHECKSUM:
		return "incorrect checksum";
	default:
		return "isa-l internal error";
	}
}

/* One isal_inflate() call per 4 GiB of buffer (ISA-L's counts are 32-bit). */
static enum gzip_run isal_run(void *st, struct dbuf_in *in, struct dbuf_out *out, const char **msg)
{
	struct inflate_state *s = st;
	unsigned char sink;
	for (;;) {
		size_t ai = in->size - in->pos, ao = out->size - out->pos;
		s->next_in = ai ? (uint8_t *)(uintptr_t)(in->ptr + in->pos) : &sink;
		s->avail_in = ai > UINT32_MAX ? UINT32_MAX : (uint32_t)ai;
		s->next_out = ao ? out->ptr + out->pos : &sink;
		s->avail_out = ao > UINT32_MAX ? UINT32_MAX : (uint32_t)ao;
		uint32_t given_in = s->avail_in, given_out = s->avail_out;
		int ret = isal_inflate(s);
		in->pos += given_in - s->avail_in;
		out->pos += given_out - s->avail_out;
		if (ret < 0 || ret == ISAL_NEED_DICT) {
			*msg = isal_message(ret);
			return GZIP_RUN_ERROR;
		}
		if (s->block_state == ISAL_BLOCK_FINISH)
			return GZIP_RUN_END;
		int progress = given_in != s->avail_in || given_out != s->avail_out;
		if (!progress || out->pos == out->size)
			return GZIP_RUN_MORE;
	}
}

static const struct gzip_inflater isal_inflater = {
        .init = isal_init,
        .fini = isal_fini,
        .reset = isal_reset,
        .run = isal_run,
};

const struct decoder_backend decoder_isal_backend = {
        .kind = DECODER_GZIP,
        .inflater = INFLATER_ISAL,
        .name = "isal",
        .state_size = GZIP_STATE_SIZE(sizeof(struct inflate_state)),
        .arg = &isal_inflater,
        .init = gzip_init,
        .fini = gzip_fini,
        .step = gzip_step,
        .finish = gzip_finish,
};
