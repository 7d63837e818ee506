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

#include "csvio.h"
#include "program.h"

/* The confidence of a check-in: 1 (the target will surely be missed) ..
 * 10 (it will surely be met); docs/store.md.  0 in an Actual: not given. */
#define ACTUALS_CONF_MIN 1
#define ACTUALS_CONF_MAX 10
#define ACTUALS_NOTE_MAX 2000   /* bytes */
#define ACTUALS_WHO_MAX 200

typedef struct Actual {
  KR *m;                     /* the key result or KPI */
  Period period;             /* as written: the cadence's kind or finer */
  double value;              /* in m's unit */
  Span span;                 /* the check-in or the CSV row */
  Span name_span;            /* the measure's name in it */
  bool csv;                  /* from a CSV file or a store (else an `actuals` block) */
  const char *note;          /* the check-in's note, or NULL (owned by the set) */
  int confidence;            /* ACTUALS_CONF_MIN..MAX, 0 when not given */
  const char *who;           /* who checked in, or NULL (owned by the set) */
  int member;                /* a breakdown member's index (`response.north`); -1: the measure */
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

/* One row to check, from a CSV file or from `bscc checkin`'s arguments:
 * each field's text and where it stands (unit .. who may be NULL). */
typedef struct ActualFields {
  const CsvField *period, *kr, *value, *unit, *note, *confidence, *who;
  Span span;                 /* the whole row */
} ActualFields;

/* Checks one row exactly as a row of an actuals file is checked
 * (docs/semantics.md §2): the period, the measure, the value and its
 * unit, the check-in fields, and a second value for the same measure and
 * period in s.  Reports each problem to p->de and returns false; else
 * fills *out (its strings still the fields') and returns true. */
bool actuals_check(Program *p, const ActualSet *s, const ActualFields *f, Actual *out);
/* Adds a checked actual; the set takes copies of its strings. */
void actuals_add(ActualSet *s, const Actual *a);

/* E177 for every measure and period with values for some members of its
 * breakdown but not all (at the first member's value); false when any.
 * Run once every value is in the set (docs/semantics.md §4.2). */
bool actuals_check_members(Program *p, const ActualSet *s);

/* Parses a period as written in .bsc: 2025-Q1, 2025-q1, 2025-H2, 2025-03,
 * 2025.  Returns false when malformed (quarter 1-4, half 1-2, month
 * 1-12). */
bool actuals_parse_period(const char *s, size_t n, Period *out);
/* "2025-Q1", "2025-H2", "2025-03", "2025" into buf. */
const char *actuals_period_str(Period p, char *buf, size_t n);

#endif
