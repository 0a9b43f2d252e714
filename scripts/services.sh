#!/usr/bin/env bash
# Project-local PostgreSQL 15 and Redis on loopback, one pair per profile:
#   run  — for `make run`  (PostgreSQL 55432, Redis 56379), data kept between runs
#   test — for `make test` (PostgreSQL 55433, Redis 56380), tuned for speed, disposable
#
# Usage: scripts/services.sh start|stop|status|env [run|test]
# Installs the Debian packages when they are missing (as root, with apt-get).
set -euo pipefail

ACTION="${1:-status}"
PROFILE="${2:-run}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

case "$PROFILE" in
  run)  PG_PORT="${PI_RUN_PG_PORT:-55432}"; REDIS_PORT="${PI_RUN_REDIS_PORT:-56379}" ;;
  test) PG_PORT="${PI_TEST_PG_PORT:-55433}"; REDIS_PORT="${PI_TEST_REDIS_PORT:-56380}" ;;
  *) echo "services: unknown profile '$PROFILE' (run or test)" >&2; exit 2 ;;
esac

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
DB_NAME=pratiques
DB_USER=pratiques
DB_PASSWORD=pratiques

# PostgreSQL refuses to run as root: as root, clusters run as the `postgres` system
# user and live where that user can reach them (a checkout may sit in a private dir).
if [ "$(id -u)" = 0 ]; then
  STATE_ROOT="${PI_STATE_DIR:-/var/tmp/pratiques-inspirantes/$(printf '%s' "$REPO" | md5sum | cut -c1-10)}"
  as_pg() { runuser -u postgres -- "$@"; }
else
  STATE_ROOT="${PI_STATE_DIR:-$REPO/.local/services}"
  as_pg() { "$@"; }
fi
PG_DATA="$STATE_ROOT/pg-$PROFILE"
PG_LOG="$STATE_ROOT/pg-$PROFILE.log"
REDIS_DIR="$STATE_ROOT/redis-$PROFILE"
REDIS_PID="$STATE_ROOT/redis-$PROFILE.pid"

say() { printf '[services:%s] %s\n' "$PROFILE" "$*"; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "services: missing $*; install it (e.g. sudo apt-get install $*)" >&2
    exit 1
  fi
  say "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_packages() {
  [ -x "$PG_BIN/initdb" ] && [ -f "/usr/share/postgresql/$PG_VERSION/extension/unaccent.control" ] \
    || apt_install "postgresql-$PG_VERSION" "postgresql-contrib"
  command -v redis-server >/dev/null || apt_install redis-server
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }
redis_running() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

init_pg() {
  say "creating a PostgreSQL $PG_VERSION cluster in $PG_DATA"
  mkdir -p "$STATE_ROOT"
  chmod 755 "$STATE_ROOT" 2>/dev/null || true
  mkdir -p "$PG_DATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DATA"
  chmod 700 "$PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $PG_PORT"
    echo "unix_socket_directories = '$PG_DATA'"
    echo "max_connections = 100"
    echo "shared_buffers = 256MB"
    echo "work_mem = 16MB"
    echo "maintenance_work_mem = 256MB"
    if [ "$PROFILE" = test ]; then
      # Disposable data: trade durability for speed.
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

start_pg() {
  [ -f "$PG_DATA/PG_VERSION" ] || init_pg
  if pg_running; then
    say "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    if port_busy "$PG_PORT"; then
      echo "services: port $PG_PORT is used by another process; set PI_${PROFILE^^}_PG_PORT" >&2
      exit 1
    fi
    : >"$PG_LOG"; [ "$(id -u)" = 0 ] && chown postgres "$PG_LOG"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null
    say "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  # Idempotent: role and database for the application (CREATEDB for the test runner).
  as_pg "$PG_BIN/psql" -h "$PG_DATA" -p "$PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD ''$DB_PASSWORD'''
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER')\gexec
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME')\gexec
SQL
}

start_redis() {
  if redis_running; then
    say "Redis already running on 127.0.0.1:$REDIS_PORT"
    return
  fi
  mkdir -p "$REDIS_DIR"
  local persistence=(--save "" --appendonly no)
  [ "$PROFILE" = run ] && persistence=(--save "60 100" --appendonly no)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$REDIS_PID" --dir "$REDIS_DIR" --logfile "$STATE_ROOT/redis-$PROFILE.log" \
    "${persistence[@]}" >/dev/null
  for _ in $(seq 1 50); do redis_running && break; sleep 0.1; done
  redis_running || { echo "services: Redis did not start, see $STATE_ROOT/redis-$PROFILE.log" >&2; exit 1; }
  say "Redis started on 127.0.0.1:$REDIS_PORT"
}

stop_all() {
  if pg_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && say "PostgreSQL stopped"
  fi
  if redis_running; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    say "Redis stopped"
  fi
}

print_env() {
  echo "export DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/1"
}

case "$ACTION" in
  start) ensure_packages; start_pg; start_redis ;;
  stop) stop_all ;;
  status)
    if pg_running; then say "PostgreSQL: running (127.0.0.1:$PG_PORT)"; else say "PostgreSQL: stopped"; fi
    if redis_running; then say "Redis: running (127.0.0.1:$REDIS_PORT)"; else say "Redis: stopped"; fi ;;
  is-running) pg_running && redis_running ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|is-running|env [run|test]" >&2; exit 2 ;;
esac
