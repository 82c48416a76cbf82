/* rotation.c — a file's identity across rotations and the search of its siblings
 * (see rotation.h). The inode alone is reused by filesystems and changes with a remount
 * or a compressed rotation, so the first decoded bytes are part of the identity. */
#include "rotation.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decoder.h"

#define RAW_CHUNK 16384
#define MAX_SIBLINGS 65536 /* a directory listing is bounded; dateext for 179 years */
#define FIND_TRIES 3       /* listings of one search while siblings vanish under it */

uint64_t rotation_hash(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	/* the length too, so a prefix never collides with the whole */
	for (int i = 0; i < 4; i++)
		h = (h ^ ((n >> (8 * i)) & 0xff)) * 0x100000001b3ull;
	return h;
}

/* Decode from offset 0 into text[0..limit) with pread; returns bytes or -1. */
static ssize_t decode_head(int fd, struct decoder *dec, unsigned char *raw, ssize_t n,
                           unsigned char *text, size_t limit)
{
	struct dbuf_in in = {raw, (size_t)n, 0};
	struct dbuf_out out = {text, limit, 0};
	off_t off = n;
	int eof = n == 0;
	while (out.pos < out.size) {
		if (in.pos == in.size && !eof) {
			n = pread(fd, raw, RAW_CHUNK, off);
			if (n < 0)
				return -1;
			eof = n == 0;
			off += n;
			in = (struct dbuf_in){raw, (size_t)n, 0};
		}
		size_t before = out.pos, used = in.pos;
		if (decoder_step(dec, &in, &out) != 0)
			return -1;
		if (out.pos == before && in.pos == used && eof)
			break;
	}
	return (ssize_t)out.pos;
}

int rotation_fingerprint(int fd, uint32_t limit, uint32_t *len, uint64_t *hash)
{
	unsigned char raw[RAW_CHUNK], text[ROTATION_FP_BYTES];
	if (limit > ROTATION_FP_BYTES)
		limit = ROTATION_FP_BYTES;
	ssize_t n = pread(fd, raw, sizeof raw, 0);
	if (n < 0)
		return -1;
	enum decoder_kind kind = decoder_detect(raw, (size_t)n);
	ssize_t got;
	if (kind == DECODER_PLAIN) {
		got = n < (ssize_t)limit ? n : (ssize_t)limit;
		memcpy(text, raw, (size_t)got);
	} else {
		struct decoder *dec = decoder_new(kind, INFLATER_AUTO);
		if (!dec)
			return -1;
		got = decode_head(fd, dec, raw, n, text, limit);
		decoder_free(dec);
		if (got < 0)
			return -1;
	}
	*len = (uint32_t)got;
	*hash = rotation_hash(text, (size_t)got);
	return 0;
}

int rotation_same_start(int fd, const struct rotation_id *id)
{
	uint32_t len;
	uint64_t hash;
	return rotation_fingerprint(fd, id->fp_len, &len, &hash) == 0 && len == id->fp_len &&
	       hash == id->fp_hash;
}

int64_t rotation_mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

int rotation_identify(int fd, const struct stat *st, uint32_t limit, struct rotation_id *id)
{
	id->dev = (uint64_t)st->st_dev;
	id->ino = (uint64_t)st->st_ino;
	id->mtime_ns = rotation_mtime_ns(st);
	return rotation_fingerprint(fd, limit, &id->fp_len, &id->fp_hash);
}

int rotation_is_sibling(const char *base, const char *entry)
{
	size_t bl = strlen(base), el = strlen(entry);
	if (el < bl + 2 || strncmp(entry, base, bl) != 0 || !strchr(".-_", entry[bl]) ||
	    entry[bl + 1] < '0' || entry[bl + 1] > '9')
		return 0;
	const char *rest = entry + bl + 1;
	size_t rl = el - bl - 1;
	if (rl > 3 && strcmp(rest + rl - 3, ".gz") == 0)
		rl -= 3;
	else if (rl > 4 && strcmp(rest + rl - 4, ".zst") == 0)
		rl -= 4;
	for (size_t i = 0; i < rl; i++)
		if (!strchr("0123456789.-_", rest[i]))
			return 0;
	return 1;
}

