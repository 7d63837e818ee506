/* Unit tests for the check-in store (compiler/store*.c), the same tests
 * against both engines: SQLite in a temporary folder, and PostgreSQL when
 * BSCC_TEST_PG holds a libpq connection string (tests/store/run.sh starts
 * a throw-away server and sets it; without it the PostgreSQL tests are
 * skipped, loudly).  Each PostgreSQL test works in a schema of its own,
 * so that tests running in parallel do not see each other's rows. */
#include <criterion/criterion.h>

#include "store.h"
#include "util.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SQ, PG };

/* Where a test's store is: a fresh file, or a fresh schema. */
static const char *fresh(int engine, const char *name, char *buf, size_t n) {
  if (engine == SQ) {
    char dir[] = "/tmp/bscc_store_XXXXXX";
    cr_assert(mkdtemp(dir));
    snprintf(buf, n, "%s/%s.db", dir, name);
    return buf;
  }
  const char *pg = getenv("BSCC_TEST_PG");
  if (!pg || !*pg) cr_skip_test("BSCC_TEST_PG is not set: PostgreSQL store tests skipped (tests/store/run.sh sets it)");
  char schema[64];
  snprintf(schema, sizeof schema, "t_%s_%d", name, (int)getpid());
  PGconn *c = PQconnectdb(pg);
  cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
  char sql[200];
  snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", schema, schema);
  PGresult *r = PQexec(c, sql);
  cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
  snprintf(buf, n, "%s options='-c search_path=%s'", pg, schema);
  return buf;
}

static StoreCheckin row(const char *m, const char *per, double v, int conf, const char *note) {
  return (StoreCheckin){.measure = m, .period = per, .value = v, .unit = "percent", .note = note,
                        .confidence = conf, .who = "ana", .at = "2026-12-01T09:00:00.000Z", .source = "test"};
}

typedef struct Rows { Buf b; int n; } Rows;

static bool collect(void *ctx, const StoreCheckin *c) {
  Rows *r = ctx;
  buf_printf(&r->b, "%lld %s %s %.17g %s %s %d %s %s %s %lld\n", c->id, c->measure, c->period, c->value, c->unit,
             c->note ? c->note : "-", c->confidence, c->who, c->at, c->source, c->superseded_by);
  r->n++;
  return true;
}

static Store *open_ok(const char *where, StoreMode mode) {
  char err[600];
  Store *s = store_open(where, mode, err, sizeof err);
  cr_assert(s, "store_open(%s): %s", where, err);
  return s;
}

static void scan_into(Store *s, const char *m, bool cur, Rows *r) {
  buf_init(&r->b);
  r->n = 0;
  cr_assert(store_scan(s, m, cur, collect, r), "%s", store_error(s));
}

/* ---- the same tests on both engines ------------------------------------ */

static void roundtrip(int e) {
  char w[600];
  fresh(e, "roundtrip", w, sizeof w);
  Store *s = open_ok(w, STORE_WRITE);
  StoreCheckin rows[2] = {row("nps", "2025-Q1", 0.25, 7, "a note, with \"quotes\""), row("csat", "2025-Q1", 4.2, 0, NULL)};
  cr_assert(store_append(s, rows, 2), "%s", store_error(s));
  store_close(s);
  s = open_ok(w, STORE_READ);
  Rows r;
  scan_into(s, NULL, false, &r);
  cr_assert_str_eq(r.b.data, "1 nps 2025-Q1 0.25 percent a note, with \"quotes\" 7 ana 2026-12-01T09:00:00.000Z test 0\n"
                             "2 csat 2025-Q1 4.2000000000000002 percent - 0 ana 2026-12-01T09:00:00.000Z test 0\n");
  buf_free(&r.b);
  store_close(s);
}
Test(store_sqlite, roundtrip) { roundtrip(SQ); }
Test(store_pg, roundtrip) { roundtrip(PG); }

