/* follow_export.h — `logstat -f --listen`: the followed logs' counts served to Prometheus.
 * Holds what the exporter must not lose: counts from before a reset of the live view
 * (counters never go down while the process lives), the process start time and the last
 * poll in which every input could be read. Used by cmd_follow.c only. */
#ifndef LOGSTAT_FOLLOW_EXPORT_H
#define LOGSTAT_FOLLOW_EXPORT_H

#include <stddef.h>

#include "codes.h"
#include "follow.h"
#include "series.h"

struct follow_export;

/* Serve the counts of f[0..n) and their labelled counts series[0..n) (entries may be
 * NULL; all owned by the caller, which keeps them and table alive until
 * follow_export_stop) on addr. Returns NULL with a reason in err. */
struct follow_export *follow_export_start(const char *addr, struct follower *const *f,
                                          struct series_table *const *series, size_t n,
                                          const struct code_table *table, char *err,
                                          size_t errsize);
/* The descriptor to poll and the timeout due (exporter.h). */
int follow_export_fd(const struct follow_export *x);
int follow_export_timeout_ms(struct follow_export *x);
/* After a poll of the followers: note the time when none is in error, answer scrapes. */
void follow_export_run(struct follow_export *x);
/* Before follower_reset: keep the counts the exporter has already shown. */
void follow_export_keep(struct follow_export *x);
const char *follow_export_url(const struct follow_export *x);
void follow_export_stop(struct follow_export *x);

#endif
