/* report_run.c — reading the inputs of a report: each whole, or with --state only what
 * is new (finishing a rotated predecessor first), under the state's lock; the state is
 * saved only after a run that read every input and delivered its report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "incremental.h"
#include "stale.h"
#include "report_run.h"
#include "state.h"

struct run {
	struct options *o;
	const struct renderer *rend;
	struct analyze_options ao;
	/* the input being read (up to three parts per input: late lines of the file
	 * before, predecessor, then the file), folded into inputs and total once read */
	struct input_result *res;
	struct report_inputs inputs;
	struct tally total;
	int oom; /* an input could not be kept: the run stops */
	/* Labelled counts and durations, parallel to inputs (renderers with .series, runs
	 * without --state); NULL: none. Owned. */
	struct series_table **series;
	struct state state;
	int64_t saved; /* mtime of the state file when loaded, 0: none */
	int failed;    /* an input failed: the state is not saved */
	int skipped;   /* a damaged predecessor was left behind: reported, the state moves on */
	/* with --state: what one reading of an input counts, kept once it stands */
	struct input_result *stage_res; /* one per part */
	struct toperr *stage_top;
	struct drill *stage_drill;
};

/* A predecessor that cannot be read to its end (damaged .gz, .zst) is reported in this
 * run, then left behind for good: the state moves on, so later runs do not stop on it. */
static void predecessor_failed(struct run *rn, struct input_result *res, int fd)
{
	struct stat st;
	char note[160];
	snprintf(note, sizeof note, "; skipped from here on (%llu of %lld bytes read)",
	         (unsigned long long)res->raw_bytes,
	         fstat(fd, &st) == 0 ? (long long)st.st_size : -1LL);
	size_t n = strlen(res->error);
	snprintf(res->error + n, sizeof res->error - n, "%s", note);
	report_print_error(res->name, res->error);
	rn->skipped = 1;
}

/* The input just read into rn->res joins the report: its counts added to the total, what
 * the outputs show of it kept. */
static void keep(struct run *rn)
{
	tally_merge(&rn->total, &rn->res->tally);
	if (report_inputs_add(&rn->inputs, rn->res) != 0)
		rn->oom = 1;
}

/* Test hook (tests/test_cron_race.c, documented in docs/cron.md): with
 * LOGSTAT_TEST_PAUSE_AFTER_PLAN=FILE, a --state run creates FILE once it has planned what
 * to read and waits (10 s at most) until FILE is removed before reading, so that a test
 * can rotate the log at that very moment. Unset, it costs one getenv. */
static void pause_after_plan(void)
{
	const char *flag = getenv("LOGSTAT_TEST_PAUSE_AFTER_PLAN");
	FILE *fp = flag && *flag ? fopen(flag, "w") : NULL;
	if (!fp)
		return;
	fclose(fp);
	for (int i = 0; i < 1000 && access(flag, F_OK) == 0; i++)
		usleep(10000);
}

#define PLAN_TRIES 3 /* a log that changes under every read is read this often */

/* Read every part of plan into rn->stage_res, counting into the staging tables
 * (rn->ao.top and rn->ao.drill are only added to once the reading stands). */
static void read_parts(struct run *rn, struct incremental_plan *plan)
{
	toperr_clear(rn->stage_top);
	drill_clear(rn->stage_drill);
	rn->stage_drill->input_name = rn->ao.drill->input_name;
	for (size_t i = 0; i < plan->nparts; i++) {
		const struct incremental_part *part = &plan->parts[i];
		struct analyze_options ao = rn->ao;
		ao.top = rn->stage_top;
		ao.drill = rn->stage_drill;
		ao.start_offset = part->start_offset;
		ao.start_line = part->start_line;
		ao.start_skipping = part->start_skipping;
		/* the last part is what the state follows next (the live file, or a rotated
		 * one with no successor yet): a line still being written waits for next time */
		ao.hold_partial = i + 1 == plan->nparts;
		struct input_result *res = &rn->stage_res[i];
		int failed =
		        analyze_fd(part->fd, part->path, (uint32_t)(rn->inputs.n + i), &ao, res);
		incremental_done(plan, i, res->end_offset,
		                 part->start_line + res->tally.lines + res->tally.outside +
		                         res->tally.filtered,
		                 res->end_skipping, failed != 0);
	}
}

