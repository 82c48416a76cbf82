/* render.c — the table of renderers and the helpers they share. */
#include <stdio.h>
#include <string.h>

#include "render_util.h"

static const struct renderer renderers[] = {
        {.name = "text", .render = render_text, .error_status = 2},
        {.name = "json", .render = render_json, .error_status = 2},
        {.name = "csv", .render = render_csv, .error_status = 2},
        {.name = "summary", .render = render_summary, .error_status = 2},
        {.name = "prometheus",
         .render = render_prometheus,
         .error_status = 2,
         .cumulative = 1,
         .series = 1},
        {.name = "html", .render = render_html, .error_status = 2},
        {.name = "nagios",
         .render = render_nagios,
         .error_status = 3,
         .status = render_nagios_state,
         .fatal = render_nagios_fatal},
};

const struct renderer *render_find(const char *name)
{
	for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
		if (strcmp(renderers[i].name, name) == 0)
			return &renderers[i];
	return NULL;
}

const char *render_names(void)
{
	static char list[256]; /* the same bytes every call: built from the table */
	size_t n = 0;
	for (size_t i = 0; i < sizeof renderers / sizeof renderers[0] && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "",
		                      renderers[i].name);
	return list;
}

const char *render_class_color(int cls)
{
	static const char *const colors[] = {"\033[35m", "\033[34m", "\033[32m",
	                                     "\033[36m", "\033[33m", "\033[31m"};
	return colors[cls >= 0 && cls <= 5 ? cls : 0];
}

const char *render_class_title(int cls)
{
	static const char *const titles[] = {"Other",       "Informational", "Success",
	                                     "Redirection", "Client error",  "Server error"};
	return titles[cls >= 0 && cls <= 5 ? cls : 0];
}

const char *render_class_name(int cls)
{
	static const char *const names[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	return cls >= 0 && cls <= 5 ? names[cls] : "other";
}

void render_sanitized(FILE *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '\\')
			fputs("\\\\", out);
		else if (c >= 0x20 && c < 0x7f)
			putc(c, out);
		else
			fprintf(out, "\\x%02x", c);
	}
}

size_t render_utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len = c >= 0xf0 && c <= 0xf4   ? 4
	             : c >= 0xe0 && c <= 0xef ? 3
	             : c >= 0xc2 && c < 0xe0  ? 2
	                                      : 0;
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
	    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return len;
}

void render_json_string(FILE *out, const unsigned char *p, size_t n)
{
	putc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		size_t len;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putc(c, out);
		else if (c == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			fprintf(out, "\\u%04x", p[++i]); /* C1 controls: CSI 0x9b moves cursors */
		else if (c >= 0x80 && (len = render_utf8_len(p + i, n - i)) > 0) {
			fwrite(p + i, 1, len, out);
			i += len - 1;
		} else
			fprintf(out, "\\u%04x", c);
	}
	putc('"', out);
}

char *render_group(unsigned long long v, char *buf, size_t size)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%llu", v);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = 0;
	return buf;
}

char *render_duration(int64_t s, char *buf, size_t size)
{
	if (s % 86400 == 0)
		snprintf(buf, size, "%lldd", (long long)(s / 86400));
	else if (s % 3600 == 0)
		snprintf(buf, size, "%lldh", (long long)(s / 3600));
	else
		snprintf(buf, size, "%lldm", (long long)(s / 60));
	return buf;
}

char *render_human_bytes(unsigned long long v, char *buf, size_t size)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	double d = (double)v;
	int u = 0;
	while (d >= 1024 && u < 6) {
		d /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", v);
	else
		snprintf(buf, size, "%.1f %s", d, units[u]);
	return buf;
}

const char *render_input_name(const struct report_input *in)
{
	return strcmp(in->name, "-") == 0 ? "(stdin)" : in->name;
}

const struct code_entry *render_primary(const struct report *r, int code, size_t *nrows,
                                        const struct code_entry **rows)
{
	const struct code_entry *first = NULL;
	size_t n = codes_find(r->table, r->table_n, code, &first);
	if (nrows)
		*nrows = n;
	if (rows)
		*rows = first;
	return codes_primary(first, n);
}
