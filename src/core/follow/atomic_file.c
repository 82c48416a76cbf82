/* atomic_file.c — temp + fsync + rename + fsync(dir). The temporary gets a unique suffix
 * so two writers never share one, and a name that textfile collectors (*.prom) skip. */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_open(struct atomic_file *f, const char *path, char *err, size_t errsize)
{
	memset(f, 0, sizeof *f);
	if (snprintf(f->path, sizeof f->path, "%s", path) >= (int)sizeof f->path ||
	    snprintf(f->tmp, sizeof f->tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof f->tmp) {
		snprintf(err, errsize, "%s: name too long", path);
		return -1;
	}
	int fd = mkstemp(f->tmp);
	if (fd < 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !(f->fp = fdopen(fd, "w"))) {
		snprintf(err, errsize, "%s: %s", f->tmp, strerror(errno));
		close(fd);
		unlink(f->tmp);
		return -1;
	}
	return 0;
}

static int sync_dir(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = 0;
	else
		*slash = 0;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int atomic_file_commit(struct atomic_file *f, char *err, size_t errsize)
{
	const char *what = f->tmp;
	int failed = fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0;
	int saved = errno;
	if (fclose(f->fp) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	f->fp = NULL;
	if (!failed && rename(f->tmp, f->path) != 0) {
		failed = 1;
		saved = errno;
		what = f->path;
	}
	if (failed) {
		snprintf(err, errsize, "%s: %s", what, strerror(saved ? saved : EIO));
		unlink(f->tmp);
		return -1;
	}
	if (sync_dir(f->path) != 0) {
		snprintf(err, errsize, "%s: cannot sync its directory: %s", f->path,
		         strerror(errno));
		return -1;
	}
	return 0;
}

void atomic_file_abort(struct atomic_file *f)
{
	if (f->fp)
		fclose(f->fp);
	f->fp = NULL;
	unlink(f->tmp);
}
