# Sourced by ../test.sh: starts the stores the storage tests need, each private to this run on free loopback
# ports, and exports where they are. services_stop (called from test.sh's EXIT trap) stops them again.
#   CONVENE_TEST_AZURE     Azurite (npm "azurite", from tests/e2e/node_modules): a full connection string
#   CONVENE_TEST_POSTGRES  a PostgreSQL instance in a temp directory, database convene_test (trust auth)

_services_azurite_pid=""
_services_azurite_log=""
_services_pg_dir=""
_services_pg_bin=""
_services_ports=" "

# A loopback TCP port nothing listens on (and not handed out earlier in this run).
_services_free_port() {
  local port i
  for i in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    case "$_services_ports" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      _services_ports="$_services_ports$port "
      echo "$port"; return 0
    fi
  done
  echo "no free loopback port found" >&2; return 1
}

# Waits (bounded) until something accepts connections on 127.0.0.1:$1.
_services_wait_port() {
  local port=$1 what=$2 seconds=${3:-30} i
  for i in $(seq 1 $(( seconds * 5 ))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$what did not accept connections on 127.0.0.1:$port within ${seconds}s" >&2
  return 1
}

_services_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

services_start() {
  # Azurite, in memory: nothing is written to disk.
  local blob queue table
  _services_azurite_log=$(mktemp /tmp/convene-azurite.XXXXXX.log)
  blob=$(_services_free_port); queue=$(_services_free_port); table=$(_services_free_port)
  echo "Azurite on 127.0.0.1 (blob $blob, queue $queue, table $table)"
  # setsid: its own process group, so npx and the node process under it are stopped together.
  (cd tests/e2e && exec setsid npx azurite --silent --inMemoryPersistence --skipApiVersionCheck \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
      --blobPort "$blob" --queuePort "$queue" --tablePort "$table") >"$_services_azurite_log" 2>&1 &
  _services_azurite_pid=$!
  _services_wait_port "$blob" "Azurite (blob)" 60 || { cat "$_services_azurite_log" >&2; return 1; }
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export CONVENE_TEST_AZURE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

  # PostgreSQL: a private cluster in a temp directory (initdb refuses root: it runs as the postgres user).
  local initdb pg_port
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  [ -n "$initdb" ] || { echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)" >&2; return 1; }
  _services_pg_bin=$(dirname "$initdb")
  _services_pg_dir=$(mktemp -d /tmp/convene-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$_services_pg_dir"
  pg_port=$(_services_free_port)
  echo "PostgreSQL $("$_services_pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port ($_services_pg_dir)"
  _services_as_postgres "$_services_pg_bin/initdb" -D "$_services_pg_dir" -A trust -U postgres >"$_services_pg_dir.initdb.log" 2>&1 \
    || { cat "$_services_pg_dir.initdb.log" >&2; return 1; }
  _services_as_postgres "$_services_pg_bin/pg_ctl" -D "$_services_pg_dir" -l "$_services_pg_dir/server.log" \
    -o "-p $pg_port -k $_services_pg_dir -c listen_addresses=127.0.0.1" -w -t 60 start >/dev/null \
    || { cat "$_services_pg_dir/server.log" >&2; return 1; }
  _services_as_postgres "$_services_pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qAt \
    -c "CREATE DATABASE convene_test" >/dev/null
  export CONVENE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=convene_test"
}

services_stop() {
  if [ -n "$_services_pg_dir" ]; then
    if [ -f "$_services_pg_dir/postmaster.pid" ]; then
      _services_as_postgres "$_services_pg_bin/pg_ctl" -D "$_services_pg_dir" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$_services_pg_dir" "$_services_pg_dir.initdb.log"
    _services_pg_dir=""
  fi
  if [ -n "$_services_azurite_pid" ]; then
    # The whole group (npx and node); Azurite may linger after closing its servers, so after a bounded wait it is killed.
    local i
    kill -TERM -- "-$_services_azurite_pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      kill -0 -- "-$_services_azurite_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$_services_azurite_pid" 2>/dev/null || true
    wait "$_services_azurite_pid" 2>/dev/null || true
    _services_azurite_pid=""
  fi
  [ -n "$_services_azurite_log" ] && rm -f "$_services_azurite_log"
  _services_azurite_log=""
}
