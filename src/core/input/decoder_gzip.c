/* decoder_gzip.c — gzip (RFC 1952) member framing, shared by every deflate engine, and
 * the zlib engine. The framing finds each member's magic, reads and checks its header
 * (FEXTRA, FNAME, FCOMMENT, FHCRC) as it streams by, then hands the engine a canonical
 * header and the member's deflate data and trailer. Parsing the header here keeps zlib
 * and ISA-L identical on headers, and ISA-L's own header reader needs the whole header in
 * one buffer (intel/isa-l#224), which 1-byte input slices cannot promise.
 *
 * What may follow a complete member: another member (1f 8b), or a run of zero bytes up to
 * the end of the input. Zero padding is what tape and block-device writers leave and GNU
 * gzip accepts it too, so it is accepted silently and produces nothing. Once padding
 * started, any non-zero byte (even a new magic) is "trailing garbage", reported at that
 * byte's offset; so is any byte after a member that is neither zero nor a magic. */
#define ZLIB_CONST
#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "decoder_impl.h"

enum { GZIP_BETWEEN, GZIP_HEADER, GZIP_BODY };
enum { GZF_FIXED, GZF_XLEN, GZF_EXTRA, GZF_NAME, GZF_COMMENT, GZF_HCRC, GZF_DONE };
enum { FLG_HCRC = 2, FLG_EXTRA = 4, FLG_NAME = 8, FLG_COMMENT = 16, FLG_RESERVED = 0xe0 };

static const unsigned char gzip_magic[2] = {0x1f, 0x8b};
/* What the engines are given instead of the real header: deflate, no flags, OS unknown. */
static const unsigned char gzip_canon[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};

static void *gzip_engine(struct gzip_frame *g)
{
	return (char *)g + GZIP_FRAME_SIZE;
}

int gzip_init(const struct decoder_backend *be, void *state)
{
	struct gzip_frame *g = state;
	g->inf = be->arg;
	return g->inf->init(gzip_engine(g));
}

void gzip_fini(void *state)
{
	struct gzip_frame *g = state;
	g->inf->fini(gzip_engine(g));
}

static int gzip_garbage(struct decoder *dec, const struct gzip_frame *g, uint64_t at)
{
	if (g->members == 0)
		decoder_fail(dec, at, "not a gzip stream (bad magic at byte %llu)",
		             (unsigned long long)at);
	else
		decoder_fail(dec, at, "trailing garbage after gzip member at byte %llu",
		             (unsigned long long)at);
	return -1;
}

static int gzip_corrupt(struct decoder *dec, const struct gzip_frame *g, const struct dbuf_in *in,
                        const char *why)
{
	decoder_fail(dec, decoder_offset(dec, in), "corrupt gzip stream (member %llu): %s",
	             (unsigned long long)g->members + 1, why);
	return -1;
}

/* Between members: consume padding and magic bytes. 1 when a magic was completed (a
 * header follows), 0 when in ran out, -1 on garbage. */
static int gzip_between(struct decoder *dec, struct gzip_frame *g, struct dbuf_in *in)
{
	while (in->pos < in->size) {
		unsigned char c = in->ptr[in->pos];
		if (g->held) {
			if (c != gzip_magic[1])
				return gzip_garbage(dec, g, g->held_at);
			in->pos++;
			g->held = 0;
			return 1;
		}
		if (c == gzip_magic[0] && !g->padding) {
			g->held = 1;
			g->held_at = decoder_offset(dec, in);
			in->pos++;
		} else if (c == 0 && g->members > 0) {
			g->padding = 1;
			in->pos++;
		} else {
			return gzip_garbage(dec, g, decoder_offset(dec, in));
		}
	}
	return 0;
}

/* Move to the next header field this member has (FLG says which; XLEN 0: no EXTRA). */
static void gzip_next_field(struct gzip_frame *g)
{
	static const unsigned flag_of[] = {0,        FLG_EXTRA,   FLG_EXTRA,
	                                   FLG_NAME, FLG_COMMENT, FLG_HCRC};
	uint32_t xlen = g->value;
	do
		g->field++;
	while (g->field < GZF_DONE &&
	       (!(g->flags & flag_of[g->field]) || (g->field == GZF_EXTRA && xlen == 0)));
	g->left = g->field == GZF_EXTRA ? xlen : 2;
	g->value = 0;
}

