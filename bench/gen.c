/* gen.c: deterministic generator of realistic HTTP access logs for the logstat
 * benchmarks. The same options and seed always give the same bytes, and a smaller
 * --size is a prefix of a larger one. Lines go into a large buffer written in blocks.
 * Build: cc -O2 -std=c11 -o bench/gen bench/gen.c */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *s;
	size_t n;
} Str;

#define S(lit)                                                                                     \
	{                                                                                          \
		lit, sizeof(lit) - 1                                                               \
	}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { FMT_COMMON, FMT_COMBINED, FMT_VHOST, FMT_NGINX, FMT_JSON, FMT_W3C };
enum { KIND_STATIC, KIND_PAGE, KIND_API, KIND_MISC, KIND_SCAN, KIND_MEDIA };

/* Kinds of odd line, picked by weight when a line is odd. */
enum {
	ODD_408,
	ODD_EMPTY,
	ODD_QUOTE_UA,
	ODD_HEX_PATH,
	ODD_IPV6,
	ODD_DASH_BYTES,
	ODD_TLS,
	ODD_PRI,
	ODD_TRUNC,
	ODD_GARBAGE,
	ODD_DASH_STATUS,
	ODD_LONG_URL,
	ODD_CRLF,
	ODD_COUNT
};
static const unsigned odd_weight[ODD_COUNT] = {15, 10, 8, 10, 20, 5, 8, 3, 6, 2, 3, 2, 2};

/* ---- random numbers: xorshift64*, seeded through a splitmix-style scramble ---- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	uint64_t z = seed + 0x9E3779B97F4A7C15u;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	rng_state = (z ^ (z >> 31)) | 1u;
}

static inline uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Du;
}

/* Uniform in [0, n). */
static inline uint32_t below(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * n) >> 32);
}

/* Uniform in [0, n) skewed towards 0 (cube of a uniform): a cheap popularity curve. */
static inline uint32_t skewed(uint32_t n)
{
	uint64_t u = rnd() >> 32;
	u = (u * u) >> 32;
	u = (u * (rnd() >> 32)) >> 32;
	return (uint32_t)((u * n) >> 32);
}

static inline uint64_t range(uint64_t lo, uint64_t hi)
{
	return lo + skewed((uint32_t)(hi - lo + 1));
}

/* Weighted choice over a cumulative table of integer weights. */
static size_t pick(const uint32_t *cum, size_t n)
{
	uint32_t r = below(cum[n - 1]);
	size_t i = 0;
	while (cum[i] <= r)
		i++;
	return i;
}

static void cumulate(uint32_t *cum, const unsigned *w, size_t n)
{
	uint32_t t = 0;
	for (size_t i = 0; i < n; i++)
		cum[i] = t += w[i];
}

/* ---- output helpers: each returns the new write position ---- */

static inline char *put(char *o, const char *s, size_t n)
{
	memcpy(o, s, n);
	return o + n;
}

static inline char *put_str(char *o, Str s)
{
	return put(o, s.s, s.n);
}

static inline char *put_u(char *o, uint64_t v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*o++ = tmp[--n];
	return o;
}

static inline char *put_2(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
	return o + 2;
}

/* Milliseconds as seconds with three decimals: 12 -> "0.012". */
static char *put_ms(char *o, uint64_t ms)
{
	o = put_u(o, ms / 1000);
	*o++ = '.';
	unsigned f = (unsigned)(ms % 1000);
	*o++ = (char)('0' + f / 100);
	return put_2(o, f % 100);
}

static char *put_hex(char *o, uint64_t v, int digits)
{
	static const char hx[] = "0123456789abcdef";
	for (int i = digits - 1; i >= 0; i--)
		*o++ = hx[(v >> (4 * i)) & 15];
	return o;
}

/* One IPv6 group, without leading zeros. */
static char *put_group(char *o, uint32_t v)
{
	return put_hex(o, v, v < 0x10 ? 1 : v < 0x100 ? 2 : v < 0x1000 ? 3 : 4);
}

/* "\xHH" with upper-case hex, as nginx and Apache escape unprintable bytes. */
static char *put_esc(char *o, unsigned byte)
{
	static const char hx[] = "0123456789ABCDEF";
	o[0] = '\\';
	o[1] = 'x';
	o[2] = hx[(byte >> 4) & 15];
	o[3] = hx[byte & 15];
	return o + 4;
}

/* ---- timestamps: "10/Oct/2023:13:55:36 +0000", the date cached per day ---- */

static const char month_name[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Days since 1970-01-01 to a proleptic Gregorian date, via 400-year eras that
 * start on 1 March so the leap day falls at the end of each year. */
static void civil(int64_t days, int *y, unsigned *m, unsigned *d)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	unsigned doe = (unsigned)(days - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400) + (*m <= 2);
}

