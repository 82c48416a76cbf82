/* exporter.h — the HTTP side of `logstat -f --listen ADDR:PORT`: a small server (GNU
 * libmicrohttpd, driven from the follow loop: no threads) answering GET and HEAD for
 * /metrics (Prometheus text format, or OpenMetrics when the Accept header asks for it)
 * and / (a page linking to /metrics). Connections, request size and idle time are
 * bounded. Built without libmicrohttpd, exporter_start fails and says so. */
#ifndef LOGSTAT_EXPORTER_H
#define LOGSTAT_EXPORTER_H

#include <stddef.h>
#include <stdio.h>

#include "expo.h"

#define EXPORTER_MAX_CONNECTIONS 32  /* more are refused until one closes */
#define EXPORTER_REQUEST_BYTES 16384 /* request line and headers; more is refused */
#define EXPORTER_IDLE_SECONDS 10     /* a connection quiet this long is closed */

/* Called for each scrape of /metrics: write the exposition in format f to out. Returns 0,
 * or -1 (the scraper gets a 500). */
typedef int (*exporter_metrics_fn)(FILE *out, enum expo_format f, void *ctx);

struct exporter;

/* Whether this build has the HTTP server. */
int exporter_available(void);

/* Listen on addr: "HOST:PORT", "[IPV6]:PORT", or "PORT" / ":PORT" for 127.0.0.1. Port 0
 * picks a free one (exporter_url says which). Returns NULL with a reason in err. */
struct exporter *exporter_start(const char *addr, exporter_metrics_fn fn, void *ctx, char *err,
                                size_t errsize);

/* A descriptor to poll for input (the server's epoll set), or -1. */
int exporter_fd(const struct exporter *x);
/* Milliseconds until exporter_run is due even if nothing happens (idle connections to
 * close), or -1 when nothing is pending. */
int exporter_timeout_ms(struct exporter *x);
/* Accept, read, answer and close what is ready. Never blocks. */
void exporter_run(struct exporter *x);
/* "http://127.0.0.1:9100/metrics". Owned by x. */
const char *exporter_url(const struct exporter *x);
void exporter_stop(struct exporter *x);

#endif