/* One byte of a fixed-size field (CM..OS, XLEN, header CRC16). NULL, or what is wrong. */
static const char *gzip_small_byte(struct gzip_frame *g, unsigned char c)
{
	uint32_t idx = (g->field == GZF_FIXED ? 8 : 2) - g->left;
	g->left--;
	if (g->field != GZF_FIXED)
		g->value |= (uint32_t)c << (8 * idx);
	else if (idx == 0 && c != 8)
		return "unknown compression method";
	else if (idx == 1 && (c & FLG_RESERVED))
		return "unknown header flags set";
	else if (idx == 1)
		g->flags = c;
	if (g->field == GZF_HCRC && g->left == 0 && g->value != (g->crc & 0xffff))
		return "header crc mismatch";
	return NULL;
}

/* Read the member's header (after the magic) without keeping it: 1 when it is complete,
 * 0 when in ran out, -1 when it is invalid. */
static int gzip_header(struct decoder *dec, struct gzip_frame *g, struct dbuf_in *in)
{
	while (g->field != GZF_DONE) {
		if (in->pos == in->size)
			return 0;
		const unsigned char *p = in->ptr + in->pos;
		size_t n = in->size - in->pos;
		int end;
		if (n > UINT_MAX) /* crc32() takes 32-bit lengths */
			n = UINT_MAX;
		if (g->field == GZF_NAME || g->field == GZF_COMMENT) {
			const unsigned char *nul = memchr(p, 0, n);
			end = nul != NULL;
			if (nul)
				n = (size_t)(nul - p) + 1;
		} else if (g->field == GZF_EXTRA) {
			n = n < g->left ? n : g->left;
			g->left -= (uint32_t)n;
			end = g->left == 0;
		} else {
			const char *why = gzip_small_byte(g, *p);
			if (why) {
				in->pos++; /* the offset counts the offending byte */
				return gzip_corrupt(dec, g, in, why);
			}
			n = 1;
			end = g->left == 0;
		}
		if (g->field != GZF_HCRC)
			g->crc = (uint32_t)crc32(g->crc, p, (uInt)n);
		in->pos += n;
		if (end)
			gzip_next_field(g);
	}
	return 1;
}

/* Start a member's body: the engine gets the canonical header, from a constant. */
static int gzip_begin(struct decoder *dec, struct gzip_frame *g, const struct dbuf_in *in)
{
	void *st = gzip_engine(g);
	unsigned char sink;
	struct dbuf_in head = {gzip_canon, sizeof gzip_canon, 0};
	struct dbuf_out none = {&sink, 0, 0};
	const char *msg = "engine did not take the header";
	g->inf->reset(st);
	if (g->inf->run(st, &head, &none, &msg) != GZIP_RUN_MORE || head.pos != head.size)
		return gzip_corrupt(dec, g, in, msg);
	g->phase = GZIP_BODY;
	return 0;
}

/* Advance through padding, magic and header to a member body. 1 when in one, 0 when in
 * ran out first, -1 on an error. */
static int gzip_to_body(struct decoder *dec, struct gzip_frame *g, struct dbuf_in *in)
{
	int r;
	if (g->phase == GZIP_BETWEEN) {
		if ((r = gzip_between(dec, g, in)) <= 0)
			return r;
		g->phase = GZIP_HEADER;
		g->field = GZF_FIXED;
		g->left = 8;
		g->flags = 0;
		g->crc = (uint32_t)crc32(0, gzip_magic, sizeof gzip_magic);
	}
	if ((r = gzip_header(dec, g, in)) <= 0)
		return r;
	return gzip_begin(dec, g, in) < 0 ? -1 : 1;
}

