/* scanpool.c — workers scanning line-aligned blocks into private tallies. The only
 * shared state is the block queues and the per-block line counts, touched once per
 * block (megabytes), never per line. */
#include "scanpool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

#define SEQ_SHIFT 32 /* examples carry (block seq << 32 | line in block) until finish */

/* Each worker writes its tally and scanner on every line: keep them on cache lines of
 * their own, away from the neighbouring worker's (false sharing halves the speed). */
struct worker {
	pthread_t thread;
	struct scanpool *pool;
	_Alignas(64) struct tally tally;
	_Alignas(64) struct scanner scan;
	struct toperr *top;          /* owned; NULL unless cfg.top_errors */
	struct drill *drill;         /* owned; NULL unless cfg.drill */
	struct series_table *series; /* owned; NULL unless cfg.series */
};

struct scanpool {
	struct scanpool_config cfg;
	pthread_mutex_t mu;
	pthread_cond_t work, freed;
	struct scan_block *blocks;
	size_t nblocks;
	struct scan_block **free_list, **ready; /* ready is a ring */
	size_t nfree, rhead, rcount;
	int closing;
	uint64_t next_seq;
	uint64_t *seq_lines;
	size_t seq_cap;
	struct worker *workers;
	unsigned nworkers;
	struct tally own; /* inline scanning and too-long lines */
	struct scanner own_scan;
	struct toperr *own_top;  /* owned; only when scanning inline with cfg.top_errors */
	struct drill *own_drill; /* owned; only when scanning inline with cfg.drill */
};

/* Record how many lines block seq held; called with the lock held. */
static int note_lines(struct scanpool *p, uint64_t seq, uint64_t lines)
{
	if (seq >= p->seq_cap) {
		size_t cap = p->seq_cap ? p->seq_cap * 2 : 1024;
		while (cap <= seq)
			cap *= 2;
		uint64_t *n = realloc(p->seq_lines, cap * sizeof *n);
		if (!n)
			return -1;
		memset(n + p->seq_cap, 0, (cap - p->seq_cap) * sizeof *n);
		p->seq_lines = n;
		p->seq_cap = cap;
	}
	p->seq_lines[seq] = lines;
	return 0;
}

static uint64_t scan_block(struct scanpool *p, struct scanner *s, const struct scan_block *b)
{
	if (p->cfg.prime_cap) { /* the state at this block's start, not the last block's end */
		logformat_state_init(&s->st);
		scanner_prime(s, b->prime, b->prime_len);
	}
	uint64_t base = b->seq << SEQ_SHIFT;
	s->line = base;
	s->skipping = 0;
	size_t used = scanner_feed(s, b->buf, b->len);
	if (b->unterminated)
		scanner_finish(s, b->buf + used, b->len - used);
	return s->line - base;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct scanpool *p = w->pool;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->rcount == 0 && !p->closing)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->rcount == 0)
			break;
		struct scan_block *b = p->ready[p->rhead];
		p->rhead = (p->rhead + 1) % p->nblocks;
		p->rcount--;
		pthread_mutex_unlock(&p->mu);
		uint64_t lines = scan_block(p, &w->scan, b);
		pthread_mutex_lock(&p->mu);
		note_lines(p, b->seq, lines);
		p->free_list[p->nfree++] = b;
		pthread_cond_signal(&p->freed);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void init_scanner(struct scanpool *p, struct scanner *s, struct tally *t)
{
	tally_init(t);
	scanner_init(s, p->cfg.format, t, p->cfg.input, p->cfg.max_line);
	scanner_window(s, p->cfg.since, p->cfg.until);
	scanner_filter(s, p->cfg.filter);
}

/* What a worker owns besides its tally; 0, or -1 when out of memory (all freed). */
static int worker_tables(struct scanpool *p, struct worker *w)
{
	if (p->cfg.top_errors && !(w->top = toperr_new()))
		return -1;
	scanner_collect(&w->scan, w->top);
	if (p->cfg.drill && !(w->drill = drill_new_like(p->cfg.drill)))
		goto fail;
	scanner_drill(&w->scan, w->drill);
	if (p->cfg.series && !(w->series = series_new_like(p->cfg.series)))
		goto fail;
	scanner_series(&w->scan, w->series);
	return 0;
fail:
	toperr_free(w->top);
	drill_free(w->drill);
	return -1;
}

static int start_workers(struct scanpool *p)
{
	/* aligned like struct worker's members (calloc promises less) */
	p->workers = aligned_alloc(_Alignof(struct worker), p->nworkers * sizeof *p->workers);
	if (!p->workers)
		return -1;
	memset(p->workers, 0, p->nworkers * sizeof *p->workers);
	for (unsigned i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		w->pool = p;
		init_scanner(p, &w->scan, &w->tally);
		if (worker_tables(p, w) != 0) {
			p->nworkers = i;
			return -1;
		}
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			toperr_free(w->top);
			drill_free(w->drill);
			series_free(w->series);
			p->nworkers = i;
			return -1;
		}
	}
	return 0;
}

