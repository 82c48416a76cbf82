/* rotation.h — a log file's identity across rotations, one definition for --state and -f:
 * device and inode, a fingerprint (FNV-1a) of its first decoded bytes and the time it was
 * last seen changed; and the one search for its rotated siblings (NAME.1, NAME.1.gz,
 * NAME-20240501.zst, ...) by that identity. Nothing here keeps state between calls. */
#ifndef LOGSTAT_ROTATION_H
#define LOGSTAT_ROTATION_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define ROTATION_FP_BYTES 4096 /* the fingerprint covers at most this much text */

struct rotation_id {
	uint64_t dev, ino;
	uint32_t fp_len;  /* the fingerprint covers the first fp_len decoded bytes */
	uint64_t fp_hash; /* FNV-1a of them, and of fp_len */
	int64_t mtime_ns; /* modification time when it was read; 0: unknown */
};

/* Fingerprint the file open at fd without moving its offset: the first
 * min(limit, ROTATION_FP_BYTES, decoded size) decoded bytes (gzip and zstd are decoded).
 * Sets *len to the bytes covered. Returns 0, or -1 when unreadable or corrupt. */
int rotation_fingerprint(int fd, uint32_t limit, uint32_t *len, uint64_t *hash);

/* The fingerprint of text[0..n): what rotation_fingerprint computes on decoded bytes. */
uint64_t rotation_hash(const unsigned char *text, size_t n);

/* Whether the file at fd starts with the bytes id was fingerprinted on (fp_len 0: yes). */
int rotation_same_start(int fd, const struct rotation_id *id);

/* id of the file open at fd (st its fstat): inode, mtime, fingerprint of up to limit
 * bytes. Returns 0, or -1 when its start cannot be read or decoded. */
int rotation_identify(int fd, const struct stat *st, uint32_t limit, struct rotation_id *id);

/* Modification time of st in nanoseconds. */
int64_t rotation_mtime_ns(const struct stat *st);

/* Whether entry names a rotated sibling of base: base, one of ".-_", a digit, then digits
 * and ".-_" only, optionally ending in .gz or .zst. */
int rotation_is_sibling(const char *base, const char *entry);

/* Open path read-only without blocking (a FIFO without writer does not hang) and fstat
 * it into st. Returns the descriptor, or -1 with errno set. */
int rotation_open(const char *path, struct stat *st);

enum rotation_how {
	ROTATION_BY_INODE = 1, /* same device and inode, and the same start */
	ROTATION_BY_START = 2, /* the same start (copies, compressed rotations); fp_len > 0 */
	ROTATION_BY_TIME = 4   /* id was empty (fp_len 0): the newest non-empty sibling
	                          changed after id->mtime_ns (not a .gz/.zst that starts
	                          like a plain sibling: a copy still being made of it) */
};

struct rotation_match {
	char path[4096];
	int fd; /* open, owned by the caller */
	struct stat st;
};

/* Search the siblings of path, newest first and plain names before NAME.gz/NAME.zst (a
 * compressed copy may still be being written), for the file id describes, trying each way
 * in how in the order above. skip (may be NULL) is a file that is never a match (the
 * file at path now). Every sibling is considered, however many. Returns 1 with m filled,
 * 0 when none matches, -1 when the directory cannot be read or memory runs out. */
int rotation_find(const char *path, const struct rotation_id *id, unsigned how,
                  const struct stat *skip, struct rotation_match *m);

/* What a search passes over besides what its way rules out. */
struct rotation_avoid {
	/* files never a match (NULL: none): the file open as the input (a rename may have
	 * made it a sibling too), the file before it */
	const struct stat *skip, *skip2;
	/* a sibling that starts like it (when not NULL and fp_len > 0) is never a match by
	 * start or time: a copy of another known file (the file read before, compressed
	 * since, or being compressed) is not the one searched for */
	const struct rotation_id *unlike;
	/* the input as it is now (-1: none): a sibling found by time that is a copy of it
	 * (plain, no longer, its first and last ROTATION_FP_BYTES where the input has them:
	 * a copytruncate between its copy and its truncate) is not the one either */
	int live_fd;
};

/* rotation_find, passing over what avoid names. */
int rotation_find_avoiding(const char *path, const struct rotation_id *id, unsigned how,
                           const struct rotation_avoid *avoid, struct rotation_match *m);

/* Whether the file open at fd is plain text (not gzip or zstd by its magic). */
int rotation_is_plain(int fd);

/* Rotated siblings of path changed after after_ns that are neither a nor b (may be NULL)
 * nor start like id: files rotated past before anyone read them. Returns their number,
 * or 0 when the directory cannot be read. */
size_t rotation_count_newer(const char *path, int64_t after_ns, const struct rotation_id *id,
                            const struct stat *a, const struct stat *b);

#endif
