/* follow.c — one followed path: the file open now, the rotated one still draining, and
 * how to tell that the path moved on (inode), was truncated (size, first bytes: the
 * identity of rotation.h, as for --state) or went away. Files are read with pread at our
 * own offset; buffers are bounded by max_line. Compressed input is refused: a growing
 * .gz cannot be followed; a rotated copy compressed before it was drained is decoded. */
#include "follow.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decoder.h"
#include "rotation.h"
#include "follow_impl.h"
#include "scan.h"

#define READ_CHUNK (64u * 1024)
#define LINGER_MS 5000       /* a rotated file is still read this long after its last byte */
#define ROTATED_SHOW_MS 5000 /* how long the state says "rotated" */
#define DETECT_TAIL (64u * 1024)
#define DEFAULT_BUDGET (1u << 20)

const char *follow_state_name(enum follow_state s)
{
	static const char *const names[] = {"waiting", "following", "rotated", "ended", "error"};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static void set_error(struct follower *f, const char *what, int err)
{
	snprintf(f->error, sizeof f->error, "%s: %s", what, strerror(err));
}

static void stream_reset(struct follower *f, struct stream *s, int fd, const struct stat *st)
{
	s->fd = fd;
	s->is_pipe = 0;
	s->eof = 0;
	s->dev = st ? st->st_dev : 0;
	s->ino = st ? st->st_ino : 0;
	s->pos = 0;
	s->len = 0;
	s->fp_len = 0;
	s->last_data_ms = 0;
	scanner_init(&s->scan, &f->format, &f->tally, f->index, f->max_line);
	scanner_series(&s->scan, f->series);
	scanner_collect(&s->scan, f->top);
	scanner_drill(&s->scan, f->drill);
}

/* The format is known: the labelled counts need the fields after the size too (a %D at
 * the end of an Apache format), as the batch report reads them. */
static void format_known(struct follower *f)
{
	f->format.strict_tail = 0;
	f->have_format = 1;
	if (f->series)
		logformat_need(&f->format, series_roles(f->series));
}

/* Choose the format from the lines buffered so far, once there is a complete one (or the
 * buffer is full, or the input ended). Returns 1 when the format is known. */
static int ensure_format(struct follower *f, struct stream *s, int at_end)
{
	if (f->have_format)
		return 1;
	if (!memchr(s->buf, '\n', s->len) && s->len < f->max_line && !(at_end && s->len))
		return 0;
	logformat_detect(s->buf, s->len, 200, &f->format);
	format_known(f);
	return 1;
}

/* Count the complete lines in s's buffer; at_end also counts the partial last line. */
static void stream_scan(struct follower *f, struct stream *s, int at_end)
{
	if (!ensure_format(f, s, at_end))
		return;
	size_t used = scanner_feed(&s->scan, s->buf, s->len);
	memmove(s->buf, s->buf + used, s->len - used);
	s->len -= used;
	if (at_end) {
		scanner_finish(&s->scan, s->buf, s->len);
		s->len = 0;
	}
}

/* Whether the writers of the pipe at fd are gone. read() also says 0 on a FIFO no one
 * has opened for writing yet; only then is there no hang-up. */
static int writer_gone(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode))
		return 1;
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, 0) > 0 && (p.revents & POLLHUP);
}

static void stream_close(struct stream *s)
{
	if (s->fd == 0 && s->is_pipe && s->saved_flags >= 0)
		fcntl(0, F_SETFL, s->saved_flags);
	else if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->len = 0;
}

/* The first bytes of a stream are gzip or zstd: say so and stop reading it. */
static int refuse_compressed(struct follower *f, struct stream *s, const char *p, size_t n)
{
	enum decoder_kind kind = decoder_detect((const unsigned char *)p, n);
	if (kind == DECODER_PLAIN)
		return 0;
	snprintf(f->error, sizeof f->error,
	         "%s-compressed input cannot be followed (it only grows as text); "
	         "read it without -f",
	         decoder_kind_name(kind));
	stream_close(s);
	return 1;
}