static char *put_time(char *o, int64_t t)
{
	static int64_t cached_day = INT64_MIN;
	static char date[12]; /* "10/Oct/2023:" */
	int64_t day = t / 86400;
	if (day != cached_day) {
		int y;
		unsigned m, d;
		civil(day, &y, &m, &d);
		char *p = put_2(date, d);
		*p++ = '/';
		p = put(p, month_name[m - 1], 3);
		*p++ = '/';
		p = put_u(p, (uint64_t)y);
		*p = ':';
		cached_day = day;
	}
	unsigned s = (unsigned)(t % 86400);
	o = put(o, date, 12);
	o = put_2(o, s / 3600);
	*o++ = ':';
	o = put_2(o, s / 60 % 60);
	*o++ = ':';
	o = put_2(o, s % 60);
	return put(o, " +0000", 6);
}

/* ---- the vocabulary of a site ---- */

static const Str user_agents[] = {
        S("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/118.0.0.0 Safari/537.36"),
        S("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
          "Gecko) Version/17.0 Safari/605.1.15"),
        S("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
          "like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
        S("Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/117.0.5938.153 Mobile Safari/537.36"),
        S("Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/118.0"),
        S("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/118.0.0.0 Safari/537.36 Edg/118.0.2088.46"),
        S("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        S("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
        S("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"),
        S("curl/8.4.0"),
        S("python-requests/2.31.0"),
        S("Go-http-client/1.1"),
        S("Prometheus/2.47.0"),
        S("-"),
};
static const unsigned ua_weight[] = {30, 14, 16, 12, 5, 6, 3, 2, 1, 2, 2, 2, 1, 1};

static const Str users[] = {S("-"), S("alice"), S("bob"), S("deploy"), S("monitor")};
static const Str protos[] = {S("HTTP/1.1"), S("HTTP/2.0"), S("HTTP/1.0")};
static const unsigned proto_weight[] = {62, 34, 4};
static const Str vhosts[] = {S("www.example.com:443"), S("api.example.com:443"),
                             S("static.example.com:443"), S("example.com:80")};
static const Str methods[] = {S("GET"),    S("POST"),  S("HEAD"),   S("PUT"),
                              S("DELETE"), S("PATCH"), S("OPTIONS")};
static const unsigned api_method_weight[] = {68, 20, 1, 5, 3, 2, 1};
static const unsigned page_method_weight[] = {94, 4, 2, 0, 0, 0, 0};

static const Str static_files[] = {
        S("/static/css/main."),
        S("/static/js/app."),
        S("/static/js/vendor."),
        S("/static/js/chunk-"),
};
static const Str images[] = {
        S("/favicon.ico"),          S("/images/logo.svg"),       S("/images/hero@2x.webp"),
        S("/apple-touch-icon.png"), S("/fonts/inter-var.woff2"),
};
static const Str words[] = {
        S("shoes"),      S("red"),    S("linen"),   S("jacket"), S("wireless"),
        S("headphones"), S("coffee"), S("grinder"), S("desk"),   S("lamp"),
        S("garden"),     S("hose"),   S("usb-c"),   S("cable"),  S("kids"),
        S("winter"),     S("boots"),  S("camera"),  S("tripod"), S("backpack"),
};
static const Str categories[] = {S("men"),         S("women"),   S("home"),
                                 S("electronics"), S("outdoor"), S("sale")};
static const Str page_fixed[] = {S("/"),     S("/about"),    S("/contact"),        S("/login"),
                                 S("/cart"), S("/checkout"), S("/account/orders"), S("/blog/")};
static const Str api_fixed[] = {S("/api/v1/session"), S("/graphql"), S("/health"),
                                S("/api/v1/cart"),    S("/metrics"), S("/api/v1/recommendations")};
static const Str misc_paths[] = {S("/robots.txt"),
                                 S("/sitemap.xml"),
                                 S("/ads.txt"),
                                 S("/feed.xml"),
                                 S("/.well-known/security.txt"),
                                 S("/manifest.json")};
static const Str scan_paths[] = {
        S("/wp-login.php"),
        S("/.env"),
        S("/.git/config"),
        S("/xmlrpc.php"),
        S("/phpmyadmin/index.php"),
        S("/wp-admin/setup-config.php"),
        S("/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"),
        S("/cgi-bin/luci/;stok=/locale"),
        S("/boaform/admin/formLogin"),
        S("/actuator/env"),
        S("/owa/auth/logon.aspx"),
        S("/.aws/credentials"),
        S("/config.json"),
        S("/server-status"),
};
static const Str media_paths[] = {S("/media/intro.mp4"), S("/downloads/catalog-2023.pdf"),
                                  S("/media/podcast-42.mp3")};
static const Str referers_ext[] = {
        S("https://www.google.com/"), S("https://www.bing.com/"),
        S("https://duckduckgo.com/"), S("https://l.facebook.com/"),
        S("https://t.co/"),           S("android-app://com.google.android.gm/"),
};
static const Str hashes[] = {S("3f2a91c0"), S("b81e4d27"), S("09cc5e1a")};

/* ---- clients: a fixed pool, each with one address and one user agent ---- */

typedef struct {
	char ip[16];
	uint8_t ip_len;
	uint8_t ua;
	uint8_t user;
} Client;

enum { CLIENTS = 40000, IPV6_CLIENTS = 2000 };
static Client clients[CLIENTS];
static char ipv6[IPV6_CLIENTS][40];
static uint8_t ipv6_len[IPV6_CLIENTS];

static void clients_init(void)
{
	static const uint8_t first_octet[] = {23,  31,  37,  46,  62,  66,  77,  81,  83,
	                                      89,  91,  93,  95,  103, 104, 109, 114, 151,
	                                      157, 176, 178, 185, 188, 193, 203, 212, 213,
	                                      217, 5,   2,   98,  73,  24,  70,  99,  71};
	uint32_t ua_cum[COUNT(user_agents)];
	cumulate(ua_cum, ua_weight, COUNT(user_agents));
	for (size_t i = 0; i < CLIENTS; i++) {
		Client *c = &clients[i];
		c->ua = (uint8_t)pick(ua_cum, COUNT(user_agents));
		c->user = below(50) == 0 ? (uint8_t)(1 + below(COUNT(users) - 1)) : 0;
		char *p = c->ip;
		if (c->ua == 6) { /* Googlebot crawls from its own block */
			p = put(p, "66.249.", 7);
			p = put_u(p, 64 + below(32));
		} else if (c->ua == 7) {
			p = put(p, "40.77.", 6);
			p = put_u(p, 167 + below(2));
		} else {
			p = put_u(p, first_octet[below(COUNT(first_octet))]);
			*p++ = '.';
			p = put_u(p, below(256));
			*p++ = '.';
			p = put_u(p, below(256));
		}
		*p++ = '.';
		p = put_u(p, 1 + below(254));
		c->ip_len = (uint8_t)(p - c->ip);
	}
	static const char *const v6_prefix[] = {
	        "2001:db8:", "2a02:c7f:", "2600:1700:", "2a01:4f8:", "2409:40c0:"};
	for (size_t i = 0; i < IPV6_CLIENTS; i++) {
		const char *pre = v6_prefix[below(COUNT(v6_prefix))];
		char *p = put(ipv6[i], pre, strlen(pre));
		p = put_group(p, below(0x10000)); /* the prefix holds 2 of the 8 groups */
		if (below(3) == 0) {              /* a compressed form */
			p = put(p, "::", 2);
			p = put_group(p, 1 + below(0xfff));
		} else {
			for (int k = 0; k < 5; k++) {
				*p++ = ':';
				p = put_group(p, below(0x10000));
			}
		}
		ipv6_len[i] = (uint8_t)(p - ipv6[i]);
	}
}

/* ---- one request: a path of a kind, its method and response size ---- */

static char *put_path(char *o, int kind)
{
	switch (kind) {
	case KIND_STATIC:
		if (below(3)) {
			size_t f = below(COUNT(static_files));
			o = put_str(o, static_files[f]);
			if (f == 3) {
				o = put_u(o, skewed(40));
				*o++ = '.';
			}
			o = put_str(o, hashes[skewed(COUNT(hashes))]);
			return put(o, f == 0 ? ".css" : ".js", f == 0 ? 4 : 3);
		}
		if (below(2))
			return put_str(o, images[below(COUNT(images))]);
		o = put(o, "/images/products/", 17);
		o = put_u(o, 1000 + skewed(90000));
		return below(4) ? put(o, "-800w.jpg", 9) : put(o, ".webp", 5);
	case KIND_PAGE:
		switch (below(6)) {
		case 0:
			return put_str(o, page_fixed[skewed(COUNT(page_fixed))]);
		case 1:
			o = put(o, "/products/", 10);
			return put_u(o, 1000 + skewed(90000));
		case 2:
			o = put(o, "/category/", 10);
			o = put_str(o, categories[below(COUNT(categories))]);
			if (below(3) == 0) {
				o = put(o, "?page=", 6);
				o = put_u(o, 2 + skewed(30));
			}
			return o;
		case 3:
			o = put(o, "/search?q=", 10);
			o = put_str(o, words[skewed(COUNT(words))]);
			*o++ = '+';
			o = put_str(o, words[below(COUNT(words))]);
			return below(4) ? o : put(o, "&sort=price_asc", 15);
		case 4:
			o = put(o, "/blog/20", 8);
			o = put_u(o, 18 + below(6));
			*o++ = '/';
			o = put_str(o, words[skewed(COUNT(words))]);
			*o++ = '-';
			return put_str(o, words[below(COUNT(words))]);
		default:
			return put(o, "/", 1);
		}
	case KIND_API:
		switch (below(5)) {
		case 0:
			return put_str(o, api_fixed[skewed(COUNT(api_fixed))]);
		case 1:
			o = put(o, "/api/v1/users/", 14);
			o = put_u(o, 1 + skewed(500000));
			return below(2) ? o : put(o, "/orders?limit=50", 16);
		case 2:
			o = put(o, "/api/v2/products/", 17);
			o = put_u(o, 1000 + skewed(90000));
			o = put(o, "/reviews?page=", 14);
			return put_u(o, 1 + skewed(20));
		case 3:
			o = put(o, "/api/v1/orders?limit=50&offset=", 31);
			return put_u(o, 50 * (uint64_t)skewed(200));
		default:
			o = put(o, "/api/v1/events?session=", 23);
			return put_hex(o, rnd(), 16);
		}
	case KIND_MISC:
		return put_str(o, misc_paths[skewed(COUNT(misc_paths))]);
	case KIND_SCAN:
		return put_str(o, scan_paths[below(COUNT(scan_paths))]);
	default:
		return put_str(o, media_paths[below(COUNT(media_paths))]);
	}
}

/* The kind of path a response of this status most likely answered. */
static int kind_for(int status)
{
	uint32_t r = below(100);
	switch (status) {
	case 404:
		return r < 55 ? KIND_SCAN : r < 75 ? KIND_PAGE : r < 90 ? KIND_STATIC : KIND_API;
	case 403:
	case 444:
		return r < 70 ? KIND_SCAN : KIND_PAGE;
	case 304:
		return r < 80 ? KIND_STATIC : r < 95 ? KIND_PAGE : KIND_MISC;
	case 206:
		return KIND_MEDIA;
	case 301:
	case 302:
	case 308:
		return r < 80 ? KIND_PAGE : KIND_MISC;
	case 201:
	case 204:
	case 401:
	case 422:
	case 429:
	case 499:
	case 500:
	case 502:
	case 503:
	case 504:
	case 520:
		return r < 80 ? KIND_API : KIND_PAGE;
	default:
		return r < 38 ? KIND_STATIC : r < 70 ? KIND_PAGE : r < 94 ? KIND_API : KIND_MISC;
	}
}

/* Body bytes for a response: 0 where the protocol or the server sends none. */
static uint64_t body_bytes(int status, int kind)
{
	switch (status) {
	case 204:
	case 304:
	case 444:
	case 499:
		return 0;
	case 301:
	case 302:
	case 307:
	case 308:
		return range(150, 250);
	case 206:
		return range(65536, 4 << 20);
	default:
		break;
	}
	if (status >= 400)
		return status == 404 && kind != KIND_API ? range(3000, 9000) : range(150, 600);
	switch (kind) {
	case KIND_STATIC:
		return range(800, 900000);
	case KIND_PAGE:
		return range(8000, 160000);
	case KIND_API:
		return range(60, 30000);
	case KIND_MEDIA:
		return range(1 << 20, 60 << 20);
	default:
		return range(100, 20000);
	}
}

/* Request time in milliseconds. */
static uint64_t request_ms(int status, int kind)
{
	switch (status) {
	case 504:
		return 60000 + below(5);
	case 499:
		return range(100, 30000);
	case 502:
		return range(0, 40);
	case 304:
		return range(0, 3);
	default:
		break;
	}
	switch (kind) {
	case KIND_STATIC:
		return range(0, 8);
	case KIND_API:
		return range(2, 1500);
	case KIND_MEDIA:
		return range(200, 20000);
	default:
		return range(5, 400);
	}
}

/* ---- the line ---- */

typedef struct {
	int format;
	uint32_t status_cum[64];
	int status_code[64];
	size_t statuses;
	uint64_t odd_threshold; /* a line is odd when rnd() < this */
	uint32_t odd_cum[ODD_COUNT];
	uint32_t proto_cum[COUNT(protos)];
	uint32_t api_method_cum[COUNT(methods)];
	uint32_t page_method_cum[COUNT(methods)];
	int64_t now;
} Gen;

/* Everything a line holds, filled in, then bent by an odd kind, then written. */
typedef struct {
	const char *ip;
	size_t ip_len;
	Str user, ua, referer_host;
	char request[20000];
	size_t request_len;
	int status;    /* -1 prints "-" */
	int64_t bytes; /* -1 prints "-" */
	int64_t time;
	uint64_t ms;
	int upstream; /* nginx: did an upstream answer */
	int crlf;
	char referer_path[128];
	size_t referer_path_len;
} Line;

static char *put_request(char *o, Gen *g, int kind)
{
	const uint32_t *mc = kind == KIND_API ? g->api_method_cum : g->page_method_cum;
	Str m = kind == KIND_STATIC || kind == KIND_SCAN || kind == KIND_MEDIA
	                ? methods[0]
	                : methods[pick(mc, COUNT(methods))];
	o = put_str(o, m);
	*o++ = ' ';
	o = put_path(o, kind);
	*o++ = ' ';
	return put_str(o, protos[pick(g->proto_cum, COUNT(protos))]);
}

static void line_fill(Gen *g, Line *l)
{
	const Client *c = &clients[skewed(CLIENTS)];
	l->ip = c->ip;
	l->ip_len = c->ip_len;
	l->user = users[c->user];
	l->ua = user_agents[c->ua];
	l->status = g->status_code[pick(g->status_cum, g->statuses)];
	int kind = kind_for(l->status);
	l->request_len = (size_t)(put_request(l->request, g, kind) - l->request);
	l->bytes = (int64_t)body_bytes(l->status, kind);
	l->ms = request_ms(l->status, kind);
	l->upstream =
	        kind != KIND_STATIC && kind != KIND_MEDIA && l->status != 304 && l->status != 444;
	l->crlf = 0;
	l->referer_path_len = 0;
	uint32_t r = below(100);
	if (r < 45 || c->ua >= 6 || kind == KIND_SCAN) {
		l->referer_host = (Str)S("-");
	} else if (r < 82) {
		l->referer_host = (Str)S("https://www.example.com");
		l->referer_path_len =
		        (size_t)(put_path(l->referer_path, KIND_PAGE) - l->referer_path);
	} else {
		l->referer_host = referers_ext[skewed(COUNT(referers_ext))];
	}
	/* A few lines a second; a quiet spell now and then; rarely a line logged late. */
	if (below(4) == 0)
		g->now += below(20000) ? 1 : 1 + below(600);
	l->time = below(1000) ? g->now : g->now - 1 - below(30);
}

static void set_request(Line *l, const char *s)
{
	l->request_len = strlen(s);
	memcpy(l->request, s, l->request_len);
}

static void line_bend(Line *l, size_t odd)
{
	char *o;
	switch (odd) {
	case ODD_408:
		set_request(l, "-");
		l->status = 408, l->bytes = 0, l->ua = (Str)S("-"), l->referer_host = (Str)S("-");
		l->referer_path_len = 0, l->upstream = 0;
		break;
	case ODD_EMPTY:
		set_request(l, "");
		l->status = 400, l->bytes = 0, l->ua = (Str)S("-"), l->referer_host = (Str)S("-");
		l->referer_path_len = 0, l->upstream = 0;
		break;
	case ODD_QUOTE_UA:
		l->ua = below(2) ? (Str)S("Mozilla/5.0 (compatible; \\\"Nuclei\\\" - scanner; "
		                          "+https://example.org/)")
		                 : (Str)S("\\\"Mozilla/5.0\\\" \\x22'; DROP TABLE users;--");
		break;
	case ODD_HEX_PATH:
		o = put(l->request, "GET /search?q=caf\\xC3\\xA9", 25);
		if (below(2))
			o = put(o, "+\\x22quoted\\x22+\\\\path", 22);
		for (int i = (int)below(4); i > 0; i--)
			o = put_esc(o, 0x80 + below(0x80));
		o = put(o, " HTTP/1.1", 9);
		l->request_len = (size_t)(o - l->request);
		break;
	case ODD_IPV6: {
		uint32_t k = skewed(IPV6_CLIENTS);
		l->ip = ipv6[k], l->ip_len = ipv6_len[k];
		break;
	}
	case ODD_DASH_BYTES:
		l->bytes = -1;
		break;
	case ODD_TLS:
		o = put(l->request, "\\x16\\x03\\x01", 12);
		o = put_esc(o, below(3)), o = put_esc(o, below(256));
		o = put(o, "\\x01\\x00", 8);
		for (int i = 8 + (int)below(48); i > 0; i--)
			o = put_esc(o, below(256));
		l->request_len = (size_t)(o - l->request);
		l->status = 400, l->bytes = 150 + below(80), l->ua = (Str)S("-"),
		l->referer_host = (Str)S("-");
		l->referer_path_len = 0, l->upstream = 0;
		break;
	case ODD_PRI:
		set_request(l, "PRI * HTTP/2.0");
		l->status = 400, l->bytes = 0, l->ua = (Str)S("-"), l->referer_host = (Str)S("-");
		l->referer_path_len = 0, l->upstream = 0;
		break;
	case ODD_DASH_STATUS:
		l->status = -1;
		break;
	case ODD_LONG_URL:
		o = put(l->request, "GET /api/v1/track?d=", 20);
		for (int i = 1000 + (int)below(3000); i > 0; i--)
			o = put_hex(o, rnd(), 4);
		o = put(o, " HTTP/1.1", 9);
		l->request_len = (size_t)(o - l->request);
		l->status = below(2) ? 414 : 200;
		break;
	case ODD_CRLF:
		l->crlf = 1;
		break;
	default: /* truncation and garbage are applied to the written text */
		break;
	}
}

/* "2023-10-10T13:55:36+00:00" (JSON) or "2023-10-10 13:55:36" (W3C). */
static char *put_iso(char *o, int64_t t, char sep, int offset)
{
	int y;
	unsigned m, d;
	civil(t / 86400, &y, &m, &d);
	o = put_u(o, (uint64_t)y);
	*o++ = '-';
	o = put_2(o, m);
	*o++ = '-';
	o = put_2(o, d);
	*o++ = sep;
	unsigned s = (unsigned)(t % 86400);
	o = put_2(o, s / 3600);
	*o++ = ':';
	o = put_2(o, s / 60 % 60);
	*o++ = ':';
	o = put_2(o, s % 60);
	return offset ? put(o, "+00:00", 6) : o;
}

/* A JSON string body: quotes, backslashes and control bytes escaped. */
static char *put_json(char *o, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			o = put(o, "\\u00", 4);
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		} else {
			*o++ = (char)c;
		}
	}
	return o;
}