/* The reading of plan stands: its counts join the run's, its errors are told. */
static void keep_parts(struct run *rn, const struct incremental_plan *plan)
{
	toperr_merge(rn->ao.top, rn->stage_top);
	drill_merge(rn->ao.drill, rn->stage_drill);
	for (size_t i = 0; i < plan->nparts; i++) {
		struct input_result *res = &rn->stage_res[i];
		if (res->failed && i + 1 < plan->nparts) {
			predecessor_failed(rn, res, plan->parts[i].fd);
		} else if (res->failed) {
			report_print_error(res->name, res->error);
			rn->failed = 1;
		}
		report_print_warning(res->name, res->warning);
		*rn->res = *res;
		keep(rn);
	}
}

static void plan_failed(struct run *rn, const char *path, const char *why)
{
	struct input_result *res = rn->res;
	memset(res, 0, sizeof *res);
	snprintf(res->name, sizeof res->name, "%s", path);
	snprintf(res->error, sizeof res->error, "%.500s", why);
	tally_init(&res->tally);
	res->failed = 1;
	report_print_error(res->name, res->error);
	keep(rn);
	rn->failed = 1;
}

/* One input with --state: plan, read each part, remember where the last one ended. A
 * plan is made from what the files were at one moment; when the input changed under the
 * reading (a copytruncate between the plan and the end of the read), what was read is
 * forgotten and a new plan made from the same saved entry sees the rotation. */
static void read_incremental(struct run *rn, const char *path)
{
	struct incremental_plan *plan = malloc(sizeof *plan);
	char err[8400];
	int tries = 0, changed;
	do {
		if (tries > 0)
			incremental_close(plan);
		if (!plan || incremental_plan(path, state_find(&rn->state, path), plan, err,
		                              sizeof err) != 0) {
			plan_failed(rn, path, plan ? err : "out of memory");
			free(plan);
			return;
		}
		if (tries == 0)
			pause_after_plan();
		read_parts(rn, plan);
		changed = incremental_changed(plan);
	} while (changed && ++tries < PLAN_TRIES);
	if (plan->warning[0])
		fprintf(stderr, "logstat: warning: %s\n", plan->warning);
	if (changed)
		fprintf(stderr,
		        "logstat: warning: %s changed while it was read, %d times in a row "
		        "(rotated by copytruncate?): counted as read this time, so lines may be "
		        "counted twice or missed\n",
		        path, PLAN_TRIES);
	keep_parts(rn, plan);
	if (state_put(&rn->state, &plan->next) != 0) {
		fputs("logstat: out of memory\n", stderr);
		rn->failed = 1;
	}
	incremental_close(plan);
	free(plan);
}

static int check_combination(const struct options *o, const struct renderer *rend)
{
	if (o->dry_run && !o->state_file)
		return report_fatal(rend, "--dry-run needs --state FILE");
	if ((o->stale_after || o->stale_state) && !rend->status)
		return report_fatal(rend, "--stale and --stale-state need -o nagios");
	if (o->have_since && o->have_until && o->since >= o->until)
		return report_fatal(rend, "--since is not before --until: the window is empty");
	if (o->labels && !rend->series)
		return report_fatal(rend, "--labels needs -o prometheus (or logstat -f --listen)");
	/* running totals are one tally in the state file: they keep no per-label counts */
	if (o->labels && o->state_file)
		return report_fatal(rend, "--labels cannot be used with --state: the running "
		                          "totals it keeps are by code only (docs/monitoring.md)");
	for (size_t i = 0; o->state_file && i < o->ninputs; i++)
		if (strcmp(o->inputs[i], "-") == 0)
			return report_fatal(rend,
			                    "--state needs files: stdin has no place to resume");
	return 0;
}

/* Lock and load the state. Returns 0, or the exit status after a message. */
static int open_state(struct run *rn, int *lock)
{
	char err[8400];
	state_init(&rn->state);
	*lock = -1;
	if (!rn->o->state_file)
		return 0;
	*lock = state_lock(rn->o->state_file, err, sizeof err);
	if (*lock < 0)
		return report_fatal(rn->rend, err);
	struct stat st;
	if (stat(rn->o->state_file, &st) == 0)
		rn->saved = (int64_t)st.st_mtime; /* when the run before this one saved it */
	if (state_load(&rn->state, rn->o->state_file, err, sizeof err) < 0) {
		state_unlock(*lock, rn->o->state_file);
		return report_fatal(rn->rend, err);
	}
	return 0;
}