/* A correction is a new row; the latest is current, the history keeps all. */
static void supersede(int e) {
  char w[600];
  fresh(e, "supersede", w, sizeof w);
  Store *s = open_ok(w, STORE_WRITE);
  StoreCheckin a = row("nps", "2025-Q1", 1, 5, "first"), b = row("nps", "2025-Q2", 2, 5, NULL),
               c = row("nps", "2025-Q1", 3, 4, "corrected");
  cr_assert(store_append(s, &a, 1) && store_append(s, &b, 1) && store_append(s, &c, 1), "%s", store_error(s));
  Rows r;
  scan_into(s, "nps", false, &r);
  cr_assert_eq(r.n, 3);
  cr_assert(strstr(r.b.data, "1 nps 2025-Q1 1 percent first 5 ana 2026-12-01T09:00:00.000Z test 3\n"), "%s", r.b.data);
  buf_free(&r.b);
  scan_into(s, NULL, true, &r);
  cr_assert_str_eq(r.b.data, "2 nps 2025-Q2 2 percent - 5 ana 2026-12-01T09:00:00.000Z test 0\n"
                             "3 nps 2025-Q1 3 percent corrected 4 ana 2026-12-01T09:00:00.000Z test 0\n");
  buf_free(&r.b);
  scan_into(s, "other", false, &r);
  cr_assert_eq(r.n, 0);
  buf_free(&r.b);
  store_close(s);
}
Test(store_sqlite, supersede) { supersede(SQ); }
Test(store_pg, supersede) { supersede(PG); }

/* The store itself refuses to change or delete a check-in. */
static void append_only(int e) {
  char w[600];
  fresh(e, "appendonly", w, sizeof w);
  Store *s = open_ok(w, STORE_WRITE);
  StoreCheckin a = row("nps", "2025-Q1", 1, 5, NULL);
  cr_assert(store_append(s, &a, 1));
  cr_assert_not(s->ops->exec(s, "UPDATE checkin SET value = 2"));
  cr_assert(strstr(store_error(s), "append-only"), "%s", store_error(s));
  cr_assert_not(s->ops->exec(s, "DELETE FROM checkin"));
  cr_assert(strstr(store_error(s), "append-only"), "%s", store_error(s));
  Rows r;
  scan_into(s, NULL, false, &r);
  cr_assert_eq(r.n, 1);
  buf_free(&r.b);
  store_close(s);
}
Test(store_sqlite, append_only) { append_only(SQ); }
Test(store_pg, append_only) { append_only(PG); }

/* A batch with one bad row stores nothing. */
static void atomic_batch(int e) {
  char w[600];
  fresh(e, "atomic", w, sizeof w);
  Store *s = open_ok(w, STORE_WRITE);
  StoreCheckin rows[3] = {row("a", "2025-Q1", 1, 5, NULL), row("b", "2025-Q1", 2, 11, NULL), row("c", "2025-Q1", 3, 5, NULL)};
  cr_assert_not(store_append(s, rows, 3));
  cr_assert(strstr(store_error(s), "confidence") || strstr(store_error(s), "CHECK"), "%s", store_error(s));
  Rows r;
  scan_into(s, NULL, false, &r);
  cr_assert_eq(r.n, 0);
  buf_free(&r.b);
  /* and the store is usable afterwards */
  cr_assert(store_append(s, rows, 1), "%s", store_error(s));
  store_close(s);
}
Test(store_sqlite, atomic_batch) { atomic_batch(SQ); }
Test(store_pg, atomic_batch) { atomic_batch(PG); }

/* Values reach SQL as parameters: SQL in a value is only text. */
static void bound(int e) {
  char w[600];
  fresh(e, "bound", w, sizeof w);
  Store *s = open_ok(w, STORE_WRITE);
  const char *evil = "x'); DROP TABLE checkin; --";
  StoreCheckin a = row(evil, "2025-Q1", 1, 5, evil);
  cr_assert(store_append(s, &a, 1), "%s", store_error(s));
  Rows r;
  scan_into(s, evil, false, &r);
  cr_assert_eq(r.n, 1);
  cr_assert(strstr(r.b.data, evil));
  buf_free(&r.b);
  store_close(s);
}
Test(store_sqlite, bound_parameters) { bound(SQ); }
Test(store_pg, bound_parameters) { bound(PG); }

/* Version 0 (nothing) -> 1, each step once; a newer store is refused. */
static void migrations(int e) {
  char w[600], err[600];
  fresh(e, "migrate", w, sizeof w);
  Store *s = store_open_raw(w, STORE_WRITE, err, sizeof err);
  cr_assert(s, "%s", err);
  cr_assert_eq(s->ops->version(s), 0);
  cr_assert(store_migrate(s, 0));
  cr_assert_eq(s->ops->version(s), 0, "a migration to version 0 changes nothing");
  cr_assert(store_migrate(s, 1), "%s", store_error(s));
  cr_assert_eq(s->ops->version(s), 1);
  cr_assert(store_migrate(s, 1), "migrating again is a no-op: %s", store_error(s));
  cr_assert_eq(s->ops->version(s), 1);
  cr_assert_not(store_migrate(s, 0), "a store newer than the target is refused");
  cr_assert(strstr(store_error(s), "schema version 1, but this bscc knows versions up to 0"), "%s", store_error(s));
  cr_assert(s->ops->exec(s, "UPDATE schema_version SET version = 7"));
  store_close(s);
  cr_assert_null(store_open(w, STORE_WRITE, err, sizeof err));
  cr_assert(strstr(err, "schema version 7, but this bscc knows versions up to 1: use a newer bscc"), "%s", err);
  cr_assert_null(store_open(w, STORE_READ, err, sizeof err));
  cr_assert(strstr(err, "schema version 7"), "%s", err);
}
Test(store_sqlite, migrations) { migrations(SQ); }
Test(store_pg, migrations) { migrations(PG); }