/* nginx log_format escape=json with the combined fields and $request_time. */
static char *line_write_json(const Line *l, char *o)
{
	o = put(o, "{\"time\":\"", 9);
	o = put_iso(o, l->time, 'T', 1);
	o = put(o, "\",\"remote_addr\":\"", 17);
	o = put(o, l->ip, l->ip_len);
	o = put(o, "\",\"request\":\"", 13);
	o = put_json(o, l->request, l->request_len);
	o = put(o, "\",\"status\":", 11);
	o = l->status < 0 ? put(o, "\"-\"", 3) : put_u(o, (uint64_t)l->status);
	o = put(o, ",\"body_bytes_sent\":", 19);
	o = put_u(o, l->bytes < 0 ? 0 : (uint64_t)l->bytes);
	o = put(o, ",\"http_referer\":\"", 17);
	o = put_str(o, l->referer_host);
	o = put_json(o, l->referer_path, l->referer_path_len);
	o = put(o, "\",\"http_user_agent\":\"", 21);
	o = put_json(o, l->ua.s, l->ua.n);
	o = put(o, "\",\"request_time\":", 17);
	o = put_ms(o, l->ms);
	return put(o, "}\n", 2);
}

/* A W3C (IIS) row for the #Fields line gen writes first: spaces become '+'. */
static char *put_w3c(char *o, const char *p, size_t n)
{
	if (n == 0)
		return put(o, "-", 1);
	for (size_t i = 0; i < n; i++)
		*o++ = p[i] == ' ' || (unsigned char)p[i] < 0x20 ? '+' : p[i];
	return o;
}

