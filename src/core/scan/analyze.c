/* analyze.c — the one pass for one input: read → decode → cut into line-aligned blocks →
 * scan (here or in worker threads) → tally. Memory is bounded by the read buffer, the
 * blocks in flight and one carried partial line, whatever the input size. */
#include "analyze.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan.h"
#include "scanpool.h"
#include "seek.h"
#include "skipped.h"

#define READ_SIZE (1u << 20)  /* compressed bytes per read */
#define BLOCK_SIZE (2u << 20) /* decoded text per block */

struct pass {
	int fd;
	const struct analyze_options *o;
	struct input_result *res;
	uint32_t index;
	struct decoder *dec; /* NULL for plain text */
	unsigned char *in;   /* compressed input buffer */
	struct dbuf_in inbuf;
	int in_eof, failed;
	uint64_t to_skip; /* decoded bytes still to drop (resumed runs) */
	struct logformat format;
	struct scanpool *pool;
	char *carry; /* partial last line of the previous block */
	size_t carry_len, max_line;
	int skipping;            /* dropping the rest of a too-long line */
	int head_eof;            /* the whole input fit in the head (carry) */
	struct skipped *skipped; /* #Fields lines in what a resumed run drops; may be NULL */
	char *prime;             /* their text, for detection and the scanners */
	size_t prime_len;
	uint64_t consumed;   /* decoded bytes handed to the scanner */
	uint64_t first_line; /* lines before the first one read (unknown after a seek: 0) */
	int regular;         /* a plain regular file, read from start_offset on */
	int stop_at_until;   /* ordered: stop at the first block past --until */
};

void analyze_options_init(struct analyze_options *o)
{
	memset(o, 0, sizeof *o);
	o->threads = 1;
	o->since = o->until = RECORD_NO_TIME;
}

static void set_error(struct input_result *res, const char *fmt, ...)
{
	if (res->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->error, sizeof res->error, fmt, ap);
	va_end(ap);
	res->failed = 1;
}

/* Read up to cap bytes; returns bytes read, 0 at end, -1 on error (res->error set). */
static ssize_t read_some(struct pass *ps, unsigned char *buf, size_t cap)
{
	for (;;) {
		ssize_t n = read(ps->fd, buf, cap);
		if (n >= 0) {
			ps->res->raw_bytes += (uint64_t)n;
			return n;
		}
		if (errno == EINTR)
			continue;
		set_error(ps->res, "read error at byte %llu: %s",
		          (unsigned long long)ps->res->raw_bytes, strerror(errno));
		ps->failed = 1;
		return -1;
	}
}

/* Decode into dst until it is full or the input ends. Returns bytes produced. */
static size_t fill_decoded(struct pass *ps, unsigned char *dst, size_t cap)
{
	struct dbuf_out out = {dst, cap, 0};
	while (out.pos < out.size && !ps->failed) {
		if (ps->inbuf.pos == ps->inbuf.size && !ps->in_eof) {
			ssize_t n = read_some(ps, ps->in, READ_SIZE);
			if (n <= 0)
				ps->in_eof = 1;
			ps->inbuf = (struct dbuf_in){ps->in, n > 0 ? (size_t)n : 0, 0};
		}
		size_t before = out.pos, used = ps->inbuf.pos;
		if (decoder_step(ps->dec, &ps->inbuf, &out) != 0) {
			set_error(ps->res, "%s at byte %llu", decoder_error(ps->dec),
			          (unsigned long long)decoder_error_offset(ps->dec));
			ps->failed = 1;
		} else if (out.pos == before && ps->inbuf.pos == used && ps->in_eof) {
			if (decoder_finish(ps->dec) != 0) {
				set_error(ps->res, "%s at byte %llu", decoder_error(ps->dec),
				          (unsigned long long)decoder_consumed(ps->dec));
				ps->failed = 1;
			}
			break;
		}
	}
	return out.pos;
}

/* Next decoded bytes into dst (0 at the end), after dropping what a resumed run skips. */
static size_t fill(struct pass *ps, unsigned char *dst, size_t cap)
{
	for (;;) {
		size_t n;
		if (ps->dec) {
			n = fill_decoded(ps, dst, cap);
		} else {
			ssize_t r = ps->failed ? 0 : read_some(ps, dst, cap);
			n = r > 0 ? (size_t)r : 0;
		}
		if (ps->to_skip == 0 || n == 0)
			return n;
		size_t drop = ps->to_skip < n ? (size_t)ps->to_skip : n;
		ps->to_skip -= drop;
		if (ps->skipped)
			skipped_feed(ps->skipped, (const char *)dst, drop);
		if (drop < n) {
			memmove(dst, dst + drop, n - drop);
			return n - drop;
		}
	}
}

