/* jsonl.c — one JSON object per line (Caddy, Traefik, Envoy, nginx escape=json, alp …),
 * possibly behind a container prefix (CRI `2024-… stdout F {…}`). Keys of the top level
 * and of one nested object (Caddy's "request") are matched against the names loggers use
 * for status, time, size, duration, client, site, method, path and user agent; a user may
 * name the status and time keys (--json-status, --json-time). Lines without a '{' are read
 * as CLF-like text (Envoy's default text format shares files with its JSON). The walker
 * validates the syntax it crosses and allocates nothing; nesting is skipped, not recursed. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "formats_impl.h"

enum json_role {
	J_NONE,
	J_STATUS,
	J_TIME,
	J_BYTES,
	J_DURATION, /* unit by key (see key_role) */
	J_CLIENT,
	J_VHOST,
	J_METHOD,
	J_PATH,
	J_UA,
	J_REFERER,
	J_UPSTREAM,
	J_REQUEST, /* the request line as a string (nginx $request) */
	J_ROLES
};

struct key_info {
	unsigned char role, unit, rank; /* rank: a better key for the same role wins */
};

/* The keys loggers use, with their role (exact, case-sensitive as loggers write them). */
#define K(key, role, unit, rank)                                                                   \
	{                                                                                          \
		key, sizeof key - 1,                                                               \
		{                                                                                  \
			role, unit, rank                                                           \
		}                                                                                  \
	}
static const struct {
	const char *key;
	size_t len;
	struct key_info info;
} keys[] = {
        K("status", J_STATUS, 0, 1),
        K("response_code", J_STATUS, 0, 1),
        K("DownstreamStatus", J_STATUS, 0, 1),
        K("status_code", J_STATUS, 0, 1),
        K("statusCode", J_STATUS, 0, 1),
        K("http_status", J_STATUS, 0, 1),
        K("sc-status", J_STATUS, 0, 1),
        K("ts", J_TIME, 0, 1),
        K("time", J_TIME, 0, 2),
        K("timestamp", J_TIME, 0, 1),
        K("@timestamp", J_TIME, 0, 1),
        K("start_time", J_TIME, 0, 2),
        K("StartUTC", J_TIME, 0, 2),
        K("time_local", J_TIME, 0, 2),
        K("time_iso8601", J_TIME, 0, 2),
        K("msec", J_TIME, 0, 1),
        K("size", J_BYTES, 0, 1),
        K("bytes_sent", J_BYTES, 0, 1),
        K("body_bytes_sent", J_BYTES, 0, 2),
        K("body_bytes", J_BYTES, 0, 1),
        K("DownstreamContentSize", J_BYTES, 0, 1),
        K("response_size", J_BYTES, 0, 1),
        K("duration", J_DURATION, 9, 1),
        K("Duration", J_DURATION, UNIT_NS, 1),
        K("request_time", J_DURATION, UNIT_S, 2),
        K("response_time", J_DURATION, UNIT_S, 1),
        K("upstream_response_time", J_DURATION, UNIT_S, 1),
        K("duration_ms", J_DURATION, UNIT_MS, 1),
        K("client_ip", J_CLIENT, 0, 3),
        K("remote_ip", J_CLIENT, 0, 2),
        K("remote_addr", J_CLIENT, 0, 2),
        K("ClientHost", J_CLIENT, 0, 2),
        K("downstream_remote_address", J_CLIENT, 1, 2),
        K("host", J_VHOST, 0, 1),
        K("RequestHost", J_VHOST, 0, 2),
        K(":authority", J_VHOST, 0, 2),
        K("authority", J_VHOST, 0, 2),
        K("server_name", J_VHOST, 0, 1),
        K("http_host", J_VHOST, 0, 2),
        K("method", J_METHOD, 0, 1),
        K("RequestMethod", J_METHOD, 0, 1),
        K("request_method", J_METHOD, 0, 1),
        K("uri", J_PATH, 0, 1),
        K("path", J_PATH, 0, 2),
        K("RequestPath", J_PATH, 0, 2),
        K("request_uri", J_PATH, 0, 2),
        K("user_agent", J_UA, 0, 1),
        K("ua", J_UA, 0, 1),
        K("http_user_agent", J_UA, 0, 1),
        K("request_User-Agent", J_UA, 0, 1),
        K("referer", J_REFERER, 0, 1),
        K("http_referer", J_REFERER, 0, 1),
        K("request_Referer", J_REFERER, 0, 1),
        K("OriginStatus", J_UPSTREAM, 0, 1),
        K("upstream_status", J_UPSTREAM, 0, 1),
        K("request", J_REQUEST, 0, 1),
};
#undef K

/* An open-addressing table over keys[], built once: every key of every line is looked up,
 * and a scan of the list per key cost more than the rest of the parse. */
#define KEY_SLOTS 256                     /* a power of two, over twice the keys */
static unsigned char key_slot[KEY_SLOTS]; /* index + 1 into keys[], 0: empty */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* Length and three bytes tell the known keys apart well enough for a probe or two, and
 * cost the same whatever the key's length. */