static char *line_write_w3c(const Line *l, char *o)
{
	o = put_iso(o, l->time, ' ', 0);
	*o++ = ' ';
	o = put(o, l->ip, l->ip_len);
	*o++ = ' ';
	const char *r = l->request, *end = r + l->request_len;
	const char *sp = memchr(r, ' ', l->request_len);
	const char *target = sp ? sp + 1 : end;
	const char *sp2 = memchr(target, ' ', (size_t)(end - target));
	const char *tend = sp2 ? sp2 : end;
	const char *q = memchr(target, '?', (size_t)(tend - target));
	o = put_w3c(o, r, (size_t)((sp ? sp : end) - r));
	*o++ = ' ';
	o = put_w3c(o, target, (size_t)((q ? q : tend) - target));
	*o++ = ' ';
	o = put_w3c(o, q ? q + 1 : tend, q ? (size_t)(tend - q - 1) : 0);
	*o++ = ' ';
	if (l->status < 0)
		*o++ = '-';
	else
		o = put_u(o, (uint64_t)l->status);
	*o++ = ' ';
	o = put_u(o, l->bytes < 0 ? 0 : (uint64_t)l->bytes);
	*o++ = ' ';
	o = put_u(o, l->ms);
	*o++ = ' ';
	o = put_w3c(o, l->ua.s, l->ua.n);
	*o++ = ' ';
	o = put_str(o, l->referer_host);
	if (l->referer_path_len)
		o = put_w3c(o, l->referer_path, l->referer_path_len);
	return put(o, "\r\n", 2);
}

