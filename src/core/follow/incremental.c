/* incremental.c — what an incremental run reads (see incremental.h). Identity is device
 * and inode plus a fingerprint of the first decoded bytes: the inode alone is reused by
 * filesystems, and a compressed rotation has a new inode but the same first bytes. */
#include "incremental.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decoder.h"

#define RAW_CHUNK 16384
#define MAX_CANDIDATES 256

static uint64_t fnv1a(const unsigned char *p, size_t n)
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

int incremental_fingerprint(int fd, uint32_t limit, uint32_t *len, uint64_t *hash)
{
	unsigned char raw[RAW_CHUNK], text[INCREMENTAL_FP_BYTES];
	if (limit > INCREMENTAL_FP_BYTES)
		limit = INCREMENTAL_FP_BYTES;
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
	*hash = fnv1a(text, (size_t)got);
	return 0;
}

/* Whether the file open at fd has the saved fingerprint. */
static int same_prefix(int fd, const struct state_input *saved)
{
	uint32_t len;
	uint64_t hash;
	return incremental_fingerprint(fd, saved->fp_len, &len, &hash) == 0 &&
	       len == saved->fp_len && hash == saved->fp_hash;
}

/* A rotated sibling of base: base + [.-_] + digits and [._-] (NAME.1, NAME-20240501,
 * NAME.2024-05-01) + optionally .gz or .zst. */
static int rotated_name(const char *base, const char *entry)
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

static void split_path(const char *path, char *dir, size_t size, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (!slash)
		snprintf(dir, size, ".");
	else
		snprintf(dir, size, "%.*s", slash == path ? 1 : (int)(slash - path), path);
}

