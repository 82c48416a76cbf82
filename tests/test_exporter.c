/* test_exporter.c — `logstat -f --no-ui --listen` as a service: what it answers over
 * HTTP (text, OpenMetrics, HEAD, /, 404, 405), counters through rotation and truncation,
 * bad --listen values, hostile clients (many connections, a huge header, a body, slow
 * and idle clients) with memory bounded, and a real Prometheus server scraping it. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <sys/stat.h>

#include "cron_support.h"
#include "prom_support.h"

#define WHEN "30/Nov/2026:01:00:00 +0000"

static char *dir;
static int seq = 1;

static void setup(void)
{
	dir = tmpdir_make();
	signal(SIGPIPE, SIG_IGN);
}
static void teardown(void)
{
	tmpdir_remove(dir);
}
TestSuite(exporter, .init = setup, .fini = teardown, .timeout = 120);

static char *path_in(const char *name)
{
	char *p = malloc(4200);
	snprintf(p, 4200, "%s/%s", dir, name);
	return p;
}

/* Start the exporter on a free port over the given logs; *port is where it serves. */
static pid_t start_exporter(const char *const *logs, size_t n, int *port)
{
	const char *argv[16] = {LOGSTAT_BIN,   "-f",         "--no-ui", "--listen",
	                        "127.0.0.1:0", "--interval", "100"};
	size_t k = 7;
	for (size_t i = 0; i < n; i++)
		argv[k++] = logs[i];
	argv[k] = NULL;
	char *err = path_in("exporter.err");
	pid_t pid = prom_spawn(LOGSTAT_BIN, argv, err);
	*port = prom_served_port(err);
	char *text = read_file(err, NULL);
	cr_assert(*port > 0, "no 'serving' line: %s", text ? text : "");
	free(text);
	free(err);
	return pid;
}

/* The value of the sample line starting with prefix ("name{labels} ") in the body of
 * a scrape, or -1. */
static long long sample_value(const char *text, const char *prefix)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return atoll(p + strlen(prefix));
	return -1;
}

/* Scrape until the sample reaches want (up to 5 s); returns the last value seen. */
static long long wait_value(int port, const char *prefix, long long want)
{
	long long v = -1;
	for (int i = 0; i < 100 && v != want; i++) {
		char *reply = prom_get(port, "/metrics", NULL);
		v = sample_value(prom_body(reply), prefix);
		free(reply);
		if (v != want)
			usleep(50000);
	}
	return v;
}

