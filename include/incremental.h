/* incremental.h — for --state: given an input's path and what the state saved about it,
 * decide what to read so that every line is counted exactly once across runs:
 *   same file, grown      → from the saved offset
 *   same file, shrunk     → truncated (copytruncate): finish its copy NAME.1… if found,
 *                           then read it from the start, with a warning
 *   another file          → rotated: finish the predecessor (NAME.1, NAME.1.gz,
 *                           NAME.1.zst, NAME-20240501[.gz|.zst], … found by identity,
 *                           rotation.h) from the saved offset, then the new file from 0
 *   another inode, same start → the same file moved (remount, new disk): from the offset
 *   was empty last time     → a sibling changed since then (other than the file read
 *                             before it) is its copy: read it whole
 * and first of all, the file read before (kept in the state as prev) when it grew since:
 * its new lines, from where it was left.
 * Files are opened once here, so what is fingerprinted is what gets read; a copytruncate
 * between the plan and the end of the reading is told afterwards (incremental_changed). */
#ifndef LOGSTAT_INCREMENTAL_H
#define LOGSTAT_INCREMENTAL_H

#include <stddef.h>
#include <stdint.h>

#include "rotation.h"
#include "state.h"

enum incremental_role {
	INCREMENTAL_PREV, /* the file finished before: lines written into it since (a server
	                     writing into its renamed log until it reopens) */
	INCREMENTAL_PRED, /* the file read last time, rotated away: its rest */
	INCREMENTAL_LIVE  /* the input itself */
};

struct incremental_part {
	char path[4096];
	int fd; /* open, owned by the plan */
	enum incremental_role role;
	uint64_t start_offset, start_line;
	int start_skipping; /* start_offset is inside a too-long line already counted */
};

#define INCREMENTAL_PARTS 3 /* the file before, the saved one, the input */

struct incremental_plan {
	/* read in this order; all but the last are finished for good once read */
	struct incremental_part parts[INCREMENTAL_PARTS];
	size_t nparts;
	int live;                   /* 1: the last part is the input itself */
	struct state_prev before;   /* the file read before the saved one, as found now */
	int prev_is_pred;           /* 1: next.prev is the predecessor read now, not before */
	struct state_input next;    /* what to save; positions are set by incremental_done */
	struct rotation_id planned; /* the input as it was when planned (next.id widens) */
	char warning[8448];         /* a notice for the user, or "" */
};

/* Plan the reading of path; saved is its previous entry or NULL (first run: read it all).
 * Returns 0, or -1 with the reason (without the path) in err: the input and any
 * predecessor are missing or unreadable, or the input is not a regular file (a FIFO or a
 * device has no place to resume; it is never opened in a blocking way).
 * Close the plan with incremental_close. */
int incremental_plan(const char *path, const struct state_input *saved,
                     struct incremental_plan *plan, char *err, size_t errsize);

/* Part i was read up to end_offset decoded bytes, lines in all, ending inside a too-long
 * line when skipping (failed: it could not be read to its end, and is left behind): record
 * it in plan->next. For the live file, the fingerprint widens to what was read when the
 * file was shorter than ROTATION_FP_BYTES when planned. */
void incremental_done(struct incremental_plan *plan, size_t i, uint64_t end_offset, uint64_t lines,
                      int skipping, int failed);

/* After every part was read (incremental_done): whether the input read last may not be
 * the file that was planned, so that what was read cannot be trusted: its start is no
 * longer the one fingerprinted when planned (truncated, by a copytruncate, between the
 * plan and now: bytes read after it are the new content, and the copy holds lines never
 * read), or it was empty then and lines were read (nothing tells whether they came
 * before or after such a truncation). The caller forgets what it read and plans again
 * from the same saved entry, which then sees the rotation. Returns 1 or 0. */
int incremental_changed(const struct incremental_plan *plan);
void incremental_close(struct incremental_plan *plan);

#endif
