/* follow_wait_inotify.c — wakes on changes in the directories of followed files: writes,
 * creations, renames, deletions. Watching the directory rather than the file is what lets
 * a rename or a file created later be seen at once. */
#include <errno.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "follow_wait_impl.h"

#define DIR_EVENTS                                                                                 \
	(IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB |             \
	 IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)

struct inotify_state {
	int fd;
};

static int ino_open(void **state)
{
	struct inotify_state *s = malloc(sizeof *s);
	if (!s)
		return -1;
	s->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s->fd < 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static void ino_close(void *state)
{
	struct inotify_state *s = state;
	close(s->fd);
	free(s);
}

static int ino_watch(void *state, const char *dir)
{
	struct inotify_state *s = state;
	return inotify_add_watch(s->fd, dir, DIR_EVENTS) < 0 ? -1 : 0;
}

static int ino_event_fd(void *state)
{
	return ((struct inotify_state *)state)->fd;
}

/* The events themselves do not matter: any of them makes every follower look again. */
static void ino_drain(void *state)
{
	struct inotify_state *s = state;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(s->fd, buf, sizeof buf);
		if (n > 0)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		return;
	}
}

const struct follow_wait_backend follow_wait_inotify = {
        "inotify", 1000, ino_open, ino_close, ino_watch, ino_event_fd, ino_drain,
};
