/*
 * actuals.h - the measured values of key results and KPIs.
 *
 * An ActualSet holds every actual of a compilation: the check-ins of the
 * .bsc files (`actuals PERIOD { kr value }`, resolved by sema into
 * Checkin.value_v) and the rows of CSV files given with `--data`
 * (`period,kr,value[,unit]`, RFC 4180, with a header; parsed with libcsv).
 * Every value is stored in the unit of its key result or KPI, converted
 * with the types module.
 *
 * A CSV row that cannot be used is an error (E090) that names the row and
 * the problem; a value given twice for one measure and one period is an
 * error (E091) with a note at the first value.  Nothing is dropped
 * silently.  docs/semantics.md §2 gives the exact rules.
 */
#ifndef BSC_ACTUALS_H
#define BSC_ACTUALS_H

#include "program.h"

typedef struct Actual {
  KR *m;                     /* the key result or KPI */
  Period period;             /* as written: the cadence's kind or finer */
  double value;              /* in m's unit */
  Span span;                 /* the check-in or the CSV row */
  Span name_span;            /* the measure's name in it */
  bool csv;                  /* from a CSV file (else a check-in) */
} Actual;

typedef struct ActualSet {
  Actual *items; int n, cap;
  /* duplicate detection: open addressing on (measure, period) */
  int *slots; size_t nslots;
  const char **files; int nfiles;   /* CSV files loaded, as given (malloc'd) */
} ActualSet;

void actuals_init(ActualSet *s);
void actuals_free(ActualSet *s);

/* Adds the check-ins of the program's `actuals` blocks (after
 * sema_check).  Check-ins sema rejected are skipped: they are errors
 * already. */
void actuals_add_program(Program *p, ActualSet *s);

/* Reads a CSV file of actuals and adds its rows.  Problems are reported to
 * p->de (the file becomes a source of the engine, so diagnostics point
 * into it).  Returns false only when the file cannot be read (why in *e:
 * it must be a regular file of at most FILE_MAX_TEXT bytes). */
bool actuals_load_csv(Program *p, ActualSet *s, const char *path, FileErr *e);
/* The same for CSV text in memory; takes a copy of text. */
void actuals_load_csv_text(Program *p, ActualSet *s, const char *path, const char *text, size_t len);

/* Parses a period as written in .bsc: 2025-Q1, 2025-q1, 2025-H2, 2025-03,
 * 2025.  Returns false when malformed (quarter 1-4, half 1-2, month
 * 1-12). */
bool actuals_parse_period(const char *s, size_t n, Period *out);
/* "2025-Q1", "2025-H2", "2025-03", "2025" into buf. */
const char *actuals_period_str(Period p, char *buf, size_t n);

#endif
