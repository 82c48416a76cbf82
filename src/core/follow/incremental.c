/* incremental.c — what an incremental run reads (see incremental.h). Which file is which
 * is rotation.c's to say; this file only orders the parts and words the warnings. */
#include "incremental.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void add_part(struct incremental_plan *p, enum incremental_role role, const char *path,
                     int fd, uint64_t offset, uint64_t line, int skipping)
{
	struct incremental_part *part = &p->parts[p->nparts++];
	snprintf(part->path, sizeof part->path, "%s", path);
	part->fd = fd;
	part->role = role;
	part->start_offset = offset;
	part->start_line = line;
	part->start_skipping = skipping;
}

/* Find what saved described among path's siblings (never skip, a file known to be
 * another — the live log or the file before — nor self, the file open at path: renamed
 * while the plan is made, it is a sibling too; found by time, never a copy of the log as
 * it is now, live_fd): when found, it becomes the first part, read on from the saved
 * offset. Returns 1 when found. */
static int add_predecessor(struct incremental_plan *p, const char *path,
                           const struct state_input *saved, unsigned how, const struct stat *skip,
                           const struct stat *self, int live_fd)
{
	struct rotation_match m;
	const struct rotation_avoid avoid = {skip, self, p->before.known ? &p->before.id : NULL,
	                                     live_fd};
	if (rotation_find_avoiding(path, &saved->id, how, &avoid, &m) != 1)
		return 0;
	add_part(p, INCREMENTAL_PRED, m.path, m.fd, saved->offset, saved->lines, saved->skipping);
	/* once read, it is the file before the next one */
	struct state_prev *prev = &p->next.prev;
	memset(prev, 0, sizeof *prev);
	if (rotation_identify(m.fd, &m.st, ROTATION_FP_BYTES, &prev->id) == 0)
		prev->known = 1;
	p->prev_is_pred = 1;
	return 1;
}

/* The file read before the saved one, when it is still next to path: its stat in st
 * (to be told from an empty log's copy), and its new lines as the first part when it
 * changed: plain text that grew, or compressed since (gzip keeps the mtime of the last
 * late line: a compressed file whose mtime is the one seen is not decoded again). */
static void add_prev(struct incremental_plan *p, const char *path, const struct state_input *saved,
                     struct stat *st)
{
	struct rotation_match m;
	const struct state_prev *prev = &saved->prev;
	p->next.prev = p->before = *prev;
	if (!prev->known ||
	    rotation_find(path, &prev->id, ROTATION_BY_INODE | ROTATION_BY_START, NULL, &m) != 1)
		return;
	if (prev->id.fp_len == 0 && saved->id.fp_len > 0 && rotation_same_start(m.fd, &saved->id)) {
		/* the previous file was empty, and this one starts like the input: a copy of the
		 * input that took the old file's inode number (copytruncate after the old file
		 * was compressed away), not late lines of the previous file */
		close(m.fd);
		return;
	}
	*st = m.st;
	struct rotation_id *id = &p->next.prev.id;
	int grew = rotation_is_plain(m.fd) ? (uint64_t)m.st.st_size > prev->offset
	                                   : rotation_mtime_ns(&m.st) != prev->id.mtime_ns;
	id->dev = (uint64_t)m.st.st_dev; /* where it is now (compressed: another inode) */
	id->ino = (uint64_t)m.st.st_ino;
	id->mtime_ns = rotation_mtime_ns(&m.st);
	p->before = p->next.prev;
	if (grew)
		add_part(p, INCREMENTAL_PREV, m.path, m.fd, prev->offset, prev->lines,
		         prev->skipping);
	else
		close(m.fd);
}

static const unsigned ANY_COPY = ROTATION_BY_START | ROTATION_BY_TIME;

/* The same inode as last time. Grown: from the saved offset — unless it was empty then
 * and a sibling changed since (copytruncate of an empty file's new lines: that copy
 * first). Shrunk or rewritten from its start: finish its copy, then read it from 0. */
static void plan_same_inode(struct incremental_plan *p, const char *path, int fd,
                            const struct stat *st, const struct state_input *saved,
                            const struct stat *prev_st)
{
	if (rotation_same_start(fd, &saved->id) &&
	    (!rotation_is_plain(fd) || (uint64_t)st->st_size >= saved->offset)) {
		if (saved->id.fp_len == 0 && saved->offset == 0 &&
		    add_predecessor(p, path, saved, ROTATION_BY_TIME, prev_st, st, fd)) {
			add_part(p, INCREMENTAL_LIVE, path, fd, 0, 0, 0);
		} else {
			add_part(p, INCREMENTAL_LIVE, path, fd, saved->offset, saved->lines,
			         saved->skipping);
		}
		p->live = 1;
		return;
	}
	if (!add_predecessor(p, path, saved, ANY_COPY, prev_st, st, fd) && saved->offset > 0)
		snprintf(p->warning, sizeof p->warning,
		         "%s was truncated since the last run and no copy of it is next to it "
		         "(NAME.1, NAME.1.gz, ...): reading it from the start; lines written "
		         "before the truncation are not counted",
		         path);
	add_part(p, INCREMENTAL_LIVE, path, fd, 0, 0, 0);
	p->live = 1;
}

