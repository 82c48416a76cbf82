/* follow_wait_impl.h — private contract between follow_wait.c and its backends, in the
 * manner of redis' ae_epoll/ae_kqueue: one small file per backend, one set of functions.
 * A backend either offers a descriptor that becomes readable on changes (inotify) or
 * none, and then only its tick notices changes (poll). */
#ifndef LOGSTAT_FOLLOW_WAIT_IMPL_H
#define LOGSTAT_FOLLOW_WAIT_IMPL_H

struct follow_wait_backend {
	const char *name;
	int tick_ms; /* longest sleep: how soon changes nobody reported are noticed */
	/* New state in *state; 0, or -1 when this backend cannot run here. */
	int (*open)(void **state);
	void (*close)(void *state);
	/* Report changes in directory dir; 0 or -1. */
	int (*watch)(void *state, const char *dir);
	/* Descriptor readable when something changed, or -1. */
	int (*event_fd)(void *state);
	/* Consume what made event_fd readable. */
	void (*drain)(void *state);
};

extern const struct follow_wait_backend follow_wait_inotify;
extern const struct follow_wait_backend follow_wait_poll;

#endif