static const char w3c_header[] =
        "#Software: bench/gen\r\n#Version: 1.0\r\n#Date: 2023-10-10 13:55:36\r\n"
        "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes "
        "time-taken cs(User-Agent) cs(Referer)\r\n";

static char *line_write(const Gen *g, const Line *l, char *o)
{
	if (g->format == FMT_JSON)
		return line_write_json(l, o);
	if (g->format == FMT_W3C)
		return line_write_w3c(l, o);
	if (g->format == FMT_VHOST) {
		o = put_str(o, vhosts[skewed(COUNT(vhosts))]);
		*o++ = ' ';
	}
	o = put(o, l->ip, l->ip_len);
	o = put(o, " - ", 3);
	o = put_str(o, l->user);
	o = put(o, " [", 2);
	o = put_time(o, l->time);
	o = put(o, "] \"", 3);
	o = put(o, l->request, l->request_len);
	o = put(o, "\" ", 2);
	o = l->status < 0 ? put(o, "-", 1) : put_u(o, (uint64_t)l->status);
	*o++ = ' ';
	if (l->bytes < 0 || (l->bytes == 0 && g->format != FMT_NGINX && g->format != FMT_VHOST))
		*o++ = '-';
	else
		o = put_u(o, (uint64_t)l->bytes +
		                     (g->format == FMT_VHOST ? 180 + (l->bytes & 255) : 0));
	if (g->format != FMT_COMMON) {
		o = put(o, " \"", 2);
		o = put_str(o, l->referer_host);
		o = put(o, l->referer_path, l->referer_path_len);
		o = put(o, "\" \"", 3);
		o = put_str(o, l->ua);
		*o++ = '"';
	}
	if (g->format == FMT_NGINX) {
		o = put(o, " \"-\" rt=", 8);
		o = put_ms(o, l->ms);
		if (l->upstream) {
			o = put(o, " uct=\"0.00", 10);
			*o++ = (char)('0' + l->ms % 3);
			o = put(o, "\" urt=\"", 7);
			o = put_ms(o, l->ms ? l->ms - (l->ms > 1) : 0);
			*o++ = '"';
		} else {
			o = put(o, " uct=\"-\" urt=\"-\"", 16);
		}
	}
	if (l->crlf)
		*o++ = '\r';
	*o++ = '\n';
	return o;
}

