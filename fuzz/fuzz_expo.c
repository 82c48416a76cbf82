/* fuzz_expo.c — hostile Accept headers and input names for the exposition: negotiation
 * answers one of the two formats, and a label value written from any bytes is quoted,
 * valid UTF-8 with no raw newline or unescaped quote. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expo.h"

/* Whether text (len bytes) is valid UTF-8. */
static int valid_utf8(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n = c < 0x80                ? 1
		           : c >= 0xc2 && c < 0xe0 ? 2
		           : c >= 0xe0 && c < 0xf0 ? 3
		           : c >= 0xf0 && c < 0xf5 ? 4
		                                   : 0;
		if (!n || i + n > len)
			return 0;
		for (size_t k = 1; k < n; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	enum expo_format f = expo_negotiate(s);
	if (f != EXPO_TEXT && f != EXPO_OPENMETRICS)
		abort();
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	expo_label_value(out, s);
	fclose(out);
	if (len < 2 || buf[0] != '"' || buf[len - 1] != '"' || memchr(buf, '\n', len) ||
	    !valid_utf8((const unsigned char *)buf, len))
		abort();
	for (size_t i = 1; i + 1 < len; i++) {
		if (buf[i] == '\\')
			i++; /* an escape: \\, \" or \n */
		else if (buf[i] == '"')
			abort();
	}
	free(buf);
	free(s);
	return 0;
}
