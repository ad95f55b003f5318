#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for twofold's tests and prints the line
# that points the tests at it. Meant for a bare Debian machine, run as root:
#
#   eval "$(bash scripts/ci-postgres.sh)"
#
# Only the `export TWOFOLD_TEST_DATABASE_URL=...` line goes to stdout, so that
# eval sees nothing else; every log line goes to stderr. Running it again
# reuses the cluster (and its password) when it is still there.
#
# Settings (environment variables, all optional):
#   TWOFOLD_PG_PORT  TCP port on 127.0.0.1 (default 55432)
#   TWOFOLD_PG_DIR   cluster directory (default /tmp/twofold-ci-postgres; its parent
#                    must be reachable by the postgres user, so not $TMPDIR)
set -euo pipefail

# Keep the real stdout for the export line; everything else goes to stderr.
exec 3>&1 1>&2

port="${TWOFOLD_PG_PORT:-55432}"
cluster_dir="${TWOFOLD_PG_DIR:-/tmp/twofold-ci-postgres}"
data_dir="$cluster_dir/data"
socket_dir="$cluster_dir/socket"
password_file="$cluster_dir/password"
role="twofold"
database="twofold_test"

log() { printf 'ci-postgres: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ "$port" =~ ^[0-9]+$ ]] || die "TWOFOLD_PG_PORT must be a number, got '$port'"
[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and switches to the postgres user)"

find_bin_dir() {
  # The newest installed major version wins.
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    printf '%s\n' "$dir"
  fi
}

bin_dir="$(find_bin_dir)"
if [ -z "$bin_dir" ]; then
  log "PostgreSQL not found; installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin_dir="$(find_bin_dir)"
  [ -n "$bin_dir" ] || die "apt-get installed postgresql but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
fi
log "using $bin_dir"

id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres

as_postgres() {
  # cd / so that the postgres user never trips over root's working directory.
  # 3>&- matters: a server that inherited the stdout kept on fd 3 would hold
  # the pipe of `eval "$(...)"` open, and the caller would wait forever.
  (cd / && runuser -u postgres -- "$@" 3>&-)
}

mkdir -p "$cluster_dir"
chown postgres: "$cluster_dir"
chmod 700 "$cluster_dir"

if [ ! -s "$password_file" ]; then
  # URL-safe random password: the URL below needs no escaping.
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$password_file"
  chmod 600 "$password_file"
fi
password="$(cat "$password_file")"

if [ ! -f "$data_dir/PG_VERSION" ]; then
  log "initialising a cluster in $data_dir"
  rm -rf "$data_dir"
  install -d -o postgres -g postgres -m 700 "$data_dir" "$socket_dir"
  as_postgres "$bin_dir/initdb" -D "$data_dir" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >&2
fi
install -d -o postgres -g postgres -m 700 "$socket_dir"

if as_postgres "$bin_dir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
  log "server already running"
else
  log "starting the server on 127.0.0.1:$port"
  # fsync and friends are off: the data is disposable and the tests get faster.
  as_postgres "$bin_dir/pg_ctl" -D "$data_dir" -l "$cluster_dir/server.log" -w -t 60 \
    -o "-p $port -k $socket_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$cluster_dir/server.log" >&2 || true; die "the server did not start"; }
fi

psql_admin() {
  as_postgres "$bin_dir/psql" -h "$socket_dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$role'")" = "1" ]; then
  psql_admin -c "alter role $role with login password '$password'" >&2
else
  psql_admin -c "create role $role with login password '$password'" >&2
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = '$database'")" != "1" ]; then
  # A linguistic default collation (ICU en-US), as on many production servers,
  # so that tests notice any ordering that silently depends on the collation.
  psql_admin -c "create database $database owner $role template template0 locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'" >&2 \
    || psql_admin -c "create database $database owner $role" >&2
fi

url="postgres://$role:$password@127.0.0.1:$port/$database"
# The tests connect over TCP with the password: check exactly that path now.
PGCONNECT_TIMEOUT=10 "$bin_dir/psql" "$url" -v ON_ERROR_STOP=1 -qtA -c 'select 1' >/dev/null \
  || die "cannot connect as $role over TCP"
log "ready: $role@127.0.0.1:$port/$database"

printf "export TWOFOLD_TEST_DATABASE_URL='%s'\n" "$url" >&3