#define PRIME_CAP (W3C_LAYOUTS * (SKIPPED_LINE_MAX + 1))

/* For formats whose lines depend on earlier ones (W3C): give block b the #Fields lines
 * that hold at its start, then pass its lines through the tracker. A block without '#'
 * cannot change them (it ends on a newline), so most blocks cost one memchr. */
static void attach_prime(struct pass *ps, struct scan_block *b)
{
	if (!ps->format.sequential || !ps->skipped)
		return;
	b->prime_len = skipped_text(ps->skipped, b->prime, PRIME_CAP);
	skipped_restart(ps->skipped);
	if (memchr(b->buf, '#', b->len))
		skipped_feed(ps->skipped, b->buf, b->len);
}

static const char *last_newline(const char *p, size_t n)
{
	while (n > 0)
		if (p[--n] == '\n')
			return p + n;
	return NULL;
}

/* Split block b after its last newline: hand the lines over (always, even none: the pool
 * needs its block back) and keep the rest as carry, or count it as too long and skip it. */
static void cut_block(struct pass *ps, struct scan_block *b)
{
	size_t total = b->len, start = 0;
	if (ps->skipping) { /* drop the rest of a too-long line */
		const char *nl = memchr(b->buf, '\n', total);
		start = nl ? (size_t)(nl - b->buf) + 1 : total;
		ps->skipping = !nl;
	}
	const char *nl = last_newline(b->buf + start, total - start);
	size_t keep = nl ? (size_t)(nl - b->buf) + 1 : start;
	size_t tail = total - keep;
	int too_long = tail > ps->max_line;
	if (!too_long) {
		memcpy(ps->carry, b->buf + keep, tail);
		ps->carry_len = tail;
	}
	memmove(b->buf, b->buf + start, keep - start);
	b->len = keep - start;
	attach_prime(ps, b);
	scanpool_submit(ps->pool, b);
	if (too_long) {
		/* after the lines before it, so line numbers stay in order; bytes from keep on
		 * are untouched by the move and by the scan, and only this thread reuses b */
		scanpool_too_long(ps->pool, b->buf + keep, tail);
		ps->skipping = 1;
		keep = total;
	}
	ps->consumed += keep;
}

/* --until on an ordered file: whether block b and all after it are past the window. Then
 * it is handed back empty (the end of the input) and the rest of the file is not read. */
static int past_until(struct pass *ps, struct scan_block *b)
{
	if (!ps->stop_at_until || ps->skipping ||
	    !seek_past(&ps->format, b->buf, b->len, ps->o->until))
		return 0;
	struct stat st;
	uint64_t at = ps->o->start_offset + ps->consumed; /* where b starts in the file */
	if (fstat(ps->fd, &st) == 0 && (uint64_t)st.st_size > at)
		ps->res->until_skipped = (uint64_t)st.st_size - at;
	b->len = 0;
	b->unterminated = 1;
	scanpool_submit(ps->pool, b);
	return 1;
}

/* Fill blocks until the input ends. A block starts with the carried partial line. */
static void run_blocks(struct pass *ps)
{
	for (;;) {
		struct scan_block *b = scanpool_block(ps->pool);
		memcpy(b->buf, ps->carry, ps->carry_len);
		b->len = ps->carry_len;
		ps->carry_len = 0;
		size_t n = 0;
		while (b->len < b->cap &&
		       (n = fill(ps, (unsigned char *)b->buf + b->len, b->cap - b->len)) > 0)
			b->len += n;
		if (past_until(ps, b))
			return;
		if (b->len < b->cap) { /* the input ended */
			cut_block(ps, b);
			b = scanpool_block(ps->pool);
			memcpy(b->buf, ps->carry, ps->carry_len);
			b->len = ps->o->hold_partial ? 0 : ps->carry_len;
			b->unterminated = 1;
			ps->consumed += b->len;
			ps->carry_len = 0;
			attach_prime(ps, b);
			scanpool_submit(ps->pool, b);
			return;
		}
		cut_block(ps, b);
	}
}