/* Reading an empty store says so; reading never creates the schema. */
static void read_empty(int e) {
  char w[600], err[600];
  fresh(e, "empty", w, sizeof w);
  if (e == SQ) { FILE *f = fopen(w, "w"); cr_assert(f); fclose(f); }
  cr_assert_null(store_open(w, STORE_READ, err, sizeof err));
  cr_assert(strstr(err, "the store is empty"), "%s", err);
  Store *s = store_open_raw(w, STORE_READ, err, sizeof err);
  cr_assert(s, "%s", err);
  cr_assert_eq(s->ops->version(s), 0);
  store_close(s);
}
Test(store_sqlite, read_empty) { read_empty(SQ); }
Test(store_pg, read_empty) { read_empty(PG); }

/* ---- one engine only ---------------------------------------------------- */

Test(store_sqlite, hostile_paths) {
  char err[600];
  cr_assert_null(store_open("/nonexistent/x.db", STORE_READ, err, sizeof err));
  cr_assert(strstr(err, "does not exist"), "%s", err);
  cr_assert_null(store_open("/dev/null", STORE_WRITE, err, sizeof err));
  cr_assert(strstr(err, "character device"), "%s", err);
  cr_assert_null(store_open("/tmp", STORE_WRITE, err, sizeof err));
  cr_assert(strstr(err, "directory"), "%s", err);
  char dir[] = "/tmp/bscc_store_XXXXXX", path[600];
  cr_assert(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/fifo", dir);
  cr_assert_eq(mkfifo(path, 0600), 0);
  cr_assert_null(store_open(path, STORE_WRITE, err, sizeof err));
  cr_assert(strstr(err, "FIFO"), "%s", err);
  snprintf(path, sizeof path, "%s/garbage.db", dir);
  FILE *f = fopen(path, "w");
  for (int i = 0; i < 4096; i++) fputc((i * 7919) & 0xff, f);
  fclose(f);
  cr_assert_null(store_open(path, STORE_WRITE, err, sizeof err));
  cr_assert(strstr(err, "not a SQLite database"), "%s", err);
}

Test(store_sqlite, foreign_database) {
  char w[600], err[600];
  fresh(SQ, "foreign", w, sizeof w);
  Store *s = store_open_raw(w, STORE_WRITE, err, sizeof err);
  cr_assert(s->ops->exec(s, "CREATE TABLE orders (id INTEGER)"));
  store_close(s);
  cr_assert_null(store_open(w, STORE_WRITE, err, sizeof err));
  cr_assert(strstr(err, "not a bscc store"), "%s", err);
}

Test(store_pg, no_server) {
  char err[600];
  if (!getenv("BSCC_TEST_PG")) cr_skip_test("BSCC_TEST_PG is not set");
  cr_assert_null(store_open("host=/nonexistent-socket-dir dbname=x connect_timeout=2", STORE_WRITE, err, sizeof err));
  cr_assert(strstr(err, "cannot connect"), "%s", err);
}

Test(store, names) {
  cr_assert(store_is_pg("postgresql://u@h/db"));
  cr_assert(store_is_pg("host=/tmp dbname=x"));
  cr_assert_not(store_is_pg("checkins.db"));
  cr_assert_not(store_is_pg("./postgresql://x"));
}

/* A password never reaches a message. */
Test(store, redact) {
  const char *in[] = {"postgresql://okr:s3cret@db/okr", "host=db password=s3cret dbname=okr",
                      "postgres://okr@db/okr?password=s3cret&sslmode=require", "my:file@x.db"};
  const char *want[] = {"postgresql://okr@db/okr", "host=db password= dbname=okr",
                        "postgres://okr@db/okr?password=&sslmode=require", "my:file@x.db"};
  for (int i = 0; i < 4; i++) {
    char *r = store_redact(in[i]);
    cr_assert_str_eq(r, want[i]);
    free(r);
  }
}