static unsigned key_hash(const char *k, size_t n)
{
	if (n == 0)
		return 0;
	uint32_t h = (uint32_t)n * 0x9e3779b1u ^ (unsigned char)k[0] * 0x85ebca6bu ^
	             (unsigned char)k[n - 1] * 0xc2b2ae35u ^ (unsigned char)k[n / 2] * 0x27d4eb2fu;
	return (h ^ h >> 15) & (KEY_SLOTS - 1);
}

static void key_table_build(void)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		unsigned h = key_hash(keys[i].key, keys[i].len);
		while (key_slot[h])
			h = (h + 1) & (KEY_SLOTS - 1);
		key_slot[h] = (unsigned char)(i + 1);
	}
}

/* Keys are a few bytes: compared here rather than through a memcmp call per key. */
static inline int same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static struct key_info key_role(const char *k, size_t n)
{
	for (unsigned h = key_hash(k, n);; h = (h + 1) & (KEY_SLOTS - 1)) {
		unsigned e = key_slot[h];
		if (!e)
			return (struct key_info){J_NONE, 0, 0};
		if (keys[e - 1].len == n && same(keys[e - 1].key, k, n))
			return keys[e - 1].info;
	}
}

struct walk {
	const char *p, *end;
	const struct logformat *f;
	struct slice parent;         /* key of the enclosing object at depth 2 */
	struct slice val[J_ROLES];   /* best value per role */
	unsigned char rank[J_ROLES]; /* its key's rank */
	unsigned char unit[J_ROLES];
	unsigned char quoted[J_ROLES];
};

static inline void skip_ws(struct walk *w)
{
	if (w->p < w->end && (unsigned char)*w->p > ' ') /* compact JSON: nothing to skip */
		return;
	while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\r'))
		w->p++;
}

/* A string at w->p (on its '"'): its contents (escapes left as written). */
static int string_at(struct walk *w, struct slice *out)
{
	const char *s = w->p + 1, *q = s;
	for (;;) {
		const char *dq = fmt_find_quote(q, w->end);
		if (!dq)
			return -1;
		if (*dq == '\\') {
			if (dq + 1 >= w->end)
				return -1;
			q = dq + 2;
			continue;
		}
		*out = (struct slice){s, (size_t)(dq - s)};
		w->p = dq + 1;
		return 0;
	}
}

/* A number, true, false or null: the run of its bytes. */
static int scalar_at(struct walk *w, struct slice *out)
{
	const char *s = w->p;
	while (w->p < w->end &&
	       ((*w->p >= '0' && *w->p <= '9') || *w->p == '-' || *w->p == '+' || *w->p == '.' ||
	        *w->p == 'e' || *w->p == 'E' || (*w->p >= 'a' && *w->p <= 'z')))
		w->p++;
	*out = (struct slice){s, (size_t)(w->p - s)};
	return w->p == s ? -1 : 0;
}

/* Skip an object or array at w->p without descending: count brackets outside strings. */
static int skip_nested(struct walk *w)
{
	size_t depth = 0;
	while (w->p < w->end) {
		char c = *w->p;
		if (c == '"') {
			struct slice s;
			if (string_at(w, &s) != 0)
				return -1;
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0) {
			w->p++;
			return 0;
		}
		w->p++;
	}
	return -1;
}

static int path_is(const char *want, struct slice parent, struct slice key)
{
	size_t wl = strlen(want);
	if (!parent.ptr)
		return wl == key.len && memcmp(want, key.ptr, wl) == 0;
	return wl == parent.len + 1 + key.len && memcmp(want, parent.ptr, parent.len) == 0 &&
	       want[parent.len] == '.' && memcmp(want + parent.len + 1, key.ptr, key.len) == 0;
}

static void offer(struct walk *w, struct slice key, struct slice v, int quoted)
{
	struct key_info ki = {J_NONE, 0, 0};
	if (w->f->json_status[0] && path_is(w->f->json_status, w->parent, key))
		ki = (struct key_info){J_STATUS, 0, 9};
	else if (w->f->json_time[0] && path_is(w->f->json_time, w->parent, key))
		ki = (struct key_info){J_TIME, 0, 9};
	else
		ki = key_role(key.ptr, key.len);
	if (ki.role == J_NONE || (ki.role == J_STATUS && w->f->json_status[0] && ki.rank < 9) ||
	    (ki.role == J_TIME && w->f->json_time[0] && ki.rank < 9) || ki.rank <= w->rank[ki.role])
		return;
	w->val[ki.role] = v;
	w->rank[ki.role] = ki.rank;
	w->unit[ki.role] = ki.unit;
	w->quoted[ki.role] = (unsigned char)quoted;
}

static int walk_object(struct walk *w, int depth, struct slice parent);

