/* test_decoder.c — the decoder module: detection, plain/gzip/zstd decoding through every
 * buffer slicing, truncation, corruption and trailing garbage, and zlib vs ISA-L giving
 * the same answer on every gzip case. Inputs are generated here, deterministically. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "decoder.h"
#include "support.h"

/* ---- byte buffers and inputs ---- */

struct bytes {
	unsigned char *p;
	size_t n, cap;
};

static void bytes_add(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		cr_assert_not_null(b->p);
	}
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static struct bytes bytes_cat(const struct bytes *a, const struct bytes *b)
{
	struct bytes r = {0};
	bytes_add(&r, a->p, a->n);
	bytes_add(&r, b->p, b->n);
	return r;
}

static struct bytes bytes_of(const void *p, size_t n)
{
	struct bytes r = {0};
	bytes_add(&r, p, n);
	return r;
}

/* Access-log-like lines from a fixed LCG: compressible, but not trivially. */
static struct bytes make_text(size_t n, unsigned seed)
{
	struct bytes b = {0};
	uint32_t x = seed * 2654435761u + 1;
	while (b.n < n) {
		char line[160];
		x = x * 1664525u + 1013904223u;
		int k = snprintf(line, sizeof line,
		                 "10.%u.%u.%u - - [12/Mar/2024:10:%02u:%02u +0000] \"GET /item/%u "
		                 "HTTP/1.1\" %u %u\n",
		                 x >> 24, (x >> 16) & 255, (x >> 8) & 63, (x >> 3) % 60, x % 60,
		                 (x >> 5) % 5000, 200 + (x >> 12) % 4 * 100 + (x >> 20) % 5,
		                 x % 100000);
		bytes_add(&b, line, (size_t)k < n - b.n ? (size_t)k : n - b.n);
	}
	return b;
}

