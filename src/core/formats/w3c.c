/* w3c.c — W3C extended log files (IIS, and CloudFront's tab-separated variant): the
 * `#Fields:` directive names the columns of the rows after it, and may change within a
 * file (IIS writes a new header block at each restart). Rows are read by position. */
#include <string.h>

#include "formats_impl.h"

enum w3c_role {
	W_NONE,
	W_DATE,
	W_TIME,
	W_CLIENT,
	W_METHOD,
	W_STEM,
	W_URI,
	W_STATUS,
	W_BYTES,
	W_TAKEN,
	W_UA,
	W_REFERER,
	W_HOST,     /* cs-host, x-host-header: the site the client asked for */
	W_HOST_LOW, /* cs(Host), s-sitename: used when no better one is logged */
	W_ROLES
};

static const struct {
	const char *name;
	unsigned char role;
} field_roles[] = {
        {"date", W_DATE},          {"time", W_TIME},           {"c-ip", W_CLIENT},
        {"cs-method", W_METHOD},   {"cs-uri-stem", W_STEM},    {"cs-uri", W_URI},
        {"sc-status", W_STATUS},   {"sc-bytes", W_BYTES},      {"time-taken", W_TAKEN},
        {"cs(user-agent)", W_UA},  {"cs(referer)", W_REFERER}, {"cs-host", W_HOST},
        {"x-host-header", W_HOST}, {"cs(host)", W_HOST_LOW},   {"s-sitename", W_HOST_LOW},
};

/* CloudFront's standard log fields, for files without a #Fields line. */
static const char cloudfront_fields[] =
        "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
        "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
        "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken";
#define CLOUDFRONT_MIN_FIELDS 19

/* IIS's default W3C fields (IIS 7 and later), for rows before any #Fields line. */
static const char iis_fields[] = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
                                 "cs-username c-ip cs(User-Agent) cs(Referer) sc-status "
                                 "sc-substatus sc-win32-status time-taken";

static unsigned char role_of(const char *p, size_t n)
{
	char low[32];
	if (n >= sizeof low)
		return W_NONE;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] | 0x20 : p[i]);
	for (size_t i = 0; i < sizeof field_roles / sizeof field_roles[0]; i++)
		if (strlen(field_roles[i].name) == n && memcmp(field_roles[i].name, low, n) == 0)
			return field_roles[i].role;
	return W_NONE;
}

/* Field names separated by spaces or tabs → a layout. Returns 0, or -1 with none. */
static int layout_from(const char *p, const char *end, struct w3c_layout *l)
{
	memset(l, 0, sizeof *l);
	memset(l->col, W3C_MAX_FIELDS, sizeof l->col);
	l->status_at = W3C_MAX_FIELDS;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *s = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (p == s)
			break;
		if (l->n == W3C_MAX_FIELDS)
			return -1;
		unsigned char role = role_of(s, (size_t)(p - s));
		if (role == W_STATUS && l->status_at == W3C_MAX_FIELDS)
			l->status_at = l->n;
		if (role != W_NONE) {
			l->cut = (unsigned char)(l->n + 1);
			l->dup |= l->col[role] != W3C_MAX_FIELDS;
			if (l->col[role] == W3C_MAX_FIELDS)
				l->col[role] = l->n;
		}
		l->role[l->n++] = role;
	}
	return l->n ? 0 : -1;
}

/* "#Fields: …" starts a new layout; every '#' line is a directive. */
static enum malformed directive(const char *line, size_t n, struct logformat_state *st,
                                struct record *r)
{
	static const char tag[] = "#Fields:";
	record_clear(r);
	r->status = RECORD_DIRECTIVE;
	if (n < sizeof tag - 1 || memcmp(line, tag, sizeof tag - 1) != 0)
		return MALFORMED_NONE;
	struct w3c_layout l;
	if (layout_from(line + sizeof tag - 1, line + n, &l) != 0)
		return MALFORMED_BAD_FIELD;
	unsigned slot = st->w3c_seen++ % W3C_LAYOUTS;
	st->w3c[slot] = l;
	st->w3c_active = (int)slot;
	return MALFORMED_NONE;
}

