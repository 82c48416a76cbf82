/* support.h — shared helpers for the Criterion suites: temporary files, running the
 * built logstat binary and capturing what it prints. */
#ifndef LOGSTAT_TEST_SUPPORT_H
#define LOGSTAT_TEST_SUPPORT_H

#include <stddef.h>

struct run_result {
	int status; /* exit status, or 128+signal */
	char *out;  /* NUL-terminated stdout (malloc'd) */
	size_t out_len;
	char *err; /* NUL-terminated stderr (malloc'd) */
	size_t err_len;
};

/* Run LOGSTAT_BIN with argv (NULL-terminated, argv[0] not included) feeding stdin_data
 * (may be NULL: /dev/null) of stdin_len bytes. Extra environment "K=V" strings in env
 * (NULL-terminated, may be NULL) are added, replacing inherited ones of the same name;
 * NO_COLOR and COLUMNS are not set unless given. */
struct run_result run_logstat(const char *const *argv, const void *stdin_data, size_t stdin_len,
                              const char *const *env);
/* Same for any program (path, full argv including argv[0]). */
struct run_result run_program(const char *path, const char *const *argv, const void *stdin_data,
                              size_t stdin_len, const char *const *env);
void run_result_free(struct run_result *r);

/* A fresh directory under $TMPDIR (malloc'd path); removed by tmpdir_remove. */
char *tmpdir_make(void);
void tmpdir_remove(char *dir);

/* Write len bytes to dir/name; returns the malloc'd full path. */
char *write_file(const char *dir, const char *name, const void *data, size_t len);
/* Read a whole file (malloc'd, NUL-terminated), or NULL. */
char *read_file(const char *path, size_t *len);
/* Path under tests/data (malloc'd). */
char *data_path(const char *name);

/* Compress data with gzip or zstd through the system tools (gzip -c / zstd -c). */
char *compress_with(const char *tool, const void *data, size_t len, size_t *out_len);

/* The integer value of "key": N in a flat JSON text, searching from the first
 * occurrence of after (NULL: start). Returns -1 when absent. Good enough for tests. */
long long json_int(const char *json, const char *after, const char *key);

/* Criterion runs each test in a re-executed copy of the binary, so parameters must not
 * hold pointers: parameterise over indices into a static table instead. Returns a static
 * array {0, 1, ..., n-1} (n <= 1024). */
size_t *param_indices(size_t n);
#define INDEX_PARAMS(table)                                                                        \
	cr_make_param_array(size_t, param_indices(sizeof(table) / sizeof((table)[0])),             \
	                    sizeof(table) / sizeof((table)[0]))

/* The real logs of tests/data/reallogs (origins in its README), as paths for data_path:
 * `static const char *const logs[] = {SUPPORT_REALLOGS};` */
#define SUPPORT_REALLOGS                                                                           \
	"reallogs/XZymo-4905-Log-Parser_apache2_access_combined_15files.log.zst",                  \
	        "reallogs/"                                                                        \
	        "dmjacas-logs_apache2_other_vhosts_access_vhost_combined_15files.log.zst",         \
	        "reallogs/elastic_examples_apache_logs.log.zst",                                   \
	        "reallogs/lnav_test_logfile_shop_access_log.0.log.zst",                            \
	        "reallogs/monitorware_2004_access_log_CRLF_0x333333.log.zst",                      \
	        "reallogs/nasa_Aug95_partial_CORRUPTED_Aman-Panchal.log.zst",                      \
	        "reallogs/nasa_Jul95_first4000_Hurence-logisland-quickstarts.log.zst"

#endif
