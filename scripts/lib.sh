# Shared by the make targets: tool paths and the project-local PostgreSQL cluster.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=../tools/versions.env
. "$ROOT/tools/versions.env"

# cargo-leptos runs the first wasm-opt and sass on PATH: ours come first.
export PATH="$ROOT/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# cargo-leptos sets LEPTOS_OUTPUT_NAME while building, and Leptos reads it at compile time:
# set for every other cargo command too, so tests and clippy reuse the release build's
# compiled dependencies instead of compiling them again.
export LEPTOS_OUTPUT_NAME=framaspace
# What installed cargo-leptos, beyond the version it reports: the version of its WASM
# splitter (scripts/tools.sh writes it).
LEPTOS_STAMP="${CARGO_HOME:-$HOME/.cargo}/.framaspace-cargo-leptos"
LEPTOS_WANTED="cargo-leptos $CARGO_LEPTOS_VERSION with wasm_split_cli_support $WASM_SPLIT_VERSION"

# CARGO_TARGET_DIR may point to a folder shared between checkouts (warm builds).
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# What cargo-leptos writes (the `site-root` of Cargo.toml): in the checkout, whatever the
# build folder.
SITE_DIR="$ROOT/target/site"
# Which build: the one that ships (`make test`, `make bench`), or `make run`'s
# (`use_demo_build`).
BUILD_KIND=ship

# `make run` alone trades bytes and speed for time: the tests, the benchmarks and the
# first-visit figure use the build that ships. Its build has the server and the stand-in at
# opt-level 1 (3 ships), the WASM without link-time optimisation and in 16 code units (one
# ships), `wasm-opt -O0` (-Oz ships) and no precompressed copies (the server compresses as
# it answers). It has a build folder of its own, `$TARGET_DIR/demo`, so that neither build
# undoes the other's compiled files; they share the site (`target/site`), whose stamp
# names the build that made it.
use_demo_build() {
  BUILD_KIND=demo
  export CARGO_TARGET_DIR="$TARGET_DIR/demo"
  TARGET_DIR="$CARGO_TARGET_DIR"
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=1
  export CARGO_PROFILE_WASM_RELEASE_LTO=false
  export CARGO_PROFILE_WASM_RELEASE_CODEGEN_UNITS=16
  export LEPTOS_WASM_OPT_FEATURES="-O0,--enable-bulk-memory,--enable-nontrapping-float-to-int"
}

# The server the scripts run: a copy of the one `cargo leptos build` made with that site
# (with `hash.txt`, the site's hashed file names, which Leptos reads beside its executable),
# kept in the checkout. Cargo's own (`$TARGET_DIR/release/framaspace`) is rebuilt by `cargo
# test` with the tests' features, and by any other checkout sharing CARGO_TARGET_DIR.
BIN="$ROOT/target/portal/framaspace"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SERVER_PID=""
# Other processes the script started (the demo's Nextcloud stand-ins), stopped on exit.
EXTRA_PIDS=""

# Stops what the script started (the server, the cluster), also on failure or Ctrl-C,
# and keeps the script's exit status.
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  for pid in $EXTRA_PIDS; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pg_stop
  exit "$code"
}
stop_on_exit() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# How long each part of `make run` and `make test` took, so that a slow first run says
# where its time went. `part NAME COMMAND...` runs the command and appends its seconds to
# $TIMINGS (exported, so the scripts it starts add to the same file); `timings_report`
# prints them with their total.
part() {
  local name=$1 start
  shift
  start=$(date +%s)
  # Not `"$@" || …`: that would turn `set -e` off inside the command. A failed part
  # stops the script before its time is written.
  "$@"
  if [ -n "${TIMINGS:-}" ]; then
    printf '%s\t%s\n' "$(($(date +%s) - start))" "$name" >>"$TIMINGS"
  fi
}
timings_start() {
  if [ -z "${TIMINGS:-}" ]; then
    mkdir -p "$ROOT/target"
    export TIMINGS="$ROOT/target/timings-$1.tsv"
    : >"$TIMINGS"
  fi
  TIMINGS_BEGAN=$(date +%s)
}
timings_report() {
  [ -s "${TIMINGS:-}" ] || return 0
  say "Time taken by each part"
  awk -F '\t' '{ printf "  %5d s  %s\n", $1, $2 }' "$TIMINGS"
  printf '  %5d s  in all\n' "$(($(date +%s) - TIMINGS_BEGAN))"
}

