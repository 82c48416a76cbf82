/* codes.c — lookups in a status-code table: the class of a code, the run of rows for one
 * code and the row that names it. The table itself is data (codes_table.c); nothing here
 * allocates. */
#include "codes.h"

#include <stdio.h>

int codes_class(int code)
{
	if (code < 100 || code > 599)
		return 0;
	return code / 100;
}

/* Binary search for the first row whose code is not below code (lower bound), then walk
 * the run of rows sharing it: a code has at most a handful of origins. */
size_t codes_find(const struct code_entry *table, size_t n, int code,
                  const struct code_entry **first)
{
	size_t lo = 0, hi = n, count = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (table[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + count < n && table[lo + count].code == code)
		count++;
	if (first)
		*first = count ? &table[lo] : NULL;
	return count;
}

const struct code_entry *codes_primary(const struct code_entry *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].flags & CODE_OFFICIAL)
			return &rows[i];
	for (size_t i = 0; i < n; i++)
		if (rows[i].flags & CODE_COMMON)
			return &rows[i];
	return n ? rows : NULL;
}

size_t codes_primary_first(const struct code_entry *rows, size_t n, const struct code_entry **out,
                           size_t max)
{
	const struct code_entry *p = codes_primary(rows, n);
	size_t k = 0;

	if (p && k < max)
		out[k++] = p;
	for (size_t i = 0; i < n && k < max; i++)
		if (&rows[i] != p)
			out[k++] = &rows[i];
	return k;
}

/* The marks in the order they are shown: the registry's words first, then ours. */
static const struct {
	unsigned flag;
	const char *name;
} mark_names[] = {
        {CODE_DEPRECATED, "deprecated"},     {CODE_UNUSED, "unused"},   {CODE_RESERVED, "reserved"},
        {CODE_EXPERIMENTAL, "experimental"}, {CODE_RETIRED, "retired"}, {CODE_DUBIOUS, "dubious"},
};

const char *codes_mark_name(unsigned flag)
{
	for (size_t i = 0; i < sizeof mark_names / sizeof mark_names[0]; i++)
		if (mark_names[i].flag == flag)
			return mark_names[i].name;
	return NULL;
}

char *codes_marks(unsigned flags, const char *sep, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof mark_names / sizeof mark_names[0]; i++) {
		if (!(flags & mark_names[i].flag))
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? sep : "", mark_names[i].name);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0'; /* keep whole names only */
			break;
		}
		len += (size_t)n;
	}
	return buf;
}
