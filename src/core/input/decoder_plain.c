/* decoder_plain.c — the identity decoder: uncompressed input is copied to the output
 * buffer as it comes. There is no framing, so any length is a complete stream. */
#include <string.h>

#include "decoder_impl.h"

static int plain_init(const struct decoder_backend *be, void *state)
{
	(void)be;
	(void)state;
	return 0;
}

static void plain_fini(void *state)
{
	(void)state;
}

static int plain_step(struct decoder *dec, void *state, struct dbuf_in *in, struct dbuf_out *out)
{
	(void)dec;
	(void)state;
	size_t n = in->size - in->pos;
	if (n > out->size - out->pos)
		n = out->size - out->pos;
	if (n) {
		memcpy(out->ptr + out->pos, in->ptr + in->pos, n);
		in->pos += n;
		out->pos += n;
	}
	return 0;
}

static int plain_finish(struct decoder *dec, void *state)
{
	(void)dec;
	(void)state;
	return 0;
}

const struct decoder_backend decoder_plain_backend = {
        .kind = DECODER_PLAIN,
        .inflater = INFLATER_AUTO,
        .name = "plain",
        .state_size = 0,
        .init = plain_init,
        .fini = plain_fini,
        .step = plain_step,
        .finish = plain_finish,
};
