/* state.h — what --state remembers between runs: per input its identity (rotation.h:
 * device, inode, a fingerprint of its first decoded bytes, mtime) and how far it was read,
 * plus running totals of every run (so Prometheus counters only grow; they saturate at
 * 2^64-1 rather than wrap). The file format, version 2 (version 1 is still read), is
 * documented in docs/cron.md and state.c; it is read with strict validation (a damaged
 * file is an error "STATE: line N: reason", never a silent restart), written atomically
 * (temp, fsync, rename, fsync dir) and guarded by an flock on STATE.lock (removed again
 * on release). */
#ifndef LOGSTAT_STATE_H
#define LOGSTAT_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "rotation.h"
#include "tally.h"

#define STATE_VERSION 2

/* The file read before the current one (the last predecessor finished), kept so that
 * lines a server still writes into a renamed file after a run are read by the next run,
 * and are not taken for an empty log's rotated lines. */
struct state_prev {
	int known; /* 0: none */
	struct rotation_id id;
	uint64_t offset, lines;
	int skipping;
};

struct state_input {
	char path[4096];       /* the input as named on the command line */
	struct rotation_id id; /* of the file read last */
	uint64_t offset;       /* decoded bytes read (a line being written is left for later) */
	uint64_t lines;        /* lines read, for numbering the next ones */
	int skipping;          /* offset is inside a line too long to count, counted already:
	                          the next run drops the rest of it */
	struct state_prev prev;
};

struct state {
	struct state_input *inputs; /* owned */
	size_t n, cap;
	struct tally totals; /* every run added up; examples are not kept */
};

void state_init(struct state *s);
void state_free(struct state *s);

/* Parse text[0..len) (name labels messages). Returns 0, or -1 with "NAME: line N: reason"
 * in err and s emptied. */
int state_parse(struct state *s, const char *text, size_t len, const char *name, char *err,
                size_t errsize);

/* Load the file at path: 0 when read, 1 when it does not exist (s empty: a first run),
 * -1 with a reason in err (unreadable or damaged). */
int state_load(struct state *s, const char *path, char *err, size_t errsize);

/* Write s to path atomically. Returns 0, or -1 with a reason (path unchanged). */
int state_save(const struct state *s, const char *path, char *err, size_t errsize);

/* The entry for path, or NULL. Valid until the next state_put. */
const struct state_input *state_find(const struct state *s, const char *path);

/* Add or replace the entry for in->path. Returns 0, or -1 when out of memory. */
int state_put(struct state *s, const struct state_input *in);

/* Take the exclusive lock PATH.lock without waiting. Returns the descriptor holding it,
 * or -1 with "another logstat run holds PATH.lock" (or why the lock file cannot be
 * opened) in err. Release with state_unlock(fd, PATH), which removes PATH.lock: no lock
 * file is left behind between runs. fd -1 is ignored. */
int state_lock(const char *path, char *err, size_t errsize);
void state_unlock(int fd, const char *path);

#endif
