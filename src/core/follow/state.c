/* state.c — the --state file. Version 2, one record per line, fields separated by one
 * space, numbers in decimal, the path last and %XX-escaped (bytes <= 0x20, %, >= 0x7f):
 *   logstat-state 2
 *   input DEV INO OFFSET LINES FP_LEN FP_HASH(16 hex) MTIME_NS SKIPPING(0|1) PATH
 *   prev DEV INO OFFSET LINES FP_LEN FP_HASH MTIME_NS SKIPPING   (optional, after its input)
 *   totals LINES REQUESTS NO_STATUS MALFORMED BYTES FIRST FIRST_TZ LAST LAST_TZ  (- if none)
 *   code CODE COUNT BYTES
 *   reason NAME COUNT
 *   end
 * Lines starting with # are comments. Anything else, or a missing end, is an error.
 * Version 1 (input lines without MTIME_NS and SKIPPING) is read as mtime unknown, 0. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "satmath.h"

#define STATE_MAX_SIZE (64u << 20)
#define MAX_FIELDS 12

void state_init(struct state *s)
{
	memset(s, 0, sizeof *s);
	tally_init(&s->totals);
}

void state_free(struct state *s)
{
	free(s->inputs);
	state_init(s);
}

const struct state_input *state_find(const struct state *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->inputs[i].path, path) == 0)
			return &s->inputs[i];
	return NULL;
}

int state_put(struct state *s, const struct state_input *in)
{
	const struct state_input *old = state_find(s, in->path);
	if (old) {
		s->inputs[old - s->inputs] = *in;
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		struct state_input *p = realloc(s->inputs, cap * sizeof *p);
		if (!p)
			return -1;
		s->inputs = p;
		s->cap = cap;
	}
	s->inputs[s->n++] = *in;
	return 0;
}

/* One line cut into fields; the parser's position for messages. */
struct cursor {
	const char *name;
	size_t line;
	char *err;
	size_t errsize;
	char *f[MAX_FIELDS];
	size_t nf;
	int version;
	int last_had_prev; /* the last input line already has its prev line */
};

static int fail(struct cursor *c, const char *why, const char *what)
{
	snprintf(c->err, c->errsize, "%s: line %zu: %s%s", c->name, c->line, why, what ? what : "");
	return -1;
}