/* Decoded text from the start of the input into the carry buffer, for format detection. */
static void read_head(struct pass *ps, const unsigned char *first, size_t nfirst)
{
	size_t len = 0;
	if (!ps->dec) {
		size_t drop = ps->to_skip < nfirst ? (size_t)ps->to_skip : nfirst;
		ps->to_skip -= drop;
		if (ps->skipped)
			skipped_feed(ps->skipped, (const char *)first, drop);
		memcpy(ps->carry, first + drop, nfirst - drop);
		len = nfirst - drop;
	}
	size_t n;
	while (len < BLOCK_SIZE &&
	       (n = fill(ps, (unsigned char *)ps->carry + len, BLOCK_SIZE - len)) > 0)
		len += n;
	ps->carry_len = len;
	ps->head_eof = len < BLOCK_SIZE;
}

/* An input that fit in its head is scanned right here: no pool, no thread, no block
 * copy (many small inputs cost microseconds each, not a thread start). Same counts and
 * offsets as the pool path. */
static void scan_inline(struct pass *ps)
{
	struct scanner s;
	scanner_init(&s, &ps->format, &ps->res->tally, ps->index, ps->max_line);
	scanner_window(&s, ps->o->since, ps->o->until);
	scanner_filter(&s, ps->o->filter);
	if (ps->prime)
		scanner_prime(&s, ps->prime, ps->prime_len);
	scanner_collect(&s, ps->o->top);
	scanner_drill(&s, ps->o->drill); /* one thread: straight into the run's drill */
	scanner_series(&s, ps->o->series);
	s.line = ps->first_line;
	s.skipping = ps->skipping; /* resumed inside a too-long line */
	size_t used = scanner_feed(&s, ps->carry, ps->carry_len);
	ps->skipping = s.skipping;
	if (ps->o->hold_partial) {
		ps->consumed = used;
		return;
	}
	scanner_finish(&s, ps->carry + used, ps->carry_len - used);
	ps->consumed = ps->carry_len;
}

#define DETECT_LINES 200

/* The first non-empty line of the sample, cut to fit a message. */
static void first_line(const char *p, size_t n, char *out, size_t size)
{
	const char *end = p + n;
	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t len = (size_t)((nl ? nl : end) - p);
	if (len && p[len - 1] == '\r')
		len--;
	snprintf(out, size, "%.*s%s", (int)(len > 100 ? 100 : len), p, len > 100 ? "..." : "");
}

/* Detection on the head, after the #Fields lines a resumed run skipped (when there are
 * any: the rows after the resume point need them to be read at all). */
static size_t detect(struct pass *ps, size_t len, size_t *nonempty)
{
	if (!ps->prime_len)
		return logformat_detect_sample(ps->carry, len, DETECT_LINES, &ps->format, nonempty);
	size_t head = len < (256u << 10) ? len : (256u << 10);
	char *sample = malloc(ps->prime_len + head);
	if (!sample)
		return logformat_detect_sample(ps->carry, len, DETECT_LINES, &ps->format, nonempty);
	memcpy(sample, ps->prime, ps->prime_len);
	memcpy(sample + ps->prime_len, ps->carry, head);
	size_t fit = logformat_detect_sample(sample, ps->prime_len + head, DETECT_LINES,
	                                     &ps->format, nonempty);
	free(sample);
	return fit;
}

/* The #Fields lines caught in the skipped part, as text (NULL when none). */
static void take_prime(struct pass *ps)
{
	if (!ps->skipped || !ps->skipped->kept)
		return;
	ps->prime = malloc(W3C_LAYOUTS * (SKIPPED_LINE_MAX + 1));
	if (ps->prime)
		ps->prime_len =
		        skipped_text(ps->skipped, ps->prime, W3C_LAYOUTS * (SKIPPED_LINE_MAX + 1));
}

/* The format given, or the one the sample fits. Returns -1 when the sample has lines
 * and no format explains any of them: not an access log, nothing is counted. */
