/*
 * diag.h - sources and diagnostics.
 *
 * The engine owns every source text of a compilation (so spans can be
 * turned into line:col and snippets), collects diagnostics from all passes,
 * and renders them as rustc-style text, JSON or SARIF 2.1.0.
 *
 * Codes are listed once, in codes.def, with their severity, a short name
 * (for -W flags) and a long explanation (for `bscc explain`).
 */
#ifndef BSC_DIAG_H
#define BSC_DIAG_H

#include "ast.h"
#include <stdio.h>

typedef enum {
#define CODE(id, sev, name, summary, explanation) id,
#include "codes.def"
#undef CODE
  CODE_COUNT
} DiagCode;

typedef enum { SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

typedef struct Source {
  char *path;                /* as given (relative paths stay relative) */
  char *text;                /* contents, NUL-terminated, owned */
  size_t len;
  uint32_t *lines;           /* byte offset of each line start */
  int nlines;
  bool builtin;              /* embedded stdlib file */
} Source;

typedef struct DiagNote {
  Span span;                 /* file -1: a note with no location */
  char *msg;
} DiagNote;

typedef struct Diag {
  DiagCode code;
  Severity sev;              /* after -W/-Werror adjustments */
  Span span;
  char *msg;                 /* headline */
  char *label;               /* text under the caret; may be NULL */
  DiagNote *notes; int nnotes;
  char *help;                /* may be NULL */
  char *fix;                 /* the text that replaces span, when the help
                                suggests one (a quick fix), or NULL */
  Span fix_span;             /* when fix_at: where fix goes instead of span
                                (an empty span inserts it) */
  bool fix_at;
} Diag;

typedef enum { FMT_TEXT, FMT_JSON, FMT_SARIF } DiagFormat;

typedef struct DiagEngine {
  Source *srcs; int nsrcs, capsrcs;
  Diag *diags; int ndiags, capdiags;
  int nerrors, nwarnings;
  int max_errors;            /* 0: unlimited; past it, further errors are counted, not kept */
  int dropped;
  /* warning control, indexed by DiagCode */
  unsigned char allow[CODE_COUNT];     /* 1: suppressed */
  unsigned char deny[CODE_COUNT];      /* 1: promoted to error */
  bool werror;
  /* text headlines count columns in bytes, not code points (--columns=byte) */
  bool byte_columns;
} DiagEngine;

void diag_init(DiagEngine *de);
void diag_free(DiagEngine *de);

/* Adds a source; takes ownership of text (malloc'd, NUL-terminated). */
int  diag_add_source(DiagEngine *de, const char *path, char *text, size_t len, bool builtin);
const Source *diag_source(const DiagEngine *de, int file);
/* 1-based line and column (column in code points) of a byte offset. */
void diag_linecol(const DiagEngine *de, int file, uint32_t off, int *line, int *col);

/* Reports a diagnostic; printf-style headline.  Returns the Diag so the
 * caller can attach a label, notes and help.  Never returns NULL (a
 * dropped diagnostic goes to a scratch slot).  The pointer is valid only
 * until the next diag_report or diag_sort (the array may move). */
Diag *diag_report(DiagEngine *de, DiagCode code, Span span, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
void diag_label(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(Diag *d, Span span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_help(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* help "did you mean `name`?", and the fix that writes name over the span */
void diag_did_you_mean(Diag *d, const char *name);
/* the fix that writes text over `at` (empty: inserts it there), for a help
 * that says what to write somewhere else than the diagnostic's span */
void diag_fix(Diag *d, Span at, const char *text);

/* Sorts diagnostics by file, offset, then code (stable). */
/* A point in the engine's reports, to take back what came after it (bscc
 * check loads a team file, then its root file in its place). */
typedef struct DiagMark { int ndiags, nerrors, nwarnings, dropped; } DiagMark;
DiagMark diag_mark(const DiagEngine *de);
void diag_rewind(DiagEngine *de, DiagMark m);

/* Moves the diagnostics of `from` into `to`, in order, as if each had been
 * reported to `to` (its cap on errors applies again; from's dropped errors
 * count as dropped), leaving `from` empty.  For passes run together, each
 * into an engine of its own with `to`'s warning settings and a cap no
 * larger than `to`'s room, appended in the order they would have run
 * (sema.c, kr_passes). */
void diag_append(DiagEngine *to, DiagEngine *from);

void diag_sort(DiagEngine *de);
/* Renders all diagnostics.  color: use ANSI colours (text only). */
void diag_render(DiagEngine *de, FILE *out, DiagFormat fmt, bool color);
/* Whether to colour output to f: mode 1 always, 0 never, -1 auto (a
 * terminal, NO_COLOR unset or empty, TERM not "dumb"). */
bool diag_use_color(int mode, FILE *f);

/* A JSON string for any bytes (jansson refuses invalid UTF-8: such bytes
 * become U+FFFD, control characters are kept escaped); NULL gives null.
 * Used by every --format=json writer for file names and user text. */
struct json_t *diag_json_str(const char *s);

/* Code table lookups. */
const char *diag_code_str(DiagCode c);          /* "E010" */
const char *diag_code_name(DiagCode c);         /* "undefined-name" */
const char *diag_code_summary(DiagCode c);      /* one line */
const char *diag_code_explanation(DiagCode c);
Severity    diag_code_severity(DiagCode c);
/* By "E010", "e010" or name; returns CODE_COUNT when unknown. */
DiagCode    diag_code_lookup(const char *s);

#endif