static int number(struct cursor *c, const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return fail(c, "empty number", NULL);
	for (const char *p = s; *p; p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (*p < '0' || *p > '9' || d > max || v > (max - d) / 10)
			return fail(c, "not a number in range: ", s);
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* A time and its offset: "-" "0" for none, else seconds and minutes east (signed). */
static int time_field(struct cursor *c, const char *t, const char *tz, int64_t *v, int *off)
{
	if (strcmp(t, "-") == 0) {
		*v = RECORD_NO_TIME;
		*off = 0;
		return strcmp(tz, "0") == 0 ? 0 : fail(c, "offset without a time", NULL);
	}
	uint64_t a, b;
	int neg = t[0] == '-', tneg = tz[0] == '-';
	if (number(c, t + neg, INT64_MAX, &a) != 0 || number(c, tz + tneg, 1439, &b) != 0)
		return -1;
	*v = neg ? -(int64_t)a : (int64_t)a;
	*off = tneg ? -(int)b : (int)b;
	return 0;
}

static int hex_digit(char ch)
{
	return ch >= '0' && ch <= '9'   ? ch - '0'
	       : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
	       : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
	                                : -1;
}

static int unescape_path(struct cursor *c, const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s; s++) {
		int v = (unsigned char)*s;
		if (*s == '%') {
			int hi = s[1] ? hex_digit(s[1]) : -1, lo = hi >= 0 ? hex_digit(s[2]) : -1;
			if (lo < 0)
				return fail(c, "bad %XX escape in the path", NULL);
			v = hi * 16 + lo;
			s += 2;
		}
		if (n + 1 >= size || v == 0)
			return fail(c, "path too long or holding a NUL", NULL);
		out[n++] = (char)v;
	}
	out[n] = 0;
	return n ? 0 : fail(c, "empty path", NULL);
}

/* DEV INO OFFSET LINES FP_LEN FP_HASH [MTIME_NS SKIPPING] from the fields at f. */
static int parse_position(struct cursor *c, char **f, int long_form, struct rotation_id *id,
                          uint64_t *offset, uint64_t *lines, int *skipping)
{
	uint64_t v[8] = {0};
	for (int i = 0; i < 5; i++)
		if (number(c, f[i], i == 4 ? ROTATION_FP_BYTES : UINT64_MAX, &v[i]) != 0)
			return -1;
	if (strlen(f[5]) != 16 || strspn(f[5], "0123456789abcdef") != 16)
		return fail(c, "the fingerprint is not 16 hex digits: ", f[5]);
	for (const char *p = f[5]; *p; p++)
		v[5] = v[5] << 4 | (uint64_t)(hex_digit(*p) & 15);
	if (long_form && (number(c, f[6], INT64_MAX, &v[6]) != 0 || number(c, f[7], 1, &v[7]) != 0))
		return -1;
	*id = (struct rotation_id){.dev = v[0],
	                           .ino = v[1],
	                           .fp_len = (uint32_t)v[4],
	                           .fp_hash = v[5],
	                           .mtime_ns = (int64_t)v[6]};
	*offset = v[2];
	*lines = v[3];
	*skipping = (int)v[7];
	return 0;
}

static int parse_input(struct cursor *c, struct state *s)
{
	struct state_input in;
	memset(&in, 0, sizeof in);
	size_t want = c->version == 1 ? 8 : 10;
	if (c->nf != want)
		return fail(c,
		            c->version == 1 ? "an input line has 7 fields"
		                            : "an input line has 9 fields",
		            NULL);
	if (parse_position(c, c->f + 1, want == 10, &in.id, &in.offset, &in.lines, &in.skipping) !=
	            0 ||
	    unescape_path(c, c->f[want - 1], in.path, sizeof in.path) != 0)
		return -1;
	if (state_find(s, in.path))
		return fail(c, "a second entry for the same input", NULL);
	c->last_had_prev = 0;
	return state_put(s, &in) == 0 ? 0 : fail(c, "out of memory", NULL);
}

static int parse_prev(struct cursor *c, struct state *s)
{
	if (c->nf != 9)
		return fail(c, "a prev line has 8 fields", NULL);
	if (s->n == 0 || c->last_had_prev || c->version == 1)
		return fail(c, "a prev line belongs right after its input line", NULL);
	struct state_prev *p = &s->inputs[s->n - 1].prev;
	if (parse_position(c, c->f + 1, 1, &p->id, &p->offset, &p->lines, &p->skipping) != 0)
		return -1;
	p->known = 1;
	c->last_had_prev = 1;
	return 0;
}

static int parse_totals(struct cursor *c, struct tally *t)
{
	if (c->nf != 10)
		return fail(c, "a totals line has 9 fields", NULL);
	uint64_t *dst[] = {&t->lines, &t->requests, &t->no_status, &t->malformed, &t->bytes};
	for (int i = 0; i < 5; i++)
		if (number(c, c->f[i + 1], UINT64_MAX, dst[i]) != 0)
			return -1;
	if (time_field(c, c->f[6], c->f[7], &t->first, &t->first_tz) != 0 ||
	    time_field(c, c->f[8], c->f[9], &t->last, &t->last_tz) != 0)
		return -1;
	if (t->lines < sat_add(sat_add(t->requests, t->no_status), t->malformed))
		return fail(c, "totals do not add up", NULL);
	return 0;
}

static int parse_count_line(struct cursor *c, struct tally *t)
{
	uint64_t code, n, b;
	if (strcmp(c->f[0], "code") == 0) {
		if (c->nf != 4)
			return fail(c, "a code line has 3 fields", NULL);
		if (number(c, c->f[1], TALLY_CODES - 1, &code) ||
		    number(c, c->f[2], UINT64_MAX, &n) || number(c, c->f[3], UINT64_MAX, &b))
			return -1;
		t->count[code] = n;
		t->code_bytes[code] = b;
		return 0;
	}
	if (c->nf != 3)
		return fail(c, "a reason line has 2 fields", NULL);
	for (int m = 1; m < MALFORMED_COUNT; m++)
		if (strcmp(c->f[1], malformed_name((enum malformed)m)) == 0)
			return number(c, c->f[2], UINT64_MAX, &t->malformed_by[m]);
	return fail(c, "unknown malformed reason: ", c->f[1]);
}

/* Cut line (modified in place) at single spaces. */
static int split(struct cursor *c, char *line)
{
	c->nf = 0;
	for (char *p = line;;) {
		if (c->nf == MAX_FIELDS)
			return fail(c, "too many fields", NULL);
		c->f[c->nf++] = p;
		char *sp = strchr(p, ' ');
		if (!sp)
			return 0;
		*sp = 0;
		p = sp + 1;
	}
}

static int parse_line(struct cursor *c, struct state *s, char *line, int *ended)
{
	if (*ended)
		return fail(c, "text after the end line", NULL);
	if (c->line == 1) {
		if (strncmp(line, "logstat-state ", 14) != 0)
			return fail(c, "not a logstat state file", NULL);
		if (strcmp(line + 14, "1") != 0 && strcmp(line + 14, "2") != 0)
			return fail(c, "unsupported version ", line + 14);
		c->version = line[14] - '0';
		return 0;
	}
	if (line[0] == '#')
		return 0;
	if (strcmp(line, "end") == 0) {
		*ended = 1;
		return 0;
	}
	if (split(c, line) != 0)
		return -1;
	if (strcmp(c->f[0], "input") == 0)
		return parse_input(c, s);
	if (strcmp(c->f[0], "prev") == 0)
		return parse_prev(c, s);
	if (strcmp(c->f[0], "totals") == 0)
		return parse_totals(c, &s->totals);
	if (strcmp(c->f[0], "code") == 0 || strcmp(c->f[0], "reason") == 0)
		return parse_count_line(c, &s->totals);
	return fail(c, "unknown record: ", c->f[0]);
}

/* The next line of text at *pos into line (NUL-terminated). */
static int next_line(struct cursor *c, const char *text, size_t len, size_t *pos, char *line,
                     size_t size)
{
	const char *nl = memchr(text + *pos, '\n', len - *pos);
	c->line++;
	if (!nl)
		return fail(c, "no newline at the end (the file was cut short)", NULL);
	size_t n = (size_t)(nl - (text + *pos));
	if (n >= size || memchr(text + *pos, 0, n))
		return fail(c, "line too long or holding a NUL", NULL);
	memcpy(line, text + *pos, n);
	line[n] = 0;
	*pos += n + 1;
	return 0;
}

int state_parse(struct state *s, const char *text, size_t len, const char *name, char *err,
                size_t errsize)
{
	state_init(s);
	struct cursor c = {.name = name, .err = err, .errsize = errsize};
	char line[4096 * 3 + 256];
	int ended = 0;
	for (size_t pos = 0; pos < len;) {
		if (next_line(&c, text, len, &pos, line, sizeof line) != 0 ||
		    parse_line(&c, s, line, &ended) != 0) {
			state_free(s);
			return -1;
		}
	}
	if (!ended) {
		snprintf(err, errsize, "%s: %s", name,
		         len ? "no end line (the file was cut short)" : "empty file");
		state_free(s);
		return -1;
	}
	return 0;
}

static ssize_t read_all(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	while (len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

int state_load(struct state *s, const char *path, char *err, size_t errsize)
{
	state_init(s);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 1;
	struct stat st;
	char *text = NULL;
	ssize_t got = -1;
	if (fd >= 0 && fstat(fd, &st) == 0) {
		if (!S_ISREG(st.st_mode) || st.st_size > STATE_MAX_SIZE)
			errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		else if ((text = malloc((size_t)st.st_size + 1)) != NULL)
			got = read_all(fd, text, (size_t)st.st_size + 1);
	}
	int saved = errno;
	if (fd >= 0)
		close(fd);
	if (got < 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(saved ? saved : ENOMEM));
		free(text);
		return -1;
	}
	int rc = state_parse(s, text, (size_t)got, path, err, errsize);
	free(text);
	return rc;
}

static void write_path(FILE *fp, const char *p)
{
	for (; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= 0x20 || ch >= 0x7f || ch == '%')
			fprintf(fp, "%%%02X", ch);
		else
			putc(ch, fp);
	}
}

static void write_time(FILE *fp, int64_t t, int tz)
{
	if (t == RECORD_NO_TIME)
		fputs(" - 0", fp);
	else
		fprintf(fp, " %" PRId64 " %d", t, tz);
}

static void write_position(FILE *fp, const struct rotation_id *id, uint64_t offset, uint64_t lines,
                           int skipping)
{
	fprintf(fp,
	        " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu32 " %016" PRIx64
	        " %" PRId64 " %d",
	        id->dev, id->ino, offset, lines, id->fp_len, id->fp_hash,
	        id->mtime_ns > 0 ? id->mtime_ns : 0, skipping ? 1 : 0);
}

static void write_state(FILE *fp, const struct state *s)
{
	fprintf(fp,
	        "logstat-state %d\n# logstat --state file (docs/cron.md); "
	        "delete it to start over, never edit it during a run\n",
	        STATE_VERSION);
	for (size_t i = 0; i < s->n; i++) {
		const struct state_input *in = &s->inputs[i];
		fputs("input", fp);
		write_position(fp, &in->id, in->offset, in->lines, in->skipping);
		putc(' ', fp);
		write_path(fp, in->path);
		putc('\n', fp);
		if (in->prev.known) {
			fputs("prev", fp);
			write_position(fp, &in->prev.id, in->prev.offset, in->prev.lines,
			               in->prev.skipping);
			putc('\n', fp);
		}
	}
	const struct tally *t = &s->totals;
	fprintf(fp, "totals %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, t->lines,
	        t->requests, t->no_status, t->malformed, t->bytes);
	write_time(fp, t->first, t->first_tz);
	write_time(fp, t->last, t->last_tz);
	putc('\n', fp);
	for (int c = 0; c < TALLY_CODES; c++)
		if (t->count[c] || t->code_bytes[c])
			fprintf(fp, "code %d %" PRIu64 " %" PRIu64 "\n", c, t->count[c],
			        t->code_bytes[c]);
	for (int m = 1; m < MALFORMED_COUNT; m++)
		if (t->malformed_by[m])
			fprintf(fp, "reason %s %" PRIu64 "\n", malformed_name((enum malformed)m),
			        t->malformed_by[m]);
	fputs("end\n", fp);
}

int state_save(const struct state *s, const char *path, char *err, size_t errsize)
{
	struct atomic_file f;
	if (atomic_file_open(&f, path, err, errsize) != 0)
		return -1;
	write_state(f.fp, s);
	return atomic_file_commit(&f, err, errsize);
}

/* Lock the file at lock; 1 when it is still the file at that name once locked (a run
 * that finished meanwhile removes it: then lock again, a new one). */
static int lock_current(int fd, const char *lock)
{
	struct stat held, named;
	return fstat(fd, &held) == 0 && stat(lock, &named) == 0 && held.st_dev == named.st_dev &&
	       held.st_ino == named.st_ino;
}

int state_lock(const char *path, char *err, size_t errsize)
{
	char lock[4200];
	snprintf(lock, sizeof lock, "%s.lock", path);
	for (;;) {
		int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0) {
			snprintf(err, errsize, "%s: %s", lock, strerror(errno));
			return -1;
		}
		while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno == EINTR)
				continue;
			if (errno == EWOULDBLOCK)
				snprintf(err, errsize,
				         "another logstat run holds %s; not running twice at once",
				         lock);
			else
				snprintf(err, errsize, "%s: cannot lock: %s", lock,
				         strerror(errno));
			close(fd);
			return -1;
		}
		if (lock_current(fd, lock))
			return fd;
		close(fd);
	}
}

/* The lock file goes while still locked: a run waiting on it then finds it is no longer
 * the file at that name (lock_current) and makes a new one, so none is left behind. */
void state_unlock(int fd, const char *path)
{
	if (fd < 0)
		return;
	char lock[4200];
	snprintf(lock, sizeof lock, "%s.lock", path);
	if (lock_current(fd, lock))
		unlink(lock);
	close(fd);
}
