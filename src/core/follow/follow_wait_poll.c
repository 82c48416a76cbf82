/* follow_wait_poll.c — the portable fallback: no events, just a short tick after which
 * every follower looks at its file again (a stat and a pread per file: ~0 % CPU). */
#include <stddef.h>

#include "follow_wait_impl.h"

static int poll_open(void **state)
{
	*state = NULL;
	return 0;
}

static void poll_close(void *state)
{
	(void)state;
}

static int poll_watch(void *state, const char *dir)
{
	(void)state;
	(void)dir;
	return 0;
}

static int poll_event_fd(void *state)
{
	(void)state;
	return -1;
}

static void poll_drain(void *state)
{
	(void)state;
}

const struct follow_wait_backend follow_wait_poll = {
        "poll", 250, poll_open, poll_close, poll_watch, poll_event_fd, poll_drain,
};
