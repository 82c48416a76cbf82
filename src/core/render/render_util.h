/* render_util.h — private to the renderers (src/core/render) and the codes printer
 * (src/cli/codes_print.c): the small rules every output must apply the same way (class
 * order and titles, terminal colors, percentages, escaped strings). Not part of the
 * library's interface; report.h holds what other callers use. */
#ifndef LOGSTAT_RENDER_UTIL_H
#define LOGSTAT_RENDER_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

#define RENDER_RESET "\033[0m"
#define RENDER_BOLD "\033[1m"
#define RENDER_DIM "\033[2m"

/* The class shown k-th (0 ≤ k < TALLY_CLASSES): 1xx..5xx, then "other" (0). Every
 * output lists classes in this order. */
static inline int render_class_at(int k)
{
	return k < 5 ? k + 1 : 0;
}

/* ANSI color of class cls (0 "other" .. 5), and its title ("Client error"). */
const char *render_class_color(int cls);
const char *render_class_title(int cls);

/* c when on, else "": a color escape only where the caller allows colors. */
static inline const char *render_col(int on, const char *c)
{
	return on ? c : "";
}

/* part as a percentage of whole; 0 when whole is 0. */
static inline double render_percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* Columns render_sanitized takes for byte c: 1, 2 for a backslash, 4 for \xHH. */
static inline size_t render_sanitized_width(unsigned char c)
{
	return c == '\\' ? 2 : c >= 0x20 && c < 0x7f ? 1 : 4;
}

/* "5m", "3h", "2d": a timeline width (whole minutes, hours or days). Returns buf. */
char *render_duration(int64_t s, char *buf, size_t size);

/* Length of the valid UTF-8 sequence at p (1..4; n > 0), or 0 when it is not valid
 * (overlong, surrogate, beyond U+10FFFF, cut short). */
size_t render_utf8_len(const unsigned char *p, size_t n);

/* render_sanitized and render_json_string of a NUL-terminated string. */
static inline void render_sanitized_str(FILE *out, const char *s)
{
	render_sanitized(out, (const unsigned char *)s, strlen(s));
}

static inline void render_json_str(FILE *out, const char *s)
{
	render_json_string(out, (const unsigned char *)s, strlen(s));
}

/* Bytes of the example's input that a --since seek did not read: its line number then
 * counts from that point ("+N" in text and HTML). 0: a line number from the start. */
static inline uint64_t render_example_skip(const struct report *r, const struct tally_example *ex)
{
	return ex->input < r->ninputs ? r->inputs[ex->input].window_skipped : 0;
}

/* Bytes before --since (after: 0) or after --until (after: 1) that no input read, all
 * inputs added. */
static inline uint64_t render_window_skipped(const struct report *r, int after)
{
	uint64_t n = 0;
	for (size_t i = 0; i < r->ninputs; i++)
		n += after ? r->inputs[i].until_skipped : r->inputs[i].window_skipped;
	return n;
}

#endif