static int choose_format(struct pass *ps)
{
	if (ps->o->format) {
		ps->format = *ps->o->format;
	} else {
		/* a last line without newline is part of the sample when the input ended */
		int add_nl = !ps->o->hold_partial && ps->carry_len > 0 &&
		             ps->carry_len < BLOCK_SIZE && ps->carry[ps->carry_len - 1] != '\n';
		if (add_nl)
			ps->carry[ps->carry_len] = '\n';
		size_t nonempty = 0;
		size_t fit = detect(ps, ps->carry_len + (size_t)add_nl, &nonempty);
		if (fit == 0 && nonempty > 0) {
			char line[128];
			first_line(ps->carry, ps->carry_len, line, sizeof line);
			set_error(ps->res,
			          "not an access log: no known format (%s) fits its first %zu "
			          "non-empty lines; the first is \"%s\"; give the format with "
			          "--format NAME or -F 'LogFormat'",
			          logformat_names(), nonempty, line);
			return -1;
		}
	}
	ps->format.strict_tail = 0;
	snprintf(ps->res->format, sizeof ps->res->format, "%s", ps->format.name);
	return 0;
}

/* Most lines malformed under the format used: the report is probably not what the user
 * wants (a forced wrong format, or another file), though every count in it is right. */
static void warn_if_mostly_malformed(struct pass *ps)
{
	const struct tally *t = &ps->res->tally;
	if (t->lines < 10 || t->malformed * 2 <= t->lines)
		return;
	snprintf(ps->res->warning, sizeof ps->res->warning,
	         "%llu of %llu lines (%.0f%%) do not parse as %s; is that the format? (--format)",
	         (unsigned long long)t->malformed, (unsigned long long)t->lines,
	         100.0 * (double)t->malformed / (double)t->lines, ps->format.name);
}

static void scan_blocks(struct pass *ps);

/* --since on a time-ordered plain file: skip to where the window starts (seek.h) when
 * that is past the head already read. The head is dropped unscanned; the offsets stay
 * those of the file (a resumed run starts next time where this one ended). With --until,
 * an ordered file may stop early (past_until). */
static void seek_window(struct pass *ps)
{
	const struct analyze_options *o = ps->o;
	int stop = o->until != RECORD_NO_TIME && !o->read_to_end;
	if (!ps->regular || ps->head_eof || o->no_seek || (o->since == RECORD_NO_TIME && !stop) ||
	    ps->skipping || ps->format.sequential)
		return;
	struct stat st;
	if (fstat(ps->fd, &st) != 0)
		return;
	uint64_t base = o->start_offset, head_end = base + ps->carry_len;
	struct seek_plan plan;
	seek_find(ps->fd, base, (uint64_t)st.st_size, &ps->format, o->since, &plan);
	ps->stop_at_until = stop && plan.ordered;
	if (plan.outcome != SEEK_AT || plan.offset <= head_end ||
	    lseek(ps->fd, (off_t)plan.offset, SEEK_SET) < 0)
		return;
	ps->carry_len = 0;
	ps->consumed = plan.offset - base;
	ps->res->window_skipped = plan.offset - base;
	ps->first_line = 0;
}

static void run_pass(struct pass *ps, size_t nfirst)
{
	read_head(ps, ps->in, ps->dec ? 0 : nfirst);
	take_prime(ps);
	if (choose_format(ps) != 0)
		return;
	if (ps->o->drill) /* read on past the size to the fields the drill-down needs */
		logformat_need(&ps->format, drill_roles(ps->o->drill));
	if (ps->o->series)
		logformat_need(&ps->format, series_roles(ps->o->series));
	seek_window(ps);
	if (ps->head_eof)
		scan_inline(ps);
	else
		scan_blocks(ps);
	warn_if_mostly_malformed(ps);
}

/* A larger input through the pool. For W3C the reader tracks the #Fields lines (those of
 * a skipped part included) and gives each block the ones in force at its start. */
static void scan_blocks(struct pass *ps)
{
	if (ps->format.sequential && !ps->skipped && (ps->skipped = malloc(sizeof *ps->skipped)))
		skipped_init(ps->skipped);
	struct scanpool_config cfg = {.format = &ps->format,
	                              .workers = ps->o->threads,
	                              .busy_reader = ps->dec != NULL,
	                              .block_size = BLOCK_SIZE,
	                              .max_line = ps->max_line,
	                              .input = ps->index,
	                              .first_line = ps->first_line,
	                              .since = ps->o->since,
	                              .until = ps->o->until,
	                              .top_errors = ps->o->top != NULL,
	                              .prime_cap =
	                                      ps->format.sequential && ps->skipped ? PRIME_CAP : 0,
	                              .filter = ps->o->filter,
	                              .drill = ps->o->drill,
	                              .series = ps->o->series};
	ps->pool = scanpool_new(&cfg);
	if (!ps->pool) {
		set_error(ps->res, "out of memory");
		return;
	}
	run_blocks(ps);
	scanpool_finish(ps->pool, &ps->res->tally, ps->o->top);
}

