/*
 * cli.c - option-parsing helpers shared by the commands (see cli.h).
 */
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool cli_opt(const char *name, int argc, char **argv, int *i, const char **val) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (!strncmp(a, name, n) && a[n] == '=') {
    *val = a + n + 1;
    return true;
  }
  if (!strcmp(a, name) && *i + 1 < argc) {
    *val = argv[++*i];
    return true;
  }
  return false;
}

bool cli_long(const char *s, long lo, long hi, long *out) {
  char *end;
  if (!*s) return false;
  long v = strtol(s, &end, 10);
  if (*end || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool cli_folder(const char *s) {
  struct stat st;
  return *s && stat(s, &st) == 0 && S_ISDIR(st.st_mode);
}

bool cli_max_errors(const char *s, int *out) {
  long v;
  if (!cli_long(s, 0, 1000000, &v)) return false;
  *out = (int)v;
  return true;
}

bool cli_color(const char *s, int *mode) {
  if (!strcmp(s, "auto")) *mode = -1;
  else if (!strcmp(s, "always")) *mode = 1;
  else if (!strcmp(s, "never")) *mode = 0;
  else return false;
  return true;
}

int cli_usage(const char *who, const char *hint, const char *fmt, const char *arg) {
  fprintf(stderr, "%s: ", who);
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n%s\n", hint);
  return 2;
}
