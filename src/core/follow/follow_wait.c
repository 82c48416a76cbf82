/* follow_wait.c — the waiter: picks a backend (inotify, else poll), turns a followed
 * path into the directory to watch, and sleeps in poll(2) on the backend's descriptor
 * plus the caller's (keyboard, signal pipe, followed pipes). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "follow.h"
#include "follow_wait_impl.h"

#define MAX_FDS 64

struct follow_waiter {
	const struct follow_wait_backend *be;
	void *state;
};

static const struct follow_wait_backend *const backends[] = {
        &follow_wait_inotify,
        &follow_wait_poll,
};

struct follow_waiter *follow_waiter_new(const char *name)
{
	struct follow_waiter *w = malloc(sizeof *w);
	if (!w)
		return NULL;
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		if (name && strcmp(name, backends[i]->name) != 0)
			continue;
		if (backends[i]->open(&w->state) == 0) {
			w->be = backends[i];
			return w;
		}
	}
	free(w);
	return NULL;
}

void follow_waiter_free(struct follow_waiter *w)
{
	if (!w)
		return;
	w->be->close(w->state);
	free(w);
}

const char *follow_waiter_name(const struct follow_waiter *w)
{
	return w->be->name;
}

int follow_waiter_watch(struct follow_waiter *w, const char *path)
{
	if (strcmp(path, "-") == 0)
		return 0;
	const char *slash = strrchr(path, '/');
	if (!slash)
		return w->be->watch(w->state, ".");
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	char *dir = malloc(n + 1);
	if (!dir)
		return -1;
	memcpy(dir, path, n);
	dir[n] = 0;
	int rc = w->be->watch(w->state, dir);
	free(dir);
	return rc;
}

int follow_waiter_wait(struct follow_waiter *w, struct pollfd *extra, size_t n, int timeout_ms)
{
	struct pollfd fds[MAX_FDS + 1];
	if (n > MAX_FDS)
		n = MAX_FDS;
	int efd = w->be->event_fd(w->state);
	nfds_t k = 0;
	if (efd >= 0)
		fds[k++] = (struct pollfd){efd, POLLIN, 0};
	for (size_t i = 0; i < n; i++) {
		fds[k++] = (struct pollfd){extra[i].fd, extra[i].events, 0};
		extra[i].revents = 0;
	}
	if (timeout_ms < 0 || timeout_ms > w->be->tick_ms)
		timeout_ms = w->be->tick_ms;
	int rc = poll(fds, k, timeout_ms);
	if (rc < 0)
		return errno == EINTR ? -1 : 0;
	if (rc == 0)
		return 0;
	size_t first = efd >= 0 ? 1 : 0;
	if (efd >= 0 && fds[0].revents)
		w->be->drain(w->state);
	for (size_t i = 0; i < n; i++)
		extra[i].revents = fds[first + i].revents;
	return 1;
}

int64_t follow_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
