/* analyze.c — the one pass for one input: read → decode → split lines → parse → tally.
 * Memory is bounded by the two buffers below whatever the input size. */
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

#define READ_SIZE (1u << 20)  /* compressed (or plain) bytes per read */
#define TEXT_SIZE (4u << 20)  /* decoded text window */

struct pass {
	int fd;
	const struct analyze_options *o;
	struct input_result *res;
	uint32_t index;
	struct logformat format;
	struct scanner scan;
	int started;            /* format chosen and scanner ready */
	unsigned char *in;
	unsigned char *text;
	size_t text_len;        /* bytes of text not yet scanned */
	uint64_t read_total;
};

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
			ps->read_total += (uint64_t)n;
			return n;
		}
		if (errno == EINTR)
			continue;
		set_error(ps->res, "read error at byte %llu: %s",
			  (unsigned long long)ps->read_total, strerror(errno));
		return -1;
	}
}

/* Choose the format from the first text (unless forced), then start scanning. */
static void start_scan(struct pass *ps)
{
	if (ps->o->format)
		ps->format = *ps->o->format;
	else
		logformat_detect((const char *)ps->text, ps->text_len, 200, &ps->format);
	ps->format.strict_tail = 0;
	snprintf(ps->res->format, sizeof ps->res->format, "%s", ps->format.name);
	scanner_init(&ps->scan, &ps->format, &ps->res->tally, ps->index, ps->o->max_line);
	ps->started = 1;
}

/* Scan the complete lines in the text window and keep the partial tail; at_end also
 * scans that tail as the last line. */
static void scan_text(struct pass *ps, int at_end)
{
	if (!ps->started)
		start_scan(ps);
	size_t used = scanner_feed(&ps->scan, (const char *)ps->text, ps->text_len);
	memmove(ps->text, ps->text + used, ps->text_len - used);
	ps->text_len -= used;
	if (at_end) {
		scanner_finish(&ps->scan, (const char *)ps->text, ps->text_len);
		ps->text_len = 0;
	}
}

static void run_plain(struct pass *ps, const unsigned char *first, size_t nfirst)
{
	memcpy(ps->text, first, nfirst);
	ps->text_len = nfirst;
	for (;;) {
		if (ps->text_len == TEXT_SIZE || ps->started)
			scan_text(ps, 0);
		ssize_t n = read_some(ps, ps->text + ps->text_len, TEXT_SIZE - ps->text_len);
		if (n <= 0)
			break;
		ps->text_len += (size_t)n;
	}
	scan_text(ps, 1);
}

static void decode_error(struct pass *ps, struct decoder *dec)
{
	set_error(ps->res, "%s at byte %llu", decoder_error(dec),
		  (unsigned long long)decoder_error_offset(dec));
}

/* Decode in → text, scanning whenever the text window fills. Returns -1 on error. */
static int decode_block(struct pass *ps, struct decoder *dec, struct dbuf_in *in)
{
	for (;;) {
		struct dbuf_out out = {ps->text, TEXT_SIZE, ps->text_len};
		if (decoder_step(dec, in, &out) != 0) {
			ps->text_len = out.pos;
			decode_error(ps, dec);
			return -1;
		}
		int progress = out.pos != ps->text_len;
		ps->text_len = out.pos;
		if (ps->text_len == TEXT_SIZE)
			scan_text(ps, 0);
		else if (!progress)
			return 0;
	}
}

static void run_decoder(struct pass *ps, enum decoder_kind kind, const unsigned char *first,
			size_t nfirst)
{
	struct decoder *dec = decoder_new(kind, ps->o->inflater);
	if (!dec) {
		set_error(ps->res, "cannot start the %s decoder", decoder_kind_name(kind));
		return;
	}
	struct dbuf_in in = {first, nfirst, 0};
	int ok = decode_block(ps, dec, &in) == 0;
	while (ok) {
		if (ps->text_len > 0)
			scan_text(ps, 0);
		ssize_t n = read_some(ps, ps->in, READ_SIZE);
		if (n < 0) {
			ok = 0;
			break;
		}
		if (n == 0)
			break;
		in = (struct dbuf_in){ps->in, (size_t)n, 0};
		ok = decode_block(ps, dec, &in) == 0;
	}
	if (ok && decoder_finish(dec) != 0)
		decode_error(ps, dec);
	scan_text(ps, 1);
	decoder_free(dec);
}

int analyze_fd(int fd, const char *name, uint32_t index, const struct analyze_options *o,
	       struct input_result *res)
{
	memset(res, 0, offsetof(struct input_result, tally));
	snprintf(res->name, sizeof res->name, "%s", name);
	tally_init(&res->tally);
	res->failed = 0;
	res->error[0] = 0;
	struct pass ps = {.fd = fd, .o = o, .res = res, .index = index};
	ps.in = malloc(READ_SIZE);
	ps.text = malloc(TEXT_SIZE);
	if (!ps.in || !ps.text) {
		set_error(res, "out of memory");
	} else {
		ssize_t n = read_some(&ps, ps.in, READ_SIZE);
		if (n >= 0) {
			enum decoder_kind kind = decoder_detect(ps.in, (size_t)n);
			snprintf(res->compression, sizeof res->compression, "%s",
				 decoder_kind_name(kind));
			if (kind == DECODER_PLAIN)
				run_plain(&ps, ps.in, (size_t)n);
			else
				run_decoder(&ps, kind, ps.in, (size_t)n);
		}
	}
	free(ps.in);
	free(ps.text);
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
		memset(res, 0, offsetof(struct input_result, tally));
		snprintf(res->name, sizeof res->name, "%s", path);
		tally_init(&res->tally);
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