/* Writes one line at o (room for a line is guaranteed by the caller). */
static char *gen_line(Gen *g, Line *l, char *o)
{
	line_fill(g, l);
	size_t odd = ODD_COUNT;
	if (rnd() < g->odd_threshold) {
		odd = pick(g->odd_cum, ODD_COUNT);
		line_bend(l, odd);
	}
	if (odd == ODD_GARBAGE) {
		if (below(2))
			return put(o, "\n", 1);
		static const char junk[] = "\x16\x03\x01 ~~ GARBAGE <<>> \\ \"\" 200 404 [";
		o = put(o, junk, sizeof junk - 1 - below(20));
		return put(o, "\n", 1);
	}
	char *end = line_write(g, l, o);
	if (odd == ODD_TRUNC) { /* a writer died mid-line: cut it and end it */
		size_t n = (size_t)(end - o);
		end = o + 1 + below((uint32_t)(n - 2));
		*end++ = '\n';
	}
	return end;
}

/* ---- options ---- */

static void usage(FILE *f)
{
	fputs("usage: gen [--size BYTES[K|M|G|T]] [--lines N] [--format "
	      "common|combined|vhost|nginx|json|w3c]\n"
	      "           [--seed N] [--mix CODE:WEIGHT,...] [--odd-rate R]\n"
	      "Writes a deterministic, realistic access log to stdout: whole lines, at most\n"
	      "--size bytes (default 100M; suffixes are powers of 1024) or --lines lines.\n",
	      f);
}

