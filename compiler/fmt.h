/*
 * fmt.h - the canonical formatter (`bscc fmt`, and the language server's
 * formatting request).
 *
 * The formatter prints a parsed file back from its AST in one canonical
 * style (docs/fmt.md), re-emitting every comment next to the code it was
 * written beside.  It never changes meaning: fmt_text() re-parses its
 * output and compares ast_dump()s before handing it back.
 */
#ifndef BSC_FMT_H
#define BSC_FMT_H

#include "program.h"

typedef enum {
  FMT_OK,                    /* *out holds the formatted text */
  FMT_SYNTAX,                /* the text has errors: they are in `de`, *out is NULL */
  FMT_INTERNAL,              /* a formatter bug: the output would not mean the
                                same; *out is NULL, *why says what differs */
} FmtStatus;

/* Formats file `file` (a source index) of a program as it was parsed,
 * without verifying the result.  The file must have parsed without
 * errors.  Returns a malloc'd, NUL-terminated string. */
char *fmt_source(Program *p, int file);

/* Formats `text` (named `path` in diagnostics) on its own: imports are
 * not read.  Errors of the parse go to `de`.  On FMT_OK, *out is the
 * malloc'd result, verified to parse to the same AST.  On FMT_INTERNAL,
 * *why (malloc'd) describes the difference; it may be NULL otherwise. */
FmtStatus fmt_text(const char *path, const char *text, size_t len, DiagEngine *de,
                   char **out, char **why);

/* `bscc fmt [-w | --check] [FILE...]`; argv holds the arguments after
 * `fmt`.  Returns the exit status. */
int fmt_main(int argc, char **argv);

#endif
