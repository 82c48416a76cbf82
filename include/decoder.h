/* decoder.h — streaming decompression of one input, chosen from its first bytes.
 * Plain, gzip (concatenated members) and zstd (concatenated and skippable frames).
 * Backends are small vtables (decoder_plain.c, decoder_gzip.c, decoder_isal.c,
 * decoder_zstd.c); this header is the only contract the rest of the core sees. */
#ifndef LOGSTAT_DECODER_H
#define LOGSTAT_DECODER_H

#include <stddef.h>
#include <stdint.h>

enum decoder_kind { DECODER_PLAIN, DECODER_GZIP, DECODER_ZSTD };

/* Which inflater a gzip decoder uses. AUTO picks ISA-L when built with it, else zlib. */
enum decoder_inflater { INFLATER_AUTO, INFLATER_ZLIB, INFLATER_ISAL };

/* Caller-owned buffers, in the style of zstd: the decoder advances pos. */
struct dbuf_in {
	const unsigned char *ptr;
	size_t size;
	size_t pos;
};
struct dbuf_out {
	unsigned char *ptr;
	size_t size;
	size_t pos;
};

struct decoder;

/* Smallest prefix decoder_detect needs to be sure; fewer bytes (a short file) is fine. */
#define DECODER_MAGIC_BYTES 4

/* Kind of stream that starts with p[0..n). Never fails: unknown bytes are plain text. */
enum decoder_kind decoder_detect(const unsigned char *p, size_t n);

/* "plain", "gzip", "zstd". Static strings. */
const char *decoder_kind_name(enum decoder_kind kind);

/* 1 when this build has ISA-L's inflate, else 0. */
int decoder_have_isal(void);

/* New decoder, or NULL when out of memory or when INFLATER_ISAL is asked of a build
 * without it. Free with decoder_free. A decoder is used by one thread at a time. */
struct decoder *decoder_new(enum decoder_kind kind, enum decoder_inflater inflater);
void decoder_free(struct decoder *dec);

/* Name of the implementation in use: "plain", "zlib", "isal", "zstd". */
const char *decoder_impl_name(const struct decoder *dec);

/* Decompress as much of in as fits into out. Returns 0 on progress (including none when
 * out is full or in is empty), -1 on a corrupt stream: then decoder_error() says why and
 * decoder_error_offset() where. After an error the decoder refuses further input.
 * Concatenated gzip members and zstd frames continue transparently; zstd skippable
 * frames are skipped. Bytes after the last gzip member that do not start a new member
 * are an error ("trailing garbage"). */
int decoder_step(struct decoder *dec, struct dbuf_in *in, struct dbuf_out *out);

/* Call once after the last input byte was given to decoder_step and out drained (call
 * decoder_step with empty input until it produces nothing). Returns 0 when the stream
 * ended on a member/frame boundary, -1 when it was truncated (decoder_error says so). */
int decoder_finish(struct decoder *dec);

/* Last error message (static or owned by dec; valid until the next call), or NULL. */
const char *decoder_error(const struct decoder *dec);

/* Offset in the compressed input (bytes consumed so far) where the error was seen. */
uint64_t decoder_error_offset(const struct decoder *dec);

/* Total compressed bytes consumed so far. */
uint64_t decoder_consumed(const struct decoder *dec);

#endif
