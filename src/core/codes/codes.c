/* codes.c — lookups in a status-code table: the class of a code, the run of rows for one
 * code and the row that names it. The table itself is data (codes_table.c); nothing here
 * allocates. */
#include "codes.h"

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
