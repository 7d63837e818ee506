/*
 * store_sqlite.c - the check-in store in a SQLite file (Debian's
 * libsqlite3).  WAL mode, so that readers never block the writer;
 * synchronous=FULL, so that a completed check-in survives a power cut as
 * well as a killed process; a busy timeout, so that concurrent writers
 * wait for each other instead of failing; BEGIN IMMEDIATE, so that a
 * writer takes the write lock before it reads anything (a read lock
 * upgraded later can fail at once, without waiting).
 *
 * The path is checked like every file bscc opens (docs/robustness.md):
 * only a regular file, never a FIFO or a device; the size bound of
 * file_read does not apply (a store grows for years).
 */
#include "store.h"
#include "util.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct SqStore {
  Store base;
  sqlite3 *db;
} SqStore;

#define DB(s) (((SqStore *)(s))->db)

/* A reason in words for the codes a user can meet, then SQLite's own. */
static bool sq_fail(Store *s, int rc) {
  const char *msg = DB(s) ? sqlite3_errmsg(DB(s)) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
  case SQLITE_NOTADB:
    snprintf(s->err, sizeof s->err, "it is not a SQLite database, or it is corrupt (%s)", msg); break;
  case SQLITE_CORRUPT:
    snprintf(s->err, sizeof s->err, "the database is corrupt (%s): restore it from a backup", msg); break;
  case SQLITE_BUSY: case SQLITE_LOCKED:
    snprintf(s->err, sizeof s->err, "the store is locked by another process and stayed locked (%s)", msg); break;
  case SQLITE_READONLY:
    snprintf(s->err, sizeof s->err, "the store cannot be written (%s): check its permissions and its folder's", msg); break;
  case SQLITE_CANTOPEN:
    snprintf(s->err, sizeof s->err, "cannot open it (%s%s%s)", msg, errno ? ": " : "", errno ? strerror(errno) : ""); break;
  case SQLITE_FULL:
    snprintf(s->err, sizeof s->err, "the disk is full (%s)", msg); break;
  default:
    snprintf(s->err, sizeof s->err, "%s", msg); break;
  }
  return false;
}

static bool sq_exec(Store *s, const char *sql) {
  int rc = sqlite3_exec(DB(s), sql, NULL, NULL, NULL);
  return rc == SQLITE_OK || sq_fail(s, rc);
}

static bool sq_begin_write(Store *s) { return sq_exec(s, "BEGIN IMMEDIATE"); }

/* One integer from static SQL; -1 on error. */
static long long sq_int(Store *s, const char *sql) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(DB(s), sql, -1, &st, NULL);
  if (rc != SQLITE_OK) { sq_fail(s, rc); return -1; }
  rc = sqlite3_step(st);
  long long v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) sq_fail(s, rc);
  else if (rc == SQLITE_DONE) store_fail(s, "%s", "the schema_version table is empty: this is not a bscc store");
  sqlite3_finalize(st);
  return v;
}

static int sq_version(Store *s) {
  /* one statement, one snapshot (see store_pg.c) */
  long long has = sq_int(s, "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version')"
                            " * 1000000 + (SELECT count(*) FROM sqlite_master)");
  if (has < 0) return -1;
  if (has > 0 && has < 1000000) {
    store_fail(s, "%s", "it is a SQLite database but not a bscc store (it has tables, but no schema_version)");
    return -1;
  }
  if (has == 0) return 0;
  long long v = sq_int(s, "SELECT max(version) FROM schema_version");
  return v < 0 || v > 1000000 ? -1 : (int)v;
}