/* Does a row of k fields fit layout l? CloudFront adds columns over the years: a row
 * needs the standard ones, extra or missing later ones are fine. */
static int fits(const struct logformat *f, const struct w3c_layout *l, size_t k)
{
	if (f->family == FAMILY_CLOUDFRONT)
		return k >= (l->n < CLOUDFRONT_MIN_FIELDS ? l->n : CLOUDFRONT_MIN_FIELDS);
	return k == l->n;
}

/* The active layout; before any #Fields line, the format's default fields. */
static const struct w3c_layout *active_layout(const struct logformat *f, struct logformat_state *st)
{
	if (st->w3c_active < 0) {
		const char *names = f->family == FAMILY_CLOUDFRONT ? cloudfront_fields : iis_fields;
		layout_from(names, names + strlen(names), &st->w3c[0]);
		st->w3c_active = 0;
		st->w3c_seen = 1;
	}
	return &st->w3c[st->w3c_active];
}

/* The layout a row of k fields is read with: the active one when k fits it, else an
 * earlier block's with exactly k fields, else NULL. */
static const struct w3c_layout *pick_layout(const struct logformat *f, struct logformat_state *st,
                                            size_t k)
{
	const struct w3c_layout *l = active_layout(f, st);
	if (fits(f, l, k))
		return l;
	unsigned kept = st->w3c_seen < W3C_LAYOUTS ? st->w3c_seen : W3C_LAYOUTS;
	for (unsigned i = 0; i < kept; i++)
		if ((int)i != st->w3c_active && st->w3c[i].n == k)
			return &st->w3c[i];
	return NULL;
}

_Static_assert(W_ROLES <= sizeof((struct w3c_layout *)0)->col, "a column per role");

struct w3c_row {
	struct slice date, time, stem, uri;
};

/* "-": the field was not logged. */
static inline int dash(struct slice v)
{
	return v.len == 1 && v.ptr[0] == '-';
}

static inline enum malformed take(const struct logformat *f, unsigned char role, struct slice v,
                                  struct w3c_row *w, struct record *r)
{
	switch (role) {
	case W_DATE:
		w->date = v;
		break;
	case W_TIME:
		w->time = v;
		break;
	case W_CLIENT:
		r->host = v;
		break;
	case W_METHOD:
		r->method = v;
		break;
	case W_STEM:
		w->stem = v;
		break;
	case W_URI:
		w->uri = v;
		break;
	case W_UA:
		if (!dash(v))
			r->user_agent = v;
		break;
	case W_REFERER:
		if (!dash(v))
			r->referer = v;
		break;
	case W_HOST:
		if (!dash(v))
			r->vhost = v;
		break;
	case W_HOST_LOW:
		if (!dash(v) && !r->vhost.ptr)
			r->vhost = v;
		break;
	case W_STATUS:
		if (fmt_status(v.ptr, v.len, &r->status) != 0)
			return MALFORMED_BAD_STATUS;
		break;
	case W_BYTES:
		if (fmt_u64(v.ptr, v.len, &r->bytes) != 0)
			return MALFORMED_BAD_BYTES;
		break;
	case W_TAKEN: /* IIS: milliseconds; CloudFront: seconds with fractions */
		fmt_duration(v.ptr, v.len, f->family == FAMILY_CLOUDFRONT ? UNIT_S : UNIT_MS,
		             &r->duration_us);
		break;
	default:
		break;
	}
	return MALFORMED_NONE;
}