Test(exporter, answers_get_head_and_refuses_the_rest)
{
	char *a = path_in("a.log"), *b = path_in("b.log");
	append_lines(a, 3, "200", WHEN, &seq);
	append_lines(b, 0, "200", WHEN, &seq);
	int port;
	const char *logs[] = {a, b};
	pid_t pid = start_exporter(logs, 2, &port);
	append_lines(a, 4, "503", WHEN, &seq);
	append_lines(b, 2, "404", WHEN, &seq);
	char want[4400];
	snprintf(want, sizeof want, "logstat_lines_total{input=\"%s\"} ", a);
	cr_expect_eq(wait_value(port, want, 4), 4, "only lines appended after the start");

	size_t len;
	char *reply = prom_get(port, "/metrics", NULL);
	cr_expect(strncmp(reply, "HTTP/1.1 200", 12) == 0, "%s", reply);
	cr_expect(strstr(reply, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
	const char *body = prom_body(reply);
	len = strlen(body);
	snprintf(
	        want, sizeof want,
	        "logstat_requests_total{input=\"%s\",code=\"404\",class=\"4xx\",official=\"true\"} "
	        "2\n",
	        b);
	cr_expect(strstr(body, want), "%s", body);
	cr_expect(strstr(body, "\nlogstat_inputs_followed 2\n"), "%s", body);
	cr_expect(strstr(body, "\nlogstat_build_info{version=\"" LOGSTAT_VERSION "\"} 1\n"));
	prom_lint(body, len);
	free(reply);

	reply = prom_get(port, "/metrics", "application/openmetrics-text; version=1.0.0");
	cr_expect(strstr(reply, "Content-Type: application/openmetrics-text; version=1.0.0"), "%s",
	          reply);
	cr_expect(strstr(reply, "\n# TYPE logstat_requests counter\n"));
	len = strlen(reply);
	cr_expect(len > 6 && strcmp(reply + len - 6, "# EOF\n") == 0);
	free(reply);

	reply = prom_http(port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	                  NULL);
	cr_expect(strncmp(reply, "HTTP/1.1 200", 12) == 0, "%s", reply);
	cr_expect_str_eq(prom_body(reply), "", "HEAD has no body");
	free(reply);

	reply = prom_get(port, "/", NULL);
	cr_expect(strstr(reply, "Content-Type: text/html"), "%s", reply);
	cr_expect(strstr(reply, "<a href=\"/metrics\">"), "%s", reply);
	free(reply);

	reply = prom_get(port, "/nothing", NULL);
	cr_expect(strncmp(reply, "HTTP/1.1 404", 12) == 0, "%s", reply);
	free(reply);

	static const char *const refused[] = {"POST", "PUT", "DELETE", "OPTIONS", "TRACE"};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char req[256];
		snprintf(req, sizeof req,
		         "%s /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
		         "Connection: close\r\n\r\nhello",
		         refused[i]);
		reply = prom_http(port, req, NULL);
		cr_expect(strncmp(reply, "HTTP/1.1 405", 12) == 0, "%s: %s", refused[i], reply);
		cr_expect(strstr(reply, "Allow: GET, HEAD\r\n"), "%s", reply);
		free(reply);
	}
	cr_expect_eq(prom_stop(pid), 0, "SIGTERM ends it cleanly");
	free(a), free(b);
}

Test(exporter, counters_survive_rotation_and_truncation)
{
	char *log = path_in("access.log");
	append_lines(log, 0, "200", WHEN, &seq);
	int port;
	const char *logs[] = {log};
	pid_t pid = start_exporter(logs, 1, &port);
	append_lines(log, 30, "200", WHEN, &seq);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 30), 30);
	cr_assert_eq(shell(dir, "mv access.log access.log.1"), 0);
	append_lines(log, 20, "502", WHEN, &seq);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 50), 50);
	cr_expect_eq(wait_value(port, "logstat_input_rotations_total ", 1), 1);
	cr_assert_eq(shell(dir, ": > access.log"), 0); /* copytruncate */
	usleep(300000);
	append_lines(log, 5, "404", WHEN, &seq);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 55), 55, "never goes down");
	cr_expect_eq(wait_value(port,
	                        "logstat_requests_total{code=\"502\",class=\"5xx\","
	                        "official=\"true\"} ",
	                        20),
	             20);
	prom_stop(pid);
	free(log);
}

Test(exporter, bad_listen_values)
{
	char *log = path_in("a.log");
	append_lines(log, 1, "200", WHEN, &seq);
	int busy = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	cr_assert(bind(busy, (struct sockaddr *)&a, sizeof a) == 0 && listen(busy, 1) == 0);
	getsockname(busy, (struct sockaddr *)&a, &alen);
	char inuse[64];
	snprintf(inuse, sizeof inuse, "127.0.0.1:%d", ntohs(a.sin_port));
	const char *bad[] = {
	        "abc",          "127.0.0.1:65536",         "127.0.0.1:", "[::1", "::1:80",
	        "127.0.0.1:-1", "no.such.host.invalid:80", inuse};
	const char *why[] = {"is not HOST:PORT",     "is not HOST:PORT", "is not HOST:PORT",
	                     "is not HOST:PORT",     "is not HOST:PORT", "is not HOST:PORT",
	                     "no.such.host.invalid", "cannot listen on"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *argv[] = {"-f", "--no-ui", "--listen", bad[i], log, NULL};
		struct run_result r = run_logstat(argv, NULL, 0, NULL);
		cr_expect_eq(r.status, 2, "%s", bad[i]);
		cr_expect(strstr(r.err, why[i]), "%s: %s", bad[i], r.err);
		run_result_free(&r);
	}
	close(busy);
	free(log);
}

/* Many connections, a huge header, slow and idle clients: the exporter stays up, its
 * memory stays bounded, and it answers a normal scrape afterwards. */
