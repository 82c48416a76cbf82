/* fuzz_seek.c — hostile files under the --since seek planner (seek.c): whatever the
 * bytes, a planned seek lands on a line boundary inside the file, on a line whose time is
 * before the window by more than the slack, after a bounded number of reads. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "logformat.h"
#include "seek.h"

static const char *const formats[] = {"common", "combined", "json", "haproxy"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	struct logformat f;
	logformat_builtin(formats[data[0] % 4], &f);
	f.strict_tail = 0;
	/* 2023-10-10T13:55:36Z (the sample log's start), moved by a signed 10 s count */
	int64_t since = 1696946136 + (int64_t)(int16_t)(data[1] | data[2] << 8) * 10;
	const char *text = (const char *)data + 3;
	size_t len = size - 3;
	int fd = memfd_create("fuzz_seek", 0);
	if (fd < 0)
		return 0;
	if (len && write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return 0;
	}
	struct seek_plan plan;
	seek_find(fd, 0, len, &f, since, &plan);
	(void)seek_past(&f, text, len, since);
	close(fd);
	if (plan.probes > (SEEK_SAMPLES + 64) * SEEK_PROBE_TRIES)
		abort();
	if (plan.outcome != SEEK_AT)
		return plan.offset == 0 ? 0 : (abort(), 0);
	if (plan.offset == 0 || plan.offset > len || text[plan.offset - 1] != '\n')
		abort();
	const char *line = text + plan.offset;
	const char *nl = memchr(line, '\n', len - plan.offset);
	size_t n = (size_t)((nl ? nl : text + len) - line);
	if (n && line[n - 1] == '\r')
		n--;
	struct logformat_state st;
	logformat_state_init(&st);
	struct record r;
	if (logformat_parse(&f, line, n, &st, &r) != MALFORMED_NONE || r.time == RECORD_NO_TIME ||
	    r.time >= since - SEEK_SLACK)
		abort();
	return 0;
}
