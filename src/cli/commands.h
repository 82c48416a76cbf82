/* commands.h — the subcommands of the logstat executable. Each takes argv with its own
 * name as argv[0] and returns the exit status. */
#ifndef LOGSTAT_COMMANDS_H
#define LOGSTAT_COMMANDS_H

int cmd_report(int argc, char **argv);
int cmd_codes(int argc, char **argv);   /* cmd_codes.c */
int cmd_explain(int argc, char **argv); /* cmd_codes.c */
int cmd_follow(int argc, char **argv);  /* cmd_follow.c: -f, the live view */
int cmd_merge(int argc, char **argv);   /* cmd_merge.c: JSON summaries into one report */

#endif