Test(exporter, hostile_clients)
{
	char *log = path_in("a.log");
	append_lines(log, 1, "200", WHEN, &seq);
	int port;
	const char *logs[] = {log};
	pid_t pid = start_exporter(logs, 1, &port);
	long before = prom_rss_kib(pid);

	/* a header far over the request limit is refused, not buffered */
	size_t big = 4u << 20;
	char *huge = malloc(big + 128);
	int n = sprintf(huge, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Junk: ");
	memset(huge + n, 'a', big);
	strcpy(huge + n + big, "\r\n\r\n");
	char *reply = prom_http(port, huge, NULL);
	cr_expect(reply[0] == 0 || strncmp(reply, "HTTP/1.1 4", 10) == 0, "%.200s", reply);
	free(reply);
	free(huge);

	/* 200 connections at once, each starting a request and stopping (slowloris) */
	int socks[200];
	for (int i = 0; i < 200; i++) {
		socks[i] = prom_connect(port, 100);
		if (socks[i] >= 0)
			send(socks[i], "GET /metrics HTTP/1.1\r\nHo", 25, MSG_NOSIGNAL);
	}
	usleep(300000);
	long during = prom_rss_kib(pid);
	for (int i = 0; i < 200; i++)
		if (socks[i] >= 0)
			close(socks[i]);
	cr_expect_lt(during - before, 8 * 1024, "RSS grew from %ld to %ld KiB", before, during);

	usleep(500000); /* the exporter closes its side of those */

	/* a client that never sends is closed after the idle limit */
	int idle = prom_connect(port, 15000);
	cr_assert(idle >= 0);
	double t0 = prom_now();
	char *nothing = prom_read_all(idle, NULL);
	double waited = prom_now() - t0;
	cr_expect(waited > 8 && waited < 14, "idle connection closed after %.1f s", waited);
	free(nothing);
	close(idle);

	reply = prom_get(port, "/metrics", NULL);
	cr_expect(strstr(prom_body(reply), "\nlogstat_lines_total 0\n"), "%s", reply);
	free(reply);
	long after = prom_rss_kib(pid);
	cr_expect_lt(after - before, 8 * 1024, "RSS grew from %ld to %ld KiB", before, after);
	cr_expect_eq(prom_stop(pid), 0);
	free(log);
}

/* Query Prometheus' HTTP API for expr; the value of the first result, or -1. */
static long long prom_query(int port, const char *expr)
{
	char enc[512] = "", req[1024];
	for (size_t i = 0, k = 0; expr[i] && k + 4 < sizeof enc; i++)
		k += (size_t)snprintf(enc + k, sizeof enc - k,
		                      isalnum((unsigned char)expr[i]) || expr[i] == '_' ? "%c"
		                                                                        : "%%%02X",
		                      (unsigned char)expr[i]);
	snprintf(req, sizeof req,
	         "GET /api/v1/query?query=%s HTTP/1.1\r\nHost: x\r\n"
	         "Connection: close\r\n\r\n",
	         enc);
	int s = prom_connect(port, 5000);
	if (s < 0)
		return -1; /* Prometheus is still starting */
	send(s, req, strlen(req), MSG_NOSIGNAL);
	char *reply = prom_read_all(s, NULL);
	close(s);
	const char *v = strstr(reply, "\"value\":[");
	long long out = -1;
	if (v && (v = strstr(v, ",\"")))
		out = atoll(v + 2);
	free(reply);
	return out;
}

static long long wait_query(int port, const char *expr, long long want)
{
	long long v = -1;
	for (int i = 0; i < 300 && v != want; i++) {
		v = prom_query(port, expr);
		if (v != want)
			usleep(100000);
	}
	return v;
}

Test(exporter, real_prometheus_scrapes_counts_through_rotation)
{
	char *log = path_in("access.log");
	append_lines(log, 0, "200", WHEN, &seq);
	int port;
	const char *logs[] = {log};
	pid_t lpid = start_exporter(logs, 1, &port);

	int pport = prom_free_port();
	char config[512], *cfg, listen[64], *data = path_in("tsdb"), *perr = path_in("prom.err");
	snprintf(config, sizeof config,
	         "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
	         "  evaluation_interval: 1s\nscrape_configs:\n"
	         "  - job_name: logstat\n    static_configs:\n"
	         "      - targets: ['127.0.0.1:%d']\nrule_files:\n  - logstat.rules.yml\n",
	         port);
	cfg = write_file(dir, "prometheus.yml", config, strlen(config));
	char *rules = prom_doc_block("rules"); /* the alert rules of docs/monitoring.md */
	free(write_file(dir, "logstat.rules.yml", rules, strlen(rules)));
	free(rules);
	snprintf(listen, sizeof listen, "--web.listen-address=127.0.0.1:%d", pport);
	char cfgarg[4300], dataarg[4300];
	snprintf(cfgarg, sizeof cfgarg, "--config.file=%s", cfg);
	snprintf(dataarg, sizeof dataarg, "--storage.tsdb.path=%s", data);
	char *prometheus = prom_find("prometheus");
	const char *argv[] = {"prometheus", cfgarg, dataarg, listen, "--log.level=warn", NULL};
	pid_t ppid = prom_spawn(prometheus, argv, perr);

	cr_expect_eq(wait_query(pport, "up{job=\"logstat\"}", 1), 1, "Prometheus scrapes it");
	append_lines(log, 40, "200", WHEN, &seq);
	append_lines(log, 7, "503", WHEN, &seq);
	cr_assert_eq(shell(dir, "mv access.log access.log.1"), 0);
	append_lines(log, 13, "404", WHEN, &seq);
	append_lines(log, 2, "-", WHEN, &seq);
	cr_expect_eq(wait_query(pport, "logstat_lines_total", 62), 62);
	cr_expect_eq(wait_query(pport, "sum(logstat_requests_total)", 60), 60);
	cr_expect_eq(wait_query(pport, "sum(logstat_requests_total{class=\"5xx\"})", 7), 7);
	cr_expect_eq(wait_query(pport, "logstat_requests_total{code=\"404\"}", 13), 13);
	cr_expect_eq(wait_query(pport, "logstat_no_status_lines_total", 2), 2);
	cr_expect_eq(wait_query(pport, "logstat_input_rotations_total", 1), 1);
	cr_expect_eq(wait_query(pport, "count(logstat_build_info)", 1), 1);
	/* the documented recording rule evaluates over these series: 2xx, 4xx, 5xx */
	cr_expect_eq(wait_query(pport, "count(logstat:requests:rate5m)", 3), 3);
	cr_expect_eq(wait_query(pport, "count(ALERTS{alertname=\"LogstatExporterDown\"})", -1), -1,
	             "no alert about the exporter itself");
	/* what Prometheus negotiated: OpenMetrics (its own Accept header asks for it) */
	cr_expect_eq(prom_stop(ppid), 0);
	cr_expect_eq(prom_stop(lpid), 0);
	char *text = read_file(perr, NULL);
	cr_expect_null(strstr(text ? text : "", "level=error"), "%s", text);
	free(text), free(prometheus), free(cfg), free(data), free(perr), free(log);
}

/* With the dashboard on a terminal (tmux), its r key resets what it shows, never what is
 * exported. */
Test(exporter, dashboard_reset_keeps_counters)
{
	char *log = path_in("access.log"), *err = path_in("tmux.err"), sock[64], cmd[9000];
	append_lines(log, 0, "200", WHEN, &seq);
	snprintf(sock, sizeof sock, "logstat-exp-%ld", (long)getpid());
	snprintf(cmd, sizeof cmd,
	         "tmux -L %s new-session -d -s live -x 100 -y 30 \"'%s' -f --listen 127.0.0.1:0 "
	         "--interval 100 '%s' 2>'%s'\"",
	         sock, LOGSTAT_BIN, log, err);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	int port = prom_served_port(err);
	cr_assert(port > 0);
	append_lines(log, 10, "200", WHEN, &seq);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 10), 10);
	snprintf(cmd, sizeof cmd, "tmux -L %s send-keys -t live r", sock);
	cr_assert_eq(system(cmd), 0);
	usleep(300000);
	append_lines(log, 5, "404", WHEN, &seq);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 15), 15, "not 5: no reset");
	cr_expect_eq(wait_value(port,
	                        "logstat_requests_total{code=\"200\",class=\"2xx\","
	                        "official=\"true\"} ",
	                        10),
	             10);
	snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p -t live > '%s/screen.txt'", sock,
	         dir);
	char screen[4300], *text = NULL;
	snprintf(screen, sizeof screen, "%s/screen.txt", dir);
	for (int i = 0; i < 40 && !(text && strstr(text, "lines 5 ")); i++) {
		free(text);
		usleep(50000);
		cr_assert_eq(system(cmd), 0);
		text = read_file(screen, NULL);
	}
	cr_expect(text && strstr(text, "lines 5 "), "the dashboard was reset: %s", text);
	free(text);
	snprintf(cmd, sizeof cmd,
	         "tmux -L %s send-keys -t live q; sleep 0.3; "
	         "tmux -L %s kill-server 2>/dev/null; true",
	         sock, sock);
	cr_expect_eq(system(cmd), 0);
	free(log), free(err);
}

