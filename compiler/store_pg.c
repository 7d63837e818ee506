/*
 * store_pg.c - the check-in store on a PostgreSQL server (libpq), for a
 * company whose teams check in from many machines.  The same schema as
 * the SQLite store (docs/store.md), in PostgreSQL's types.
 *
 * Every statement with a value in it goes through PQexecParams.  A writer
 * takes a transaction-scoped advisory lock first, so that writers take
 * turns as they do on SQLite: ids then grow in commit order, and "the
 * latest check-in wins" means the same on both engines.  Scans run in
 * single-row mode, so that a store of millions of rows is never held in
 * memory at once.
 */
#include "store.h"
#include "util.h"

#include "dl_pq.h"            /* libpq, loaded when a PostgreSQL store is opened */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct PgStore {
  Store base;
  PGconn *conn;
} PgStore;

#define CONN(s) (((PgStore *)(s))->conn)

/* The server's message, on one line. */
static bool pg_fail(Store *s, const char *msg) {
  if (!msg || !*msg) msg = "the server gave no reason";
  size_t n = 0;
  for (; *msg && n + 1 < sizeof s->err; msg++) {
    char c = *msg == '\n' || *msg == '\t' ? ' ' : *msg;
    if (c != ' ' || (n && s->err[n - 1] != ' ')) s->err[n++] = c;
  }
  while (n && s->err[n - 1] == ' ') n--;
  s->err[n] = 0;
  return false;
}

static bool pg_result(Store *s, PGresult *r, ExecStatusType want) {
  bool ok = r && PQresultStatus(r) == want;
  if (!ok) pg_fail(s, r ? PQresultErrorMessage(r) : PQerrorMessage(CONN(s)));
  PQclear(r);
  return ok;
}

static bool pg_exec(Store *s, const char *sql) { return pg_result(s, PQexec(CONN(s), sql), PGRES_COMMAND_OK); }

/* Any number: the key of bscc's write lock. */
#define PG_LOCK "4242001"

static bool pg_begin_write(Store *s) {
  return pg_exec(s, "BEGIN") && pg_result(s, PQexec(CONN(s), "SELECT pg_advisory_xact_lock(" PG_LOCK ")"), PGRES_TUPLES_OK);
}

/* One integer from static SQL; -1 on error. */
static long long pg_int(Store *s, const char *sql) {
  PGresult *r = PQexec(CONN(s), sql);
  long long v = -1;
  if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
    v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  else if (r && PQresultStatus(r) == PGRES_TUPLES_OK)
    store_fail(s, "%s", "the schema_version table is empty: this is not a bscc store");
  else
    pg_fail(s, r ? PQresultErrorMessage(r) : PQerrorMessage(CONN(s)));
  PQclear(r);
  return v;
}

static int pg_version(Store *s) {
  /* one statement, one snapshot: asked in two, a migration committed in
   * between would show a `checkin` table without its schema_version */
  long long has = pg_int(s, "SELECT count(*) FILTER (WHERE tablename = 'schema_version') * 2"
                            " + count(*) FILTER (WHERE tablename = 'checkin')"
                            " FROM pg_tables WHERE schemaname = current_schema()");
  if (has < 0) return -1;
  if (has == 1) {
    store_fail(s, "%s", "the database has a `checkin` table but no schema_version: it is not a bscc store");
    return -1;
  }
  if (has == 0) return 0;
  long long v = pg_int(s, "SELECT max(version) FROM schema_version");
  return v < 0 || v > 1000000 ? -1 : (int)v;
}

static bool pg_insert(Store *s, const StoreCheckin *c) {
  static const char sql[] =
    "INSERT INTO checkin (measure, period, value, unit, note, confidence, who, at, source) "
    "VALUES ($1, $2, $3::float8, $4, $5, $6::int, $7, $8, $9)";
  char vbuf[40], cbuf[16];
  snprintf(vbuf, sizeof vbuf, "%.17g", c->value);
  snprintf(cbuf, sizeof cbuf, "%d", c->confidence);
  const char *v[9] = {c->measure, c->period, vbuf, c->unit, c->note, c->confidence ? cbuf : NULL, c->who, c->at, c->source};
  return pg_result(s, PQexecParams(CONN(s), sql, 9, NULL, v, NULL, NULL, 0), PGRES_COMMAND_OK);
}

static const char *val(PGresult *r, int col) { return PQgetisnull(r, 0, col) ? NULL : PQgetvalue(r, 0, col); }

