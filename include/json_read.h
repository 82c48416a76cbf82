/* json_read.h — a small strict JSON reader (RFC 8259) for logstat's own summaries: the
 * whole text parsed into a tree of nodes held by one json_doc. Strings are decoded;
 * \u0000-\u00ff become that single byte (the inverse of render_json_string, which writes
 * bytes that are not UTF-8 as \u00XX), higher code points become UTF-8. Numbers are kept
 * as text. Nesting is limited; errors say at which byte offset. */
#ifndef LOGSTAT_JSON_READ_H
#define LOGSTAT_JSON_READ_H

#include <stddef.h>
#include <stdint.h>

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

/* Nodes are referred to by index; 0 means none, the root is 1. */
struct json_node {
	enum json_type type;
	size_t offset;       /* of its first byte in the text */
	size_t str, len;     /* STRING: decoded bytes, NUMBER: its text, in doc->strings */
	size_t key, key_len; /* member of an object: its decoded name in doc->strings */
	size_t child, next;  /* first child (ARRAY, OBJECT) and next sibling */
	size_t count;        /* children */
};

struct json_doc {
	struct json_node *nodes; /* owned */
	size_t n, cap;
	char *strings; /* owned; every string is NUL-terminated */
	size_t slen, scap;
};

/* Parse text[0..len). Returns 0, or -1 with "offset N: reason" in err (doc empty). */
int json_parse(struct json_doc *d, const char *text, size_t len, char *err, size_t errsize);
void json_free(struct json_doc *d);

/* The member called key of object node obj, or 0. */
size_t json_member(const struct json_doc *d, size_t obj, const char *key);
/* A NUL-terminated string (may hold NULs; *len tells) of a STRING node, or NULL. */
const char *json_string(const struct json_doc *d, size_t node, size_t *len);
/* A non-negative integer NUMBER node. Returns 0, or -1 (not one, or too big). */
int json_uint(const struct json_doc *d, size_t node, uint64_t *out);

#endif
