/* fuzz_decoder.c — hostile compressed streams through each decoder with odd buffer
 * sizes; the first byte picks the kind, the inflater and the slice sizes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decoder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t ctl = data[0];
	enum decoder_kind kind = (enum decoder_kind)(ctl % 3);
	enum decoder_inflater inf =
	        (ctl & 4) && decoder_have_isal() ? INFLATER_ISAL : INFLATER_ZLIB;
	struct decoder *dec = decoder_new(kind, inf);
	if (!dec)
		return 0;
	size_t in_step = 1 + ((ctl >> 3) & 7) * 97, out_cap = 1 + ((ctl >> 6) & 3) * 4093;
	unsigned char *out = malloc(out_cap);
	const uint8_t *p = data + 1, *end = data + size;
	int failed = 0;
	while (!failed && p < end) {
		size_t n = (size_t)(end - p) < in_step ? (size_t)(end - p) : in_step;
		unsigned char *slice = malloc(n);
		memcpy(slice, p, n);
		struct dbuf_in in = {slice, n, 0};
		for (int guard = 0; !failed && in.pos < in.size && guard < 1000000; guard++) {
			struct dbuf_out o = {out, out_cap, 0};
			failed = decoder_step(dec, &in, &o) != 0;
			if (!failed && o.pos == 0 && in.pos < in.size && guard > 100000)
				abort(); /* no progress with room to write: a hang */
		}
		p += in.pos ? in.pos : n;
		free(slice);
	}
	if (!failed) {
		struct dbuf_in in = {NULL, 0, 0};
		for (int i = 0; i < 100000; i++) {
			struct dbuf_out o = {out, out_cap, 0};
			if (decoder_step(dec, &in, &o) != 0 || o.pos == 0)
				break;
		}
		if (decoder_finish(dec) != 0 && !decoder_error(dec))
			abort();
	} else if (!decoder_error(dec)) {
		abort();
	}
	free(out);
	decoder_free(dec);
	return 0;
}