/* Read s until end of file, EAGAIN or the budget. Returns 1 when the budget ran out. */
static int stream_read(struct follower *f, struct stream *s, int64_t now, size_t *budget)
{
	while (s->fd >= 0) {
		if (*budget == 0)
			return 1;
		size_t want = f->cap - s->len;
		ssize_t n = s->is_pipe ? read(s->fd, s->buf + s->len, want)
		                       : pread(s->fd, s->buf + s->len, want, (off_t)s->pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			set_error(f, "read", errno);
			f->read_errors++;
		}
		if (n == 0 && s->is_pipe)
			s->eof = 1;
		if (n == 0 && s->is_pipe && !writer_gone(s->fd))
			s->eof = 0; /* a FIFO nobody opened for writing yet: wait for one */
		if (n <= 0)
			return 0;
		if (s->pos == 0 && refuse_compressed(f, s, s->buf + s->len, (size_t)n))
			return 0;
		if (!s->is_pipe && s->pos < ROTATION_FP_BYTES && s->pos == s->fp_len) {
			size_t room = ROTATION_FP_BYTES - (size_t)s->pos;
			size_t k = (size_t)n < room ? (size_t)n : room;
			memcpy(s->fp + s->pos, s->buf + s->len, k);
			s->fp_len += k;
		}
		s->pos += (uint64_t)n;
		s->len += (size_t)n;
		f->bytes_read += (uint64_t)n;
		s->last_data_ms = now;
		*budget = *budget > (size_t)n ? *budget - (size_t)n : 0;
		stream_scan(f, s, 0);
	}
	return 0;
}

/* Read s to its end, count its partial last line, close it. */
static void stream_retire(struct follower *f, struct stream *s, int64_t now)
{
	size_t unlimited = SIZE_MAX;
	stream_read(f, s, now, &unlimited);
	if (s->len) {
		stream_scan(f, s, 1);
		s->len = 0;
	}
	stream_close(s);
}

/* Compare the file's first bytes with the fingerprint and extend it while the file is
 * shorter than ROTATION_FP_BYTES. Returns 1 when they differ: truncated or rewritten. */
static int fingerprint_changed(struct stream *s, int fd)
{
	unsigned char now[ROTATION_FP_BYTES];
	ssize_t got = pread(fd, now, sizeof now, 0);
	if (got < 0)
		return 0;
	if ((size_t)got < s->fp_len || memcmp(now, s->fp, s->fp_len) != 0)
		return 1;
	if (fd == s->fd) {
		memcpy(s->fp, now, (size_t)got);
		s->fp_len = (size_t)got;
	}
	return 0;
}

/* Move cur to old (draining whatever old was first); cur is left empty and closed. */
static void shift_to_old(struct follower *f, int64_t now)
{
	if (f->old.fd >= 0 || f->old.len)
		stream_retire(f, &f->old, now);
	struct stream tmp = f->old;
	f->old = f->cur;
	f->cur = tmp;
	f->cur.fd = -1;
	f->old.last_data_ms = now;
	f->rotations++;
	f->rotated_ms = now;
}

/* cur's file shrank or its start changed (copytruncate). What we had not read is lost
 * unless its copy still holds it: then that copy is drained as the old file (decoded at
 * once when compressed). A copy written over the one still draining (two copytruncates
 * within LINGER_MS) ends that one: its bytes are no longer what we were reading. */
static void handle_truncation(struct follower *f, int64_t now)
{
	struct rotation_match m;
	struct stat st;
	int fd = f->cur.fd, found = follow_find_copy(f, &m);
	if (fstat(fd, &st) != 0)
		memset(&st, 0, sizeof st);
	if (found && f->old.fd >= 0 && m.st.st_dev == f->old.dev && m.st.st_ino == f->old.ino)
		stream_close(&f->old);
	unsigned char magic[DECODER_MAGIC_BYTES];
	ssize_t n = found ? pread(m.fd, magic, sizeof magic, 0) : 0;
	if (found && decoder_detect(magic, n > 0 ? (size_t)n : 0) != DECODER_PLAIN) {
		follow_drain_compressed(f, m.fd, m.path);
		found = 0;
	}
	if (found) {
		shift_to_old(f, now);
		f->old.fd = m.fd;
		f->old.dev = m.st.st_dev;
		f->old.ino = m.st.st_ino;
	} else {
		stream_scan(f, &f->cur, 1);
		f->rotations++;
		f->rotated_ms = now;
	}
	stream_reset(f, &f->cur, fd, &st);
	f->cur.last_data_ms = now;
}

/* The old file was rewritten under us (truncated, or its start changed: a new copy over
 * it): what it holds now is not the rest of what we read. */
