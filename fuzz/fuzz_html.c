/* fuzz_html.c — hostile bytes through the HTML report: the escaper alone must write only
 * inert text (no markup character, no control byte, every '&' an entity), and a whole
 * page built from the bytes scanned as a log (and named by them) must hold only the tags
 * the renderer writes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_html.h"
#include "scan.h"

static void check_inert(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<' || c == '>' || c == '"' || c == '\'' || c < 0x20 || c == 0x7f)
			abort();
		if (c == '&' && strncmp(s + i, "&amp;", 5) && strncmp(s + i, "&lt;", 4) &&
		    strncmp(s + i, "&gt;", 4) && strncmp(s + i, "&quot;", 6) &&
		    strncmp(s + i, "&#39;", 5))
			abort();
	}
}

static void check_tags(const char *html)
{
	static const char *const allowed[] = {
	        "!DOCTYPE", "html", "head", "meta", "title", "style",   "body",    "main",
	        "h1",       "h2",   "h3",   "nav",  "a",     "div",     "section", "dl",
	        "dt",       "dd",   "data", "time", "p",     "span",    "table",   "thead",
	        "tbody",    "tr",   "th",   "td",   "code",  "details", "summary", "b",
	        "ul",       "li",   "br",   "svg",  "text",  "rect",    "line",    "footer"};
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *name = p + 1 + (p[1] == '/');
		size_t n = strcspn(name, " >\n/"), i = 0;
		while (i < sizeof allowed / sizeof allowed[0] &&
		       !(strlen(allowed[i]) == n && strncmp(allowed[i], name, n) == 0))
			i++;
		if (i == sizeof allowed / sizeof allowed[0])
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	render_html_text(out, data, size);
	fclose(out);
	check_inert(buf, len);
	free(buf);

	static struct input_result in; /* large: one, reused */
	static struct report r;
	static struct toperr *top;
	if (!top && !(top = toperr_new()))
		return 0;
	toperr_clear(top);
	memset(&in, 0, sizeof in);
	snprintf(in.name, sizeof in.name, "%.*s", (int)(size < 64 ? size : 64), (const char *)data);
	tally_init(&in.tally);
	struct logformat f;
	logformat_builtin("combined", &f);
	struct scanner s;
	scanner_init(&s, &f, &in.tally, 0, 4096);
	scanner_collect(&s, top);
	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	size_t used = scanner_feed(&s, copy, size);
	scanner_finish(&s, copy + used, size - used);
	free(copy);
	static struct report_inputs kept;
	report_inputs_free(&kept);
	if (report_inputs_add(&kept, &in) != 0)
		return 0;
	r = (struct report){.inputs = kept.v,
	                    .ninputs = 1,
	                    .top = top,
	                    .table = codes_builtin,
	                    .table_n = codes_builtin_count};
	tally_init(&r.total);
	tally_merge(&r.total, &in.tally);
	out = open_memstream(&buf, &len);
	if (render_html(out, &r, NULL) != 0)
		abort();
	fclose(out);
	check_tags(buf);
	free(buf);
	return 0;
}
