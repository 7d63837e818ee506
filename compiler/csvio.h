/*
 * csvio.h - CSV in and out.  Files (RFC 4180, read with libcsv) as rows of
 * fields that know where they stand in the file, so that every problem a caller finds
 * in a field is reported at file:line:col like a problem in a .bsc file.
 *
 * Shared by the actuals reader (`bscc score --data`) and the portfolio
 * reader (`bscc sim --portfolios`): both get the same checks of the file
 * itself — no NUL byte (with a guess at UTF-16 or binary), valid UTF-8, a
 * byte-order mark skipped (spreadsheets write one), blank lines skipped,
 * quotes closed — and the same messages for them (docs/robustness.md).
 */
#ifndef BSC_CSVIO_H
#define BSC_CSVIO_H

#include "diag.h"
#include "util.h"

/* Fields past this many in a row are counted, not kept. */
#define CSVIO_MAX_FIELDS 16

typedef struct CsvField {
  char *text;                /* unquoted, spaces around it trimmed, NUL-terminated */
  size_t len;
  Span span;                 /* the field's text in the file, without the trimmed spaces */
} CsvField;

typedef struct CsvRow {
  CsvField f[CSVIO_MAX_FIELDS];
  int n;                     /* fields kept */
  int nfields;               /* fields in the row, kept or not */
  Span span;                 /* the whole row, up to its line end */
  int index;                 /* 0 for the first row (the header), then 1, 2, ... */
} CsvRow;

/* Called once a row; returns false to stop reading (e.g. a bad header). */
typedef bool (*CsvRowFn)(void *ctx, const CsvRow *row);

/* Reads source `file` of de (added with diag_add_source) row by row.
 * Problems of the file itself are reported with `code`: what names the
 * kind of file in messages ("actuals file", "portfolio file").  Returns the
 * number of rows passed to fn, or -1 after such a problem. */
int csvio_read(DiagEngine *de, int file, DiagCode code, const char *what, CsvRowFn fn, void *ctx);

/* Text of a file quoted in a message: cut, at a character boundary, after
 * CSVIO_SHOWN_MAX bytes, with "…" (a field can be megabytes long).
 * text is n bytes; the result is NUL-terminated, in out. */
#define CSVIO_SHOWN_MAX 40
typedef struct CsvShown { char s[CSVIO_SHOWN_MAX + sizeof "…"]; } CsvShown;
const char *csvio_shown(const char *text, size_t n, CsvShown *out);

/* Writing, for every --format=csv: a field, RFC 4180 quoted when it must be
 * (NULL writes an empty field), and a number as the shortest decimal that
 * reads back as the same double ("0.25", "1", "2200000000"; a non-finite
 * value as an empty field). */
void csvio_put_field(Buf *b, const char *s);
void csvio_put_num(Buf *b, double v);

#endif
