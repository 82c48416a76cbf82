/* render_html.h — private to the HTML report (render_html*.c): the escaper every byte
 * from a log, a file name or a codes file goes through, and the report's sections. A
 * section writes its body only; render_html.c wraps it and lists it in the page's
 * contents. */
#ifndef LOGSTAT_RENDER_HTML_H
#define LOGSTAT_RENDER_HTML_H

#include "render_util.h"

/* Bytes as HTML text, safe in element content and in a double- or single-quoted
 * attribute: & < > " ' as entities; control bytes, bytes that are not valid UTF-8,
 * C1 controls and bidirectional overrides as visible \xHH or \u{HHHH}; backslash as \\.
 * Nothing written can open a tag, end an attribute or reorder the text around it. */
void render_html_text(FILE *out, const unsigned char *p, size_t n);
void render_html_str(FILE *out, const char *s);

/* A number the reader sees grouped ("12,345") with its exact value for machines:
 * <data value="12345">12,345</data>; id is written as the element's id unless NULL. */
void render_html_num(FILE *out, const char *id, uint64_t v);

/* Sections (each prints its body, without the <section> and heading). */
void render_html_class_chart(FILE *out, const struct report *r);
void render_html_timeline_chart(FILE *out, const struct report *r);
void render_html_codes(FILE *out, const struct report *r);
void render_html_top_errors(FILE *out, const struct report *r);
void render_html_malformed(FILE *out, const struct report *r);
void render_html_inputs(FILE *out, const struct report *r);
int render_html_has_format_facts(const struct report *r);
int render_html_has_sites(const struct report *r);
void render_html_sites(FILE *out, const struct report *r);
void render_html_format_facts(FILE *out, const struct report *r);
/* The drill-down (render_html_drill.c): --status, latency by class, a table per --by
 * field; shown when render_html_has_drill. */
void render_html_drill(FILE *out, const struct report *r);
int render_html_has_drill(const struct report *r);

/* Rows the report shows at most, so that the page stays small whatever the input. */
#define RENDER_HTML_TOP_ERRORS 20
#define RENDER_HTML_INPUTS 200
#define RENDER_HTML_BY_ROWS 2000 /* time buckets beyond are left out of the page */

#endif
