/* fuzz_codes_search.c — hostile search queries: the first line of the input is the query,
 * the rest a user codes file merged over the built-in table. The results must be bounded
 * by max, ordered by order, and each row must belong to the table searched. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"

static void check(const struct code_entry *rows, size_t n, const char *query)
{
	struct code_match m[64];
	size_t k = codes_search(rows, n, query, m, 64);

	if (k > 64)
		abort();
	for (size_t i = 0; i < k; i++) {
		if (m[i].row < rows || m[i].row >= rows + n)
			abort();
		if (i && m[i - 1].order > m[i].order)
			abort();
		if (i && m[i - 1].order == m[i].order && m[i - 1].row >= m[i].row)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t qlen = nl ? (size_t)(nl - data) : size;
	char *query = malloc(qlen + 1);
	struct code_table t;
	char err[512];

	if (!query)
		return 0;
	memcpy(query, data, qlen);
	query[qlen] = '\0'; /* a NUL inside just ends the query early */
	check(codes_builtin, codes_builtin_count, query);
	if (nl && codes_table_init(&t) == 0) {
		size_t rest = size - qlen - 1;
		char *text = malloc(rest ? rest : 1);

		if (text) {
			memcpy(text, nl + 1, rest);
			if (codes_table_parse(&t, text, rest, "fuzz", err, sizeof err) == 0)
				check(t.rows, t.n, query);
			free(text);
		}
		codes_table_free(&t);
	}
	free(query);
	return 0;
}