static int old_rewritten(struct follower *f)
{
	struct stat st;
	if (fstat(f->old.fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return (uint64_t)st.st_size < f->old.pos || fingerprint_changed(&f->old, f->old.fd);
}

static int truncated(struct follower *f)
{
	struct stat st;
	if (fstat(f->cur.fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((uint64_t)st.st_size < f->cur.pos)
		return 1;
	return fingerprint_changed(&f->cur, f->cur.fd);
}

/* Open path; 0 with the descriptor and its stat on success, else -1 with the error recorded. */
static int open_path(struct follower *f, int *fd, struct stat *st)
{
	*fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (*fd < 0) {
		set_error(f, "open", errno);
		return -1;
	}
	if (fstat(*fd, st) != 0 || S_ISDIR(st->st_mode)) {
		if (S_ISDIR(st->st_mode))
			snprintf(f->error, sizeof f->error, "is a directory");
		else
			set_error(f, "stat", errno);
		close(*fd);
		return -1;
	}
	return 0;
}

/* Look at the path: gone (keep reading the open file), the same file, or a new file
 * there (rotation, or the first appearance): switch to it, reading it from its start.
 * Returns 1 after a switch. */
static int check_path(struct follower *f, int64_t now)
{
	struct stat st;
	if (stat(f->path, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			f->missing = 1;
			f->error[0] = 0;
		} else {
			set_error(f, "stat", errno);
		}
		return 0;
	}
	f->missing = 0;
	if (f->cur.fd >= 0 && st.st_dev == f->cur.dev && st.st_ino == f->cur.ino)
		return 0;
	int fd;
	if (open_path(f, &fd, &st) != 0)
		return 0;
	f->error[0] = 0;
	if (f->cur.fd >= 0) {
		follow_count_lost(f, &st);
		shift_to_old(f, now);
	}
	stream_reset(f, &f->cur, fd, &st);
	f->cur.is_pipe = S_ISFIFO(st.st_mode);
	f->cur.last_data_ms = now;
	return 1;
}

/* Start at the end of the last complete line of the file open in cur, learning the
 * format from the lines before it when none was given. */
static void seek_to_end(struct follower *f, const struct stat *st)
{
	uint64_t size = (uint64_t)st->st_size;
	uint64_t from = size > DETECT_TAIL ? size - DETECT_TAIL : 0;
	ssize_t n = pread(f->cur.fd, f->cur.buf, (size_t)(size - from), (off_t)from);
	if (n <= 0) {
		f->cur.pos = n < 0 ? size : 0;
		return;
	}
	const char *p = f->cur.buf, *end = p + n;
	const char *last = p + n;
	while (last > p && last[-1] != '\n')
		last--;
	f->cur.pos = from + (uint64_t)(last - p);
	if (last == p && from > 0)
		f->cur.pos = size; /* no newline in the tail: one huge line, skip it */
	const char *first = from > 0 ? memchr(p, '\n', (size_t)(end - p)) : p - 1;
	if (!f->have_format && first && first + 1 < last) {
		struct logformat fmt;
		if (logformat_detect(first + 1, (size_t)(last - first - 1), 200, &fmt) > 0) {
			f->format = fmt;
			format_known(f);
		}
	}
}

static void open_initial(struct follower *f, int from_start)
{
	if (strcmp(f->path, "-") == 0) {
		f->cur.fd = 0;
		f->cur.is_pipe = 1;
		f->cur.saved_flags = fcntl(0, F_GETFL);
		if (f->cur.saved_flags >= 0)
			fcntl(0, F_SETFL, f->cur.saved_flags | O_NONBLOCK);
		return;
	}
	struct stat st;
	if (stat(f->path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
		return; /* waiting: read from its start when it appears */
	int fd;
	if (open_path(f, &fd, &st) != 0)
		return;
	stream_reset(f, &f->cur, fd, &st);
	f->cur.is_pipe = S_ISFIFO(st.st_mode);
	if (!f->cur.is_pipe && !from_start && S_ISREG(st.st_mode)) {
		char magic[DECODER_MAGIC_BYTES];
		ssize_t n = pread(fd, magic, sizeof magic, 0);
		if (n > 0 && refuse_compressed(f, &f->cur, magic, (size_t)n))
			return;
		seek_to_end(f, &st);
	}
	fingerprint_changed(&f->cur, fd);
}

struct follower *follower_new(const char *path, uint32_t index, const struct follow_options *o,
                              int64_t now_ms)
{
	struct follower *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->max_line = o->max_line ? o->max_line : SCAN_DEFAULT_MAX_LINE;
	f->series = o->series;
	f->cap = f->max_line + READ_CHUNK;
	f->budget = o->budget ? o->budget : DEFAULT_BUDGET;
	f->index = index;
	f->top = o->top;
	f->drill = o->drill;
	f->path = strdup(path);
	f->cur.buf = malloc(f->cap);
	f->old.buf = malloc(f->cap);
	if (!f->path || !f->cur.buf || !f->old.buf) {
		follower_free(f);
		return NULL;
	}
	tally_init(&f->tally);
	if (o->format) {
		f->format = *o->format;
		format_known(f);
	} else {
		logformat_builtin("combined", &f->format);
	}
	stream_reset(f, &f->cur, -1, NULL);
	stream_reset(f, &f->old, -1, NULL);
	f->cur.last_data_ms = now_ms;
	f->rotated_ms = INT64_MIN / 2;
	open_initial(f, o->from_start);
	follower_poll(f, now_ms);
	return f;
}

void follower_free(struct follower *f)
{
	if (!f)
		return;
	stream_close(&f->cur);
	stream_close(&f->old);
	free(f->cur.buf);
	free(f->old.buf);
	free(f->path);
	free(f);
}

static void update_state(struct follower *f, int64_t now)
{
	if (f->cur.is_pipe && !f->error[0])
		f->state = f->cur.fd >= 0 ? FOLLOW_FOLLOWING : FOLLOW_ENDED;
	else if (f->error[0])
		f->state = FOLLOW_ERROR;
	else if (f->cur.fd < 0 || f->missing)
		f->state = FOLLOW_WAITING;
	else if (now - f->rotated_ms < ROTATED_SHOW_MS)
		f->state = FOLLOW_ROTATED;
	else
		f->state = FOLLOW_FOLLOWING;
}

/* A pipe: read what is there; at end of file count the partial last line and stop. */
static int poll_pipe(struct follower *f, int64_t now, size_t *budget)
{
	if (f->cur.fd < 0)
		return 0;
	if (stream_read(f, &f->cur, now, budget))
		return 1;
	if (f->cur.eof) {
		stream_scan(f, &f->cur, 1);
		stream_close(&f->cur);
	}
	return 0;
}

int follower_poll(struct follower *f, int64_t now_ms)
{
	size_t budget = f->budget;
	int more = 0;
	if (f->cur.is_pipe) {
		more = poll_pipe(f, now_ms, &budget);
		update_state(f, now_ms);
		return more;
	}
	if (f->old.fd >= 0 && old_rewritten(f))
		stream_close(&f->old);
	if (f->old.fd >= 0) {
		more = stream_read(f, &f->old, now_ms, &budget);
		if (!more && now_ms - f->old.last_data_ms >= LINGER_MS)
			stream_retire(f, &f->old, now_ms);
	}
	if (f->cur.fd >= 0 && truncated(f))
		handle_truncation(f, now_ms);
	if (f->cur.fd >= 0)
		more |= stream_read(f, &f->cur, now_ms, &budget);
	if (!more && check_path(f, now_ms))
		more = stream_read(f, &f->cur, now_ms, &budget);
	update_state(f, now_ms);
	return more;
}

const struct tally *follower_tally(const struct follower *f)
{
	return &f->tally;
}

void follower_reset(struct follower *f)
{
	tally_init(&f->tally);
}

enum follow_state follower_state(const struct follower *f)
{
	return f->state;
}

const char *follower_path(const struct follower *f)
{
	return f->path;
}

const char *follower_error(const struct follower *f)
{
	return f->error;
}

const char *follower_format(const struct follower *f)
{
	return f->have_format ? f->format.name : "";
}

uint64_t follower_rotations(const struct follower *f)
{
	return f->rotations;
}

uint64_t follower_bytes_read(const struct follower *f)
{
	return f->bytes_read;
}

uint64_t follower_read_errors(const struct follower *f)
{
	return f->read_errors;
}

uint64_t follower_lost(const struct follower *f)
{
	return f->lost;
}

const char *follower_notice(const struct follower *f)
{
	return f->notice;
}

int follower_fd(const struct follower *f)
{
	return f->cur.is_pipe ? f->cur.fd : -1;
}
