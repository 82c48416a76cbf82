/* atomic_file.h — replace a file so that readers see the old or the new contents, never
 * a part: write a temporary next to it, fsync, rename over it, fsync the directory.
 * Used for the state file and --output-file. Errors come back as text. */
#ifndef LOGSTAT_ATOMIC_FILE_H
#define LOGSTAT_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

struct atomic_file {
	FILE *fp;        /* write the new contents here */
	char path[4096]; /* final name */
	char tmp[4096];  /* PATH.tmp.XXXXXX until committed */
};

/* Create the temporary (mode 0666 less the umask, like a plain create). Returns 0, or -1
 * with "PATH: reason" in err. */
int atomic_file_open(struct atomic_file *f, const char *path, char *err, size_t errsize);

/* Flush, fsync, close, rename over path and fsync its directory. On any failure the
 * temporary is removed, path is untouched and -1 returned with a reason in err. */
int atomic_file_commit(struct atomic_file *f, char *err, size_t errsize);

/* Close and remove the temporary; path is untouched. */
void atomic_file_abort(struct atomic_file *f);

#endif
