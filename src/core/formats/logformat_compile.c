/* logformat_compile.c — turns Apache LogFormat / nginx log_format strings and the
 * built-in format names into struct logformat. */
#include "logformat.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	const char *spec;
} builtins[] = {
        {"vhost_combined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\""},
        {"combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""},
        {"common", "%h %l %u %t \"%r\" %>s %b"},
        {"combined_extra", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""},
};

static const struct {
	const char *alias, *name;
} aliases[] = {{"clf", "common"},           {"ncsa", "common"}, {"vhost", "vhost_combined"},
               {"nginx", "combined_extra"}, {"iis", "w3c"},     {"jsonl", "json"},
               {"aws_alb", "alb"},          {"aws_elb", "elb"}};

struct compiler {
	struct logformat *f;
	char *err;
	size_t errsize;
};

static int fail(struct compiler *c, const char *msg, const char *at)
{
	snprintf(c->err, c->errsize, "%s at \"%.20s\"", msg, at);
	return -1;
}

static int add_item(struct compiler *c, int kind, int role)
{
	if (c->f->n >= LOGFORMAT_MAX_ITEMS) {
		snprintf(c->err, c->errsize, "format has too many fields");
		return -1;
	}
	struct logformat_item *it = &c->f->items[c->f->n++];
	memset(it, 0, sizeof *it);
	it->kind = (unsigned char)kind;
	it->role = (unsigned char)role;
	return 0;
}

static int add_literal(struct compiler *c, char ch)
{
	struct logformat *f = c->f;
	if (f->n > 0 && f->items[f->n - 1].kind == ITEM_LITERAL &&
	    f->items[f->n - 1].len < LOGFORMAT_MAX_LITERAL) {
		struct logformat_item *it = &f->items[f->n - 1];
		it->lit[it->len++] = ch;
		return 0;
	}
	if (add_item(c, ITEM_LITERAL, ROLE_NONE) != 0)
		return -1;
	f->items[f->n - 1].lit[0] = ch;
	f->items[f->n - 1].len = 1;
	return 0;
}

/* If the last literal ends with open (a quote or '['), drop that byte and return 1. */
static int take_open(struct compiler *c, char open)
{
	struct logformat *f = c->f;
	if (f->n == 0 || f->items[f->n - 1].kind != ITEM_LITERAL)
		return 0;
	struct logformat_item *it = &f->items[f->n - 1];
	if (it->lit[it->len - 1] != open)
		return 0;
	if (--it->len == 0)
		f->n--;
	return 1;
}

/* Add a field; `quoted` when the spec wraps it in double quotes. */
static int add_field(struct compiler *c, int kind, int role, const char **sp)
{
	const char *s = *sp;
	if (kind == ITEM_TOKEN && *s == '"' && take_open(c, '"')) {
		*sp = s + 1;
		return add_item(c, ITEM_QUOTED, role);
	}
	if (kind == ITEM_TIME && *s == ']' && take_open(c, '[')) {
		*sp = s + 1;
		return add_item(c, ITEM_TIME, role);
	}
	if (kind == ITEM_TIME)
		return fail(c, "timestamp must be written as [$time_local]", s);
	return add_item(c, kind, role);
}

/* A time item: a strftime pattern, or ISO 8601 (pattern "") or epoch (len 1). */
static int add_time_fmt(struct compiler *c, const char *pattern, size_t n, int epoch)
{
	if (n >= LOGFORMAT_MAX_LITERAL) {
		snprintf(c->err, c->errsize, "time format longer than %d bytes",
		         LOGFORMAT_MAX_LITERAL - 1);
		return -1;
	}
	if (add_item(c, ITEM_TIME_FMT, ROLE_NONE) != 0)
		return -1;
	struct logformat_item *it = &c->f->items[c->f->n - 1];
	memcpy(it->lit, pattern, n);
	it->lit[n] = 0;
	it->len = (unsigned char)(epoch ? 1 : 0);
	return 0;
}

static int is_word(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(p, w, n) == 0;
}

/* %{…}t: begin:/end: prefixes dropped; sec/msec/usec epochs; else a strftime pattern. */
static int apache_time(struct compiler *c, const char *arg, size_t n, const char *at)
{
	if (n >= 6 && strncmp(arg, "begin:", 6) == 0)
		arg += 6, n -= 6;
	else if (n >= 4 && strncmp(arg, "end:", 4) == 0)
		arg += 4, n -= 4;
	if (is_word(arg, n, "sec") || is_word(arg, n, "msec") || is_word(arg, n, "usec"))
		return add_time_fmt(c, "", 0, 1);
	if (n >= 5 && strncmp(arg + n - 5, "_frac", 5) == 0)
		return add_item(c, ITEM_TOKEN, ROLE_NONE); /* a fraction alone is not a time */
	if (!memchr(arg, '%', n))
		return fail(c, "unknown %{...}t time format", at);
	return add_time_fmt(c, arg, n, 0);
}

/* The role of a %{NAME}i header field. */
static int header_role(const char *arg, size_t n)
{
	if (is_word(arg, n, "User-Agent"))
		return ROLE_USER_AGENT;
	if (is_word(arg, n, "Referer"))
		return ROLE_REFERER;
	if (is_word(arg, n, "Host"))
		return ROLE_VHOST;
	return ROLE_NONE;
}

/* The role of %{UNIT}T: a duration in that unit (%T alone: whole seconds). */
static int duration_role(const char *arg, size_t n)
{
	if (is_word(arg, n, "ms"))
		return ROLE_DURATION_MS;
	if (is_word(arg, n, "us"))
		return ROLE_DURATION_US;
	return ROLE_DURATION_S;
}

static int apache_directive(struct compiler *c, const char **sp)
{
	const char *s = *sp + 1, *arg = NULL; /* after '%' */
	size_t argn = 0;
	while (*s == '>' || *s == '<' || isdigit((unsigned char)*s) || *s == ',' || *s == '!')
		s++;
	if (*s == '{') {
		const char *close = strchr(s, '}');
		if (!close)
			return fail(c, "unterminated %{...}", *sp);
		arg = s + 1;
		argn = (size_t)(close - arg);
		s = close + 1;
	}
	char d = *s++;
	int kind = ITEM_TOKEN, role = ROLE_NONE;
	switch (d) {
	case '%':
		*sp = s;
		return add_literal(c, '%');
	case 't':
		*sp = s;
		if (arg)
			return apache_time(c, arg, argn, s - 1);
		return add_item(c, ITEM_TIME, ROLE_NONE);
	case 's':
		kind = ITEM_STATUS;
		break;
	case 'b':
	case 'B':
	case 'O':
		kind = ITEM_BYTES;
		break;
	case 'h':
	case 'a':
		role = ROLE_HOST;
		break;
	case 'r':
		role = ROLE_REQUEST;
		break;
	case 'v':
		role = ROLE_VHOST;
		break;
	case 'm':
		role = ROLE_METHOD;
		break;
	case 'U':
		role = ROLE_PATH;
		break;
	case 'D':
		role = ROLE_DURATION_US;
		break;
	case 'T':
		role = duration_role(arg, arg ? argn : 0);
		break;
	case 'i':
		role = arg ? header_role(arg, argn) : ROLE_NONE;
		break;
	case 0:
		return fail(c, "format ends inside a directive", *sp);
	default:
		if (!isalpha((unsigned char)d))
			return fail(c, "unknown directive", *sp);
	}
	*sp = s;
	return add_field(c, kind, role, sp);
}

static int nginx_variable(struct compiler *c, const char **sp)
{
	const char *s = *sp + 1, *name = s;
	int braced = *s == '{';
	if (braced)
		name = ++s;
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	size_t n = (size_t)(s - name);
	if (n == 0)
		return fail(c, "empty variable name", *sp);
	if (braced && *s++ != '}')
		return fail(c, "unterminated ${...}", *sp);
	int kind = ITEM_TOKEN, role = ROLE_NONE;
#define IS(lit) (n == sizeof lit - 1 && memcmp(name, lit, n) == 0)
	if (IS("status"))
		kind = ITEM_STATUS;
	else if (IS("body_bytes_sent") || IS("bytes_sent"))
		kind = ITEM_BYTES;
	else if (IS("time_local"))
		kind = ITEM_TIME;
	else if (IS("time_iso8601") || IS("msec")) {
		*sp = s;
		return add_time_fmt(c, "", 0, IS("msec"));
	} else if (IS("remote_addr") || IS("realip_remote_addr") || IS("http_x_forwarded_for"))
		role = ROLE_HOST;
	else if (IS("request"))
		role = ROLE_REQUEST;
	else if (IS("host") || IS("server_name") || IS("http_host"))
		role = ROLE_VHOST;
	else if (IS("http_user_agent"))
		role = ROLE_USER_AGENT;
	else if (IS("http_referer"))
		role = ROLE_REFERER;
	else if (IS("request_method"))
		role = ROLE_METHOD;
	else if (IS("uri") || IS("request_uri"))
		role = ROLE_PATH;
	else if (IS("request_time") || IS("upstream_response_time"))
		role = ROLE_DURATION_S;
	else if (IS("upstream_status"))
		role = ROLE_UPSTREAM;
#undef IS
	*sp = s;
	return add_field(c, kind, role, sp);
}

/* Do items[at..] read `TOKEN " " TOKEN " " TOKEN " " TIME " " "QUOTED" " " STATUS " "
 * BYTES` (host, ident, user, [time], "request", status, size), ending at commit? */
static int clf_at(const struct logformat *f, size_t at)
{
	static const unsigned char shape[] = {ITEM_TOKEN,  ITEM_LITERAL, ITEM_TOKEN,  ITEM_LITERAL,
	                                      ITEM_TOKEN,  ITEM_LITERAL, ITEM_TIME,   ITEM_LITERAL,
	                                      ITEM_QUOTED, ITEM_LITERAL, ITEM_STATUS, ITEM_LITERAL,
	                                      ITEM_BYTES};
	size_t n = sizeof shape;
	if (f->commit != at + n - 1 || f->n < at + n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct logformat_item *it = &f->items[at + i];
		if (it->kind != shape[i] ||
		    (it->kind == ITEM_LITERAL && (it->len != 1 || it->lit[0] != ' ')))
			return 0;
	}
	/* the straight-line parser skips ident and user: they must not fill a role */
	return f->items[at].role == ROLE_HOST && f->items[at + 2].role == ROLE_NONE &&
	       f->items[at + 4].role == ROLE_NONE && f->items[at + 8].role == ROLE_REQUEST;
}

/* Which straight-line parser fits (see logformat.h `fast`). */
static int fast_shape(const struct logformat *f)
{
	if (clf_at(f, 0))
		return 1;
	if (f->n > 4 && f->items[0].kind == ITEM_TOKEN && f->items[1].kind == ITEM_LITERAL &&
	    f->items[1].len == 1 && f->items[1].lit[0] == ':' && f->items[0].role == ROLE_VHOST &&
	    f->items[2].kind == ITEM_TOKEN && f->items[2].role == ROLE_NONE &&
	    f->items[3].kind == ITEM_LITERAL && f->items[3].len == 1 && f->items[3].lit[0] == ' ' &&
	    clf_at(f, 4))
		return 2;
	return 0;
}

static int finish(struct compiler *c)
{
	struct logformat *f = c->f;
	int status = -1, bytes = -1, request = -1;
	for (size_t i = 0; i < f->n; i++) {
		if (f->items[i].kind == ITEM_STATUS && status < 0)
			status = (int)i;
		if (f->items[i].kind == ITEM_BYTES && status >= 0 && bytes < 0)
			bytes = (int)i;
		if (f->items[i].role == ROLE_REQUEST && request < 0)
			request = (int)i;
	}
	if (status < 0) {
		snprintf(c->err, c->errsize, "format has no status field (%%>s or $status)");
		return -1;
	}
	f->commit = (size_t)(bytes >= 0 ? bytes : status);
	f->last = request > (int)f->commit ? (size_t)request : f->commit;
	f->fast = fast_shape(f);
	return 0;
}

void logformat_need(struct logformat *f, unsigned roles)
{
	if (f->family != FAMILY_CLF)
		return;
	for (size_t i = f->n; i-- > f->last + 1;) {
		if (f->items[i].role >= 32 || !(roles >> f->items[i].role & 1u))
			continue;
		f->last = i;
		f->fast = 0; /* the straight-line prefix stops at the size */
		return;
	}
}

int logformat_compile(const char *spec, struct logformat *out, char *err, size_t errsize)
{
	struct compiler c = {out, err, errsize};
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "custom");
	const char *s = spec;
	while (*s) {
		int rc;
		if (*s == '%')
			rc = apache_directive(&c, &s);
		else if (*s == '$' && (isalpha((unsigned char)s[1]) || s[1] == '{'))
			rc = nginx_variable(&c, &s);
		else if (*s == '\\' && s[1]) {
			char e = s[1] == 't' ? '\t' : s[1];
			s += 2;
			rc = add_literal(&c, e);
		} else
			rc = add_literal(&c, *s++);
		if (rc != 0)
			return -1;
	}
	return finish(&c);
}

