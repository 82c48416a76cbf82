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
static unsigned char scalar_byte[256]; /* the bytes of a number, true, false or null */

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
	for (int c = 0; c < 256; c++)
		scalar_byte[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' ||
		                 c == '+' || c == '.' || c == 'E';
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		unsigned h = key_hash(keys[i].key, keys[i].len);
		while (key_slot[h])
			h = (h + 1) & (KEY_SLOTS - 1);
		key_slot[h] = (unsigned char)(i + 1);
	}
}

/* Keys are a few bytes: compared a word at a time (the last word overlapping the one
 * before it) rather than through a memcmp call per key. */
static inline int same(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;
	if (n >= 8) {
		for (size_t i = 0; i + 8 <= n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return 0;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return 0;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return u == v;
	}
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
	struct jsonl_keys *jk;       /* the keys of the line before, learned as they come */
	int named;                   /* the user named the status or time key */
	int learn;                   /* keys read are learned (not while the memo rests) */
	struct slice parent;         /* key of the enclosing object at depth 2 */
	unsigned char rank[J_ROLES]; /* the rank of the key of the best value per role, 0:
	                                none yet; only then are val, unit, quoted set */
	struct slice val[J_ROLES];
	unsigned char unit[J_ROLES];
	unsigned char quoted[J_ROLES];
};

/* A walk from p to end with nothing found yet. Only the ranks are cleared: the whole
 * struct cleared is a `rep stos` (gcc), tens of cycles on every line. */
static inline void walk_start(struct walk *w, const char *p, const char *end,
                              const struct logformat *f, struct jsonl_keys *jk, int named,
                              int learn)
{
	w->p = p;
	w->end = end;
	w->f = f;
	w->jk = jk;
	w->named = named;
	w->learn = learn;
	w->parent = (struct slice){NULL, 0};
	memset(w->rank, 0, sizeof w->rank);
}

/* The value found for role, or an empty slice. */
static inline struct slice found(const struct walk *w, int role)
{
	return w->rank[role] ? w->val[role] : (struct slice){NULL, 0};
}

static inline void skip_ws(struct walk *w)
{
	if (w->p < w->end && (unsigned char)*w->p > ' ') /* compact JSON: nothing to skip */
		return;
	while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\r'))
		w->p++;
}

static inline int next_is(const struct walk *w, char c)
{
	return w->p < w->end && *w->p == c;
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

/* A number, true, false or null: the run of its bytes (digits, sign, point, exponent,
 * lower-case letters), tested through a table built with the key table. */
static int scalar_at(struct walk *w, struct slice *out)
{
	const char *s = w->p, *p = s, *end = w->end;
	while (p < end && scalar_byte[(unsigned char)*p])
		p++;
	w->p = p;
	*out = (struct slice){s, (size_t)(p - s)};
	return p == s ? -1 : 0;
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

/* The value v of key (whose entry in keys[] is ki) is kept when its key is the best seen
 * so far for its role; keys the user named win over every built-in one. */
static struct key_info named(const struct walk *w, struct slice key, struct key_info ki)
{
	if (w->f->json_status[0] && path_is(w->f->json_status, w->parent, key))
		return (struct key_info){J_STATUS, 0, 9};
	if (w->f->json_time[0] && path_is(w->f->json_time, w->parent, key))
		return (struct key_info){J_TIME, 0, 9};
	if ((ki.role == J_STATUS && w->f->json_status[0]) ||
	    (ki.role == J_TIME && w->f->json_time[0]))
		return (struct key_info){J_NONE, 0, 0};
	return ki;
}

static inline void offer(struct walk *w, struct slice key, struct key_info ki, struct slice v,
                         int quoted)
{
	if (w->named)
		ki = named(w, key, ki);
	if (ki.role == J_NONE || ki.rank <= w->rank[ki.role])
		return;
	w->val[ki.role] = v;
	w->rank[ki.role] = ki.rank;
	w->unit[ki.role] = ki.unit;
	w->quoted[ki.role] = (unsigned char)quoted;
}

static int walk_object(struct walk *w, int depth, struct slice parent);

/* Learn key k (entry ki) as the top-level key at place i, kept as written in compact
 * JSON: `"key":`; the places after it are forgotten. A key with a backslash is not
 * learned (a match is then always a plain string), nor one past the memo's room: the
 * places from it on are then looked up. */
static void learn(struct jsonl_keys *jk, unsigned i, struct slice k, struct key_info ki)
{
	if (i > jk->n)
		return;
	size_t at = i ? (size_t)jk->off[i - 1] + jk->len[i - 1] : 0;
	if (i >= JSONL_KEYS || k.len + 3 > UINT8_MAX || k.len + 3 > JSONL_KEY_TEXT - at ||
	    memchr(k.ptr, '\\', k.len)) {
		jk->n = (unsigned char)i;
		return;
	}
	jk->text[at] = '"';
	memcpy(jk->text + at + 1, k.ptr, k.len);
	memcpy(jk->text + at + 1 + k.len, "\":", 2);
	jk->off[i] = (unsigned short)at;
	jk->len[i] = (unsigned char)(k.len + 3);
	jk->info[i][0] = ki.role;
	jk->info[i][1] = ki.unit;
	jk->info[i][2] = ki.rank;
	jk->n = (unsigned char)(i + 1);
}

/* The key at w->p (on its '"') and its entry in keys[]. At the top level (depth 1) a
 * key equal to the one learned at its place i is taken whole, without searching for
 * its end or looking it up; any other is read, looked up and learned. */
static int read_key(struct walk *w, int depth, unsigned i, struct slice *key, struct key_info *ki)
{
	struct jsonl_keys *jk = w->jk;
	if (depth == 1 && i < jk->n) {
		size_t n = jk->len[i] - 1u; /* `"key"`, blanks may come before the colon */
		if ((size_t)(w->end - w->p) >= n && same(w->p, jk->text + jk->off[i], n)) {
			*key = (struct slice){w->p + 1, n - 2};
			*ki = (struct key_info){jk->info[i][0], jk->info[i][1], jk->info[i][2]};
			w->p += n;
			return 0;
		}
	}
	if (string_at(w, key) != 0)
		return -1;
	*ki = key_role(key->ptr, key->len);
	if (depth == 1 && w->learn)
		learn(jk, i, *key, *ki);
	return 0;
}

/* One value after "key": — offered when scalar, descended once when an object. */
static int walk_value(struct walk *w, int depth, struct slice key, struct key_info ki)
{
	struct slice v;
	skip_ws(w);
	if (w->p >= w->end)
		return -1;
	if (*w->p == '"') {
		if (string_at(w, &v) != 0)
			return -1;
		offer(w, key, ki, v, 1);
		return 0;
	}
	if (*w->p == '{' && depth == 1)
		return walk_object(w, 2, key);
	if (*w->p == '{' || *w->p == '[')
		return skip_nested(w);
	if (scalar_at(w, &v) != 0)
		return -1;
	offer(w, key, ki, v, 0);
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
	/* Blanks are skipped only where the expected byte is not next: compact JSON has none. */
	for (unsigned i = 0;; i++) {
		struct slice key;
		struct key_info ki;
		if (!next_is(w, '"'))
			skip_ws(w);
		if (!next_is(w, '"') || read_key(w, depth, i, &key, &ki) != 0)
			return -1;
		if (!next_is(w, ':'))
			skip_ws(w);
		if (!next_is(w, ':'))
			return -1;
		w->p++;
		if (walk_value(w, depth, key, ki) != 0)
			return -1;
		if (!next_is(w, ','))
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
	if (logtime_iso_repeat(&st->iso, v.ptr, v.len, &r->time, &r->tz) == 0 ||
	    logtime_parse_iso_cached(&st->iso, v.ptr, v.len, &r->time, &r->tz) == 0)
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
	struct slice v[J_ROLES];
	for (int i = 0; i < J_ROLES; i++)
		v[i] = found(w, i);
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
	r->host = v[J_CLIENT].ptr && w->unit[J_CLIENT] == 1 ? fmt_strip_port(v[J_CLIENT])
	                                                    : v[J_CLIENT];
	r->vhost = v[J_VHOST];
	r->method = v[J_METHOD];
	r->path = v[J_PATH];
	r->user_agent = v[J_UA];
	r->referer = v[J_REFERER];
	if (v[J_REQUEST].ptr && w->quoted[J_REQUEST]) {
		r->request = v[J_REQUEST];
		if (!r->method.ptr)
			fmt_split_request(r->request, r);
	}
	if (v[J_PATH].ptr) { /* a path from the request line has no query already */
		const char *qm = memchr(r->path.ptr, '?', r->path.len);
		if (qm)
			r->path.len = (size_t)(qm - r->path.ptr);
	}
	return MALFORMED_NONE;
}

/* A value of the learned walk at w->p: a string or a scalar offered under key, an object
 * or array left to the general walk. Returns 0, or -1 when it does not read so. */
static inline int learned_value(struct walk *w, struct slice key, struct key_info ki)
{
	const char *p = w->p, *end = w->end;
	struct slice v;
	int quoted = *p == '"';
	if (quoted) {
		const char *q = p + 1, *dq;
		while ((dq = fmt_find_quote(q, end)) && *dq == '\\') {
			if (dq + 1 >= end)
				return -1;
			q = dq + 2;
		}
		if (!dq)
			return -1;
		v = (struct slice){p + 1, (size_t)(dq - p - 1)};
		w->p = dq + 1;
	} else if (*p == '{' || *p == '[') {
		return walk_value(w, 1, key, ki);
	} else {
		while (p < end && scalar_byte[(unsigned char)*p])
			p++;
		if (p == w->p)
			return -1;
		v = (struct slice){w->p, (size_t)(p - w->p)};
		w->p = p;
	}
	offer(w, key, ki, v, quoted);
	return 0;
}

/* The top-level object of a line that repeats the learned keys in their order, written
 * compactly: each key is checked with its quotes and colon in one comparison and its
 * value read in place. The same reading as walk_object on such a line, without its
 * blank skipping, key searching and learning. Returns 0 when the object was read so,
 * -1 when anything differs (w is then half-filled: the caller starts over). */
static int walk_learned(struct walk *w)
{
	const struct jsonl_keys *jk = w->jk;
	w->p++; /* '{' */
	for (unsigned i = 0; i < jk->n; i++) {
		size_t n = jk->len[i];
		if ((size_t)(w->end - w->p) <= n || !same(w->p, jk->text + jk->off[i], n))
			return -1;
		struct slice key = {w->p + 1, n - 3};
		w->p += n;
		if (learned_value(w, key,
		                  (struct key_info){jk->info[i][0], jk->info[i][1],
		                                    jk->info[i][2]}) != 0 ||
		    w->p >= w->end)
			return -1;
		if (*w->p == '}') {
			w->p++;
			return 0;
		}
		if (*w->p++ != ',')
			return -1;
	}
	return -1;
}

/* A line the learned walk did not read (or not tried: the memo rests), walked from its
 * start the general way. A logger whose lines keep changing their keys would pay for a
 * try and a lesson on every line: after a few misses in a row the memo rests a while,
 * neither tried first nor taught. Returns walk_object's answer. */
__attribute__((noinline)) static int walk_general(struct walk *w, const char *brace)
{
	struct jsonl_keys *jk = w->jk;
	int tried = jk->rest == 0;
	if (!tried)
		jk->rest--;
	else if (++jk->misses >= JSONL_MISSES) {
		jk->misses = 0;
		jk->rest = JSONL_REST;
	}
	walk_start(w, brace, w->end, w->f, jk, w->named, tried);
	return walk_object(w, 1, (struct slice){NULL, 0});
}

enum malformed jsonl_parse(const struct logformat *f, const char *line, size_t n,
                           struct logformat_state *st, struct record *r)
{
	const char *brace = memchr(line, '{', n);
	if (!brace)
		return clf_parse_loose(line, n, st, r);
	pthread_once(&key_once, key_table_build);
	record_clear(r);
	struct jsonl_keys *jk = &st->jk;
	struct walk w;
	walk_start(&w, brace, line + n, f, jk, f->json_status[0] || f->json_time[0], 0);
	if (jk->rest == 0 && walk_learned(&w) == 0) {
		jk->misses = 0;
		return fill_record(&w, st, r);
	}
	if (walk_general(&w, brace) != 0)
		return found(&w, J_STATUS).ptr ? MALFORMED_UNTERMINATED : MALFORMED_BAD_FIELD;
	return fill_record(&w, st, r);
}
