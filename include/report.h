/* report.h — a finished run, read-only, and the renderers that print it. Every renderer
 * has the same signature and is chosen by name from one table (render.c); adding an
 * output is adding a file and a row. Renderers write only to the FILE they are given and
 * escape every byte that came from a log. */
#ifndef LOGSTAT_REPORT_H
#define LOGSTAT_REPORT_H

#include <stdio.h>

#include "analyze.h"
#include "codes.h"
#include "drill.h"
#include "report_input.h"
#include "series.h"
#include "statusfilter.h"
#include "tally.h"
#include "threshold.h"
#include "toperr.h"

/* What a run knows about itself, for job-health metrics and Nagios (times in seconds
 * since the epoch, 0: unknown). */
struct report_job {
	int total_only;         /* the inputs do not add up to total (running totals of --state, a
	                           merge of summaries): per-input series cannot be given */
	int64_t finished;       /* when the inputs were read (no input failed: a success) */
	int64_t state_saved;    /* when the --state file was saved before this run */
	int stale_state;        /* --stale: Nagios state (1..3) of a stale input, 0: no check */
	int64_t stale_after;    /* --stale DURATION in seconds */
	size_t nstale;          /* inputs whose newest line is older than that */
	const char *stale_name; /* the first of them (not owned) */
	int64_t stale_age;      /* its newest line's age in seconds, -1: no line at all */
};

struct report {
	const struct report_input *inputs; /* compact: report_input.h; not owned */
	size_t ninputs;
	struct tally total;             /* merge of every input (with its timeline) */
	const struct toperr *top;       /* top error requests of every input; not owned;
	                                   NULL: not collected, the sections are left out */
	const struct code_entry *table; /* reference table (built-in or merged) */
	size_t table_n;
	const struct threshold_check *checks; /* --fail-if/--warning/--critical, evaluated */
	size_t nchecks;
	struct report_job job;             /* facts about the run itself (all zero: none known) */
	const struct drill *drill;         /* --by sections and latency; not owned; NULL: none */
	const struct statusfilter *filter; /* --status; not owned; NULL: every request */
	unsigned top_n;                    /* rows per --by section; 0: 10 */
	/* Labelled counts and durations of each input (series.h), parallel to inputs, for
	 * renderers with .series; not owned; NULL, or a NULL entry: none. */
	const struct series_table *const *series;
};

struct render_options {
	int color;      /* ANSI colors (text) */
	int unicode;    /* block characters for bars (text) */
	unsigned width; /* terminal width, 0: 100 */
};

typedef int (*render_fn)(FILE *out, const struct report *r, const struct render_options *o);

/* What a caller needs to know about an output, so that none branches on its name. */
struct renderer {
	const char *name;
	render_fn render;
	/* Exit status of a run that failed (an input could not be read, the output could not
	 * be written): 2, or 3 (UNKNOWN) for a monitoring plugin. */
	int error_status;
	/* NULL: a delivered report exits 0, or 1 when a --fail-if held. Else the exit status
	 * of a delivered report comes from it (a plugin's state), and --fail-if counts as
	 * --critical. */
	int (*status)(const struct report *r);
	/* NULL: fatal errors go to stderr only. Else a fatal error is also written to the
	 * output in its own format (a plugin's UNKNOWN line), for whoever reads only that. */
	void (*fatal)(FILE *out, const char *msg);
	/* With --state: show the counts of every run added up (counters that only grow)
	 * rather than what this run read. */
	int cumulative;
	/* It shows requests by extra labels (--labels) and durations in fixed buckets: the
	 * run fills report.series for it (series.h). */
	int series;
};

/* The renderer called name, or NULL. render_names lists them all ("text, json, …"). */
const struct renderer *render_find(const char *name);
const char *render_names(void);

int render_text(FILE *out, const struct report *r, const struct render_options *o);
int render_json(FILE *out, const struct report *r, const struct render_options *o);
int render_csv(FILE *out, const struct report *r, const struct render_options *o);
int render_summary(FILE *out, const struct report *r, const struct render_options *o);
int render_prometheus(FILE *out, const struct report *r, const struct render_options *o);
/* One self-contained HTML page (inline CSS and SVG, no script, no external request);
 * every byte from a log, a file name or a codes file is escaped (render_html*.c). */
int render_html(FILE *out, const struct report *r, const struct render_options *o);
/* One Nagios plugin line; its state comes from r->checks (warning/critical levels) and
 * the inputs (UNKNOWN when one failed): render_nagios_state gives the exit code. */
int render_nagios(FILE *out, const struct report *r, const struct render_options *o);
int render_nagios_state(const struct report *r); /* 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN */
/* "LOGSTAT UNKNOWN - msg" on one line, '|' and control bytes kept out. */
void render_nagios_fatal(FILE *out, const char *msg);

/* The text sections "Errors over time" and "Top error requests" (render_text_errors.c);
 * each prints nothing when it has nothing to show. */
void render_text_timeline(FILE *out, const struct report *r, const struct render_options *o);
void render_text_top_errors(FILE *out, const struct report *r, const struct render_options *o);

/* The drill-down in the text report (render_text_drill.c): the --status line, the latency
 * cells of the class table (nothing when no duration was logged), the inputs / sites
 * table, the --by sections. */
void render_text_filter(FILE *out, const struct report *r, const struct render_options *o);
void render_text_latency_head(FILE *out, const struct report *r);
void render_text_latency(FILE *out, const struct report *r, const struct latency *l);
void render_text_sites(FILE *out, const struct report *r, const struct render_options *o);
/* Latency per class and code as a table of its own (when the class table has no room). */
void render_text_latency_table(FILE *out, const struct report *r, const struct render_options *o);
void render_text_by(FILE *out, const struct report *r, const struct render_options *o);
/* The drill-down in the JSON report (render_json_drill.c): a latency object (null when
 * empty), the "filter" member and the "by" list (each nothing when not asked for). */
void render_json_latency(FILE *out, const struct latency *l);
void render_json_filter(FILE *out, const struct report *r);
void render_json_by(FILE *out, const struct report *r);
/* Whether the report holds durations; a duration in µs as milliseconds ("12.5"). */
int render_has_latency(const struct report *r);
char *render_ms(double us, char *buf, size_t size);

/* Helpers shared by renderers (render.c). */
const char *render_class_name(int cls); /* "1xx".."5xx", "other" */
/* Write bytes so that no control byte reaches a terminal: printable ASCII as is, the
 * rest as \xHH, backslash as \\. */
void render_sanitized(FILE *out, const unsigned char *p, size_t n);
/* Write a JSON string literal (with quotes); bytes that are not valid UTF-8 become
 * \u00XX escapes so the document stays valid. */
void render_json_string(FILE *out, const unsigned char *p, size_t n);
/* 12,345,678 */
char *render_group(unsigned long long v, char *buf, size_t size);
/* 1.2 MiB */
char *render_human_bytes(unsigned long long v, char *buf, size_t size);
/* Display name of an input ("(stdin)" for "-"). */
const char *render_input_name(const struct report_input *in);
/* The primary row for a code (official, else the CODE_COMMON one, else the first); NULL
 * when unknown. */
const struct code_entry *render_primary(const struct report *r, int code, size_t *nrows,
                                        const struct code_entry **rows);

#endif