/* One gzip member made with zlib; named adds FNAME, FCOMMENT, FEXTRA and FHCRC. */
static struct bytes gz(const struct bytes *src, int level, int named)
{
	z_stream zs = {0};
	cr_assert_eq(deflateInit2(&zs, level, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	gz_header h = {0};
	if (named) {
		h.name = (Bytef *)"access.log";
		h.comment = (Bytef *)"made by test_decoder";
		h.extra = (Bytef *)"LS\4\0abcd";
		h.extra_len = 8;
		h.hcrc = 1;
		cr_assert_eq(deflateSetHeader(&zs, &h), Z_OK);
	}
	struct bytes out = {0};
	out.cap = deflateBound(&zs, src->n) + 256;
	out.p = malloc(out.cap);
	zs.next_in = src->p;
	zs.avail_in = (uInt)src->n;
	zs.next_out = out.p;
	zs.avail_out = (uInt)out.cap;
	cr_assert_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	out.n = zs.total_out;
	deflateEnd(&zs);
	return out;
}

static struct bytes zst(const struct bytes *src, int level)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	struct bytes out = {0};
	out.cap = ZSTD_compressBound(src->n) + 1;
	out.p = malloc(out.cap);
	out.n = ZSTD_compress2(c, out.p, out.cap, src->p, src->n);
	cr_assert(!ZSTD_isError(out.n), "%s", ZSTD_getErrorName(out.n));
	ZSTD_freeCCtx(c);
	return out;
}

/* A zstd skippable frame built by hand: LE magic, LE payload size, payload. */
static struct bytes skippable(unsigned nibble, const char *payload)
{
	uint32_t magic = 0x184D2A50u + nibble, len = (uint32_t)strlen(payload);
	unsigned char head[8];
	for (int i = 0; i < 4; i++) {
		head[i] = (unsigned char)(magic >> (8 * i));
		head[4 + i] = (unsigned char)(len >> (8 * i));
	}
	struct bytes b = bytes_of(head, 8);
	bytes_add(&b, payload, len);
	return b;
}

static struct bytes tool(const char *name, const struct bytes *src)
{
	struct bytes b = {0};
	b.p = (unsigned char *)compress_with(name, src->p, src->n, &b.n);
	b.cap = b.n + 1;
	return b;
}

/* ---- running a decoder ---- */

enum outcome { OK, STEP_ERROR, FINISH_ERROR };
static const char *const outcome_names[] = {"ok", "step error", "finish error"};

struct result {
	struct bytes out;
	enum outcome outcome;
	char msg[200];
	uint64_t off, consumed;
};

static void result_error(struct result *r, struct decoder *dec, enum outcome o)
{
	r->outcome = o;
	cr_assert_not_null(decoder_error(dec));
	snprintf(r->msg, sizeof r->msg, "%s", decoder_error(dec));
	r->off = decoder_error_offset(dec);
}

/* One decoder_step; -1 on error. Checks that the decoder never stalls with work to do. */
static int step_once(struct decoder *dec, struct dbuf_in *in, unsigned char *obuf, size_t osz,
                     struct result *r, size_t *produced)
{
	struct dbuf_out out = {obuf, osz, 0};
	size_t pos0 = in->pos;
	int rc = decoder_step(dec, in, &out);
	bytes_add(&r->out, obuf, out.pos);
	*produced = out.pos;
	cr_assert(in->pos <= in->size && out.pos <= osz);
	if (rc < 0)
		return -1;
	cr_assert_eq(rc, 0);
	cr_assert(in->pos > pos0 || out.pos > 0 || in->pos == in->size,
	          "decoder stalled with input left and room in out");
	return 0;
}

/* Decode in through input slices of islice bytes and output buffers of osize bytes (each
 * slice in its own exact-size allocation when small, so ASan sees any over-read). */
static struct result run(enum decoder_kind kind, enum decoder_inflater inf, const struct bytes *in,
                         size_t islice, size_t osize)
{
	struct result r = {0};
	struct decoder *dec = decoder_new(kind, inf);
	cr_assert_not_null(dec);
	cr_assert_null(decoder_error(dec));
	unsigned char *obuf = malloc(osize);
	size_t produced;
	for (size_t pos = 0; pos < in->n;) {
		size_t take = in->n - pos < islice ? in->n - pos : islice;
		unsigned char *copy = islice <= 64 ? malloc(take) : NULL;
		if (copy)
			memcpy(copy, in->p + pos, take);
		struct dbuf_in din = {copy ? copy : in->p + pos, take, 0};
		int rc;
		do
			rc = step_once(dec, &din, obuf, osize, &r, &produced);
		while (rc == 0 && (din.pos < din.size || produced == osize));
		free(copy);
		if (rc < 0) {
			result_error(&r, dec, STEP_ERROR);
			goto out;
		}
		pos += take;
	}
	struct dbuf_in none = {NULL, 0, 0};
	do {
		if (step_once(dec, &none, obuf, osize, &r, &produced) < 0) {
			result_error(&r, dec, STEP_ERROR);
			goto out;
		}
	} while (produced > 0);
	if (decoder_finish(dec) < 0)
		result_error(&r, dec, FINISH_ERROR);
	else
		cr_assert_null(decoder_error(dec));
out:
	r.consumed = decoder_consumed(dec);
	if (r.outcome != OK) { /* an error is sticky */
		struct dbuf_in again = {in->p, in->n, 0};
		struct dbuf_out out = {obuf, osize, 0};
		cr_assert_eq(decoder_step(dec, &again, &out), -1);
		cr_assert_eq(again.pos, 0);
		cr_assert_eq(decoder_finish(dec), -1);
	}
	decoder_free(dec);
	free(obuf);
	return r;
}

/* ---- cases ---- */

struct dcase {
	char name[64];
	enum decoder_kind kind;
	struct bytes in, want; /* want: the output (for errors: what a prefix must match) */
	enum outcome outcome;
	char msg[120];           /* expected substring of the error */
	uint64_t off_lo, off_hi; /* expected error offset range, inclusive */
};

#define MAX_CASES 96
static struct dcase cases[MAX_CASES];
static size_t ncases;

static struct dcase *add_case(enum decoder_kind kind, const char *name, struct bytes in,
                              const struct bytes *want)
{
	cr_assert_lt(ncases, MAX_CASES);
	struct dcase *c = &cases[ncases++];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->kind = kind;
	c->in = in;
	c->want = bytes_of(want ? want->p : NULL, want ? want->n : 0);
	return c;
}

static void expect_error(struct dcase *c, enum outcome o, uint64_t lo, uint64_t hi, const char *fmt,
                         ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
	c->outcome = o;
	c->off_lo = lo;
	c->off_hi = hi;
}

static struct bytes part[3], whole, empty;

static void build_parts(void)
{
	part[0] = make_text(150000, 1); /* several deflate blocks, more than one window */
	part[1] = make_text(999, 2);
	part[2] = make_text(70000, 3);
	whole = bytes_cat(&part[0], &part[1]);
	bytes_add(&whole, part[2].p, part[2].n);
}

/* Three gzip members; ends[i] is the offset just past member i. */
static struct bytes gz3(size_t ends[3])
{
	struct bytes s = {0};
	for (int i = 0; i < 3; i++) {
		struct bytes m = gz(&part[i], 6, i == 1);
		bytes_add(&s, m.p, m.n);
		ends[i] = s.n;
		free(m.p);
	}
	return s;
}

static struct bytes flip(const struct bytes *s, size_t at, unsigned char mask)
{
	struct bytes r = bytes_of(s->p, s->n);
	r.p[at] ^= mask;
	return r;
}

static void build_gzip_ok(void)
{
	size_t ends[3];
	struct bytes g0 = gz(&part[0], 6, 0), ge = gz(&empty, 6, 0), t;
	add_case(DECODER_GZIP, "gzip single", g0, &part[0]);
	add_case(DECODER_GZIP, "gzip three members (zlib, one named)", gz3(ends), &whole);
	add_case(DECODER_GZIP, "gzip stored blocks", gz(&part[2], 0, 0), &part[2]);
	add_case(DECODER_GZIP, "gzip level 9 named", gz(&part[0], 9, 1), &part[0]);
	add_case(DECODER_GZIP, "gzip only an empty member", bytes_of(ge.p, ge.n), &empty);
	t = bytes_cat(&ge, &g0);
	bytes_add(&t, ge.p, ge.n);
	bytes_add(&t, ge.p, ge.n);
	add_case(DECODER_GZIP, "gzip empty members around one", t, &part[0]);
	struct bytes s0 = tool("gzip", &part[0]), s2 = tool("gzip", &part[2]);
	t = bytes_cat(&s0, &s2);
	struct bytes w = bytes_cat(&part[0], &part[2]);
	add_case(DECODER_GZIP, "gzip system tool, cat a.gz b.gz", t, &w);
	add_case(DECODER_GZIP, "gzip system tool single", s0, &part[0]);
	t = bytes_cat(&s2, &ge);
	add_case(DECODER_GZIP, "gzip system tool then empty member", t, &part[2]);
	static const unsigned char zeros[1000];
	t = bytes_cat(&s2, &ge);
	bytes_add(&t, zeros, sizeof zeros);
	add_case(DECODER_GZIP, "gzip zero padding after last member", t, &part[2]);
	free(ge.p);
	free(s2.p);
	free(w.p);
}

static void build_gzip_bad(void)
{
	size_t e[3];
	struct bytes s = gz3(e);
	/* truncation: a cut inside member k is reported at finish */
	const size_t cuts[] = {
	        1,        2,        3,         10,       e[0] / 2, e[0] - 8,   e[0] - 1,
	        e[0] + 1, e[0] + 2, e[0] + 15, e[1] - 1, e[1] + 1, e[1] + 100, e[2] / 2 + e[1] / 2,
	        e[2] - 4, e[2] - 1};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		unsigned k = cuts[i] < e[0] ? 1 : cuts[i] < e[1] ? 2 : 3;
		char name[64];
		snprintf(name, sizeof name, "gzip cut at %zu (member %u)", cuts[i], k);
		struct dcase *c = add_case(DECODER_GZIP, name, bytes_of(s.p, cuts[i]), &whole);
		expect_error(c, FINISH_ERROR, cuts[i], cuts[i],
		             "truncated gzip stream (ended inside member %u)", k);
	}
	/* a cut exactly between members is a shorter valid stream */
	struct bytes w = bytes_cat(&part[0], &part[1]);
	add_case(DECODER_GZIP, "gzip cut on a member boundary", bytes_of(s.p, e[1]), &w);
	struct dcase *c = add_case(DECODER_GZIP, "gzip empty input", empty, NULL);
	expect_error(c, FINISH_ERROR, 0, 0, "truncated gzip stream (no data)");
	/* corruption: deflate data, CRC32, ISIZE, header */
	const struct {
		const char *name, *why;
		size_t at, end;
		unsigned char mask;
	} flips[] = {
	        {"gzip flip in deflate data", "(member 1)", e[0] / 2, e[0], 0x55},
	        {"gzip flip early deflate data", "(member 1)", 40, e[0], 0x10},
	        {"gzip flip in member 3 data", "(member 3)", e[1] + 5000, e[2], 0x01},
	        {"gzip flip in CRC32", "(member 1)", e[0] - 8, e[0], 0x01},
	        {"gzip flip in member 2 CRC32", "(member 2)", e[1] - 6, e[1], 0x80},
	        {"gzip flip in ISIZE", "(member 3)", e[2] - 3, e[2], 0x01},
	        {"gzip bad method", "(member 1): unknown compression method", 2, 3, 0x0f},
	        {"gzip reserved header flag", "(member 1): unknown header flags set", 3, 4, 0x20},
	        {"gzip flip in FNAME", "(member 2): header crc mismatch", e[0] + 22, e[0] + 60, 1},
	};
	for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
		c = add_case(DECODER_GZIP, flips[i].name, flip(&s, flips[i].at, flips[i].mask),
		             &whole);
		expect_error(c, STEP_ERROR, flips[i].at + 1, flips[i].end, "corrupt gzip stream %s",
		             flips[i].why);
	}
	/* what follows the last member */
	const struct {
		const char *name, *tail;
		size_t len, garbage_at;
		enum outcome o;
	} tails[] = {
	        {"gzip trailing text", "hello\n", 6, 0, STEP_ERROR},
	        {"gzip trailing 1f 00", "\x1f\x00", 2, 0, STEP_ERROR},
	        {"gzip trailing 8b 1f", "\x8b\x1f", 2, 0, STEP_ERROR},
	        {"gzip zero padding then text", "\0\0\0\0x", 5, 4, STEP_ERROR},
	        {"gzip zero padding then a member", "\0\0\x1f\x8b", 4, 2, STEP_ERROR},
	        {"gzip lone 1f at the end", "\x1f", 1, 0, FINISH_ERROR},
	        {"gzip magic only at the end", "\x1f\x8b", 2, 0, FINISH_ERROR},
	};
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		struct bytes t = bytes_of(s.p, s.n);
		bytes_add(&t, tails[i].tail, tails[i].len);
		c = add_case(DECODER_GZIP, tails[i].name, t, &whole);
		if (tails[i].o == FINISH_ERROR) {
			expect_error(c, FINISH_ERROR, t.n, t.n,
			             "truncated gzip stream (ended inside member 4)");
		} else {
			uint64_t at = s.n + tails[i].garbage_at;
			expect_error(c, STEP_ERROR, at, at,
			             "trailing garbage after gzip member at byte %llu",
			             (unsigned long long)at);
		}
	}
	c = add_case(DECODER_GZIP, "gzip given plain text", bytes_of("GET / HTTP", 10), NULL);
	expect_error(c, STEP_ERROR, 0, 0, "not a gzip stream (bad magic at byte 0)");
	free(s.p);
	free(w.p);
}

