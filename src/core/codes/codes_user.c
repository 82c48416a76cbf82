/* codes_user.c — a status-code table that owns its rows: a copy of the built-in
 * reference overlaid with user definitions ("CODE | ORIGIN | NAME | MEANING [| KEY=VALUE]"
 * lines, see docs/codes.md). Parsing is all or nothing: a bad line leaves the table as it
 * was. Nothing here prints; errors come back as "name:line: reason". */
#include "codes.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CODES_FILE_MAX (4u << 20) /* a codes file is a few KiB; refuse anything absurd */

/* A parsed line, before it is merged: the row and which optional keys it set. */
struct user_row {
	struct code_entry e;
	unsigned set; /* bit per key, see key_names */
};

static const char *const key_names[] = {"aliases", "rfc", "flags", "details", "advice"};
enum { KEY_ALIASES, KEY_RFC, KEY_FLAGS, KEY_DETAILS, KEY_ADVICE, KEY_COUNT };

static const struct {
	const char *name;
	unsigned flag;
} flag_names[] = {
        {"official", CODE_OFFICIAL}, {"deprecated", CODE_DEPRECATED},     {"unused", CODE_UNUSED},
        {"reserved", CODE_RESERVED}, {"experimental", CODE_EXPERIMENTAL}, {"common", CODE_COMMON},
        {"retired", CODE_RETIRED},   {"dubious", CODE_DUBIOUS},
};

int codes_table_init(struct code_table *t)
{
	memset(t, 0, sizeof *t);
	t->rows = malloc(codes_builtin_count * sizeof *t->rows);
	if (!t->rows)
		return -1;
	memcpy(t->rows, codes_builtin, codes_builtin_count * sizeof *t->rows);
	t->n = t->cap = codes_builtin_count;
	return 0;
}

void codes_table_free(struct code_table *t)
{
	for (size_t i = 0; i < t->nblocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* Cut s at the next '|' (or its end), trim blanks on both sides, and return the field;
 * *next is set past the '|', or NULL at the end of the line. */
static char *field(char *s, char **next)
{
	char *bar = strchr(s, '|');
	char *end = bar ? bar : s + strlen(s);

	*next = bar ? bar + 1 : NULL;
	*end = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = 0;
	return s;
}

static int parse_flags(char *v, unsigned *flags, char *why, size_t whysize)
{
	*flags = 0;
	for (char *save = NULL, *w = strtok_r(v, ", \t", &save); w;
	     w = strtok_r(NULL, ", \t", &save)) {
		size_t i = 0;

		while (i < sizeof flag_names / sizeof flag_names[0] &&
		       strcasecmp(w, flag_names[i].name) != 0)
			i++;
		if (i == sizeof flag_names / sizeof flag_names[0]) {
			snprintf(why, whysize,
			         "unknown flag '%.40s' (official, deprecated, unused, reserved, "
			         "experimental, common, retired, dubious)",
			         w);
			return -1;
		}
		*flags |= flag_names[i].flag;
	}
	return 0;
}

/* One KEY=VALUE field into u. */
static int parse_key(char *f, struct user_row *u, char *why, size_t whysize)
{
	char *eq = strchr(f, '=');
	size_t k = 0;

	if (!eq) {
		snprintf(why, whysize, "expected KEY=VALUE after the meaning, got '%.40s'", f);
		return -1;
	}
	*eq = 0;
	char *v = eq + 1;
	for (char *e = eq; e > f && (e[-1] == ' ' || e[-1] == '\t');)
		*--e = 0;
	while (*v == ' ' || *v == '\t')
		v++;
	while (k < KEY_COUNT && strcasecmp(f, key_names[k]) != 0)
		k++;
	if (k == KEY_COUNT) {
		snprintf(why, whysize, "unknown key '%.40s' (aliases, rfc, flags, details, advice)",
		         f);
		return -1;
	}
	u->set |= 1u << k;
	switch (k) {
	case KEY_ALIASES:
		u->e.aliases = v;
		break;
	case KEY_RFC:
		u->e.rfc = v;
		break;
	case KEY_DETAILS:
		u->e.details = v;
		break;
	case KEY_ADVICE:
		u->e.advice = v;
		break;
	default:
		return parse_flags(v, &u->e.flags, why, whysize);
	}
	return 0;
}

/* Split a line (a private, writable copy) into u; its strings point into line. */
static int parse_line(char *line, struct user_row *u, char *why, size_t whysize)
{
	char *next = line, *f[4];

	for (const unsigned char *p = (const unsigned char *)line; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			snprintf(why, whysize, "control character 0x%02x", *p);
			return -1;
		}
	for (int i = 0; i < 4; i++) {
		if (!next) {
			snprintf(why, whysize, "expected CODE | ORIGIN | NAME | MEANING");
			return -1;
		}
		f[i] = field(next, &next);
	}
	if (strlen(f[0]) != 3 || !isdigit((unsigned char)f[0][0]) ||
	    !isdigit((unsigned char)f[0][1]) || !isdigit((unsigned char)f[0][2])) {
		snprintf(why, whysize, "'%.20s' is not a three-digit status code", f[0]);
		return -1;
	}
	const char *empty = !*f[1] ? "origin" : !*f[2] ? "name" : !*f[3] ? "meaning" : NULL;
	if (empty) {
		snprintf(why, whysize, "the %s is empty", empty);
		return -1;
	}
	*u = (struct user_row){{atoi(f[0]), f[1], f[2], "", f[3], "", 0, "", ""}, 0};
	while (next) {
		char *k = field(next, &next);

		if (*k && parse_key(k, u, why, whysize) != 0)
			return -1;
	}
	return 0;
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct code_entry *a = pa, *b = pb;
	int oa = (a->flags & CODE_OFFICIAL) != 0, ob = (b->flags & CODE_OFFICIAL) != 0;

	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (oa != ob)
		return oa ? -1 : 1;
	return strcasecmp(a->origin, b->origin);
}

/* Merging n user rows into a table of m rows in O((m + n) log) time, as if each were
 * merged in file order into a sorted table: rows are found through a hash of (code,
 * origin ignoring case) and sorted once at the end; "one usual meaning per code" is kept
 * lazily: the row that last took CODE_COMMON for a code is its holder, and any other row
 * of that code drops the flag when next touched and at the end. */
struct merger {
	struct code_table *t;
	size_t *slot, mask;  /* open addressing: row index + 1, 0 empty */
	long *touched;       /* per row: the merge step that last changed it, -1 none */
	long clear_at[1000]; /* per code: the step that last took CODE_COMMON, -1 none */
	size_t holder[1000]; /* per code: the row that took it then */
};

static size_t row_hash(int code, const char *origin)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)code;
	for (const unsigned char *p = (const unsigned char *)origin; *p; p++)
		h = (h ^ (uint64_t)tolower(*p)) * 0x100000001b3ull;
	return (size_t)(h ^ (h >> 29));
}