/* Open dir/name when it is a regular file; returns fd or -1. */
static int open_regular(const char *dir, const char *name, char *full, size_t size, struct stat *st)
{
	if (snprintf(full, size, "%s/%s", dir, name) >= (int)size)
		return -1;
	int fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Whether the candidate open at fd is the file saved: by inode (pass 0) or, for copies
 * and compressed rotations, by fingerprint alone (pass 1). */
static int is_predecessor(int fd, const struct stat *st, const struct state_input *saved,
                          const struct stat *live, int pass)
{
	if (live && st->st_dev == live->st_dev && st->st_ino == live->st_ino)
		return 0;
	int same_inode = (uint64_t)st->st_dev == saved->dev && (uint64_t)st->st_ino == saved->ino;
	if (pass == 0)
		return same_inode && same_prefix(fd, saved);
	return !same_inode && saved->fp_len > 0 && same_prefix(fd, saved);
}

static int find_predecessor(const char *path, const struct state_input *saved,
                            const struct stat *live, struct incremental_part *out)
{
	char dir[4096];
	const char *base;
	split_path(path, dir, sizeof dir, &base);
	for (int pass = 0; pass < 2; pass++) {
		DIR *d = opendir(dir);
		if (!d)
			return -1;
		struct dirent *e;
		int seen = 0, fd = -1;
		while (fd < 0 && seen < MAX_CANDIDATES && (e = readdir(d)) != NULL) {
			struct stat st;
			if (!rotated_name(base, e->d_name))
				continue;
			seen++;
			fd = open_regular(dir, e->d_name, out->path, sizeof out->path, &st);
			if (fd >= 0 && !is_predecessor(fd, &st, saved, live, pass)) {
				close(fd);
				fd = -1;
			}
		}
		closedir(d);
		if (fd >= 0) {
			out->fd = fd;
			out->start_offset = saved->offset;
			out->start_line = saved->lines;
			return 0;
		}
	}
	return -1;
}

static void add_part(struct incremental_plan *p, const char *path, int fd, uint64_t offset,
                     uint64_t line)
{
	struct incremental_part *part = &p->parts[p->nparts++];
	snprintf(part->path, sizeof part->path, "%s", path);
	part->fd = fd;
	part->start_offset = offset;
	part->start_line = line;
}

/* Read the live file: from (offset, line); its identity is what the state keeps next. */
static void add_live(struct incremental_plan *p, const char *path, int fd, const struct stat *st,
                     uint64_t offset, uint64_t line)
{
	add_part(p, path, fd, offset, line);
	p->live = 1;
	p->next.dev = (uint64_t)st->st_dev;
	p->next.ino = (uint64_t)st->st_ino;
}

static int is_plain(int fd)
{
	unsigned char magic[DECODER_MAGIC_BYTES];
	ssize_t n = pread(fd, magic, sizeof magic, 0);
	return decoder_detect(magic, n > 0 ? (size_t)n : 0) == DECODER_PLAIN;
}

/* The same inode as last time, but shrunk or rewritten from its start (copytruncate):
 * finish the copy of the old contents when it is next to it, then read it from 0. */
static void plan_truncated(struct incremental_plan *p, const char *path, int fd,
                           const struct stat *st, const struct state_input *saved)
{
	if (find_predecessor(path, saved, st, &p->parts[0]) == 0)
		p->nparts = 1;
	else if (saved->offset > 0)
		snprintf(p->warning, sizeof p->warning,
		         "%s was truncated since the last run and no copy of it is next to it "
		         "(NAME.1, NAME.1.gz, ...): reading it from the start; lines written "
		         "before the truncation are not counted",
		         path);
	add_live(p, path, fd, st, 0, 0);
}

int incremental_plan(const char *path, const struct state_input *saved,
                     struct incremental_plan *plan, char *err, size_t errsize)
{
	memset(plan, 0, sizeof *plan);
	snprintf(plan->next.path, sizeof plan->next.path, "%s", path);
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), why = errno;
	if (fd >= 0 && (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode))) {
		why = S_ISDIR(st.st_mode) ? EISDIR : errno;
		close(fd);
		fd = -1;
	}
	if (fd >= 0 && incremental_fingerprint(fd, INCREMENTAL_FP_BYTES, &plan->next.fp_len,
	                                       &plan->next.fp_hash) != 0) {
		snprintf(err, errsize, "cannot read its first bytes");
		close(fd);
		return -1;
	}
	if (!saved && fd >= 0) {
		add_live(plan, path, fd, &st, 0, 0);
		return 0;
	}
	if (saved && fd >= 0 && (uint64_t)st.st_dev == saved->dev &&
	    (uint64_t)st.st_ino == saved->ino) {
		if (same_prefix(fd, saved) &&
		    (!is_plain(fd) || (uint64_t)st.st_size >= saved->offset))
			add_live(plan, path, fd, &st, saved->offset, saved->lines);
		else
			plan_truncated(plan, path, fd, &st, saved);
		return 0;
	}
	/* Rotated (or replaced): the rest of the old file first, then the new one. */
	if (saved && find_predecessor(path, saved, fd >= 0 ? &st : NULL, &plan->parts[0]) == 0)
		plan->nparts = 1;
	else if (saved && fd >= 0 && saved->offset > 0)
		snprintf(plan->warning, sizeof plan->warning,
		         "%s was rotated since the last run, but the file read then is not next to "
		         "it (as NAME.1, NAME.1.gz, NAME.1.zst, NAME-DATE...): lines it got after "
		         "the "
		         "last run are not counted",
		         path);
	if (fd >= 0) {
		add_live(plan, path, fd, &st, 0, 0);
	} else if (plan->nparts == 1) {
		plan->next = *saved; /* only the old file is left: keep following it */
	} else {
		snprintf(err, errsize, "%s", strerror(why));
		return -1;
	}
	return 0;
}

void incremental_close(struct incremental_plan *plan)
{
	for (size_t i = 0; i < plan->nparts; i++)
		if (plan->parts[i].fd >= 0)
			close(plan->parts[i].fd);
	plan->nparts = 0;
}
