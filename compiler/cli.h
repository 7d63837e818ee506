/*
 * cli.h - the small pieces every command's option parser shares (check,
 * score, graph, sim): `--name=value` / `--name value` options, bounded
 * integers, colour modes, and the usage-error message.
 */
#ifndef BSC_CLI_H
#define BSC_CLI_H

#include <stdbool.h>

/* When argv[*i] is `NAME=VALUE`, or `NAME` followed by a value (then *i
 * moves past it), sets *val and returns true. */
bool cli_opt(const char *name, int argc, char **argv, int *i, const char **val);
/* A whole decimal number in lo..hi. */
bool cli_long(const char *s, long lo, long hi, long *out);
/* An existing folder (for --allow-import). */
bool cli_folder(const char *s);
/* --max-errors N, with one meaning in every command that reports errors
 * (check, score, graph, sim): at most N errors are shown, further ones
 * are counted, not kept (DiagEngine.max_errors); 0 shows all. */
#define CLI_MAX_ERRORS_DEFAULT 100
#define CLI_MAX_ERRORS_USAGE "--max-errors needs a number (0 shows all errors), not `%s`"
bool cli_max_errors(const char *s, int *out);
/* auto (-1), always (1) or never (0). */
bool cli_color(const char *s, int *mode);
/* Prints `WHO: MESSAGE` and the hint line on stderr; returns 2, the exit
 * status of a usage error. */
int cli_usage(const char *who, const char *hint, const char *fmt, const char *arg);

#endif