as_postgres() {
  # From /, which the postgres user can always enter (paths given are absolute).
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# A port and a data folder of this checkout's own, so clones never share a cluster.
checkout_id() { printf '%s' "$ROOT" | cksum | cut -d' ' -f1; }
PG_PORT="${PG_PORT:-$((15432 + $(checkout_id) % 1000))}"

pg_data_dir() {
  if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    echo "$ROOT/.data/pg"
  else
    # The postgres user cannot enter this checkout (e.g. under /root): keep the cluster
    # in a folder it can reach, named after the checkout.
    echo "/var/tmp/framaspace-pg-$(checkout_id)"
  fi
}
PG_DATA="$(pg_data_dir)"
PG_STARTED_HERE=0

pg_url() { echo "postgres://postgres@127.0.0.1:$PG_PORT/${1:-framaspace}"; }

pg_start() {
  if [ -n "${DATABASE_URL:-}" ]; then
    say "Using DATABASE_URL (no local cluster)"
    return
  fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "Creating the PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DATA" && chmod 700 "$PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    PG_PORT=$(sed -n 4p "$PG_DATA/postmaster.pid")
    say "PostgreSQL already running on port $PG_PORT"
  else
    # Another program on our port: take the next free one.
    while (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
    say "Starting PostgreSQL on port $PG_PORT"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
      -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    PG_STARTED_HERE=1
  fi
}

pg_stop() {
  if [ "$PG_STARTED_HERE" = 1 ]; then
    say "Stopping PostgreSQL"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    PG_STARTED_HERE=0
  fi
}

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$(pg_url postgres)" "$@"; }

# Creates database $1 when missing; with "fresh" as $2, drops it first.
pg_database() {
  [ -n "${DATABASE_URL:-}" ] && return
  if [ "${2:-}" = fresh ]; then psql_admin -c "drop database if exists \"$1\" with (force)"; fi
  if [ -z "$(psql_admin -tAc "select 1 from pg_database where datname = '$1'")" ]; then
    psql_admin -c "create database \"$1\""
  fi
}

# What the release build is made from: every file git sees (tracked, or new and not
# ignored) in the crates, styles, static files, translations and migrations, the lock file
# and the pinned tools (with the splitter cargo-leptos was built with). Hashed by content,
# so a `touch` or a fresh clone changes nothing.
build_inputs() {
  (
    cd "$ROOT"
    git ls-files -co --exclude-standard -- Cargo.toml Cargo.lock app frontend common server \
      backend nextcloud-sim style public locales migrations tools \
      | LC_ALL=C sort | xargs -d '\n' sha256sum
    cargo leptos --version
    cat "$LEPTOS_STAMP" 2>/dev/null || true
    rustc --version
    echo "$BUILD_KIND"
  ) | sha256sum | cut -d' ' -f1
}

# The release build (`cargo leptos build`). When nothing it is made from changed since the
# last build that finished here, and its outputs are still there, it is skipped: cargo alone
# would finish in a second, but cargo-leptos would still regenerate and optimise the split
# JavaScript and WASM for minutes.
# The stamp sits beside the site, which cargo-leptos writes in this checkout's own
# `target/site` even when CARGO_TARGET_DIR is shared, and the server built with it is
# copied beside them ($BIN).
build_release() {
  local stamp="$SITE_DIR/.build-inputs" inputs
  inputs=$(build_inputs)
  if [ -x "$BIN" ] && [ -f "$(dirname "$BIN")/hash.txt" ] && [ -d "$SITE_DIR/pkg" ] && [ -f "$stamp" ] \
    && [ "$(cat "$stamp")" = "$inputs" ]; then
    say "The portal's release build is up to date (nothing it is made from changed)"
    return
  fi
  local precompress=--precompress what="the portal's release build (server, WASM, styles)"
  if [ "$BUILD_KIND" = demo ]; then
    precompress=""
    what="the portal's build for make run (server, WASM, styles)"
  fi
  say "Building $what"
  rm -f "$stamp"
  mkdir -p "$ROOT/target"
  local log="$ROOT/target/build-release.log" js
  part "$what" \
    bash -c 'set -o pipefail; cargo leptos build --release $2 --split 2>&1 | tee "$1"' _ "$log" "$precompress"
  # cargo-leptos' own figure for the step after cargo: wasm-bindgen, splitting, wasm-opt.
  # (its log colours words one by one: match past the escape codes)
  js=$(sed -n 's/.*generating JS\/WASM for front in \([0-9]*\).*/\1/p' "$log" | tail -1)
  if [ -n "$js" ] && [ -n "${TIMINGS:-}" ]; then
    printf '%s\t  of which generating and optimising the split JS and WASM\n' "$js" >>"$TIMINGS"
  fi
  mkdir -p "$(dirname "$BIN")"
  cp "$TARGET_DIR/release/framaspace" "$BIN"
  cp "$TARGET_DIR/release/hash.txt" "$(dirname "$BIN")/hash.txt"
  echo "$inputs" >"$stamp"
}

# Starts the release server on a free port with a fresh database and runs Playwright
# with the given arguments. The caller's EXIT trap stops the server ($SERVER_PID).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

run_e2e() {
  local db=framaspace_e2e port mail own_db=0 sim simdir simport
  [ -z "${DATABASE_URL:-}" ] && own_db=1
  pg_database "$db" fresh
  port=$(free_port)
  mail="$ROOT/target/e2e-mail"
  rm -rf "$mail" && mkdir -p "$mail"
  # One stand-in Nextcloud host, so that the spaces the run approves are made and their
  # pages show what a working space shows (its address, its lifecycle forms).
  cargo build --release --locked -p nextcloud-sim >/dev/null 2>&1
  sim="$TARGET_DIR/release/nextcloud-sim"
  simdir="$ROOT/target/e2e-nextcloud"
  simport=$(free_port)
  rm -rf "$simdir"
  "$sim" serve --dir "$simdir" --listen "127.0.0.1:$simport" --domain localhost \
    --version 35 --name nc1.e2e --sites >"$ROOT/target/e2e-nextcloud.log" 2>&1 &
  EXTRA_PIDS="$EXTRA_PIDS $!"
  (
    export DATABASE_URL="${DATABASE_URL:-$(pg_url "$db")}"
    export FRAMASPACE_SERVER__LISTEN="127.0.0.1:$port"
    export FRAMASPACE_SITE__PUBLIC_URL="http://127.0.0.1:$port"
    export FRAMASPACE_MAIL__FILE_DIR="$mail"
    "$BIN" --config config/e2e.toml migrate >/dev/null
    # GET requests run as a role that may only read: a GET that writes fails the suite.
    if [ "$own_db" = 1 ]; then
      psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<'SQL'
do $$ begin create role framaspace_e2e_reader login;
exception when duplicate_object then null; end $$;
grant select on all tables in schema public to framaspace_e2e_reader;
SQL
      export FRAMASPACE_DATABASE__READ_URL="postgres://framaspace_e2e_reader@127.0.0.1:$PG_PORT/$db"
    fi
    # One moderator and one administrator per browser project (see end2end/tests/staff.spec.ts),
    # and a moderator of its own for each spec that logs in while others may run beside it
    # (apply.spec.ts, dashboard.spec.ts): two tests logging in as one account at once take
    # each other's login links.
    for project in js nojs; do
      "$BIN" --config config/e2e.toml staff add "moderatrice-$project@frama.example" --role moderator >/dev/null
      "$BIN" --config config/e2e.toml staff add "admin-$project@frama.example" --role admin >/dev/null
      "$BIN" --config config/e2e.toml staff add "moderation-$project@frama.example" --role moderator >/dev/null
      "$BIN" --config config/e2e.toml staff add "espaces-$project@frama.example" --role moderator >/dev/null
      "$BIN" --config config/e2e.toml staff add "reseau-$project@frama.example" --role moderator >/dev/null
      "$BIN" --config config/e2e.toml staff add "forum-$project@frama.example" --role moderator >/dev/null
      "$BIN" --config config/e2e.toml staff forum "forum-$project@frama.example" yes >/dev/null
      # Forum moderators who accept held posts, one per test of end2end/tests/forum.spec.ts.
      for who in relecture-question relecture-idee relecture-mention; do
        "$BIN" --config config/e2e.toml staff add "$who-$project@frama.example" --role moderator >/dev/null
        "$BIN" --config config/e2e.toml staff forum "$who-$project@frama.example" yes >/dev/null
      done
    done
    # Registrations open for the whole run (end2end/tests/apply.spec.ts); times on the
    # clock of Paris, with a day's margin either side.
    "$BIN" --config config/e2e.toml registrations open \
      "$(date -u -d '-1 day' +%Y-%m-%dT%H:%M)" "$(date -u -d '+30 days' +%Y-%m-%dT%H:%M)" \
      --note-fr "Vague de test" --note-en "Test wave" >/dev/null
    "$BIN" --config config/e2e.toml hosts add nc1.e2e \
      --occ "$sim occ --dir $simdir --stdin-env {slug}" \
      --host-script "$sim host --dir $simdir {slug}" --arguments direct \
      --ocs-url "http://{slug}.localhost:$simport" --connect-to "127.0.0.1:$simport" \
      --version 35 --database localhost --spaces 1000 --storage "100 TB" \
      --office-url "https://office.e2e.frama.example" >/dev/null
    exec "$BIN" --config config/e2e.toml serve >"$ROOT/target/e2e-server.log" 2>&1
  ) &
  SERVER_PID=$!
  local ready=0
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$ready" != 1 ]; then
    echo "The end-to-end server did not start:" >&2
    cat "$ROOT/target/e2e-server.log" >&2
    return 1
  fi
  "$BIN" routes --json >"$ROOT/target/routes.json"
  # The stand-in host's binary and folder: the dashboard's test chooses a referent's
  # password in Nextcloud with its `occ`, as the person would from Nextcloud's welcome mail.
  (cd end2end && ROUTES_FILE="$ROOT/target/routes.json" BASE_URL="http://127.0.0.1:$port" \
    E2E_SIM="$sim" E2E_SIM_DIR="$simdir" npx playwright test "$@")
}
