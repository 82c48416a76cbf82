/* fuzz_summary.c — hostile JSON reports into `logstat merge`'s reader, drill-down
 * included: parse, then merge the result into an empty report's tables and render it as
 * JSON and text; a refusal must say why, nothing may crash or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "render_util.h"
#include "summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct summary s;
	char err[600] = "";
	if (summary_parse((const char *)data, size, "fuzz", &s, err, sizeof err) != 0) {
		if (!err[0])
			abort();
		return 0;
	}
	struct drill *d = drill_new(NULL, 0, 0);
	if (d && s.drill) {
		drill_restrict(d, s.drill);
		drill_merge(d, s.drill);
	}
	struct report r = {.inputs = s.inputs.v,
	                   .ninputs = s.inputs.n,
	                   .total = s.total,
	                   .top = s.top,
	                   .drill = s.drill,
	                   .filter = s.have_filter ? &s.filter : NULL};
	struct render_options o = {0, 1, 100};
	FILE *out = fopen("/dev/null", "w");
	if (out) {
		render_json(out, &r, &o);
		render_text(out, &r, &o);
		render_csv(out, &r, &o);
		fclose(out);
	}
	drill_free(d);
	summary_free(&s);
	return 0;
}