/* The slot of (code, origin): holding its row, or the empty one where it would go. */
static size_t *merger_slot(struct merger *m, int code, const char *origin)
{
	size_t i = row_hash(code, origin) & m->mask;
	while (m->slot[i]) {
		const struct code_entry *r = &m->t->rows[m->slot[i] - 1];
		if (r->code == code && strcasecmp(r->origin, origin) == 0)
			break;
		i = (i + 1) & m->mask;
	}
	return &m->slot[i];
}

static int merger_init(struct merger *m, struct code_table *t, size_t extra)
{
	size_t cap = 16;
	while (cap < 2 * (t->n + extra))
		cap *= 2;
	m->t = t;
	m->mask = cap - 1;
	m->slot = calloc(cap, sizeof *m->slot);
	m->touched = malloc((t->n + extra + 1) * sizeof *m->touched);
	if (!m->slot || !m->touched)
		return -1;
	for (size_t i = 0; i < 1000; i++)
		m->clear_at[i] = -1;
	for (size_t i = 0; i < t->n; i++) {
		m->touched[i] = -1;
		*merger_slot(m, t->rows[i].code, t->rows[i].origin) = i + 1;
	}
	return 0;
}

static void merger_free(struct merger *m)
{
	free(m->slot);
	free(m->touched);
}

/* Drop CODE_COMMON from row i when another row of its code took it after i last changed. */
static void catch_up(struct merger *m, size_t i)
{
	struct code_entry *r = &m->t->rows[i];
	if (r->code < 0 || r->code > 999)
		return;
	long at = m->clear_at[r->code];
	if (at >= 0 && m->holder[r->code] != i && m->touched[i] < at)
		r->flags &= ~(unsigned)CODE_COMMON;
}

/* Merge one parsed row (step: its place in file order): override the (code, origin) row
 * or append a new one. */