/* Another file (or none) at path: the old one was rotated, or moved as a whole. */
static int plan_other(struct incremental_plan *p, const char *path, int fd, const struct stat *st,
                      const struct state_input *saved, const struct stat *prev_st)
{
	const struct stat *live = fd >= 0 ? st : NULL;
	if (add_predecessor(p, path, saved, ROTATION_BY_INODE, live, live, fd)) {
		/* renamed away: finish it, then the new file */
	} else if (fd >= 0 && saved->id.fp_len > 0 && rotation_same_start(fd, &saved->id) &&
	           (!rotation_is_plain(fd) || (uint64_t)st->st_size >= saved->offset)) {
		/* same start and long enough: the file itself, on another device or inode */
		add_part(p, INCREMENTAL_LIVE, path, fd, saved->offset, saved->lines,
		         saved->skipping);
		p->live = 1;
		return 0;
	} else if (!add_predecessor(p, path, saved, ANY_COPY, prev_st, live, fd) && fd >= 0 &&
	           saved->offset > 0) {
		snprintf(p->warning, sizeof p->warning,
		         "%s was rotated since the last run, but the file read then is not next to "
		         "it (as NAME.1, NAME.1.gz, NAME.1.zst, NAME-DATE...): lines it got after "
		         "the last run are not counted",
		         path);
	}
	if (fd >= 0) {
		add_part(p, INCREMENTAL_LIVE, path, fd, 0, 0, 0);
		p->live = 1;
		return 0;
	}
	if (p->nparts == 0 || p->parts[p->nparts - 1].role != INCREMENTAL_PRED)
		return -1;
	/* only the old file is left: follow it until a new one appears */
	p->next.id = p->next.prev.known ? p->next.prev.id : saved->id;
	p->next.prev = p->before; /* still the file before it */
	p->prev_is_pred = 0;
	return 0;
}

/* Open path as a regular file. Returns fd, or -1 with why (an errno) set. */
static int open_input(const char *path, struct stat *st, int *why)
{
	int fd = rotation_open(path, st);
	*why = errno;
	if (fd >= 0 && !S_ISREG(st->st_mode)) {
		*why = S_ISDIR(st->st_mode) ? EISDIR : ESPIPE;
		close(fd);
		fd = -1;
	}
	return fd;
}

int incremental_plan(const char *path, const struct state_input *saved,
                     struct incremental_plan *plan, char *err, size_t errsize)
{
	memset(plan, 0, sizeof *plan);
	snprintf(plan->next.path, sizeof plan->next.path, "%s", path);
	struct stat st;
	int why, fd = open_input(path, &st, &why);
	if (fd < 0 && why == ESPIPE) {
		snprintf(err, errsize,
		         "not a regular file: --state resumes files, and a FIFO, "
		         "socket or device has no offset to resume from");
		return -1;
	}
	if (fd >= 0 && rotation_identify(fd, &st, ROTATION_FP_BYTES, &plan->next.id) != 0) {
		snprintf(err, errsize, "cannot read its first bytes");
		close(fd);
		return -1;
	}
	plan->planned = plan->next.id;
	if (!saved && fd >= 0) {
		add_part(plan, INCREMENTAL_LIVE, path, fd, 0, 0, 0);
		plan->live = 1;
		return 0;
	}
	struct stat prev_st;
	memset(&prev_st, 0, sizeof prev_st);
	if (saved)
		add_prev(plan, path, saved, &prev_st);
	if (saved && fd >= 0 && (uint64_t)st.st_dev == saved->id.dev &&
	    (uint64_t)st.st_ino == saved->id.ino) {
		plan_same_inode(plan, path, fd, &st, saved, &prev_st);
		return 0;
	}
	if (!saved || plan_other(plan, path, fd, &st, saved, &prev_st) != 0) {
		snprintf(err, errsize, "%s", strerror(why));
		incremental_close(plan);
		return -1;
	}
	return 0;
}

void incremental_done(struct incremental_plan *plan, size_t i, uint64_t end_offset, uint64_t lines,
                      int skipping, int failed)
{
	struct incremental_part *part = &plan->parts[i];
	if (i + 1 < plan->nparts) { /* a file left behind: remember where, for late lines */
		struct state_prev *prev = &plan->next.prev;
		if ((part->role == INCREMENTAL_PRED) == plan->prev_is_pred)
			*prev = (struct state_prev){prev->known && !failed, prev->id, end_offset,
			                            lines, skipping};
		return;
	}
	plan->next.offset = end_offset;
	plan->next.lines = lines;
	plan->next.skipping = skipping;
	uint64_t want = end_offset < ROTATION_FP_BYTES ? end_offset : ROTATION_FP_BYTES;
	if (!plan->live || plan->next.id.fp_len >= want)
		return;
	/* The file grew while it was read: its identity is what was read, not a shorter
	 * start. Its start is checked before and after, so a copytruncate and new lines in
	 * between are not taken for what was read. */
	uint32_t len;
	uint64_t hash;
	int fd = part->fd;
	if (rotation_same_start(fd, &plan->next.id) &&
	    rotation_fingerprint(fd, (uint32_t)want, &len, &hash) == 0 && len == want &&
	    rotation_same_start(fd, &plan->next.id)) {
		plan->next.id.fp_len = len;
		plan->next.id.fp_hash = hash;
	}
}

int incremental_changed(const struct incremental_plan *plan)
{
	if (!plan->live || plan->nparts == 0)
		return 0;
	const struct incremental_part *live = &plan->parts[plan->nparts - 1];
	if (plan->planned.fp_len == 0)
		return plan->next.offset > live->start_offset;
	return !rotation_same_start(live->fd, &plan->planned);
}

void incremental_close(struct incremental_plan *plan)
{
	for (size_t i = 0; i < plan->nparts; i++)
		if (plan->parts[i].fd >= 0)
			close(plan->parts[i].fd);
	plan->nparts = 0;
}
