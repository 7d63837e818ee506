/*
 * store.c - what both check-in stores share: choosing the engine, the
 * migration framework (docs/store.md, "Schema versions") and the
 * all-or-nothing append.  The engines only run SQL.
 */
#include "store.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool store_is_pg(const char *w) {
  static const char *const pre[] = {"postgresql://", "postgres://", "host=", "dbname=", "service=", "user="};
  for (size_t i = 0; i < sizeof pre / sizeof *pre; i++)
    if (!strncmp(w, pre[i], strlen(pre[i]))) return true;
  return false;
}

char *store_redact(const char *where) {
  char *n = bsc_strdup(where);
  if (!store_is_pg(where)) return n;
  /* postgresql://user:PASSWORD@host/... */
  char *sch = strstr(n, "://");
  char *at = sch ? strchr(sch + 3, '@') : NULL;
  char *colon = sch ? strchr(sch + 3, ':') : NULL;
  if (at && colon && colon < at) memmove(colon, at, strlen(at) + 1);
  /* password=PASSWORD, as a key=value pair or a URI parameter */
  for (char *pw = strstr(n, "password="); pw; pw = strstr(pw + 9, "password=")) {
    char *end = pw + 9;
    while (*end && *end != ' ' && *end != '&') end++;
    memmove(pw + 9, end, strlen(end) + 1);
  }
  return n;
}

bool store_has_password(const char *where) {
  char *r = store_redact(where);
  bool has = strcmp(r, where) != 0;
  free(r);
  return has;
}

bool store_fail(Store *s, const char *fmt, const char *arg) {
  snprintf(s->err, sizeof s->err, fmt, arg);
  return false;
}

const char *store_error(const Store *s) { return s->err; }
const char *store_engine(const Store *s) { return s->ops->engine; }
const char *store_name(const Store *s) { return s->name; }

Store *store_open_raw(const char *where, StoreMode mode, char *err, size_t nerr) {
  if (!*where) { snprintf(err, nerr, "the store name is empty"); return NULL; }
  return store_is_pg(where) ? store_pg_open(where, mode, err, nerr) : store_sqlite_open(where, mode, err, nerr);
}

/* The version a store must not exceed is checked before anything is
 * written: a newer bscc may have changed what the rows mean. */
static bool too_new(Store *s, int v, int target) {
  if (v <= target) return false;
  snprintf(s->err, sizeof s->err,
           "the store has schema version %d, but this bscc knows versions up to %d: use a newer bscc", v, target);
  return true;
}

/* Rolls back after a failure, keeping the failure's reason; false. */
static bool rollback(Store *s) {
  char saved[sizeof s->err];
  memcpy(saved, s->err, sizeof saved);
  s->ops->exec(s, "ROLLBACK");
  memcpy(s->err, saved, sizeof saved);
  return false;
}

bool store_migrate(Store *s, int target) {
  int v = s->ops->version(s);
  if (v < 0 || too_new(s, v, target)) return false;
  while (v < target) {
    /* the write lock first, then the version again: another process may
     * have migrated the store in between */
    if (!s->ops->begin_write(s)) return false;
    int now = s->ops->version(s);
    if (now < 0 || too_new(s, now, target)) return rollback(s);
    if (now == v && !s->ops->exec(s, s->ops->migrations[v])) {
      char why[sizeof s->err];
      memcpy(why, s->err, sizeof why);
      snprintf(s->err, sizeof s->err, "cannot migrate the store from version %d to %d: %.400s", v, v + 1, why);
      return rollback(s);
    }
    if (!s->ops->exec(s, "COMMIT")) return rollback(s);
    v = s->ops->version(s);
    if (v < 0) return false;
  }
  return true;
}

Store *store_open(const char *where, StoreMode mode, char *err, size_t nerr) {
  Store *s = store_open_raw(where, mode, err, nerr);
  if (!s) return NULL;
  bool ok;
  if (mode == STORE_WRITE) {
    ok = store_migrate(s, STORE_SCHEMA);
  } else {
    /* reading never changes a store: an older one is read as it is only
     * when it is current (there is one version so far) */
    int v = s->ops->version(s);
    ok = v >= 0 && !too_new(s, v, STORE_SCHEMA);
    if (ok && v < STORE_SCHEMA)
      ok = store_fail(s, "%s", v == 0 ? "the store is empty: it holds no check-ins yet (record one with `bscc checkin`)"
                                      : "the store has an older schema: run `bscc checkin` once to migrate it");
  }
  if (!ok) {
    snprintf(err, nerr, "%s", s->err);
    store_close(s);
    return NULL;
  }
  return s;
}

void store_close(Store *s) {
  if (!s) return;
  char *name = s->name;
  s->ops->close(s);
  free(name);
}

bool store_append(Store *s, const StoreCheckin *rows, int n) {
  if (!s->ops->begin_write(s)) return false;
  for (int i = 0; i < n; i++)
    if (!s->ops->insert(s, &rows[i])) return rollback(s);
  return s->ops->exec(s, "COMMIT") || rollback(s);
}

bool store_scan(Store *s, const char *measure, bool current_only, StoreRowFn fn, void *ctx) {
  return s->ops->scan(s, measure, current_only, fn, ctx);
}