/* Plain regular files resume with a seek; everything else decodes and drops. */
static void start_input(struct pass *ps, ssize_t n)
{
	enum decoder_kind kind = decoder_detect(ps->in, (size_t)n);
	snprintf(ps->res->compression, sizeof ps->res->compression, "%s", decoder_kind_name(kind));
	ps->to_skip = ps->o->start_offset;
	struct stat st;
	/* W3C files start with a directive: a resumed run reads what it skips for the
	 * #Fields lines instead of seeking past them (compressed inputs are read anyway) */
	int directives = ps->to_skip > 0 && (kind != DECODER_PLAIN || (n > 0 && ps->in[0] == '#'));
	if (directives && (ps->skipped = malloc(sizeof *ps->skipped)) != NULL)
		skipped_init(ps->skipped);
	if (kind == DECODER_PLAIN) {
		ps->regular = fstat(ps->fd, &st) == 0 && S_ISREG(st.st_mode);
		if (ps->to_skip > 0 && !ps->skipped && ps->regular &&
		    lseek(ps->fd, (off_t)ps->to_skip, SEEK_SET) >= 0) {
			ps->to_skip = 0;
			n = 0;
		}
		ps->regular = ps->regular && ps->to_skip == 0; /* reading from start_offset */
		run_pass(ps, (size_t)n);
		return;
	}
	ps->dec = decoder_new(kind, ps->o->inflater);
	if (!ps->dec) {
		set_error(ps->res, "cannot start the %s decoder", decoder_kind_name(kind));
		return;
	}
	ps->inbuf = (struct dbuf_in){ps->in, (size_t)n, 0};
	run_pass(ps, 0);
	decoder_free(ps->dec);
}

static void reset_result(struct input_result *res, const char *name)
{
	memset(res, 0, offsetof(struct input_result, tally));
	snprintf(res->name, sizeof res->name, "%s", name);
	tally_init(&res->tally);
	res->end_offset = res->raw_bytes = res->window_skipped = res->until_skipped = 0;
	res->failed = 0;
	res->error[0] = 0;
	res->warning[0] = 0; /* the result is reused from one input to the next */
}

int analyze_fd(int fd, const char *name, uint32_t index, const struct analyze_options *o,
               struct input_result *res)
{
	reset_result(res, name);
	struct pass ps = {.fd = fd, .o = o, .res = res, .index = index};
	ps.skipping = o->start_skipping;
	ps.first_line = o->start_line;
	ps.max_line = o->max_line ? o->max_line : SCAN_DEFAULT_MAX_LINE;
	if (ps.max_line > BLOCK_SIZE / 2)
		ps.max_line = BLOCK_SIZE / 2;
	ps.in = malloc(READ_SIZE);
	ps.carry = malloc(BLOCK_SIZE);
	if (!ps.in || !ps.carry) {
		set_error(res, "out of memory");
	} else {
		ssize_t n = read_some(&ps, ps.in, READ_SIZE);
		if (n >= 0)
			start_input(&ps, n);
	}
	res->end_offset = o->start_offset + ps.consumed;
	if (o->series)
		series_sort(o->series);
	res->end_skipping = ps.skipping;
	free(ps.in);
	free(ps.carry);
	free(ps.skipped);
	free(ps.prime);
	return res->failed ? -1 : 0;
}

int analyze_path(const char *path, uint32_t index, const struct analyze_options *o,
                 struct input_result *res)
{
	if (strcmp(path, "-") == 0)
		return analyze_fd(0, "-", index, o, res);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const char *why = NULL;
	if (fd < 0)
		why = strerror(errno);
	else if (fstat(fd, &st) != 0)
		why = strerror(errno);
	else if (S_ISDIR(st.st_mode))
		why = "is a directory";
	if (why) {
		reset_result(res, path);
		snprintf(res->error, sizeof res->error, "%s", why);
		res->failed = 1;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = analyze_fd(fd, path, index, o, res);
	close(fd);
	return rc;
}
