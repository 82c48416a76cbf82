/* json_read.c — recursive descent over the text, appending nodes and decoded strings to
 * two growing arrays (indices, not pointers, so growth never invalidates them). */
#include "json_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

struct parser {
	struct json_doc *d;
	const char *p;
	size_t len, pos;
	char *err;
	size_t errsize;
	int failed;
};

static int fail(struct parser *ps, const char *fmt, ...)
{
	if (ps->failed)
		return -1;
	int n = snprintf(ps->err, ps->errsize, "offset %zu: ", ps->pos);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < ps->errsize)
		vsnprintf(ps->err + n, ps->errsize - (size_t)n, fmt, ap);
	va_end(ap);
	ps->failed = 1;
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (ps->pos < ps->len && strchr(" \t\r\n", ps->p[ps->pos]) && ps->p[ps->pos])
		ps->pos++;
}

static size_t new_node(struct parser *ps, enum json_type type)
{
	struct json_doc *d = ps->d;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct json_node *nodes = realloc(d->nodes, cap * sizeof *nodes);
		if (!nodes)
			return fail(ps, "out of memory"), 0;
		d->nodes = nodes;
		d->cap = cap;
	}
	if (d->n == 0)
		d->n = 1; /* index 0 is "none" */
	memset(&d->nodes[d->n], 0, sizeof d->nodes[0]);
	d->nodes[d->n].type = type;
	d->nodes[d->n].offset = ps->pos;
	return d->n++;
}

static int put_bytes(struct parser *ps, const char *s, size_t n)
{
	struct json_doc *d = ps->d;
	if (d->slen + n + 1 > d->scap) {
		size_t cap = (d->slen + n + 1) * 2;
		char *p = realloc(d->strings, cap);
		if (!p)
			return fail(ps, "out of memory");
		d->strings = p;
		d->scap = cap;
	}
	memcpy(d->strings + d->slen, s, n);
	d->slen += n;
	d->strings[d->slen] = 0;
	return 0;
}

static int hex4(struct parser *ps, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char c = ps->pos < ps->len ? ps->p[ps->pos++] : 0;
		int v = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (v < 0)
			return fail(ps, "bad \\u escape");
		*out = *out << 4 | (unsigned)v;
	}
	return 0;
}

static int put_code_point(struct parser *ps, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp < 0x100) {
		b[0] = (char)cp; /* \u00XX: one byte, as render_json_string meant it */
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f)), b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	return put_bytes(ps, b, n);
}