/* The families with a parser of their own, by name. */
static const struct {
	const char *name;
	unsigned char family, sequential;
} families[] = {
        {"w3c", FAMILY_W3C, 1},         {"cloudfront", FAMILY_CLOUDFRONT, 1},
        {"alb", FAMILY_ALB, 0},         {"elb", FAMILY_ELB, 0},
        {"haproxy", FAMILY_HAPROXY, 0}, {"s3", FAMILY_S3, 0},
        {"squid", FAMILY_SQUID, 0},     {"json", FAMILY_JSON, 0},
};

const char *logformat_names(void)
{
	return "common, combined, vhost_combined, combined_extra, w3c (iis), cloudfront, alb, "
	       "elb, haproxy, s3, squid, json";
}

int logformat_builtin(const char *name, struct logformat *out)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].alias) == 0)
			name = aliases[i].name;
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
		if (strcmp(name, families[i].name) != 0)
			continue;
		memset(out, 0, sizeof *out);
		snprintf(out->name, sizeof out->name, "%s", families[i].name);
		out->family = families[i].family;
		out->sequential = families[i].sequential;
		return 0;
	}
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
		if (strcmp(name, builtins[i].name) != 0)
			continue;
		char err[128];
		if (logformat_compile(builtins[i].spec, out, err, sizeof err) != 0)
			return -1;
		snprintf(out->name, sizeof out->name, "%s", builtins[i].name);
		return 0;
	}
	return -1;
}

int logformat_from_option(const char *arg, struct logformat *out, char *err, size_t errsize)
{
	if (logformat_builtin(arg, out) == 0)
		return 0;
	if (!strchr(arg, '%') && !strchr(arg, '$')) {
		snprintf(err, errsize,
		         "unknown format '%s' (%s, or a LogFormat / log_format string)", arg,
		         logformat_names());
		return -1;
	}
	return logformat_compile(arg, out, err, errsize);
}