/* date and time columns (UTC) → r->time. */
static enum malformed row_time(const struct w3c_row *w, struct logformat_state *st,
                               struct record *r)
{
	if (!w->date.ptr && !w->time.ptr)
		return MALFORMED_NONE;
	if (!w->date.ptr || !w->time.ptr)
		return MALFORMED_BAD_TIMESTAMP;
	if (logtime_parse_date_time_cached(&st->iso, w->date.ptr, w->date.len, w->time.ptr,
	                                   w->time.len, &r->time, &r->tz) != 0)
		return MALFORMED_BAD_TIMESTAMP;
	return MALFORMED_NONE;
}

/* The separators in 64 bytes at p, one bit each. */
#if defined(__SSE2__)
static inline uint64_t sep_mask(const char *p, __m128i vs)
{
	uint64_t m = 0;
	for (int i = 0; i < 4; i++)
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		             _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)), vs))
		     << (16 * i);
	return m;
}
#endif

#define SPLIT_ENDS (W3C_MAX_FIELDS + 65)

/* The separators of mask m (bit i: offset at + i) after the k seen: kept while k < lim
 * (then all of the mask: at most 64 past lim), else only counted. Returns the new k. */
static inline __attribute__((always_inline)) size_t take_mask(uint64_t m, size_t at, size_t k,
                                                              size_t lim, size_t *e)
{
	if (k >= lim)
		return k + (size_t)__builtin_popcountll(m);
	for (; m; m &= m - 1)
		e[++k] = at + (size_t)__builtin_ctzll(m);
	return k;
}

/* Where a row's columns end. e[0] = -1 and e[j + 1] is the offset of the separator (or
 * the row's end) after column j, so column j is the bytes between e[j] and e[j + 1]. Only
 * the ends of the first lim columns are sure to be kept (lim <= W3C_MAX_FIELDS; e holds
 * SPLIT_ENDS offsets), the rest are only counted: a row fits a layout by its
 * count, and the columns after the layout's last useful one are not read. Returns the
 * count. Columns are a few bytes each: 64 bytes are compared at once (SSE2) and every
 * separator taken from the mask, rather than a memchr call per column; the last bytes of
 * the row are taken from its last 64 (or a padded copy of a short row). A separator is
 * one store: a column is made a slice only when a role reads it. */
static inline __attribute__((always_inline)) size_t split_row(const char *line, const char *end,
                                                              char sep, size_t *e, size_t lim)
{
	size_t k = 0; /* separators seen */
	e[0] = (size_t)-1;
#if defined(__SSE2__)
	/* sep in every byte, made in a register: gcc builds _mm_set1_epi8 of a variable by
	 * storing a byte and loading 4, a store the load cannot take its bytes from (a stall
	 * of a tenth of the row's time) */
	const __m128i vs =
	        _mm_shuffle_epi32(_mm_cvtsi32_si128((int)((unsigned char)sep * 0x01010101u)), 0);
	const char *p = line;
	for (; end - p >= 64; p += 64)
		k = take_mask(sep_mask(p, vs), (size_t)(p - line), k, lim, e);
	if (p < end) {
		unsigned rest = (unsigned)(end - p);
		uint64_t m;
		if (end - line >= 64) { /* the row's last 64 bytes, without those already seen */
			m = sep_mask(end - 64, vs) >> (64 - rest);
		} else {
			char tail[64];
			memset(tail, sep ^ 1, sizeof tail);
			memcpy(tail, p, rest);
			m = sep_mask(tail, vs);
		}
		k = take_mask(m, (size_t)(p - line), k, lim, e);
	}
#else
	for (const char *p = line; p < end; p++)
		if (*p == sep && k++ < lim)
			e[k] = (size_t)(p - line);
#endif
	if (k < lim)
		e[k + 1] = (size_t)(end - line);
	return k + 1;
}

/* Column j of a row cut by split_row. */
static inline struct slice column(const char *line, const size_t *e, size_t j)
{
	/* e[0] + 1 wraps to 0 in size_t; line + e[0] alone would leave the row (undefined) */
	return (struct slice){line + (e[j] + 1), e[j + 1] - e[j] - 1};
}

