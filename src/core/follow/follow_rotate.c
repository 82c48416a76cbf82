/* follow_rotate.c — a follower's view of its rotated siblings, through rotation.c (the
 * same identity and search as --state): the copy a copytruncate left, decoded when it was
 * compressed before being drained, and the files rotated past before anyone read them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "decoder.h"
#include "follow_impl.h"

/* The identity rotation.h gives the file whose first bytes s saw (plain text). */
static struct rotation_id stream_id(const struct stream *s)
{
	return (struct rotation_id){.dev = (uint64_t)s->dev,
	                            .ino = (uint64_t)s->ino,
	                            .fp_len = (uint32_t)s->fp_len,
	                            .fp_hash = rotation_hash(s->fp, s->fp_len)};
}

/* The copy logrotate's copytruncate left (NAME.1, NAME.1.gz, ...: rotation.h's search)
 * that holds what we had not read yet: it starts as our file did and, when plain, is at
 * least as long as what we read. Returns 1 with m filled. */
int follow_find_copy(struct follower *f, struct rotation_match *m)
{
	struct stat st;
	if (f->cur.fp_len == 0 || fstat(f->cur.fd, &st) != 0)
		return 0;
	struct rotation_id id = stream_id(&f->cur);
	if (rotation_find(f->path, &id, ROTATION_BY_START, &st, m) != 1)
		return 0;
	unsigned char magic[DECODER_MAGIC_BYTES];
	ssize_t n = pread(m->fd, magic, sizeof magic, 0);
	int plain = decoder_detect(magic, n > 0 ? (size_t)n : 0) == DECODER_PLAIN;
	if (plain && (uint64_t)m->st.st_size < f->cur.pos) {
		close(m->fd);
		return 0;
	}
	return 1;
}

/* Count the rest of a compressed copy, from where cur's unread partial line started. */
void follow_drain_compressed(struct follower *f, int fd, const char *path)
{
	struct input_result *res = malloc(sizeof *res);
	if (res) {
		struct analyze_options ao;
		analyze_options_init(&ao);
		ao.format = f->have_format ? &f->format : NULL;
		ao.max_line = f->max_line;
		ao.series = f->series; /* the exporter's labelled counts add up to the tally */
		ao.start_offset = f->cur.pos - f->cur.len;
		ao.start_line = f->cur.scan.line;
		ao.start_skipping = f->cur.scan.skipping;
		if (analyze_fd(fd, path, f->index, &ao, res) != 0) {
			f->lost++; /* what follows the damage is not counted */
			snprintf(f->notice, sizeof f->notice,
			         "rotated copy not read to its end: %.200s", res->error);
		}
		tally_merge(&f->tally, &res->tally);
		free(res);
	}
	close(fd);
	f->cur.len = 0;
}

/* The path holds a new file (st) while cur is still open: a sibling that changed after
 * cur last did, and is neither cur, the old file nor a copy of cur, is a file that came
 * between them and was rotated away before we saw it: its lines are lost. Say so. */
void follow_count_lost(struct follower *f, const struct stat *st)
{
	struct stat cst, ost;
	if (fstat(f->cur.fd, &cst) != 0 || !S_ISREG(cst.st_mode))
		return;
	memset(&ost, 0, sizeof ost);
	ost.st_dev = f->old.dev;
	ost.st_ino = f->old.ino;
	struct rotation_id id = stream_id(&f->cur);
	size_t n = rotation_count_newer(f->path, rotation_mtime_ns(&cst), &id, &cst,
	                                f->old.ino ? &ost : st);
	if (n == 0)
		return;
	f->lost += n;
	snprintf(f->notice, sizeof f->notice,
	         "%llu rotated file%s never read: the log rotated faster than it was followed",
	         (unsigned long long)f->lost, f->lost == 1 ? "" : "s");
}
