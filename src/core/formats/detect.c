/* detect.c — which format an input is written in, from its first lines: every family's
 * parser is tried on the sample and the one that reads the most lines as records wins.
 * A CLF-family pick is made resilient, so lines of other CLF shapes in the same file still
 * count. Nothing fitting is reported as 0 lines explained: the caller says so. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "formats_impl.h"

/* The CLF built-ins, in order of preference when they fit equally well. */
static const char *const clf_order[] = {"vhost_combined", "combined", "common"};
#define NCLF (sizeof clf_order / sizeof clf_order[0])

/* The other families, in order of preference on a tie (the most specific first). */
static const char *const family_order[] = {"alb",   "elb",        "haproxy", "s3",
                                           "squid", "cloudfront", "w3c",     "json"};
#define NFAM (sizeof family_order / sizeof family_order[0])

struct tryout {
	struct logformat f;
	struct logformat_state st;
	size_t records, strict, braced;
};

static void try_line(struct tryout *t, const char *p, size_t len, int strict_too)
{
	struct record r;
	size_t before = t->records;
	t->f.strict_tail = 0;
	if (logformat_parse(&t->f, p, len, &t->st, &r) == MALFORMED_NONE &&
	    r.status != RECORD_DIRECTIVE) {
		t->records++;
		t->braced += t->f.family == FAMILY_JSON && memchr(p, '{', len) != NULL;
	}
	/* a line read strictly is read loosely too: no strict reading after a failure */
	if (strict_too && t->records > before) {
		t->f.strict_tail = 1;
		t->strict += logformat_parse(&t->f, p, len, &t->st, &r) == MALFORMED_NONE;
		t->f.strict_tail = 0;
	}
}

/* The best CLF built-in by lines read (then by lines read to their end). */
static size_t best_clf(const struct tryout *clf)
{
	size_t best = 1; /* combined when nothing fits */
	for (size_t k = 0; k < NCLF; k++)
		if (clf[k].records > clf[best].records ||
		    (clf[k].records == clf[best].records && clf[k].strict > clf[best].strict))
			best = k;
	return best;
}

/* Loose CLF reading of a line (what a resilient CLF pick would count). */
static int loose_fits(struct logformat_state *st, const char *p, size_t len)
{
	struct record r;
	return len > 0 && clf_parse_loose(p, len, st, &r) == MALFORMED_NONE;
}

#define SAMPLE_MAX_LINES 200

struct sample {
	struct tryout clf[NCLF], fam[NFAM];
	int fam_tried; /* fam[] and loose are set only once the CLF formats fell short */
	struct logformat_state loose_st;
	size_t loose, nonempty;
	struct slice lines[SAMPLE_MAX_LINES];
	size_t nlines;
};

/* The built-ins compiled once per process: an input costs a copy, not a compile (a run
 * over thousands of small inputs detects the format of each). */
static struct logformat clf_proto[NCLF], fam_proto[NFAM];
static pthread_once_t proto_once = PTHREAD_ONCE_INIT;

static void proto_build(void)
{
	for (size_t k = 0; k < NCLF; k++)
		logformat_builtin(clf_order[k], &clf_proto[k]);
	for (size_t k = 0; k < NFAM; k++)
		logformat_builtin(family_order[k], &fam_proto[k]);
}

static void tryout_init(struct tryout *t, const struct logformat *proto)
{
	t->f = *proto;
	logformat_state_init(&t->st);
	t->records = t->strict = t->braced = 0;
}

static void sample_lines(struct sample *s, const char *data, size_t n, size_t max_lines)
{
	const char *p = data, *end = data + n;
	if (max_lines > SAMPLE_MAX_LINES)
		max_lines = SAMPLE_MAX_LINES;
	for (size_t lines = 0; lines < max_lines && p < end; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		size_t len = (size_t)(nl - p);
		if (len && p[len - 1] == '\r')
			len--;
		s->nonempty += len > 0;
		for (size_t k = 0; k < NCLF; k++)
			try_line(&s->clf[k], p, len, 1);
		s->lines[s->nlines++] = (struct slice){p, len};
		p = nl + 1;
	}
	/* Another family wins only by reading more lines than the CLF family: when a CLF
	 * built-in already reads every non-empty line (the common case), the rest need not
	 * be tried. */
	for (size_t k = 0; k < NCLF; k++)
		if (s->clf[k].records == s->nonempty && s->nonempty > 0)
			return;
	for (size_t k = 0; k < NFAM; k++)
		tryout_init(&s->fam[k], &fam_proto[k]);
	logformat_state_init(&s->loose_st);
	s->fam_tried = 1;
	for (size_t i = 0; i < s->nlines; i++) {
		const char *lp = s->lines[i].ptr;
		size_t len = s->lines[i].len;
		for (size_t k = 0; k < NFAM; k++)
			try_line(&s->fam[k], lp, len, 0);
		s->loose += loose_fits(&s->loose_st, lp, len);
	}
}

/* The family that beats the CLF reading, or -1. JSON reads its brace-less lines as CLF,
 * so it must earn its pick with JSON lines (a quarter of the sample at least). */
static int best_family(const struct sample *s, size_t clf_records)
{
	int best = -1;
	size_t top = clf_records;
	for (size_t k = 0; s->fam_tried && k < NFAM; k++) {
		const struct tryout *t = &s->fam[k];
		if (t->f.family == FAMILY_JSON && t->braced * 4 < s->nonempty)
			continue;
		if (t->records > top) {
			top = t->records;
			best = (int)k;
		}
	}
	return best;
}

size_t logformat_detect_sample(const char *data, size_t n, size_t max_lines, struct logformat *out,
                               size_t *nonempty)
{
	pthread_once(&proto_once, proto_build);
	struct sample s; /* not zeroed whole: lines[] and fam[] are written before use */
	for (size_t k = 0; k < NCLF; k++)
		tryout_init(&s.clf[k], &clf_proto[k]);
	s.fam_tried = 0;
	s.loose = s.nonempty = s.nlines = 0;
	sample_lines(&s, data, n, max_lines);
	if (nonempty)
		*nonempty = s.nonempty;
	size_t c = best_clf(s.clf);
	/* a resilient CLF reading counts what the best built-in or the loose reader reads */
	size_t clf_records = s.clf[c].records > s.loose ? s.clf[c].records : s.loose;
	int fam = best_family(&s, clf_records);
	if (fam >= 0) {
		*out = s.fam[fam].f;
		out->strict_tail = 0;
		return s.fam[fam].records;
	}
	*out = s.clf[c].f;
	if (c == 1 && s.clf[1].strict * 2 < s.clf[1].records)
		snprintf(out->name, sizeof out->name, "combined_extra");
	out->strict_tail = 0;
	out->resilient = 1;
	return clf_records;
}

size_t logformat_detect(const char *data, size_t n, size_t max_lines, struct logformat *out)
{
	return logformat_detect_sample(data, n, max_lines, out, NULL);
}