/* vhost_combined lines: the site and the method as labels. */
Test(exporter, labels_vhost_and_method)
{
	char *log = path_in("vhosts.log"), *err = path_in("vhosts.err");
	FILE *fp = fopen(log, "w");
	fclose(fp);
	const char *argv[] = {
	        LOGSTAT_BIN, "-f",           "--no-ui",  "--format",    "vhost_combined",
	        "--labels",  "vhost,method", "--listen", "127.0.0.1:0", log,
	        NULL};
	pid_t pid = prom_spawn(LOGSTAT_BIN, argv, err);
	int port = prom_served_port(err);
	cr_assert(port > 0);
	fp = fopen(log, "a");
	for (int i = 0; i < 3; i++)
		fputs("www.example.com:443 10.0.0.1 - - [" WHEN
		      "] \"GET / HTTP/1.1\" 200 5 \"-\" \"u\"\n",
		      fp);
	fputs("api.example.com:443 10.0.0.1 - - [" WHEN
	      "] \"POST /v1 HTTP/1.1\" 500 5 \"-\" \"u\"\n",
	      fp);
	fclose(fp);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 4), 4);
	char *reply = prom_get(port, "/metrics", NULL);
	const char *body = prom_body(reply);
	cr_expect(strstr(body,
	                 "{code=\"200\",class=\"2xx\",official=\"true\",vhost=\"www.example.com\","
	                 "method=\"GET\"} 3\n"),
	          "%s", body);
	cr_expect(strstr(body,
	                 "{code=\"500\",class=\"5xx\",official=\"true\",vhost=\"api.example.com\","
	                 "method=\"POST\"} 1\n"),
	          "%s", body);
	prom_lint(body, strlen(body));
	free(reply);
	prom_stop(pid);
	free(log), free(err);
}

