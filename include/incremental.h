/* incremental.h — for --state: given an input's path and what the state saved about it,
 * decide what to read so that every line is counted exactly once across runs:
 *   same file, grown      → from the saved offset
 *   same file, shrunk     → truncated (copytruncate): finish its copy NAME.1… if found,
 *                           then read it from the start, with a warning
 *   another file          → rotated: finish the predecessor (NAME.1, NAME.1.gz,
 *                           NAME.1.zst, NAME-20240501[.gz|.zst], … found by identity,
 *                           rotation.h) from the saved offset, then the new file from 0
 *   another inode, same start → the same file moved (remount, new disk): from the offset
 *   was empty last time     → a sibling changed since then is its copy: read it whole
 * Files are opened once here, so what is fingerprinted is what gets read. */
#ifndef LOGSTAT_INCREMENTAL_H
#define LOGSTAT_INCREMENTAL_H

#include <stddef.h>
#include <stdint.h>

#include "rotation.h"
#include "state.h"

struct incremental_part {
	char path[4096];
	int fd; /* open, owned by the plan */
	uint64_t start_offset, start_line;
	int start_skipping; /* start_offset is inside a too-long line already counted */
};

struct incremental_plan {
	struct incremental_part parts[2]; /* read in this order; all but the last are
	                                     predecessors, finished for good once read */
	size_t nparts;
	int live;                /* 1: the last part is the input itself */
	struct state_input next; /* what to save: identity of the last part; its offset and
	                            lines are set by incremental_done */
	char warning[8448];      /* a notice for the user, or "" */
};

/* Plan the reading of path; saved is its previous entry or NULL (first run: read it all).
 * Returns 0, or -1 with the reason (without the path) in err: the input and any
 * predecessor are missing or unreadable, or the input is not a regular file (a FIFO or a
 * device has no place to resume; it is never opened in a blocking way).
 * Close the plan with incremental_close. */
int incremental_plan(const char *path, const struct state_input *saved,
                     struct incremental_plan *plan, char *err, size_t errsize);

/* The last part was read up to end_offset decoded bytes, lines in all, ending inside a
 * too-long line when skipping: record it in plan->next, and widen the fingerprint to
 * what was read when the file was shorter than ROTATION_FP_BYTES when planned. */
void incremental_done(struct incremental_plan *plan, uint64_t end_offset, uint64_t lines,
                      int skipping);
void incremental_close(struct incremental_plan *plan);

#endif
