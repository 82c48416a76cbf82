/* stale.c — how old each input's newest line is, for --stale (stale.h). */
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

/* The newest line of the input called name: the latest request time among its parts, or
 * else its file's modification time; RECORD_NO_TIME when neither is known. */
static int64_t newest(const struct report_input *res, size_t n, const char *name)
{
	int64_t t = RECORD_NO_TIME;
	for (size_t i = 0; i < n; i++)
		if (strcmp(res[i].name, name) == 0 && res[i].last != RECORD_NO_TIME &&
		    (t == RECORD_NO_TIME || res[i].last > t))
			t = res[i].last;
	struct stat st;
	if (t == RECORD_NO_TIME && strcmp(name, "-") != 0 && stat(name, &st) == 0)
		t = (int64_t)st.st_mtime;
	return t;
}

void stale_check(const struct report_input *res, size_t n, int64_t after, int state, int64_t now,
                 struct report_job *job)
{
	job->stale_after = after;
	job->stale_state = after ? state : 0;
	job->nstale = 0;
	for (size_t i = 0; after && i < n; i++) {
		size_t k = 0;
		while (k < i && strcmp(res[k].name, res[i].name) != 0)
			k++;
		if (k < i)
			continue; /* the same input read in two parts */
		int64_t t = newest(res, n, res[i].name);
		int64_t age = t == RECORD_NO_TIME ? -1 : now - t;
		if (age >= 0 && age <= after)
			continue;
		if (!job->nstale++) {
			job->stale_name = res[i].name;
			job->stale_age = age;
		}
	}
}
