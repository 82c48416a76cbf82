/* skipped.c — catching "#Fields:" lines in the bytes a resumed run drops, so its rows are
 * read with the columns the file declared before the resume point. */
#include "skipped.h"

#include <string.h>

void skipped_init(struct skipped *s)
{
	memset(s, 0, sizeof *s);
	s->at_start = 1;
}

static void end_line(struct skipped *s)
{
	static const char tag[] = "#Fields:";
	if (!s->overflow && s->cur_len >= sizeof tag - 1 &&
	    memcmp(s->cur, tag, sizeof tag - 1) == 0) {
		unsigned slot = s->kept++ % W3C_LAYOUTS;
		memcpy(s->line[slot], s->cur, s->cur_len);
		s->len[slot] = s->cur_len;
	}
	s->capturing = s->overflow = 0;
	s->cur_len = 0;
	s->at_start = 1;
}

void skipped_feed(struct skipped *s, const char *p, size_t n)
{
	const char *end = p + n;
	while (p < end) {
		if (s->at_start) {
			s->capturing = *p == '#';
			s->at_start = 0;
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (s->capturing) {
			size_t take = (size_t)(stop - p);
			if (take > 0 && stop[-1] == '\r' && nl)
				take--;
			if (s->cur_len + take > SKIPPED_LINE_MAX)
				s->overflow = 1;
			else
				memcpy(s->cur + s->cur_len, p, take), s->cur_len += take;
		}
		if (!nl)
			return;
		if (s->capturing)
			end_line(s);
		s->at_start = 1;
		p = nl + 1;
	}
}

void skipped_restart(struct skipped *s)
{
	s->capturing = s->overflow = 0;
	s->cur_len = 0;
	s->at_start = 1;
}

size_t skipped_text(const struct skipped *s, char *out, size_t cap)
{
	unsigned n = s->kept < W3C_LAYOUTS ? s->kept : W3C_LAYOUTS;
	size_t w = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned slot = (s->kept - n + i) % W3C_LAYOUTS;
		if (w + s->len[slot] + 1 > cap)
			break;
		memcpy(out + w, s->line[slot], s->len[slot]);
		w += s->len[slot];
		out[w++] = '\n';
	}
	return w;
}
