/* exporter_none.c — the exporter in a build without libmicrohttpd: --listen says so. */
#include "exporter.h"

int exporter_available(void)
{
	return 0;
}

struct exporter *exporter_start(const char *addr, exporter_metrics_fn fn, void *ctx, char *err,
                                size_t errsize)
{
	(void)addr, (void)fn, (void)ctx;
	snprintf(err, errsize,
	         "--listen: this logstat was built without libmicrohttpd, so it "
	         "has no exporter (install libmicrohttpd-dev and rebuild)");
	return NULL;
}

int exporter_fd(const struct exporter *x)
{
	(void)x;
	return -1;
}

int exporter_timeout_ms(struct exporter *x)
{
	(void)x;
	return -1;
}

void exporter_run(struct exporter *x)
{
	(void)x;
}

const char *exporter_url(const struct exporter *x)
{
	(void)x;
	return "";
}

void exporter_stop(struct exporter *x)
{
	(void)x;
}
