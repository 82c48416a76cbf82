/* decoder_impl.h — private contract between decoder.c and its backends.
 * A backend is one const struct decoder_backend (a row in decoder.c's table) plus a
 * state block of state_size bytes that decoder.c allocates together with the decoder.
 * gzip framing (members, padding, trailing garbage) is shared by the zlib and ISA-L
 * backends through struct gzip_inflater. */
#ifndef LOGSTAT_DECODER_IMPL_H
#define LOGSTAT_DECODER_IMPL_H

#include "decoder.h"

#include <stddef.h>

#ifndef LOGSTAT_HAVE_ISAL
#define LOGSTAT_HAVE_ISAL 0
#endif

/* Rounds a state size up so that a second block can follow it. */
#define DECODER_ALIGN(n) (((n) + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1))

struct decoder_backend {
	enum decoder_kind kind;
	enum decoder_inflater inflater; /* INFLATER_AUTO for backends other than gzip */
	const char *name;               /* decoder_impl_name() */
	size_t state_size;
	const void *arg; /* backend-specific constant (gzip: its inflater) */
	/* Set up a zeroed state; 0, or -1 when out of memory. fini is then always called. */
	int (*init)(const struct decoder_backend *be, void *state);
	void (*fini)(void *state);
	/* As decoder_step; on -1 the backend has called decoder_fail. */
	int (*step)(struct decoder *dec, void *state, struct dbuf_in *in, struct dbuf_out *out);
	/* As decoder_finish; on -1 the backend has called decoder_fail. */
	int (*finish)(struct decoder *dec, void *state);
};

/* Record an error at compressed offset off (printf-style message, truncated to fit). */
void decoder_fail(struct decoder *dec, uint64_t off, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Absolute compressed offset of in->pos during the current decoder_step. */
uint64_t decoder_offset(const struct decoder *dec, const struct dbuf_in *in);

/* gzip: the deflate engine behind the shared member framing in decoder_gzip.c. */
enum gzip_run { GZIP_RUN_MORE, GZIP_RUN_END, GZIP_RUN_ERROR };

struct gzip_inflater {
	int (*init)(void *st); /* 0, or -1 when out of memory */
	void (*fini)(void *st);
	/* Ready for a new member. The framing parses each member's real header itself and
	 * then gives the engine a canonical 10-byte header (no optional fields) in one run
	 * call, followed by the member's deflate data and trailer: both engines see the
	 * same simple header in one piece, and check CRC32 and ISIZE. */
	void (*reset)(void *st);
	/* Inflate the current member from in into out. MORE: needs more input or room;
	 * END: the trailer was read and CRC32/ISIZE match, in->pos is just past it;
	 * ERROR: *msg says why (static string). */
	enum gzip_run (*run)(void *st, struct dbuf_in *in, struct dbuf_out *out, const char **msg);
};

/* Member framing state; the inflater's state follows it at GZIP_FRAME_SIZE. */
struct gzip_frame {
	const struct gzip_inflater *inf;
	int phase;        /* between members, in a member's header, or in its body */
	int held;         /* 1: a 0x1f was seen between members, 0x8b may follow */
	int padding;      /* zero bytes follow the last member */
	int field;        /* header field being read */
	unsigned flags;   /* FLG of the member's header */
	uint32_t left;    /* bytes left in the current header field */
	uint32_t value;   /* little-endian XLEN or header CRC16 being read */
	uint32_t crc;     /* CRC32 of the header so far, for FHCRC */
	uint64_t held_at; /* offset of that held 0x1f */
	uint64_t members; /* complete members so far */
};
#define GZIP_FRAME_SIZE DECODER_ALIGN(sizeof(struct gzip_frame))
#define GZIP_STATE_SIZE(inflater_state) (GZIP_FRAME_SIZE + (inflater_state))

/* The decoder_backend functions of both gzip backends (arg: the gzip_inflater). */
int gzip_init(const struct decoder_backend *be, void *state);
void gzip_fini(void *state);
int gzip_step(struct decoder *dec, void *state, struct dbuf_in *in, struct dbuf_out *out);
int gzip_finish(struct decoder *dec, void *state);

extern const struct decoder_backend decoder_plain_backend;
extern const struct decoder_backend decoder_zlib_backend;
extern const struct decoder_backend decoder_zstd_backend;
#if LOGSTAT_HAVE_ISAL
extern const struct decoder_backend decoder_isal_backend;
#endif

#endif