static void build_zstd(void)
{
	struct bytes z[3], s = {0}, t;
	size_t e[3];
	for (int i = 0; i < 3; i++) {
		z[i] = zst(&part[i], i + 1);
		bytes_add(&s, z[i].p, z[i].n);
		e[i] = s.n;
	}
	add_case(DECODER_ZSTD, "zstd single", bytes_of(z[0].p, z[0].n), &part[0]);
	add_case(DECODER_ZSTD, "zstd three frames", bytes_of(s.p, s.n), &whole);
	add_case(DECODER_ZSTD, "zstd system tool", tool("zstd", &part[2]), &part[2]);
	struct bytes sk0 = skippable(0, "logstat"), skf = skippable(15, ""), ze = zst(&empty, 3);
	t = bytes_cat(&sk0, &z[0]);
	bytes_add(&t, skf.p, skf.n);
	bytes_add(&t, ze.p, ze.n);
	bytes_add(&t, z[1].p, z[1].n);
	bytes_add(&t, sk0.p, sk0.n);
	struct bytes w = bytes_cat(&part[0], &part[1]);
	add_case(DECODER_ZSTD, "zstd skippable and empty frames", t, &w);
	add_case(DECODER_ZSTD, "zstd only a skippable frame", bytes_of(sk0.p, sk0.n), &empty);
	const size_t cuts[] = {1, 4, 7, e[0] / 2, e[0] - 1, e[0] + 3, e[1] + 100, e[2] - 1};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		unsigned k = cuts[i] < e[0] ? 1 : cuts[i] < e[1] ? 2 : 3;
		char name[64];
		snprintf(name, sizeof name, "zstd cut at %zu (frame %u)", cuts[i], k);
		struct dcase *c = add_case(DECODER_ZSTD, name, bytes_of(s.p, cuts[i]), &whole);
		expect_error(c, FINISH_ERROR, cuts[i], cuts[i],
		             "truncated zstd stream (ended inside frame %u)", k);
	}
	struct dcase *c =
	        add_case(DECODER_ZSTD, "zstd cut in a skippable frame", bytes_of(sk0.p, 10), NULL);
	expect_error(c, FINISH_ERROR, 10, 10, "truncated zstd stream (ended inside frame 1)");
	c = add_case(DECODER_ZSTD, "zstd empty input", empty, NULL);
	expect_error(c, FINISH_ERROR, 0, 0, "truncated zstd stream (no data)");
	c = add_case(DECODER_ZSTD, "zstd flip in block data", flip(&s, e[0] / 2, 0x55), &whole);
	expect_error(c, STEP_ERROR, e[0] / 2 + 1, e[0], "corrupt zstd stream (frame 1)");
	c = add_case(DECODER_ZSTD, "zstd flip in checksum", flip(&s, e[1] - 2, 0x01), &whole);
	expect_error(c, STEP_ERROR, e[1] - 1, e[1], "corrupt zstd stream (frame 2)");
	t = bytes_of(s.p, s.n);
	bytes_add(&t, "hello world\n", 12);
	c = add_case(DECODER_ZSTD, "zstd trailing garbage", t, &whole);
	expect_error(c, STEP_ERROR, s.n, s.n, "trailing garbage after zstd frame at byte %zu", s.n);
	c = add_case(DECODER_ZSTD, "zstd given plain text", bytes_of("GET / HTTP", 10), NULL);
	expect_error(c, STEP_ERROR, 0, 0, "not a zstd stream");
	for (int i = 0; i < 3; i++)
		free(z[i].p);
	free(s.p);
	free(sk0.p);
	free(skf.p);
	free(ze.p);
	free(w.p);
}

