/* test_monitoring_docs.c — docs/monitoring.md as written: its scrape config and alert
 * rules pass promtool (config with the rules file it names, rules on their own). */
#include <criterion/criterion.h>

#include "cron_support.h"
#include "prom_support.h"

Test(monitoring_docs, config_and_rules_pass_promtool)
{
	char *dir = tmpdir_make();
	char *config = prom_doc_block("config"), *rules = prom_doc_block("rules");
	cr_expect(strstr(config, "job_name: logstat"));
	cr_expect(strstr(rules, "alert: LogstatHigh5xxRatio"));
	free(write_file(dir, "prometheus.yml", config, strlen(config)));
	free(write_file(dir, "logstat.rules.yml", rules, strlen(rules)));
	char *promtool = prom_find("promtool");
	char cmd[4500];
	snprintf(cmd, sizeof cmd, "'%s' check config prometheus.yml", promtool);
	cr_expect_eq(shell(dir, cmd), 0, "promtool check config (with the rules file)");
	snprintf(cmd, sizeof cmd, "'%s' check rules logstat.rules.yml", promtool);
	cr_expect_eq(shell(dir, cmd), 0, "promtool check rules");
	free(promtool), free(config), free(rules);
	tmpdir_remove(dir);
}