int rotation_open(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* One rotated sibling, as listed. */
struct sibling {
	char *name;
	struct stat st;
};

struct listing {
	char dir[4096];
	struct sibling *v;
	size_t n;
};

static int newest_first(const void *a, const void *b)
{
	int64_t x = rotation_mtime_ns(&((const struct sibling *)a)->st);
	int64_t y = rotation_mtime_ns(&((const struct sibling *)b)->st);
	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(((const struct sibling *)a)->name, ((const struct sibling *)b)->name);
}

static void listing_free(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int listing_add(struct listing *l, size_t *cap, const char *name, const struct stat *st)
{
	if (l->n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct sibling *v = realloc(l->v, c * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		*cap = c;
	}
	l->v[l->n].name = strdup(name);
	if (!l->v[l->n].name)
		return -1;
	l->v[l->n++].st = *st;
	return 0;
}

/* The regular files rotated from path, newest first. Returns 0 or -1. */
static int list_siblings(const char *path, struct listing *l)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	l->v = NULL;
	l->n = 0;
	if (!slash)
		snprintf(l->dir, sizeof l->dir, ".");
	else
		snprintf(l->dir, sizeof l->dir, "%.*s", slash == path ? 1 : (int)(slash - path),
		         path);
	DIR *d = opendir(l->dir);
	if (!d)
		return -1;
	size_t cap = 0;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && l->n < MAX_SIBLINGS && (e = readdir(d)) != NULL) {
		char full[8192];
		struct stat st;
		if (!rotation_is_sibling(base, e->d_name) ||
		    snprintf(full, sizeof full, "%s/%s", l->dir, e->d_name) >= (int)sizeof full ||
		    stat(full, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		rc = listing_add(l, &cap, e->d_name, &st);
	}
	closedir(d);
	if (rc != 0)
		listing_free(l);
	else if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, newest_first);
	return rc;
}

static int compressed_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 3 && strcmp(name + n - 3, ".gz") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".zst") == 0);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return b && a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether sibling s is, by the way how, the file id describes (fd: it, opened). */
static int matches(const struct sibling *s, int fd, const struct rotation_id *id, unsigned how)
{
	int inode = (uint64_t)s->st.st_dev == id->dev && (uint64_t)s->st.st_ino == id->ino;
	if (how == ROTATION_BY_INODE)
		return inode && rotation_same_start(fd, id);
	if (how == ROTATION_BY_START)
		return !inode && id->fp_len > 0 && rotation_same_start(fd, id);
	return id->fp_len == 0 && id->mtime_ns > 0 && s->st.st_size > 0 &&
	       rotation_mtime_ns(&s->st) > id->mtime_ns;
}

/* Whether the compressed sibling open at fd is a copy still being made of a plain sibling
 * next to it: gzip and zstd remove the plain file only once done, and only then give the
 * copy the plain file's mtime, so until then a file already read looks newly changed
 * (logrotate's delaycompress compresses NAME.2 while NAME is new and empty). It starts
 * like that plain file: as far as it decodes yet, so a half-written one is told too. */
static int copy_in_progress(const struct listing *l, int fd)
{
	struct rotation_id id = {0};
	if (rotation_fingerprint(fd, ROTATION_FP_BYTES, &id.fp_len, &id.fp_hash) != 0)
		return 1; /* not decodable (yet): nothing to take it for */
	for (size_t i = 0; i < l->n; i++) {
		const struct sibling *s = &l->v[i];
		char path[8192];
		struct stat st;
		if (compressed_name(s->name) || s->st.st_size < (off_t)id.fp_len ||
		    snprintf(path, sizeof path, "%s/%s", l->dir, s->name) >= (int)sizeof path)
			continue;
		int pfd = rotation_open(path, &st);
		if (pfd < 0)
			continue;
		int same = rotation_same_start(pfd, &id);
		close(pfd);
		if (same)
			return 1;
	}
	return 0;
}

int rotation_is_plain(int fd)
{
	unsigned char magic[DECODER_MAGIC_BYTES];
	ssize_t n = pread(fd, magic, sizeof magic, 0);
	return decoder_detect(magic, n > 0 ? (size_t)n : 0) == DECODER_PLAIN;
}

/* Whether the sibling open at fd (st its fstat) is a copy of the input open at live_fd as
 * it is now, whole or still being written: a copytruncate caught between its copy and its
 * truncate. Such a copy is plain text (logrotate compresses after the truncate), no
 * longer than the input, and the input holds its first and its last bytes at the same
 * places. A true predecessor of an empty input holds lines the input has not there. */
static int copy_of_live(int fd, const struct stat *st, int live_fd)
{
	struct stat live;
	struct rotation_id id;
	if (live_fd < 0 || fstat(live_fd, &live) != 0 || !rotation_is_plain(fd) ||
	    st->st_size <= 0 || st->st_size > live.st_size ||
	    rotation_identify(fd, st, ROTATION_FP_BYTES, &id) != 0 || id.fp_len == 0 ||
	    !rotation_same_start(live_fd, &id))
		return 0;
	unsigned char a[ROTATION_FP_BYTES], b[ROTATION_FP_BYTES];
	size_t n = (uint64_t)st->st_size < sizeof a ? (size_t)st->st_size : sizeof a;
	off_t at = st->st_size - (off_t)n;
	return pread(fd, a, n, at) == (ssize_t)n && pread(live_fd, b, n, at) == (ssize_t)n &&
	       memcmp(a, b, n) == 0;
}