static int die(const char *what, const char *arg)
{
	fprintf(stderr, "gen: %s: %s\n", what, arg);
	usage(stderr);
	exit(2);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || v < 0)
		die("bad size", s);
	double mul = 1;
	switch (*end) {
	case 'k':
	case 'K':
		mul = 1024.0, end++;
		break;
	case 'm':
	case 'M':
		mul = 1024.0 * 1024, end++;
		break;
	case 'g':
	case 'G':
		mul = 1024.0 * 1024 * 1024, end++;
		break;
	case 't':
	case 'T':
		mul = 1024.0 * 1024 * 1024 * 1024, end++;
		break;
	default:
		break;
	}
	if (*end == 'i')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		die("bad size", s);
	return (uint64_t)(v * mul);
}

static void parse_mix(Gen *g, const char *s)
{
	double w[64], total = 0;
	const char *p = s;
	g->statuses = 0;
	while (*p) {
		char *end;
		long code = strtol(p, &end, 10);
		if (end == p || *end != ':' || code < 100 || code > 999 || g->statuses == 64)
			die("bad --mix entry", p);
		double weight = strtod(end + 1, &end);
		if (weight < 0 || (*end && *end != ','))
			die("bad --mix entry", p);
		g->status_code[g->statuses] = (int)code;
		w[g->statuses++] = weight;
		total += weight;
		p = *end ? end + 1 : end;
	}
	if (total <= 0)
		die("--mix has no weight", s);
	double acc = 0;
	for (size_t i = 0; i < g->statuses; i++) {
		acc += w[i];
		g->status_cum[i] = (uint32_t)(acc / total * 4000000000.0);
	}
	g->status_cum[g->statuses - 1] = 4000000000u;
}