static void merge(struct merger *m, const struct user_row *u, long step)
{
	struct code_table *t = m->t;
	size_t *slot = merger_slot(m, u->e.code, u->e.origin), i;
	struct code_entry *r;
	if (!*slot) {
		i = t->n++;
		r = &t->rows[i];
		*r = u->e;
		*slot = i + 1;
	} else {
		i = *slot - 1;
		r = &t->rows[i];
		catch_up(m, i);
		r->name = u->e.name;
		r->meaning = u->e.meaning;
		if (u->set & (1u << KEY_ALIASES))
			r->aliases = u->e.aliases;
		if (u->set & (1u << KEY_RFC))
			r->rfc = u->e.rfc;
		if (u->set & (1u << KEY_FLAGS))
			r->flags = u->e.flags;
		if (u->set & (1u << KEY_DETAILS))
			r->details = u->e.details;
		if (u->set & (1u << KEY_ADVICE))
			r->advice = u->e.advice;
	}
	r->flags |= CODE_USER;
	m->touched[i] = step;
	if ((r->flags & CODE_COMMON) && r->code >= 0 && r->code <= 999) {
		m->clear_at[r->code] = step; /* one usual meaning per code: the user's */
		m->holder[r->code] = i;
	}
}

/* Room for extra more rows and one more block. */
static int reserve(struct code_table *t, size_t extra)
{
	if (t->n + extra > t->cap) {
		struct code_entry *rows = realloc(t->rows, (t->n + extra) * sizeof *rows);

		if (!rows)
			return -1;
		t->rows = rows;
		t->cap = t->n + extra;
	}
	char **blocks = realloc(t->blocks, (t->nblocks + 1) * sizeof *blocks);
	if (!blocks)
		return -1;
	t->blocks = blocks;
	return 0;
}

/* Parse every line of a private copy of text into rows[]; returns how many, or -1. */
static long parse_all(char *copy, size_t len, struct user_row *rows, const char *name, char *err,
                      size_t errsize)
{
	long count = 0;
	size_t lineno = 0;
	char *p = copy, *end = copy + len;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *stop = nl ? nl : end, *s = p;
		char why[160];

		lineno++;
		if (memchr(p, 0, (size_t)(stop - p))) {
			snprintf(err, errsize, "%s:%zu: NUL byte", name, lineno);
			return -1;
		}
		if (stop > p && stop[-1] == '\r')
			stop[-1] = 0;
		*stop = 0;
		p = stop + 1;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		if (parse_line(s, &rows[count], why, sizeof why) != 0) {
			snprintf(err, errsize, "%s:%zu: %s", name, lineno, why);
			return -1;
		}
		count++;
	}
	return count;
}

int codes_table_parse(struct code_table *t, const char *text, size_t len, const char *name,
                      char *err, size_t errsize)
{
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	char *copy = malloc(len + 1);
	struct user_row *rows = malloc(lines * sizeof *rows);
	long count = -1;

	if (copy && rows) {
		memcpy(copy, text, len);
		copy[len] = 0;
		count = parse_all(copy, len, rows, name, err, errsize);
		if (count >= 0 && reserve(t, (size_t)count) != 0) {
			snprintf(err, errsize, "%s: out of memory", name);
			count = -1;
		}
	} else {
		snprintf(err, errsize, "%s: out of memory", name);
	}
	if (count < 0) {
		free(copy);
		free(rows);
		return -1;
	}
	struct merger m;
	if (merger_init(&m, t, (size_t)count) != 0) {
		merger_free(&m);
		free(copy);
		free(rows);
		snprintf(err, errsize, "%s: out of memory", name);
		return -1;
	}
	for (long i = 0; i < count; i++)
		merge(&m, &rows[i], i);
	for (size_t i = 0; i < t->n; i++)
		catch_up(&m, i);
	merger_free(&m);
	qsort(t->rows, t->n, sizeof *t->rows, row_cmp);
	t->blocks[t->nblocks++] = copy;
	free(rows);
	return 0;
}

int codes_table_load(struct code_table *t, const char *path, char *err, size_t errsize)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = -1;

	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			char *nb = cap < CODES_FILE_MAX ? realloc(buf, cap ? cap * 2 : 4096) : NULL;

			if (!nb) {
				snprintf(err, errsize, "%s: %s", path,
				         cap < CODES_FILE_MAX ? "out of memory" : "file too large");
				goto out;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		snprintf(err, errsize, "%s: %s", path, strerror(errno ? errno : EIO));
	else
		rc = codes_table_parse(t, buf, len, path, err, errsize);
out:
	fclose(f);
	free(buf);
	return rc;
}