/* One value after "key": — offered when scalar, descended once when an object. */
static int walk_value(struct walk *w, int depth, struct slice key)
{
	struct slice v;
	skip_ws(w);
	if (w->p >= w->end)
		return -1;
	if (*w->p == '"') {
		if (string_at(w, &v) != 0)
			return -1;
		offer(w, key, v, 1);
		return 0;
	}
	if (*w->p == '{' && depth == 1)
		return walk_object(w, 2, key);
	if (*w->p == '{' || *w->p == '[')
		return skip_nested(w);
	if (scalar_at(w, &v) != 0)
		return -1;
	offer(w, key, v, 0);
	return 0;
}

static int walk_object(struct walk *w, int depth, struct slice parent)
{
	struct slice saved = w->parent;
	w->parent = depth == 2 ? parent : (struct slice){NULL, 0};
	w->p++; /* '{' */
	skip_ws(w);
	if (w->p < w->end && *w->p == '}') {
		w->p++;
		w->parent = saved;
		return 0;
	}
	for (;;) {
		struct slice key;
		skip_ws(w);
		if (w->p >= w->end || *w->p != '"' || string_at(w, &key) != 0)
			return -1;
		skip_ws(w);
		if (w->p >= w->end || *w->p++ != ':')
			return -1;
		if (walk_value(w, depth, key) != 0)
			return -1;
		skip_ws(w);
		if (w->p >= w->end)
			return -1;
		if (*w->p == ',') {
			w->p++;
			continue;
		}
		if (*w->p++ != '}')
			return -1;
		w->parent = saved;
		return 0;
	}
}

static int read_time(struct slice v, int quoted, struct logformat_state *st, struct record *r)
{
	if (!quoted)
		return logtime_parse_epoch(v.ptr, v.len, &r->time);
	if (logtime_parse_iso_cached(&st->iso, v.ptr, v.len, &r->time, &r->tz) == 0)
		return 0;
	if (v.len == LOGTIME_LEN && logtime_parse(v.ptr, &r->time, &r->tz) == 0)
		return 0;
	return logtime_parse_epoch(v.ptr, v.len, &r->time);
}

static void read_duration(struct slice v, unsigned unit, struct record *r)
{
	if (unit == 9)
		unit = memchr(v.ptr, '.', v.len) ? UNIT_S : UNIT_MS;
	fmt_duration(v.ptr, v.len, (enum fmt_unit)unit, &r->duration_us);
}

static enum malformed fill_record(const struct walk *w, struct logformat_state *st,
                                  struct record *r)
{
	const struct slice *v = w->val;
	if (!v[J_STATUS].ptr)
		return MALFORMED_MISSING_FIELDS;
	if (fmt_status(v[J_STATUS].ptr, v[J_STATUS].len, &r->status) != 0) {
		if (!(v[J_STATUS].len == 1 && v[J_STATUS].ptr[0] == '0'))
			return MALFORMED_BAD_STATUS;
		r->status = 0; /* Caddy logs 0 when no handler wrote a response */
	}
	if (v[J_TIME].ptr && read_time(v[J_TIME], w->quoted[J_TIME], st, r) != 0)
		return MALFORMED_BAD_TIMESTAMP;
	if (v[J_BYTES].ptr && fmt_u64(v[J_BYTES].ptr, v[J_BYTES].len, &r->bytes) != 0)
		r->bytes = 0; /* "-" or null: unknown, the status still counts */
	if (v[J_DURATION].ptr)
		read_duration(v[J_DURATION], w->unit[J_DURATION], r);
	if (v[J_UPSTREAM].ptr &&
	    fmt_status(v[J_UPSTREAM].ptr, v[J_UPSTREAM].len, &r->upstream) != 0)
		r->upstream = RECORD_NO_STATUS;
	r->host = w->unit[J_CLIENT] == 1 ? fmt_strip_port(v[J_CLIENT]) : v[J_CLIENT];
	r->vhost = v[J_VHOST];
	r->method = v[J_METHOD];
	r->path = v[J_PATH];
	r->user_agent = v[J_UA];
	r->referer = v[J_REFERER];
	if (w->quoted[J_REQUEST] && v[J_REQUEST].ptr) {
		r->request = v[J_REQUEST];
		if (!r->method.ptr)
			fmt_split_request(r->request, r);
	}
	if (r->path.ptr) {
		const char *qm = memchr(r->path.ptr, '?', r->path.len);
		if (qm)
			r->path.len = (size_t)(qm - r->path.ptr);
	}
	return MALFORMED_NONE;
}

enum malformed jsonl_parse(const struct logformat *f, const char *line, size_t n,
                           struct logformat_state *st, struct record *r)
{
	const char *brace = memchr(line, '{', n);
	if (!brace)
		return clf_parse_loose(line, n, st, r);
	pthread_once(&key_once, key_table_build);
	record_clear(r);
	struct walk w = {.p = brace, .end = line + n, .f = f};
	if (walk_object(&w, 1, (struct slice){NULL, 0}) != 0)
		return w.val[J_STATUS].ptr ? MALFORMED_UNTERMINATED : MALFORMED_BAD_FIELD;
	return fill_record(&w, st, r);
}
