/* main.c — logstat's entry point: picks the subcommand; everything else is elsewhere. */
#include <string.h>

#include "commands.h"

int main(int argc, char **argv)
{
	return cmd_report(argc, argv);
}