/* --by input counts the name a reader sees ("(stdin)" for -). */
static void name_input(struct run *rn, const char *path)
{
	if (rn->ao.drill)
		rn->ao.drill->input_name = strcmp(path, "-") == 0 ? "(stdin)" : path;
}

static void read_inputs(struct run *rn)
{
	for (size_t i = 0; i < rn->o->ninputs && !rn->oom; i++) {
		const char *path = rn->o->inputs[i];
		name_input(rn, path);
		if (rn->o->state_file) {
			read_incremental(rn, path);
			continue;
		}
		struct input_result *res = rn->res;
		rn->ao.series = rn->series ? rn->series[rn->inputs.n] : NULL;
		if (analyze_path(path, (uint32_t)rn->inputs.n, &rn->ao, res) != 0) {
			report_print_error(res->name, res->error);
			rn->failed = 1;
		}
		report_print_warning(res->name, res->warning);
		keep(rn);
	}
}

static void init_run(struct run *rn, struct options *o, const struct renderer *rend)
{
	memset(rn, 0, sizeof *rn);
	rn->o = o;
	rn->rend = rend;
	analyze_options_init(&rn->ao);
	rn->ao.format = o->have_format ? &o->format : NULL;
	rn->ao.inflater = o->inflater;
	rn->ao.threads = o->threads;
	rn->ao.max_line = o->max_line;
	if (o->have_since)
		rn->ao.since = o->since;
	if (o->have_until)
		rn->ao.until = o->until;
	rn->ao.filter = o->have_status ? &o->status : NULL;
	tally_init(&rn->total);
	rn->ao.no_seek = o->no_seek;
	rn->ao.read_to_end = o->state_file != NULL; /* --state consumes every line */
}

/* Whether no input could be read at all: then the errors said everything, and an empty
 * report would only hide them. An input that failed part-way still has counts to show. */
static int nothing_read(const struct run *rn, const struct report *r)
{
	for (size_t i = 0; i < rn->inputs.n; i++)
		if (!rn->inputs.v[i].failed)
			return 0;
	return rn->inputs.n > 0 && r->total.lines == 0 && r->total.outside == 0;
}

/* A window that holds no request says why, so an empty report is not taken for a quiet
 * server or a broken log. */
static void note_empty_window(const struct run *rn, const struct report *r)
{
	const struct options *o = rn->o;
	if ((!o->have_since && !o->have_until) || r->total.requests > 0)
		return;
	unsigned long long skipped = 0;
	for (size_t i = 0; i < rn->inputs.n; i++)
		skipped += rn->inputs.v[i].window_skipped + rn->inputs.v[i].until_skipped;
	char seek[96] = "";
	if (skipped)
		snprintf(seek, sizeof seek, " (and %llu bytes outside it not read: --no-seek)",
		         skipped);
	fprintf(stderr,
	        "logstat: no request in the time window: %llu line%s fell outside it%s, %llu "
	        "inside\n",
	        (unsigned long long)r->total.outside, r->total.outside == 1 ? "" : "s", seek,
	        (unsigned long long)r->total.lines);
}

/* Render, then save the state (only when everything before succeeded). */
static int finish(struct run *rn, struct report *r, const struct render_options *ro)
{
	if (nothing_read(rn, r)) /* a plugin still owes its one line (UNKNOWN) */
		return rn->rend->fatal ? report_fatal(rn->rend, "no input could be read")
		                       : rn->rend->error_status;
	note_empty_window(rn, r);
	struct tally *totals = malloc(sizeof *totals);
	if (!totals)
		return report_fatal(rn->rend, "out of memory");
	*totals = rn->state.totals;
	tally_merge(totals, &r->total);
	totals->nexamples = 0;
	report_check(rn->o, rn->rend, r);
	struct report shown = *r;
	if (rn->o->state_file && rn->rend->cumulative) {
		shown.total = *totals; /* counters must only grow: every run added up */
		shown.job.total_only = 1;
	}
	int rc = report_emit(rn->o, rn->rend, &shown, ro, rn->failed);
	/* a threshold that held (1, or a plugin's WARNING/CRITICAL) still delivered a report */
	int ok = !rn->failed && rc != rn->rend->error_status;
	if (rn->o->state_file && !rn->o->dry_run && ok) {
		char err[8400];
		rn->state.totals = *totals;
		if (state_save(&rn->state, rn->o->state_file, err, sizeof err) != 0)
			rc = report_fatal(rn->rend, err);
	}
	free(totals);
	if (rn->skipped) /* as for a failed input, but said once: the state moved on */
		rc = rn->rend->error_status;
	return rc;
}