int gzip_step(struct decoder *dec, void *state, struct dbuf_in *in, struct dbuf_out *out)
{
	struct gzip_frame *g = state;
	for (;;) {
		if (g->phase != GZIP_BODY) {
			int r = gzip_to_body(dec, g, in);
			if (r <= 0)
				return r;
		}
		const char *msg = "corrupt data";
		enum gzip_run r = g->inf->run(gzip_engine(g), in, out, &msg);
		if (r == GZIP_RUN_MORE)
			return 0;
		if (r == GZIP_RUN_ERROR)
			return gzip_corrupt(dec, g, in, msg);
		g->phase = GZIP_BETWEEN;
		g->members++;
	}
}

int gzip_finish(struct decoder *dec, void *state)
{
	struct gzip_frame *g = state;
	uint64_t at = decoder_consumed(dec);
	if (g->phase != GZIP_BETWEEN || g->held) {
		decoder_fail(dec, at, "truncated gzip stream (ended inside member %llu)",
		             (unsigned long long)g->members + 1);
		return -1;
	}
	if (g->members == 0) {
		decoder_fail(dec, at, "truncated gzip stream (no data)");
		return -1;
	}
	return 0;
}

/* The zlib engine. windowBits 16+15 accepts the gzip wrapper only (never zlib's), and
 * makes inflate() check the header CRC when present, the CRC32 and the ISIZE. */
struct zlib_engine {
	z_stream zs;
	int ready;
};

static int zlib_init(void *st)
{
	struct zlib_engine *z = st;
	if (inflateInit2(&z->zs, 16 + MAX_WBITS) != Z_OK)
		return -1;
	z->ready = 1;
	return 0;
}

static void zlib_fini(void *st)
{
	struct zlib_engine *z = st;
	if (z->ready)
		inflateEnd(&z->zs);
	z->ready = 0;
}

static void zlib_reset(void *st)
{
	struct zlib_engine *z = st;
	inflateReset(&z->zs);
}

static const char *zlib_message(const z_stream *zs, int ret)
{
	switch (ret) {
	case Z_DATA_ERROR:
		return zs->msg ? zs->msg : "invalid deflate data";
	case Z_MEM_ERROR:
		return "out of memory";
	case Z_NEED_DICT:
		return "preset dictionary required";
	default:
		return "zlib internal error";
	}
}

/* One inflate() call per 4 GiB of buffer (zlib's counts are 32-bit). */
static enum gzip_run zlib_run(void *st, struct dbuf_in *in, struct dbuf_out *out, const char **msg)
{
	z_stream *zs = &((struct zlib_engine *)st)->zs;
	unsigned char sink;
	for (;;) {
		size_t ai = in->size - in->pos, ao = out->size - out->pos;
		zs->next_in = ai ? in->ptr + in->pos : &sink;
		zs->avail_in = ai > UINT_MAX ? UINT_MAX : (uInt)ai;
		zs->next_out = ao ? out->ptr + out->pos : &sink;
		zs->avail_out = ao > UINT_MAX ? UINT_MAX : (uInt)ao;
		uInt given_in = zs->avail_in, given_out = zs->avail_out;
		int ret = inflate(zs, Z_NO_FLUSH);
		in->pos += given_in - zs->avail_in;
		out->pos += given_out - zs->avail_out;
		if (ret == Z_STREAM_END)
			return GZIP_RUN_END;
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			*msg = zlib_message(zs, ret);
			return GZIP_RUN_ERROR;
		}
		int progress = given_in != zs->avail_in || given_out != zs->avail_out;
		if (!progress || out->pos == out->size)
			return GZIP_RUN_MORE;
	}
}

static const struct gzip_inflater zlib_inflater = {
        .init = zlib_init,
        .fini = zlib_fini,
        .reset = zlib_reset,
        .run = zlib_run,
};

const struct decoder_backend decoder_zlib_backend = {
        .kind = DECODER_GZIP,
        .inflater = INFLATER_ZLIB,
        .name = "zlib",
        .state_size = GZIP_STATE_SIZE(sizeof(struct zlib_engine)),
        .arg = &zlib_inflater,
        .init = gzip_init,
        .fini = gzip_fini,
        .step = gzip_step,
        .finish = gzip_finish,
};