static void bind_text(sqlite3_stmt *st, int i, const char *t) {
  if (t) sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

static bool sq_insert(Store *s, const StoreCheckin *c) {
  static const char sql[] =
    "INSERT INTO checkin (measure, period, value, unit, note, confidence, who, at, source) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(DB(s), sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return sq_fail(s, rc);
  bind_text(st, 1, c->measure);
  bind_text(st, 2, c->period);
  sqlite3_bind_double(st, 3, c->value);
  bind_text(st, 4, c->unit);
  bind_text(st, 5, c->note);
  if (c->confidence) sqlite3_bind_int(st, 6, c->confidence);
  else sqlite3_bind_null(st, 6);
  bind_text(st, 7, c->who);
  bind_text(st, 8, c->at);
  bind_text(st, 9, c->source);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || sq_fail(s, rc);
}

static const char *col_text(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

static bool sq_scan(Store *s, const char *measure, bool current_only, StoreRowFn fn, void *ctx) {
  /* superseded_by: the next check-in of the same measure and period.
   * The current ones: the max(id) of each pair, found in the index alone,
   * so that only those rows are read (not every row of the table) */
  static const char history[] =
    "SELECT id, measure, period, value, unit, note, confidence, who, at, source, "
    "(SELECT min(n.id) FROM checkin n WHERE n.measure = c.measure AND n.period = c.period AND n.id > c.id) "
    "FROM checkin c WHERE (?1 IS NULL OR c.measure = ?1) ORDER BY c.id";
  static const char current[] =
    "SELECT id, measure, period, value, unit, note, confidence, who, at, source, NULL "
    "FROM checkin c WHERE c.id IN "
    "(SELECT max(id) FROM checkin WHERE ?1 IS NULL OR measure = ?1 GROUP BY measure, period) ORDER BY c.id";
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(DB(s), current_only ? current : history, -1, &st, NULL);
  if (rc != SQLITE_OK) return sq_fail(s, rc);
  bind_text(st, 1, measure);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    StoreCheckin c = {
      .id = sqlite3_column_int64(st, 0), .measure = col_text(st, 1), .period = col_text(st, 2),
      .value = sqlite3_column_double(st, 3), .unit = col_text(st, 4), .note = col_text(st, 5),
      .confidence = sqlite3_column_int(st, 6), .who = col_text(st, 7), .at = col_text(st, 8),
      .source = col_text(st, 9), .superseded_by = sqlite3_column_int64(st, 10),
    };
    if (!c.measure || !c.period || !c.unit || !c.who || !c.at || !c.source) {
      sqlite3_finalize(st);
      return store_fail(s, "%s", "a check-in row has an empty required column: the store was changed outside bscc");
    }
    if (!fn(ctx, &c)) { rc = SQLITE_DONE; break; }
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || sq_fail(s, rc);
}

static void sq_close(Store *s) {
  sqlite3_close(DB(s));
  free(s);
}

/* Version 0 -> 1: the first schema (docs/store.md). */
static const char v1[] =
  "CREATE TABLE schema_version (version INTEGER NOT NULL);"
  "INSERT INTO schema_version VALUES (1);"
  "CREATE TABLE checkin ("
  " id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " measure TEXT NOT NULL, period TEXT NOT NULL,"
  " value REAL NOT NULL, unit TEXT NOT NULL,"
  " note TEXT,"
  " confidence INTEGER CHECK (confidence IS NULL OR confidence BETWEEN 1 AND 10),"
  " who TEXT NOT NULL, at TEXT NOT NULL, source TEXT NOT NULL);"
  "CREATE INDEX checkin_key ON checkin (measure, period, id);"
  "CREATE TRIGGER checkin_no_update BEFORE UPDATE ON checkin"
  " BEGIN SELECT RAISE(ABORT, 'check-ins are append-only: record a correction instead'); END;"
  "CREATE TRIGGER checkin_no_delete BEFORE DELETE ON checkin"
  " BEGIN SELECT RAISE(ABORT, 'check-ins are append-only: record a correction instead'); END;";
static const char *const sq_migrations[] = {v1};

static const StoreOps sq_ops = {
  "sqlite", sq_exec, sq_begin_write, sq_version, sq_insert, sq_scan, sq_close, sq_migrations, 1,
};

/* The wait for a lock: BSCC_STORE_TIMEOUT_MS, default 30 s. */
static int busy_ms(void) {
  const char *e = getenv("BSCC_STORE_TIMEOUT_MS");
  long v;
  char *end;
  if (!e || !*e) return 30000;
  v = strtol(e, &end, 10);
  return *end || v < 0 || v > 3600000 ? 30000 : (int)v;
}

/* journal_mode = WAL on a store still in rollback mode needs the
 * exclusive lock, and SQLite answers BUSY at once, without calling the
 * busy handler, when two connections that both read the schema want it
 * (waiting would deadlock them).  This happens when several first
 * check-ins create one store together (tests/store/run.sh, 8 writers).
 * So the change is retried here, within the same time limit as any other
 * wait for the lock; once one process has set WAL, the pragma is a
 * no-op for the others. */
static bool sq_set_wal(Store *s) {
  int waited = 0, limit = busy_ms();
  for (unsigned step = 1;; step = step < 32 ? step * 2 : 32) {
    int rc = sqlite3_exec(DB(s), "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    if ((rc & 0xff) != SQLITE_BUSY || waited >= limit) return rc == SQLITE_OK || sq_fail(s, rc);
    usleep(step * 1000u);
    waited += (int)step;
  }
}

/* Only a regular file (or nothing yet, when writing). */
static bool check_path(const char *path, StoreMode mode, char *err, size_t nerr) {
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno == ENOENT && mode == STORE_WRITE) return true;
    if (errno == ENOENT) snprintf(err, nerr, "it does not exist (record a check-in with `bscc checkin` to create it)");
    else snprintf(err, nerr, "%s", strerror(errno));
    return false;
  }
  FileErr fe;
  int fd = file_open_regular(path, &fe);
  if (fd < 0) {
    char why[128];
    snprintf(err, nerr, "%s", file_err_text(&fe, why, sizeof why));
    return false;
  }
  close(fd);
  return true;
}

Store *store_sqlite_open(const char *path, StoreMode mode, char *err, size_t nerr) {
  if (!check_path(path, mode, err, nerr)) return NULL;
  SqStore *q = bsc_calloc(1, sizeof *q);
  Store *s = &q->base;
  s->ops = &sq_ops;
  s->name = bsc_strdup(path);
  int flags = (mode == STORE_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
              SQLITE_OPEN_NOMUTEX;
  errno = 0;
  int rc = sqlite3_open_v2(path, &q->db, flags, NULL);
  bool ok = rc == SQLITE_OK || sq_fail(s, rc);
  if (ok) {
    sqlite3_extended_result_codes(q->db, 0);
    sqlite3_busy_timeout(q->db, busy_ms());
    /* journal_mode needs no transaction; on a read-only store WAL is
     * already set (it is kept in the file) */
    ok = sq_exec(s, "PRAGMA foreign_keys = ON") && (mode == STORE_READ || sq_set_wal(s)) &&
         sq_exec(s, "PRAGMA synchronous = FULL");
  }
  if (!ok) {
    snprintf(err, nerr, "%s", s->err);
    store_close(s);
    return NULL;
  }
  return s;
}
