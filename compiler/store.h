/*
 * store.h - the check-in store: an append-only table of measured values
 * (docs/store.md).  One interface, two engines: SQLite for a file on one
 * machine (store_sqlite.c), PostgreSQL for a company's server
 * (store_pg.c), chosen by the name given: `postgresql://...` or
 * `postgres://...` (or a libpq `key=value` string starting with
 * `host=`/`dbname=`/`service=`) is a server, anything else a file.
 *
 * A check-in row is never updated or deleted (both engines refuse it with
 * a trigger): a correction is a new row, and for one measure and period
 * the row with the highest id is the current one.  Every value a caller
 * gives reaches SQL as a bound parameter, never as SQL text.
 *
 * Every function that can fail returns false (or NULL) and leaves a
 * one-line reason in the Store (store_error) or in the caller's buffer.
 */
#ifndef BSC_STORE_H
#define BSC_STORE_H

#include <stdbool.h>
#include <stddef.h>

/* The schema this bscc writes; a store of a higher version is refused. */
#define STORE_SCHEMA 1
/* The confidence scale, in tenths of a chance (docs/store.md): 1 .. 10; 0 = not given. */
#define STORE_CONF_MIN 1
#define STORE_CONF_MAX 10

typedef struct StoreCheckin {
  long long id;              /* given by the store (scan); ignored by append */
  const char *measure;       /* the key result or KPI, by name */
  const char *period;        /* canonical: 2025-Q1, 2025-H2, 2025-03, 2025 */
  double value;              /* in the measure's unit ... */
  const char *unit;          /* ... which is this (type_str of the measure) */
  const char *note;          /* NULL: none */
  int confidence;            /* 0: not given, else STORE_CONF_MIN..MAX */
  const char *who;
  const char *at;            /* UTC, 2026-12-01T09:30:00.123Z */
  const char *source;        /* "cli", "csv FILE", "import FILE" */
  long long superseded_by;   /* scan only: the id of the correction, or 0 */
} StoreCheckin;

typedef struct Store Store;

typedef enum { STORE_READ, STORE_WRITE } StoreMode;

/* Opens (STORE_WRITE: creating the file and the schema when missing) the
 * store named `where`.  NULL on failure with the reason in err. */
Store *store_open(const char *where, StoreMode mode, char *err, size_t nerr);
void store_close(Store *s);
const char *store_error(const Store *s);
const char *store_engine(const Store *s);   /* "sqlite" or "postgresql" */
/* True when `where` names a PostgreSQL server rather than a file. */
bool store_is_pg(const char *where);
/* The store's name for messages: a connection string without password. */
const char *store_name(const Store *s);
/* The same for a name not opened: malloc'd. */
char *store_redact(const char *where);
/* Does the connection string `where` hold a password (that store_redact removes)? */
bool store_has_password(const char *where);

/* Appends rows[0..n) in one transaction: all land, or none. */
bool store_append(Store *s, const StoreCheckin *rows, int n);

/* Calls fn for each check-in in id order: every one (history), or only
 * the current one of each measure and period.  measure NULL: all
 * measures.  Strings passed to fn live until fn returns.  fn returns false
 * to stop. */
typedef bool (*StoreRowFn)(void *ctx, const StoreCheckin *c);
bool store_scan(Store *s, const char *measure, bool current_only, StoreRowFn fn, void *ctx);

/* ---- for the engines and the unit tests ------------------------------ */

/* One engine: static SQL (DDL, transactions) and the bound statements. */
typedef struct StoreOps {
  const char *engine;
  bool (*exec)(Store *s, const char *sql);          /* static SQL only */
  bool (*begin_write)(Store *s);                    /* a transaction that holds the write lock */
  int (*version)(Store *s);                         /* 0: no schema yet, -1: error */
  bool (*insert)(Store *s, const StoreCheckin *c);
  bool (*scan)(Store *s, const char *measure, bool current_only, StoreRowFn fn, void *ctx);
  void (*close)(Store *s);
  const char *const *migrations;                    /* [v] turns version v into v + 1 */
  int nmigrations;                                  /* = STORE_SCHEMA normally */
} StoreOps;

struct Store {
  const StoreOps *ops;
  char *name;
  char err[512];
};

/* Brings s to version `target` (<= ops->nmigrations) in one transaction
 * per step; refuses a store newer than `target`.  store_open calls it
 * with STORE_SCHEMA. */
bool store_migrate(Store *s, int target);
/* Sets s->err ("%s" style, one argument) and returns false. */
bool store_fail(Store *s, const char *fmt, const char *arg);

Store *store_sqlite_open(const char *path, StoreMode mode, char *err, size_t nerr);
Store *store_pg_open(const char *conninfo, StoreMode mode, char *err, size_t nerr);
/* The test hook: open without migrating (to test migrations). */
Store *store_open_raw(const char *where, StoreMode mode, char *err, size_t nerr);

#endif