Test(exporter, labels_method)
{
	char *log = path_in("access.log"), *err = path_in("labels.err");
	append_lines(log, 0, "200", WHEN, &seq);
	const char *argv[] = {LOGSTAT_BIN, "-f",          "--no-ui", "--labels", "method",
	                      "--listen",  "127.0.0.1:0", log,       NULL};
	pid_t pid = prom_spawn(LOGSTAT_BIN, argv, err);
	int port = prom_served_port(err);
	cr_assert(port > 0);
	append_lines(log, 6, "200", WHEN, &seq); /* append_lines writes GET requests */
	FILE *fp = fopen(log, "a");
	fputs("10.0.0.1 - - [" WHEN "] \"POST /form HTTP/1.1\" 303 0 \"-\" \"ua\"\n"
	      "10.0.0.1 - - [" WHEN "] \"BREW /pot HTTP/1.1\" 418 0 \"-\" \"ua\"\n",
	      fp);
	fclose(fp);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 8), 8);
	char *reply = prom_get(port, "/metrics", NULL);
	const char *body = prom_body(reply);
	cr_expect(strstr(body, "{code=\"200\",class=\"2xx\",official=\"true\",method=\"GET\"} 6\n"),
	          "%s", body);
	cr_expect(
	        strstr(body, "{code=\"303\",class=\"3xx\",official=\"true\",method=\"POST\"} 1\n"));
	cr_expect(strstr(body,
	                 "{code=\"418\",class=\"4xx\",official=\"true\",method=\"OTHER\"} 1\n"));
	prom_lint(body, strlen(body));
	free(reply);
	prom_stop(pid);

	const char *nolisten[] = {"-f", "--no-ui", "--labels", "method", log, NULL};
	struct run_result r = run_logstat(nolisten, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--labels: only the exporter has labels"), "%s", r.err);
	run_result_free(&r);
	const char *bad[] = {"-f", "--no-ui", "--labels", "host", "--listen", "0", log, NULL};
	r = run_logstat(bad, NULL, 0, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--labels: 'host' is not a label: vhost, method"), "%s", r.err);
	run_result_free(&r);
	free(log), free(err);
}

/* A format that logs durations (JSON lines here): the request duration histogram. */
Test(exporter, duration_histogram)
{
	char *log = path_in("access.json"), *err = path_in("json.err");
	FILE *fp = fopen(log, "w");
	fclose(fp);
	const char *argv[] = {LOGSTAT_BIN, "-f",          "--no-ui", "--format", "json",
	                      "--listen",  "127.0.0.1:0", log,       NULL};
	pid_t pid = prom_spawn(LOGSTAT_BIN, argv, err);
	int port = prom_served_port(err);
	cr_assert(port > 0);
	fp = fopen(log, "a");
	static const char *const times[] = {"0.002", "0.3", "0.3", "12"};
	for (int i = 0; i < 4; i++)
		fprintf(fp,
		        "{\"time\":\"2026-11-30T01:00:00Z\",\"status\":200,\"request_time\":%s,"
		        "\"method\":\"GET\",\"uri\":\"/\"}\n",
		        times[i]);
	fclose(fp);
	cr_expect_eq(wait_value(port, "logstat_request_duration_seconds_count ", 4), 4);
	char *reply = prom_get(port, "/metrics", NULL);
	const char *body = prom_body(reply);
	cr_expect(strstr(body, "\nlogstat_request_duration_seconds_bucket{le=\"0.005\"} 1\n"
	                       "logstat_request_duration_seconds_bucket{le=\"0.01\"} 1\n"),
	          "%s", body);
	cr_expect(strstr(body, "\nlogstat_request_duration_seconds_bucket{le=\"0.5\"} 3\n"));
	cr_expect(strstr(body, "\nlogstat_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"
	                       "logstat_request_duration_seconds_sum 12.602000\n"));
	prom_lint(body, strlen(body));
	free(reply);
	prom_stop(pid);
	free(log), free(err);
}

/* examples/logstat-exporter.service: systemd-analyze accepts it, it keeps its hardening,
 * and its ExecStart, with the log moved and a free port, serves the metrics. */
Test(exporter, example_unit)
{
	char *unit = read_file(LOGSTAT_SOURCE_DIR "/examples/logstat-exporter.service", NULL);
	cr_assert(unit);
	static const char *const hardening[] = {
	        "\nDynamicUser=yes\n",          "\nProtectSystem=strict\n",
	        "\nIPAddressAllow=localhost\n", "\nIPAddressDeny=any\n",
	        "\nNoNewPrivileges=yes\n",      "\nCapabilityBoundingSet=\n",
	        "\nSupplementaryGroups=adm\n",
	};
	for (size_t i = 0; i < sizeof hardening / sizeof hardening[0]; i++)
		cr_expect(strstr(unit, hardening[i]), "missing %s", hardening[i] + 1);
	const char *exec = strstr(unit, "\nExecStart=/usr/bin/logstat ");
	cr_assert(exec);
	exec += strlen("\nExecStart=/usr/bin/logstat ");
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%.*s", (int)strcspn(exec, "\n"), exec);
	cr_expect_str_eq(cmd, "-f --no-ui --listen 127.0.0.1:9791 /var/log/nginx/access.log");

	size_t n = strlen(unit) + 4096;
	char *moved = malloc(n);
	const char *bin = strstr(unit, "/usr/bin/logstat");
	snprintf(moved, n, "%.*s%s%s", (int)(bin - unit), unit, LOGSTAT_BIN,
	         bin + strlen("/usr/bin/logstat"));
	char *svc = write_file(dir, "logstat-exporter.service", moved, strlen(moved));
	const char *verify[] = {"systemd-analyze", "verify", "--man=no", svc, NULL};
	struct run_result r = run_program("/usr/bin/systemd-analyze", verify, NULL, 0, NULL);
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect_null(strstr(r.err, "logstat-exporter"), "%s", r.err);
	run_result_free(&r);

	char *log = path_in("access.log"), *err = path_in("unit.err");
	append_lines(log, 0, "200", WHEN, &seq);
	const char *argv[] = {LOGSTAT_BIN, "-f", "--no-ui", "--listen", "127.0.0.1:0", log, NULL};
	pid_t pid = prom_spawn(LOGSTAT_BIN, argv, err);
	int port = prom_served_port(err);
	cr_assert(port > 0);
	append_lines(log, 2, "502", WHEN, &seq);
	cr_expect_eq(wait_value(port, "logstat_lines_total ", 2), 2);
	cr_expect_eq(prom_stop(pid), 0);
	free(log), free(err), free(svc), free(moved), free(unit);
}
