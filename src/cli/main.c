/* main.c — logstat's entry point: picks the subcommand from the first argument (or the
 * follow mode from -f); everything else lives in the cmd_*.c files. */
#include <stddef.h>
#include <string.h>

#include "commands.h"
#include "opts.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subcommands[] = {
        {"report", cmd_report}, {"codes", cmd_codes},   {"explain", cmd_explain},
        {"merge", cmd_merge},   {"follow", cmd_follow}, {"help", opts_help_command},
};

/* -f / --follow anywhere before a "--" selects the live mode (cmd_follow.c). */
static int wants_follow(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--follow") == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
			if (strcmp(argv[1], subcommands[i].name) == 0)
				return subcommands[i].run(argc - 1, argv + 1);
	if (wants_follow(argc, argv))
		return cmd_follow(argc, argv);
	if (argc > 1 && opts_unknown_command(argv[1]) != 0)
		return 2;
	return cmd_report(argc, argv);
}
