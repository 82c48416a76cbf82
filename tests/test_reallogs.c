/* test_reallogs.c — every real log in tests/data/reallogs through the binary, checked
 * against the independent oracle's counts (tests/oracle/count.py → NAME.expected). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const char *const logs[] = {
        "XZymo-4905-Log-Parser_apache2_access_combined_15files",
        "dmjacas-logs_apache2_other_vhosts_access_vhost_combined_15files",
        "elastic_examples_apache_logs",
        "lnav_test_logfile_shop_access_log.0",
        "monitorware_2004_access_log_CRLF_0x333333",
        "nasa_Aug95_partial_CORRUPTED_Aman-Panchal",
        "nasa_Jul95_first4000_Hurence-logisland-quickstarts",
};

/* The total section of the JSON report: everything before "inputs". */
static char *total_part(const char *json)
{
	char *copy = strdup(json);
	char *cut = strstr(copy, "\"inputs\"");
	char *codes = strstr(json, "\n  \"codes\"");
	cr_assert(cut && codes);
	*cut = 0;
	char *out = malloc(strlen(copy) + strlen(codes) + 1);
	strcpy(out, copy);
	strcat(out, codes);
	free(copy);
	return out;
}

static void check_expected(const char *json, const char *expected)
{
	char *total = total_part(json);
	char line[256];
	const char *p = expected;
	int checked = 0;
	while (sscanf(p, "%255[^\n]", line) == 1) {
		p += strlen(line) + (p[strlen(line)] == '\n');
		char key[128], val[128];
		if (sscanf(line, "%127[^=]=%127s", key, val) != 2)
			continue;
		if (strncmp(key, "malformed.", 10) == 0)
			continue; /* reasons are named differently by the oracle */
		if (strncmp(key, "code.", 5) == 0 || strncmp(key, "bytes.", 6) == 0) {
			int code = atoi(strchr(key, '.') + 1);
			char at[64];
			snprintf(at, sizeof at, "{\"code\": %d,", code);
			long long got = json_int(total, at, key[0] == 'c' ? "count" : "bytes");
			cr_expect_eq(got, atoll(val), "%s: got %lld", key, got);
		} else if (strcmp(key, "first") == 0 || strcmp(key, "last") == 0) {
			char want[300];
			snprintf(want, sizeof want, "\"%s\": \"%s\"", key, val);
			cr_expect(strstr(total, want) != NULL, "%s: want %s", key, val);
		} else {
			cr_expect_eq(json_int(total, NULL, key), atoll(val), "%s", key);
		}
		checked++;
	}
	cr_expect(checked >= 8, "expected file has content");
	free(total);
}

ParameterizedTestParameters(reallogs, counts)
{
	return INDEX_PARAMS(logs);
}

ParameterizedTest(size_t *ix, reallogs, counts)
{
	const char *const *name = &logs[*ix];
	char file[512], exp[512];
	snprintf(file, sizeof file, "reallogs/%s.log.zst", *name);
	snprintf(exp, sizeof exp, "reallogs/%s.expected", *name);
	char *path = data_path(file), *epath = data_path(exp);
	char *expected = read_file(epath, NULL);
	cr_assert(expected, "%s", epath);
	const char *argv[] = {"--output", "json", path, NULL};
	struct run_result r = run_logstat(argv, NULL, 0, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	check_expected(r.out, expected);
	/* The same bytes decompressed and piped through stdin count the same. */
	size_t zlen;
	char *z = read_file(path, &zlen);
	const char *sargv[] = {"-o", "json", "-", NULL};
	struct run_result s = run_logstat(sargv, z, zlen, NULL);
	cr_assert_eq(s.status, 0, "%s", s.err);
	check_expected(s.out, expected);
	run_result_free(&r);
	run_result_free(&s);
	free(z);
	free(expected);
	free(path);
	free(epath);
}
