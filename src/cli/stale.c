/* stale.c — how old each input's newest line is, for --stale (stale.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stale.h"

int stale_parse_duration(const char *s, int64_t *seconds)
{
	static const struct {
		char unit;
		int64_t mult;
	} units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
	int64_t v = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > 1000000000)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0 || v == 0 || !s[i] || s[i + 1])
		return -1;
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
		if (s[i] == units[k].unit) {
			*seconds = v * units[k].mult;
			return 0;
		}
	return -1;
}

/* The newest line of the input whose parts are refs[0, n): the latest request time among
 * them, or else its file's modification time; RECORD_NO_TIME when neither is known. */
static int64_t newest(const struct report_input *res, const struct report_input_ref *refs, size_t n)
{
	int64_t t = RECORD_NO_TIME;
	for (size_t k = 0; k < n; k++) {
		int64_t last = res[refs[k].i].last;
		if (last != RECORD_NO_TIME && (t == RECORD_NO_TIME || last > t))
			t = last;
	}
	struct stat st;
	if (t == RECORD_NO_TIME && strcmp(refs[0].name, "-") != 0 && stat(refs[0].name, &st) == 0)
		t = (int64_t)st.st_mtime;
	return t;
}

void stale_check(const struct report_input *res, size_t n, int64_t after, int state, int64_t now,
                 struct report_job *job)
{
	job->stale_after = after;
	job->stale_state = after ? state : 0;
	job->nstale = 0;
	struct report_input_ref *refs = after && n ? malloc(n * sizeof *refs) : NULL;
	if (!refs)
		return; /* out of memory: no check rather than a wrong one */
	report_inputs_by_name(res, n, refs);
	size_t first = n; /* the stale input named first on the command line */
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && strcmp(refs[b].name, refs[a].name) == 0; b++)
			;
		int64_t t = newest(res, refs + a, b - a);
		int64_t age = t == RECORD_NO_TIME ? -1 : now - t;
		if (age >= 0 && age <= after)
			continue;
		job->nstale++;
		if (refs[a].i < first) {
			first = refs[a].i;
			job->stale_name = res[first].name;
			job->stale_age = age;
		}
	}
	free(refs);
}