static const char default_mix[] =
        "200:71,304:8,404:5,301:3,302:2.5,206:0.4,204:0.6,201:0.4,403:1.2,400:0.7,401:0.9,"
        "405:0.1,413:0.05,416:0.05,422:0.2,429:0.5,499:1,444:0.2,500:0.8,502:0.5,503:0.6,504:0.3,"
        "520:0.05,308:0.1";

int main(int argc, char **argv)
{
	static Gen g;
	uint64_t size = 100u << 20, lines = UINT64_MAX, seed = 1;
	double odd_rate = 0.01;
	const char *mix = default_mix;
	g.format = FMT_COMBINED;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (i + 1 >= argc)
			die("missing value for", a);
		const char *v = argv[++i];
		if (!strcmp(a, "--size"))
			size = parse_size(v);
		else if (!strcmp(a, "--lines"))
			lines = strtoull(v, NULL, 10), size = UINT64_MAX;
		else if (!strcmp(a, "--seed"))
			seed = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--mix"))
			mix = v;
		else if (!strcmp(a, "--odd-rate")) {
			odd_rate = strtod(v, NULL);
			if (odd_rate < 0 || odd_rate > 1)
				die("--odd-rate must be in [0,1]", v);
		} else if (!strcmp(a, "--format")) {
			static const char *const names[] = {"common", "combined", "vhost",
			                                    "nginx",  "json",     "w3c"};
			g.format = -1;
			for (int k = 0; k < 6; k++)
				if (!strcmp(v, names[k]))
					g.format = k;
			if (g.format < 0)
				die("unknown format", v);
		} else
			die("unknown option", a);
	}
	parse_mix(&g, mix);
	g.odd_threshold =
	        odd_rate >= 1 ? UINT64_MAX : (uint64_t)(odd_rate * 18446744073709551616.0);
	cumulate(g.odd_cum, odd_weight, ODD_COUNT);
	cumulate(g.proto_cum, proto_weight, COUNT(protos));
	cumulate(g.api_method_cum, api_method_weight, COUNT(methods));
	cumulate(g.page_method_cum, page_method_weight, COUNT(methods));
	g.now = 1696946136; /* 2023-10-10 13:55:36 UTC */

	rng_seed(seed);
	clients_init();

	enum { BUF = 8 << 20, LINE_MAX_BYTES = 24 << 10 };
	char *buf = malloc(BUF);
	static Line line;
	if (!buf)
		return 1;
	uint64_t written = 0, n = 0;
	char *o = buf;
	if (g.format == FMT_W3C)
		o = put(o, w3c_header, sizeof w3c_header - 1);
	for (; n < lines; n++) {
		char *start = o;
		o = gen_line(&g, &line, o);
		if (written + (uint64_t)(o - buf) > size) {
			o = start;
			break;
		}
		if (o - buf > BUF - LINE_MAX_BYTES) {
			if (fwrite(buf, 1, (size_t)(o - buf), stdout) != (size_t)(o - buf))
				return 1;
			written += (uint64_t)(o - buf);
			o = buf;
		}
	}
	if (o > buf && fwrite(buf, 1, (size_t)(o - buf), stdout) != (size_t)(o - buf))
		return 1;
	free(buf);
	return fflush(stdout) ? 1 : 0;
}
