# pg.sh - sourced by the store tests: starts a throw-away PostgreSQL
# cluster (Debian's postgresql-15) in a temporary folder, listening only
# on a Unix socket there, and sets BSCC_TEST_PG to its connection string.
# pg_stop (called from the caller's trap) stops it and removes the folder.
#
# The server refuses to run as root, so as root it runs as the `postgres`
# user the package creates.  When it cannot be started, pg_start returns 1
# after saying why; under CI=true the caller must then fail, not skip.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_DIR=
BSCC_TEST_PG=

pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
    echo "store: no PostgreSQL server in $PGBIN (Debian: apt-get install postgresql)"; return 1
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "store: running as root, but there is no \`postgres\` user to run the server as"; return 1
  fi
  PG_DIR=$(mktemp -d /tmp/bscc_pg.XXXXXX) || return 1
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  if ! pg_run "$PGBIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync -E UTF8 --locale=C > "$PG_DIR/initdb.log" 2>&1; then
    echo "store: initdb failed:"; cat "$PG_DIR/initdb.log"; return 1
  fi
  # fsync stays on: the kill tests are about durability
  if ! pg_run "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
       -o "-k $PG_DIR -c listen_addresses= -p 5432 -c max_connections=40" start > /dev/null 2>&1; then
    echo "store: the PostgreSQL server did not start:"; cat "$PG_DIR/server.log"; return 1
  fi
  BSCC_TEST_PG="host=$PG_DIR port=5432 user=postgres dbname=postgres"
  export BSCC_TEST_PG
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  pg_run "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop > /dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=
}

# A fresh database on the server, as a connection string (for one test).
pg_fresh_db() {
  pg_run "$PGBIN/createdb" -h "$PG_DIR" -U postgres "$1" > /dev/null || return 1
  echo "host=$PG_DIR port=5432 user=postgres dbname=$1"
}
