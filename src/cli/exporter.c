/* exporter.c — the exporter's HTTP server on GNU libmicrohttpd in external epoll mode:
 * the follow loop polls exporter_fd and calls exporter_run, so scrapes read the counts
 * in the loop's own thread and need no lock. */
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exporter.h"

struct exporter {
	struct MHD_Daemon *d;
	exporter_metrics_fn fn;
	void *ctx;
	unsigned open; /* connections open now */
	char url[1100];
};

static const char home_page[] =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>logstat exporter</title>"
        "</head>\n<body><h1>logstat exporter</h1>\n<p>HTTP status codes of the logs "
        "followed, for Prometheus: <a href=\"/metrics\">/metrics</a></p></body></html>\n";

int exporter_available(void)
{
	return 1;
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *type,
                              void *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	if (status == MHD_HTTP_OK)
		MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result plain(struct MHD_Connection *c, unsigned status, const char *text)
{
	return answer(c, status, "text/plain; charset=utf-8", (void *)text, strlen(text),
	              MHD_RESPMEM_PERSISTENT);
}

static enum MHD_Result metrics(struct exporter *x, struct MHD_Connection *c)
{
	const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
	enum expo_format f = expo_negotiate(accept);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		return plain(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	int rc = x->fn(out, f, x->ctx);
	if (fclose(out) != 0 || rc != 0) {
		free(buf);
		return plain(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot build the metrics\n");
	}
	return answer(c, MHD_HTTP_OK, expo_content_type(f), buf, len, MHD_RESPMEM_MUST_FREE);
}

/* Every request is answered on its first call: GET and HEAD have no body to wait for,
 * and anything else is refused before its body is read. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **state)
{
	(void)version, (void)upload_data, (void)upload_size, (void)state;
	struct exporter *x = cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return plain(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n");
	if (strcmp(url, "/metrics") == 0)
		return metrics(x, c);
	if (strcmp(url, "/") == 0)
		return answer(c, MHD_HTTP_OK, "text/html; charset=utf-8", (void *)home_page,
		              sizeof home_page - 1, MHD_RESPMEM_PERSISTENT);
	return plain(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n");
}

/* The connection limit is kept here rather than by libmicrohttpd's own, which stops
 * accepting once reached and, with a full backlog of clients gone meanwhile, may not
 * start again: a connection over the limit is accepted and closed at once. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	(void)addr, (void)len;
	const struct exporter *x = cls;
	return x->open < EXPORTER_MAX_CONNECTIONS ? MHD_YES : MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	(void)c, (void)socket_context;
	struct exporter *x = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		x->open++;
	else if (code == MHD_CONNECTION_NOTIFY_CLOSED && x->open > 0)
		x->open--;
}

/* Split addr into host and port; "PORT" and ":PORT" mean loopback. */
static int split_addr(const char *addr, char *host, size_t hsize, const char **port)
{
	const char *colon = strrchr(addr, ':');
	const char *h = addr;
	size_t hlen = colon ? (size_t)(colon - addr) : 0;
	*port = colon ? colon + 1 : addr;
	if (addr[0] == '[') {
		const char *close = strchr(addr, ']');
		if (!close || close[1] != ':')
			return -1;
		h = addr + 1;
		hlen = (size_t)(close - h);
		*port = close + 2;
	} else if (colon && memchr(addr, ':', hlen)) {
		return -1; /* an IPv6 address needs brackets */
	}
	if (hlen == 0)
		h = "127.0.0.1", hlen = strlen(h);
	if (hlen >= hsize || !**port || strspn(*port, "0123456789") != strlen(*port) ||
	    strlen(*port) > 5 || atoi(*port) > 65535)
		return -1;
	memcpy(host, h, hlen);
	host[hlen] = 0;
	return 0;
}

static int resolve(const char *addr, struct sockaddr_storage *ss, char *err, size_t errsize)
{
	char host[256];
	const char *port;
	if (split_addr(addr, host, sizeof host, &port) != 0) {
		snprintf(err, errsize,
		         "--listen: '%.200s' is not HOST:PORT, [IPV6]:PORT or PORT (0-65535)",
		         addr);
		return -1;
	}
	struct addrinfo hints = {.ai_flags = AI_NUMERICSERV, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errsize, "--listen: %.200s: %s", host, gai_strerror(rc));
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

static void set_url(struct exporter *x, const struct sockaddr_storage *ss)
{
	char host[NI_MAXHOST];
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(x->d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : 0;
	socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                          : sizeof(struct sockaddr_in);
	if (getnameinfo((const struct sockaddr *)ss, len, host, sizeof host, NULL, 0,
	                NI_NUMERICHOST) != 0)
		snprintf(host, sizeof host, "?");
	int v6 = ss->ss_family == AF_INET6;
	snprintf(x->url, sizeof x->url, "http://%s%s%s:%u/metrics", v6 ? "[" : "", host,
	         v6 ? "]" : "", port);
}

struct exporter *exporter_start(const char *addr, exporter_metrics_fn fn, void *ctx, char *err,
                                size_t errsize)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	if (resolve(addr, &ss, err, errsize) != 0)
		return NULL;
	struct exporter *x = calloc(1, sizeof *x);
	if (!x) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	x->fn = fn;
	x->ctx = ctx;
	unsigned flags = MHD_USE_EPOLL | (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	x->d = MHD_start_daemon(
	        flags, 0, on_accept, x, on_request, x, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
	        x, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT,
	        (unsigned)(2 * EXPORTER_MAX_CONNECTIONS), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	        (size_t)EXPORTER_REQUEST_BYTES, MHD_OPTION_CONNECTION_TIMEOUT,
	        (unsigned)EXPORTER_IDLE_SECONDS, MHD_OPTION_END);
	if (!x->d) {
		snprintf(err, errsize,
		         "--listen: cannot listen on %.200s (in use, or not an address "
		         "of this host?)",
		         addr);
		free(x);
		return NULL;
	}
	set_url(x, &ss);
	return x;
}

int exporter_fd(const struct exporter *x)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(x->d, MHD_DAEMON_INFO_EPOLL_FD);
	return info ? info->epoll_fd : -1;
}

int exporter_timeout_ms(struct exporter *x)
{
	MHD_UNSIGNED_LONG_LONG ms;
	if (MHD_get_timeout(x->d, &ms) != MHD_YES)
		return -1;
	return ms > 60000 ? 60000 : (int)ms;
}

void exporter_run(struct exporter *x)
{
	MHD_run(x->d);
}

const char *exporter_url(const struct exporter *x)
{
	return x->url;
}

void exporter_stop(struct exporter *x)
{
	if (!x)
		return;
	MHD_stop_daemon(x->d);
	free(x);
}