static int unicode_escape(struct parser *ps)
{
	unsigned cp, lo;
	if (hex4(ps, &cp) != 0)
		return -1;
	if (cp >= 0xd800 && cp < 0xdc00) {
		if (ps->pos + 2 > ps->len || ps->p[ps->pos] != '\\' || ps->p[ps->pos + 1] != 'u')
			return fail(ps, "lone surrogate in \\u escape");
		ps->pos += 2;
		if (hex4(ps, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return fail(ps, "bad surrogate pair");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp < 0xe000) {
		return fail(ps, "lone surrogate in \\u escape");
	}
	return put_code_point(ps, cp);
}

static int escape(struct parser *ps)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char c = ps->pos < ps->len ? ps->p[ps->pos++] : 0;
	if (c == 'u')
		return unicode_escape(ps);
	const char *at = c ? strchr(from, c) : NULL;
	if (!at)
		return fail(ps, "bad escape");
	return put_bytes(ps, &to[at - from], 1);
}

/* A string at ps->pos (at its quote): decoded into doc->strings at *start, *len. */
static int string(struct parser *ps, size_t *start, size_t *len)
{
	ps->pos++;
	*start = ps->d->slen;
	for (;;) {
		if (ps->pos >= ps->len)
			return fail(ps, "unterminated string");
		unsigned char c = (unsigned char)ps->p[ps->pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(ps, "control byte in a string");
		ps->pos++;
		if (c == '\\' ? escape(ps) != 0 : put_bytes(ps, (const char *)&c, 1) != 0)
			return -1;
	}
	ps->pos++;
	*len = ps->d->slen - *start;
	if (put_bytes(ps, "", 0) != 0)
		return -1;
	ps->d->slen++; /* keep the NUL put_bytes wrote */
	return 0;
}

static size_t digits_at(struct parser *ps)
{
	size_t n = 0;
	while (ps->pos < ps->len && ps->p[ps->pos] >= '0' && ps->p[ps->pos] <= '9')
		ps->pos++, n++;
	return n;
}

static int number(struct parser *ps, size_t node)
{
	size_t start = ps->pos;
	if (ps->p[ps->pos] == '-')
		ps->pos++;
	size_t lead = ps->pos;
	if (digits_at(ps) == 0 || (ps->p[lead] == '0' && ps->pos - lead > 1))
		return fail(ps, "bad number");
	if (ps->pos < ps->len && ps->p[ps->pos] == '.') {
		ps->pos++;
		if (digits_at(ps) == 0)
			return fail(ps, "bad number");
	}
	if (ps->pos < ps->len && (ps->p[ps->pos] == 'e' || ps->p[ps->pos] == 'E')) {
		ps->pos++;
		if (ps->pos < ps->len && (ps->p[ps->pos] == '+' || ps->p[ps->pos] == '-'))
			ps->pos++;
		if (digits_at(ps) == 0)
			return fail(ps, "bad number");
	}
	ps->d->nodes[node].str = ps->d->slen;
	ps->d->nodes[node].len = ps->pos - start;
	if (put_bytes(ps, ps->p + start, ps->pos - start) != 0)
		return -1;
	ps->d->slen++;
	return 0;
}

static size_t value(struct parser *ps, int depth);

/* Link child after *last under parent. */
static void adopt(struct json_doc *d, size_t parent, size_t *last, size_t child)
{
	if (*last)
		d->nodes[*last].next = child;
	else
		d->nodes[parent].child = child;
	*last = child;
	d->nodes[parent].count++;
}

static int members(struct parser *ps, size_t node, int depth, int object)
{
	size_t last = 0;
	char close = object ? '}' : ']';
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->len && ps->p[ps->pos] == close) {
		ps->pos++;
		return 0;
	}
	for (;;) {
		size_t key = 0, key_len = 0;
		skip_ws(ps);
		if (object) {
			if (ps->pos >= ps->len || ps->p[ps->pos] != '"')
				return fail(ps, "expected a member name");
			if (string(ps, &key, &key_len) != 0)
				return -1;
			skip_ws(ps);
			if (ps->pos >= ps->len || ps->p[ps->pos++] != ':')
				return fail(ps, "expected ':'");
		}
		size_t child = value(ps, depth + 1);
		if (!child)
			return -1;
		ps->d->nodes[child].key = key;
		ps->d->nodes[child].key_len = key_len;
		adopt(ps->d, node, &last, child);
		skip_ws(ps);
		if (ps->pos >= ps->len)
			return fail(ps, "unexpected end of the text");
		char c = ps->p[ps->pos];
		if (c != ',' && c != close)
			return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
		ps->pos++;
		if (c == close)
			return 0;
	}
}

static size_t literal(struct parser *ps, const char *word, enum json_type type)
{
	size_t n = strlen(word);
	if (ps->len - ps->pos < n || memcmp(ps->p + ps->pos, word, n) != 0)
		return fail(ps, "unexpected '%c'", ps->p[ps->pos]), 0;
	size_t node = new_node(ps, type);
	ps->pos += n;
	return node;
}

static size_t value(struct parser *ps, int depth)
{
	skip_ws(ps);
	if (depth > MAX_DEPTH)
		return fail(ps, "nested too deep"), 0;
	if (ps->pos >= ps->len)
		return fail(ps, "unexpected end of the text"), 0;
	char c = ps->p[ps->pos];
	if (c == 'n')
		return literal(ps, "null", JSON_NULL);
	if (c == 't')
		return literal(ps, "true", JSON_TRUE);
	if (c == 'f')
		return literal(ps, "false", JSON_FALSE);
	enum json_type type = c == '"'   ? JSON_STRING
	                      : c == '[' ? JSON_ARRAY
	                      : c == '{' ? JSON_OBJECT
	                                 : JSON_NUMBER;
	if (type == JSON_NUMBER && c != '-' && (c < '0' || c > '9'))
		return fail(ps, "unexpected '%c'", c), 0;
	size_t node = new_node(ps, type);
	if (!node)
		return 0;
	int rc;
	if (type == JSON_STRING) {
		size_t start, len;
		rc = string(ps, &start, &len);
		ps->d->nodes[node].str = start;
		ps->d->nodes[node].len = len;
	} else if (type == JSON_NUMBER) {
		rc = number(ps, node);
	} else {
		rc = members(ps, node, depth, type == JSON_OBJECT);
	}
	return rc == 0 ? node : 0;
}

int json_parse(struct json_doc *d, const char *text, size_t len, char *err, size_t errsize)
{
	memset(d, 0, sizeof *d);
	struct parser ps = {.d = d, .p = text, .len = len, .err = err, .errsize = errsize};
	size_t root = value(&ps, 0);
	if (root) {
		skip_ws(&ps);
		if (ps.pos < len)
			fail(&ps, "text after the JSON value");
	}
	if (!root || ps.failed) {
		json_free(d);
		return -1;
	}
	return 0;
}

void json_free(struct json_doc *d)
{
	free(d->nodes);
	free(d->strings);
	memset(d, 0, sizeof *d);
}

size_t json_member(const struct json_doc *d, size_t obj, const char *key)
{
	if (!obj || d->nodes[obj].type != JSON_OBJECT)
		return 0;
	size_t klen = strlen(key);
	for (size_t c = d->nodes[obj].child; c; c = d->nodes[c].next)
		if (d->nodes[c].key_len == klen &&
		    memcmp(d->strings + d->nodes[c].key, key, klen) == 0)
			return c;
	return 0;
}

const char *json_string(const struct json_doc *d, size_t node, size_t *len)
{
	if (!node || d->nodes[node].type != JSON_STRING)
		return NULL;
	if (len)
		*len = d->nodes[node].len;
	return d->strings + d->nodes[node].str;
}

int json_uint(const struct json_doc *d, size_t node, uint64_t *out)
{
	if (!node || d->nodes[node].type != JSON_NUMBER)
		return -1;
	const char *s = d->strings + d->nodes[node].str;
	uint64_t v = 0;
	for (size_t i = 0; i < d->nodes[node].len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}