struct scanpool *scanpool_new(const struct scanpool_config *cfg)
{
	struct scanpool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->cfg = *cfg;
	/* Blocks in flight are bounded, not per worker: one is being filled, so at most
	 * SCANPOOL_MAX_BLOCKS - 1 can be scanned at once and more workers would only idle. */
	p->nworkers = cfg->workers > 1 ? cfg->workers - (cfg->busy_reader != 0) : 0;
	if (p->nworkers > SCANPOOL_MAX_BLOCKS - 1)
		p->nworkers = SCANPOOL_MAX_BLOCKS - 1;
	p->nblocks = p->nworkers ? p->nworkers + 2 : 1;
	if (p->nblocks > SCANPOOL_MAX_BLOCKS)
		p->nblocks = SCANPOOL_MAX_BLOCKS;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->freed, NULL);
	init_scanner(p, &p->own_scan, &p->own);
	p->blocks = calloc(p->nblocks, sizeof *p->blocks);
	p->free_list = calloc(p->nblocks, sizeof *p->free_list);
	p->ready = calloc(p->nblocks, sizeof *p->ready);
	int ok = p->blocks && p->free_list && p->ready;
	if (ok && cfg->top_errors && p->nworkers == 0) {
		ok = (p->own_top = toperr_new()) != NULL;
		scanner_collect(&p->own_scan, p->own_top);
	}
	if (ok && cfg->drill && p->nworkers == 0) {
		ok = (p->own_drill = drill_new_like(cfg->drill)) != NULL;
		scanner_drill(&p->own_scan, p->own_drill);
	}
	if (p->nworkers == 0) /* one thread: straight into the caller's table */
		scanner_series(&p->own_scan, cfg->series);
	for (size_t i = 0; ok && i < p->nblocks; i++) {
		p->blocks[i].cap = cfg->block_size;
		ok = (p->blocks[i].buf = malloc(cfg->block_size)) != NULL;
		if (ok && cfg->prime_cap)
			ok = (p->blocks[i].prime = malloc(cfg->prime_cap)) != NULL;
		p->free_list[p->nfree++] = &p->blocks[i];
	}
	if (!ok || (p->nworkers && start_workers(p) != 0)) {
		struct tally sink;
		tally_init(&sink);
		scanpool_finish(p, &sink, NULL);
		return NULL;
	}
	return p;
}

struct scan_block *scanpool_block(struct scanpool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->mu);
	struct scan_block *b = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	b->len = 0;
	b->unterminated = 0;
	return b;
}

void scanpool_submit(struct scanpool *p, struct scan_block *b)
{
	pthread_mutex_lock(&p->mu);
	b->seq = p->next_seq++;
	if (p->nworkers == 0) {
		note_lines(p, b->seq, scan_block(p, &p->own_scan, b));
		p->free_list[p->nfree++] = b;
	} else {
		p->ready[(p->rhead + p->rcount) % p->nblocks] = b;
		p->rcount++;
		pthread_cond_signal(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
}

void scanpool_too_long(struct scanpool *p, const char *text, size_t len)
{
	pthread_mutex_lock(&p->mu);
	uint64_t seq = p->next_seq++;
	tally_malformed(&p->own, MALFORMED_TOO_LONG, p->cfg.input, (seq << SEQ_SHIFT) | 1, text,
	                len);
	note_lines(p, seq, 1);
	pthread_mutex_unlock(&p->mu);
}

/* Turn (seq << 32 | line in block) into line numbers in the input. */
static void fix_lines(struct scanpool *p, struct tally *t)
{
	uint64_t before = p->cfg.first_line, done = 0;
	for (size_t i = 0; i < t->nexamples; i++) {
		uint64_t seq = t->examples[i].line >> SEQ_SHIFT;
		for (; done < seq && done < p->seq_cap; done++)
			before += p->seq_lines[done];
		t->examples[i].line = before + (t->examples[i].line & 0xffffffffu);
	}
}

void scanpool_finish(struct scanpool *p, struct tally *out, struct toperr *top)
{
	pthread_mutex_lock(&p->mu);
	p->closing = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	struct tally all;
	tally_init(&all);
	tally_merge(&all, &p->own);
	if (top && p->own_top)
		toperr_merge(top, p->own_top);
	toperr_free(p->own_top);
	if (p->cfg.drill && p->own_drill)
		drill_merge(p->cfg.drill, p->own_drill);
	drill_free(p->own_drill);
	for (unsigned i = 0; i < p->nworkers; i++) {
		pthread_join(p->workers[i].thread, NULL);
		tally_merge(&all, &p->workers[i].tally);
		if (top && p->workers[i].top)
			toperr_merge(top, p->workers[i].top);
		toperr_free(p->workers[i].top);
		if (p->cfg.drill && p->workers[i].drill)
			drill_merge(p->cfg.drill, p->workers[i].drill);
		drill_free(p->workers[i].drill);
		if (p->workers[i].series)
			series_merge(p->cfg.series, p->workers[i].series);
		series_free(p->workers[i].series);
	}
	fix_lines(p, &all); /* examples are in (seq, line) order, so one pass does */
	tally_merge(out, &all);
	for (size_t i = 0; p->blocks && i < p->nblocks; i++) {
		free(p->blocks[i].buf);
		free(p->blocks[i].prime);
	}
	free(p->blocks);
	free(p->free_list);
	free(p->ready);
	free(p->workers);
	free(p->seq_lines);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->freed);
	free(p);
}