/* Whether s is, by the way how, the file id describes: 1 with m filled. A sibling gone
 * since the listing sets *gone (a rotation is moving files: the listing is stale). */
static int try_sibling(const struct listing *l, const struct sibling *s,
                       const struct rotation_id *id, unsigned how,
                       const struct rotation_avoid *avoid, struct rotation_match *m, int *gone)
{
	const struct rotation_id *unlike = avoid->unlike;
	if (how == ROTATION_BY_INODE &&
	    ((uint64_t)s->st.st_dev != id->dev || (uint64_t)s->st.st_ino != id->ino))
		return 0; /* no need to open it */
	if (snprintf(m->path, sizeof m->path, "%s/%s", l->dir, s->name) >= (int)sizeof m->path)
		return 0;
	int fd = rotation_open(m->path, &m->st);
	if (fd < 0) {
		*gone |= errno == ENOENT;
		return 0;
	}
	if (!S_ISREG(m->st.st_mode) || !matches(s, fd, id, how) ||
	    (how != ROTATION_BY_INODE && unlike && unlike->fp_len > 0 &&
	     rotation_same_start(fd, unlike)) ||
	    (how == ROTATION_BY_TIME && compressed_name(s->name) && copy_in_progress(l, fd)) ||
	    (how == ROTATION_BY_TIME && copy_of_live(fd, &m->st, avoid->live_fd))) {
		close(fd);
		return 0;
	}
	m->fd = fd;
	return 1;
}

int rotation_find(const char *path, const struct rotation_id *id, unsigned how,
                  const struct stat *skip, struct rotation_match *m)
{
	const struct rotation_avoid avoid = {skip, NULL, NULL, -1};
	return rotation_find_avoiding(path, id, how, &avoid, m);
}

/* One search in one listing of the siblings. */
static int find_listed(const char *path, const struct rotation_id *id, unsigned how,
                       const struct rotation_avoid *avoid, struct rotation_match *m, int *gone)
{
	struct listing l;
	if (list_siblings(path, &l) != 0)
		return -1;
	int found = 0;
	for (unsigned way = ROTATION_BY_INODE; !found && way <= ROTATION_BY_TIME; way <<= 1) {
		if (!(how & way))
			continue;
		/* plain names first: while gzip or zstd writes NAME.1.gz, NAME.1 is still
		 * there, whole, and the half-written .gz would read as truncated */
		for (int compressed = 0; !found && compressed < 2; compressed++)
			for (size_t i = 0; !found && i < l.n; i++)
				if (compressed_name(l.v[i].name) == compressed &&
				    !same_file(&l.v[i].st, avoid->skip) &&
				    !same_file(&l.v[i].st, avoid->skip2))
					found = try_sibling(&l, &l.v[i], id, way, avoid, m, gone);
	}
	listing_free(&l);
	return found;
}

int rotation_find_avoiding(const char *path, const struct rotation_id *id, unsigned how,
                           const struct rotation_avoid *avoid, struct rotation_match *m)
{
	/* A directory listing is no snapshot: while gzip turns NAME.1 into NAME.1.gz, the
	 * listing can hold NAME.1, gone when opened, and miss NAME.1.gz. Nothing found and a
	 * sibling gone: list again. */
	int found = 0, gone = 1;
	for (int tries = 0; found == 0 && gone && tries < FIND_TRIES; tries++) {
		gone = 0;
		found = find_listed(path, id, how, avoid, m, &gone);
	}
	return found;
}

size_t rotation_count_newer(const char *path, int64_t after_ns, const struct rotation_id *id,
                            const struct stat *a, const struct stat *b)
{
	struct listing l;
	if (list_siblings(path, &l) != 0)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < l.n && rotation_mtime_ns(&l.v[i].st) > after_ns; i++) {
		const struct sibling *s = &l.v[i];
		if (same_file(&s->st, a) || same_file(&s->st, b) || s->st.st_size == 0)
			continue;
		char full[8192];
		struct stat st;
		snprintf(full, sizeof full, "%s/%s", l.dir, s->name);
		int fd = rotation_open(full, &st);
		if (fd < 0)
			continue;
		if (id->fp_len == 0 || !rotation_same_start(fd, id))
			n++;
		close(fd);
	}
	listing_free(&l);
	return n;
}