static void build_cases(void)
{
	build_parts();
	add_case(DECODER_PLAIN, "plain text", bytes_of(whole.p, whole.n), &whole);
	add_case(DECODER_PLAIN, "plain empty", empty, &empty);
	struct bytes g = gz(&part[1], 6, 0);
	add_case(DECODER_PLAIN, "plain given gzip bytes", bytes_of(g.p, g.n), &g);
	free(g.p);
	build_gzip_ok();
	build_gzip_bad();
	build_zstd();
}

static void free_cases(void)
{
	for (size_t i = 0; i < ncases; i++) {
		free(cases[i].in.p);
		free(cases[i].want.p);
	}
	ncases = 0;
	for (int i = 0; i < 3; i++)
		free(part[i].p);
	free(whole.p);
}

/* ---- checking ---- */

static int is_prefix(const struct bytes *a, const struct bytes *b)
{
	return a->n <= b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

static void check(const struct dcase *c, const struct result *r, const char *how)
{
	cr_assert_eq(r->outcome, c->outcome, "%s [%s]: %s, expected %s (%s)", c->name, how,
	             outcome_names[r->outcome], outcome_names[c->outcome], r->msg);
	if (c->outcome == OK) {
		cr_assert_eq(r->out.n, c->want.n, "%s [%s]: %zu bytes out, want %zu", c->name, how,
		             r->out.n, c->want.n);
		cr_assert(is_prefix(&r->out, &c->want), "%s [%s]: output differs", c->name, how);
		cr_assert_eq(r->consumed, c->in.n, "%s [%s]: consumed", c->name, how);
		return;
	}
	cr_assert_not_null(strstr(r->msg, c->msg), "%s [%s]: message \"%s\", want \"%s\"", c->name,
	                   how, r->msg, c->msg);
	cr_assert(r->off >= c->off_lo && r->off <= c->off_hi,
	          "%s [%s]: error offset %llu not in [%llu, %llu]", c->name, how,
	          (unsigned long long)r->off, (unsigned long long)c->off_lo,
	          (unsigned long long)c->off_hi);
	if (c->outcome == FINISH_ERROR) /* truncation loses nothing that was complete */
		cr_assert(is_prefix(&r->out, &c->want), "%s [%s]: output is not a prefix", c->name,
		          how);
}

static const struct {
	size_t in, out;
} slicings[] = {{1 << 20, 1 << 20}, {65536, 4096}, {1, 65536}, {65536, 1}, {3, 7}, {1, 1}};

static enum decoder_inflater inflaters[2];
static size_t ninflaters;

static void setup(void)
{
	build_cases();
	ninflaters = 0;
	inflaters[ninflaters++] = INFLATER_ZLIB;
	if (decoder_have_isal())
		inflaters[ninflaters++] = INFLATER_ISAL;
}

TestSuite(decoder, .init = setup, .fini = free_cases, .timeout = 300);

/* Every case, every slicing, every inflater this build has (non-gzip: once). */
static void run_all(size_t first_slicing, size_t end_slicing)
{
	for (size_t i = 0; i < ncases; i++) {
		const struct dcase *c = &cases[i];
		size_t ni = c->kind == DECODER_GZIP ? ninflaters : 1;
		for (size_t k = 0; k < ni; k++) {
			for (size_t s = first_slicing; s < end_slicing; s++) {
				char how[64];
				snprintf(how, sizeof how, "%s, in %zu, out %zu",
				         k ? "isal" : "zlib", slicings[s].in, slicings[s].out);
				struct result r = run(c->kind, inflaters[k], &c->in, slicings[s].in,
				                      slicings[s].out);
				check(c, &r, how);
				free(r.out.p);
			}
		}
	}
}

Test(decoder, table_large_buffers)
{
	run_all(0, 2);
}

Test(decoder, table_tiny_buffers)
{
	run_all(2, sizeof slicings / sizeof slicings[0]);
}

/* zlib and ISA-L: same outcome, same bytes out (for truncation and corruption too, as far
 * as each got), same consumed count on success, for every gzip case. */
Test(decoder, zlib_and_isal_agree)
{
	if (!decoder_have_isal()) {
		cr_assert_null(decoder_new(DECODER_GZIP, INFLATER_ISAL));
		cr_skip_test("built without ISA-L");
	}
	size_t compared = 0;
	for (size_t i = 0; i < ncases; i++) {
		const struct dcase *c = &cases[i];
		if (c->kind != DECODER_GZIP)
			continue;
		for (size_t s = 0; s < 3; s++) {
			struct result a = run(c->kind, INFLATER_ZLIB, &c->in, slicings[s].in,
			                      slicings[s].out);
			struct result b = run(c->kind, INFLATER_ISAL, &c->in, slicings[s].in,
			                      slicings[s].out);
			cr_assert_eq(a.outcome, b.outcome, "%s: zlib %s, isal %s", c->name,
			             outcome_names[a.outcome], outcome_names[b.outcome]);
			if (a.outcome != STEP_ERROR) {
				cr_assert_eq(a.out.n, b.out.n, "%s: zlib %zu bytes, isal %zu",
				             c->name, a.out.n, b.out.n);
				cr_assert(is_prefix(&a.out, &b.out), "%s: bytes differ", c->name);
				cr_assert_eq(a.consumed, b.consumed, "%s", c->name);
				cr_assert_str_eq(a.msg, b.msg, "%s", c->name);
			}
			free(a.out.p);
			free(b.out.p);
			compared++;
		}
	}
	cr_assert_gt(compared, 90);
}

Test(decoder, impl_names)
{
	const struct {
		enum decoder_kind kind;
		enum decoder_inflater inf;
		const char *name;
	} rows[] = {
	        {DECODER_PLAIN, INFLATER_AUTO, "plain"},
	        {DECODER_ZSTD, INFLATER_AUTO, "zstd"},
	        {DECODER_GZIP, INFLATER_ZLIB, "zlib"},
	        {DECODER_GZIP, INFLATER_AUTO, decoder_have_isal() ? "isal" : "zlib"},
	        {DECODER_GZIP, INFLATER_ISAL, decoder_have_isal() ? "isal" : NULL},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct decoder *dec = decoder_new(rows[i].kind, rows[i].inf);
		if (!rows[i].name) {
			cr_assert_null(dec);
			continue;
		}
		cr_assert_not_null(dec);
		cr_assert_str_eq(decoder_impl_name(dec), rows[i].name);
		cr_assert_eq(decoder_consumed(dec), 0);
		decoder_free(dec);
	}
	decoder_free(NULL);
	cr_assert_str_eq(decoder_kind_name(DECODER_PLAIN), "plain");
	cr_assert_str_eq(decoder_kind_name(DECODER_GZIP), "gzip");
	cr_assert_str_eq(decoder_kind_name(DECODER_ZSTD), "zstd");
}

Test(decoder, detect)
{
	const struct {
		const char *bytes;
		size_t n;
		enum decoder_kind want;
	} rows[] = {
	        {"", 0, DECODER_PLAIN},
	        {"\x1f", 1, DECODER_PLAIN},
	        {"\x1f\x8b", 2, DECODER_GZIP},
	        {"\x1f\x8b\x08", 3, DECODER_GZIP},
	        {"\x1f\x8c\x08\x00", 4, DECODER_PLAIN},
	        {"\x8b\x1f", 2, DECODER_PLAIN},
	        {"\x28", 1, DECODER_PLAIN},
	        {"\x28\xb5\x2f", 3, DECODER_PLAIN},
	        {"\x28\xb5\x2f\xfd", 4, DECODER_ZSTD},
	        {"\x28\xb5\x2f\xfe", 4, DECODER_PLAIN},
	        {"\x50\x2a\x4d", 3, DECODER_PLAIN},
	        {"\x50\x2a\x4d\x18", 4, DECODER_ZSTD},
	        {"\x5f\x2a\x4d\x18\x00", 5, DECODER_ZSTD},
	        {"\x4f\x2a\x4d\x18", 4, DECODER_PLAIN},
	        {"\x60\x2a\x4d\x18", 4, DECODER_PLAIN},
	        {"\x50\x2a\x4d\x19", 4, DECODER_PLAIN},
	        {"127.0.0.1 - -", 13, DECODER_PLAIN},
	        {"\0\0\0\0", 4, DECODER_PLAIN},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		cr_assert_eq(decoder_detect((const unsigned char *)rows[i].bytes, rows[i].n),
		             rows[i].want, "row %zu", i);
	cr_assert_eq(decoder_detect(NULL, 0), DECODER_PLAIN);
	/* and on every generated case */
	for (size_t i = 0; i < ncases; i++)
		if (cases[i].in.n >= 2 && cases[i].outcome == OK && cases[i].kind != DECODER_PLAIN)
			cr_assert_eq(decoder_detect(cases[i].in.p, cases[i].in.n), cases[i].kind,
			             "%s", cases[i].name);
}

/* Plain is a copy of min(in, out) per call; nothing is held back. */
Test(decoder, plain_copies_min)
{
	struct decoder *dec = decoder_new(DECODER_PLAIN, INFLATER_AUTO);
	unsigned char dst[4];
	struct dbuf_in in = {(const unsigned char *)"abcdef", 6, 0};
	struct dbuf_out out = {dst, sizeof dst, 0};
	cr_assert_eq(decoder_step(dec, &in, &out), 0);
	cr_assert_eq(in.pos, 4);
	cr_assert_eq(out.pos, 4);
	cr_assert_eq(memcmp(dst, "abcd", 4), 0);
	out.pos = 0;
	cr_assert_eq(decoder_step(dec, &in, &out), 0);
	cr_assert_eq(in.pos, 6);
	cr_assert_eq(out.pos, 2);
	cr_assert_eq(decoder_consumed(dec), 6);
	cr_assert_eq(decoder_finish(dec), 0);
	decoder_free(dec);
}