static bool pg_scan(Store *s, const char *measure, bool current_only, StoreRowFn fn, void *ctx) {
  static const char history[] =
    "SELECT id, measure, period, value, unit, note, confidence, who, at, source, "
    "(SELECT min(n.id) FROM checkin n WHERE n.measure = c.measure AND n.period = c.period AND n.id > c.id) "
    "FROM checkin c WHERE ($1::text IS NULL OR c.measure = $1) ORDER BY c.id";
  static const char current[] =
    "SELECT id, measure, period, value, unit, note, confidence, who, at, source, NULL "
    "FROM checkin c WHERE c.id IN "
    "(SELECT max(id) FROM checkin WHERE $1::text IS NULL OR measure = $1 GROUP BY measure, period) ORDER BY c.id";
  const char *params[1] = {measure};
  if (!PQsendQueryParams(CONN(s), current_only ? current : history, 1, NULL, params, NULL, NULL, 0) ||
      !PQsetSingleRowMode(CONN(s)))
    return pg_fail(s, PQerrorMessage(CONN(s)));
  bool ok = true, go = true;
  PGresult *r;
  while ((r = PQgetResult(CONN(s)))) {
    ExecStatusType t = PQresultStatus(r);
    if (t == PGRES_SINGLE_TUPLE && go && ok) {
      StoreCheckin c = {
        .id = strtoll(PQgetvalue(r, 0, 0), NULL, 10), .measure = val(r, 1), .period = val(r, 2),
        .value = strtod(PQgetvalue(r, 0, 3), NULL), .unit = val(r, 4), .note = val(r, 5),
        .confidence = val(r, 6) ? atoi(val(r, 6)) : 0, .who = val(r, 7), .at = val(r, 8), .source = val(r, 9),
        .superseded_by = val(r, 10) ? strtoll(val(r, 10), NULL, 10) : 0,
      };
      go = fn(ctx, &c);
    } else if (t != PGRES_SINGLE_TUPLE && t != PGRES_TUPLES_OK && ok) {
      ok = pg_fail(s, PQresultErrorMessage(r));
    }
    PQclear(r);   /* the rest of the rows are read and dropped: the connection must be idle again */
  }
  return ok;
}

static void pg_close(Store *s) {
  PQfinish(CONN(s));
  free(s);
}

static const char v1[] =
  "CREATE TABLE schema_version (version INTEGER NOT NULL);"
  "INSERT INTO schema_version VALUES (1);"
  "CREATE TABLE checkin ("
  " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  " measure TEXT NOT NULL, period TEXT NOT NULL,"
  " value DOUBLE PRECISION NOT NULL, unit TEXT NOT NULL,"
  " note TEXT,"
  " confidence INTEGER CHECK (confidence IS NULL OR confidence BETWEEN 1 AND 10),"
  " who TEXT NOT NULL, at TEXT NOT NULL, source TEXT NOT NULL);"
  "CREATE INDEX checkin_key ON checkin (measure, period, id);"
  "CREATE FUNCTION checkin_append_only() RETURNS trigger LANGUAGE plpgsql AS"
  " $$ BEGIN RAISE EXCEPTION 'check-ins are append-only: record a correction instead'; END $$;"
  "CREATE TRIGGER checkin_no_change BEFORE UPDATE OR DELETE ON checkin"
  " FOR EACH ROW EXECUTE FUNCTION checkin_append_only();"
  "CREATE TRIGGER checkin_no_truncate BEFORE TRUNCATE ON checkin"
  " FOR EACH STATEMENT EXECUTE FUNCTION checkin_append_only();";
static const char *const pg_migrations[] = {v1};

static const StoreOps pg_ops = {
  "postgresql", pg_exec, pg_begin_write, pg_version, pg_insert, pg_scan, pg_close, pg_migrations, 1,
};

static void quiet(void *arg, const char *msg) { (void)arg; (void)msg; }

Store *store_pg_open(const char *conninfo, StoreMode mode, char *err, size_t nerr) {
  char *why = NULL;
  if (!dl_pq_load(&why)) {
    snprintf(err, nerr, "%s", why);
    free(why);
    return NULL;
  }
  PgStore *q = bsc_calloc(1, sizeof *q);
  Store *s = &q->base;
  s->ops = &pg_ops;
  s->name = store_redact(conninfo);
  q->conn = PQconnectdb(conninfo);
  bool ok = q->conn && PQstatus(q->conn) == CONNECTION_OK;
  if (!ok) {
    pg_fail(s, q->conn ? PQerrorMessage(q->conn) : "out of memory");
    snprintf(err, nerr, "cannot connect: %s", s->err);
  } else {
    PQsetNoticeProcessor(q->conn, quiet, NULL);
    /* a reader never writes, even by mistake */
    if (mode == STORE_READ && !pg_exec(s, "SET default_transaction_read_only = on")) {
      ok = false;
      snprintf(err, nerr, "%s", s->err);
    }
  }
  if (!ok) {
    store_close(s);
    return NULL;
  }
  return s;
}
