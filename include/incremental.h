/* incremental.h — for --state: given an input's path and what the state saved about it,
 * decide what to read so that every line is counted exactly once across runs:
 *   same file, grown      → from the saved offset
 *   same file, shrunk     → truncated (copytruncate): finish its copy NAME.1… if found,
 *                           then read it from the start, with a warning
 *   another file          → rotated: finish the predecessor (NAME.1, NAME.1.gz,
 *                           NAME.1.zst, NAME-20240501[.gz|.zst], … found by identity:
 *                           same device and inode, or same fingerprint of the first
 *                           decoded bytes) from the saved offset, then the new file from 0.
 * Files are opened once here, so what is fingerprinted is what gets read. */
#ifndef LOGSTAT_INCREMENTAL_H
#define LOGSTAT_INCREMENTAL_H

#include <stddef.h>
#include <stdint.h>

#include "state.h"

#define INCREMENTAL_FP_BYTES 4096 /* the fingerprint covers at most this much text */

struct incremental_part {
	char path[4096];
	int fd; /* open, owned by the plan */
	uint64_t start_offset, start_line;
};

struct incremental_plan {
	struct incremental_part parts[2]; /* read in this order */
	size_t nparts;
	int live;                /* 1: the last part is the input itself */
	struct state_input next; /* what to save: identity of the last part; its offset and
	                            lines are the caller's to fill after reading */
	char warning[8448];      /* a notice for the user, or "" */
};

/* Plan the reading of path; saved is its previous entry or NULL (first run: read it all).
 * Returns 0, or -1 with the reason (without the path) in err: the input and any
 * predecessor are missing or unreadable. Close the plan with incremental_close. */
int incremental_plan(const char *path, const struct state_input *saved,
                     struct incremental_plan *plan, char *err, size_t errsize);
void incremental_close(struct incremental_plan *plan);

/* Fingerprint the file open at fd without moving its offset: FNV-1a of its first
 * min(limit, decoded size) decoded bytes (gzip and zstd are decoded). Sets *len to the
 * bytes covered. Returns 0, or -1 when unreadable or corrupt. */
int incremental_fingerprint(int fd, uint32_t limit, uint32_t *len, uint64_t *hash);

#endif
