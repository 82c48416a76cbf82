/* skipped.h — the W3C "#Fields:" lines a reader has passed: in the part of an input a
 * resumed run skips (they give the columns of the rows after the resume point), and before
 * each block handed to the scanning threads (so blocks of such inputs scan in parallel).
 * Fed bytes in order; keeps the last few such lines, bounded. Private to src/core/scan. */
#ifndef LOGSTAT_SKIPPED_H
#define LOGSTAT_SKIPPED_H

#include <stddef.h>

#include "logformat.h"

#define SKIPPED_LINE_MAX 2048 /* a longer directive is not kept */

struct skipped {
	char line[W3C_LAYOUTS][SKIPPED_LINE_MAX];
	size_t len[W3C_LAYOUTS];
	unsigned kept; /* lines seen in all; the last W3C_LAYOUTS are in the ring */
	char cur[SKIPPED_LINE_MAX];
	size_t cur_len;
	int at_start, capturing, overflow;
};

void skipped_init(struct skipped *s);

/* The next n skipped bytes. */
void skipped_feed(struct skipped *s, const char *p, size_t n);

/* The next bytes start a line (a block after a dropped too-long line). */
void skipped_restart(struct skipped *s);

/* The kept lines, oldest first, each with its newline, into out (cap bytes; the ring
 * fits in W3C_LAYOUTS * SKIPPED_LINE_MAX). Returns the bytes written. */
size_t skipped_text(const struct skipped *s, char *out, size_t cap);

#endif