/* The columns [0, k) of a row, each taken in turn: for a layout that names a role twice
 * (the later column wins, as written). Returns the first column that does not read. */
static enum malformed take_all(const struct logformat *f, const struct w3c_layout *l,
                               const char *line, const size_t *e, size_t k, struct w3c_row *w,
                               struct record *r)
{
	for (size_t i = 0; i < k; i++) {
		enum malformed m = take(f, l->role[i], column(line, e, i), w, r);
		if (m != MALFORMED_NONE)
			return m;
	}
	return MALFORMED_NONE;
}

/* The same as take_all for a layout with each role once, role by role from the column
 * the layout gives it: no branch on each column's role. Of a bad status and bad bytes,
 * the one in the earlier column is told, as take_all would. */
static enum malformed take_roles(const struct logformat *f, const struct w3c_layout *l,
                                 const char *line, const size_t *e, size_t k, struct w3c_row *w,
                                 struct record *r)
{
	struct slice v;
#define HAS(role) (l->col[role] < k && (v = column(line, e, l->col[role]), 1))
	enum malformed bad = MALFORMED_NONE;
	if (HAS(W_STATUS) && fmt_status(v.ptr, v.len, &r->status) != 0)
		bad = MALFORMED_BAD_STATUS;
	if (HAS(W_BYTES) && fmt_u64(v.ptr, v.len, &r->bytes) != 0 &&
	    (bad == MALFORMED_NONE || l->col[W_BYTES] < l->col[W_STATUS]))
		bad = MALFORMED_BAD_BYTES;
	if (bad != MALFORMED_NONE)
		return bad;
	if (HAS(W_DATE))
		w->date = v;
	if (HAS(W_TIME))
		w->time = v;
	if (HAS(W_STEM))
		w->stem = v;
	if (HAS(W_URI))
		w->uri = v;
	if (HAS(W_CLIENT))
		r->host = v;
	if (HAS(W_METHOD))
		r->method = v;
	if (HAS(W_UA) && !dash(v))
		r->user_agent = v;
	if (HAS(W_REFERER) && !dash(v))
		r->referer = v;
	if (HAS(W_HOST) && !dash(v))
		r->vhost = v;
	else if (HAS(W_HOST_LOW) && !dash(v))
		r->vhost = v;
	if (HAS(W_TAKEN))
		take(f, W_TAKEN, v, w, r);
#undef HAS
	return MALFORMED_NONE;
}

enum malformed w3c_parse(const struct logformat *f, const char *line, size_t n,
                         struct logformat_state *st, struct record *r)
{
	if (line[0] == '#')
		return directive(line, n, st, r);
	record_clear(r);
	char sep = f->family == FAMILY_CLOUDFRONT ? '\t' : ' ';
	const char *end = line + n;
	if (end[-1] == sep) /* IIS 6 ends some rows with the separator */
		end--;
	const struct w3c_layout *active = active_layout(f, st);
	size_t e[SPLIT_ENDS];
	size_t lim = active->cut;
	size_t k = split_row(line, end, sep, e, lim);
	const struct w3c_layout *l = pick_layout(f, st, k);
	if (!l)
		return k > active->n ? MALFORMED_TRAILING : MALFORMED_MISSING_FIELDS;
	if (l != active) { /* an earlier block's shape */
		r->shape = SHAPE_W3C_EARLIER;
		if (l->cut > lim)
			split_row(line, end, sep, e, lim = l->cut);
	}
	size_t used = k < l->cut ? k : l->cut;
	struct w3c_row w = {0};
	enum malformed m = l->dup ? take_all(f, l, line, e, used, &w, r)
	                          : take_roles(f, l, line, e, used, &w, r);
	if (m != MALFORMED_NONE)
		return m;
	if (l->status_at >= k) /* none, or after the row's last column (CloudFront) */
		return MALFORMED_MISSING_FIELDS;
	r->path = w.stem.ptr ? w.stem : w.uri;
	return row_time(&w, st, r);
}