/* One table per input for a renderer that shows labelled counts: the same rows whatever
 * --threads (SERIES_KEEP_LOWEST). Returns 1, or 0 when out of memory. */
static int new_series(struct run *rn)
{
	rn->series = calloc(rn->o->ninputs ? rn->o->ninputs : 1, sizeof *rn->series);
	for (size_t i = 0; rn->series && i < rn->o->ninputs; i++)
		if (!(rn->series[i] = series_new_keep(rn->o->labels, SERIES_DEFAULT_CAP,
		                                      SERIES_KEEP_LOWEST)))
			return 0;
	return rn->series != NULL;
}

static void free_series(struct run *rn)
{
	for (size_t i = 0; rn->series && i < rn->o->ninputs; i++)
		series_free(rn->series[i]);
	free(rn->series);
	rn->series = NULL;
}

/* The report of the inputs read: the job's facts, then render and save (finish). */
static int deliver(struct run *rn, const struct code_table *table, const struct render_options *ro)
{
	const struct options *o = rn->o;
	struct report r = {.inputs = rn->inputs.v,
	                   .ninputs = rn->inputs.n,
	                   .table = table->rows,
	                   .table_n = table->n,
	                   .top = rn->ao.top,
	                   .drill = rn->ao.drill,
	                   .filter = rn->ao.filter,
	                   .top_n = o->top,
	                   .series = (const struct series_table *const *)rn->series};
	r.job.finished = (int64_t)time(NULL);
	r.job.state_saved = rn->saved;
	stale_check(rn->inputs.v, rn->inputs.n, o->stale_after, o->stale_state ? o->stale_state : 2,
	            r.job.finished, &r.job);
	r.total = rn->total;
	return finish(rn, &r, ro);
}

int report_run(struct options *o, const struct renderer *rend, const struct code_table *table,
               const struct render_options *ro)
{
	int rc = check_combination(o, rend), lock;
	if (rc != 0)
		return rc;
	struct run rn;
	init_run(&rn, o, rend);
	if ((rc = open_state(&rn, &lock)) != 0)
		return rc;
	rn.res = malloc(sizeof *rn.res);
	rn.ao.top = toperr_new(); /* one table for the whole run: inputs add into it */
	rn.ao.drill = drill_new(o->by, o->nby, 0);
	int series_ok = !rend->series || o->state_file || new_series(&rn);
	/* the sites table of the text report: counted when the format logs a vhost */
	if (rn.ao.drill && drill_also(rn.ao.drill, BY_VHOST) != 0) {
		drill_free(rn.ao.drill);
		rn.ao.drill = NULL;
	}
	if (rn.ao.drill && o->state_file) {
		rn.stage_res = calloc(INCREMENTAL_PARTS, sizeof *rn.stage_res);
		rn.stage_top = toperr_new();
		rn.stage_drill = drill_new_like(rn.ao.drill);
	}
	if (!rn.res || !rn.ao.top || !rn.ao.drill || !series_ok ||
	    (o->state_file && (!rn.stage_res || !rn.stage_top || !rn.stage_drill))) {
		free_series(&rn);
		free(rn.res);
		toperr_free(rn.ao.top);
		drill_free(rn.ao.drill);
		free(rn.stage_res);
		toperr_free(rn.stage_top);
		drill_free(rn.stage_drill);
		state_unlock(lock, o->state_file);
		return report_fatal(rend, "out of memory");
	}
	read_inputs(&rn);
	rc = rn.oom ? report_fatal(rend, "out of memory") : deliver(&rn, table, ro);
	free_series(&rn);
	report_inputs_free(&rn.inputs);
	free(rn.res);
	toperr_free(rn.ao.top);
	drill_free(rn.ao.drill);
	free(rn.stage_res);
	toperr_free(rn.stage_top);
	drill_free(rn.stage_drill);
	state_free(&rn.state);
	state_unlock(lock, o->state_file);
	return rc;
}
