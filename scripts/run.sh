#!/usr/bin/env bash
# `make run`: tools, database, build, migrations, demo content, then the portal on
# http://127.0.0.1:3000 until Ctrl-C, which stops everything this script started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stop_on_exit
timings_start run

bash scripts/tools.sh
part "the PostgreSQL cluster" pg_start
pg_database framaspace
export DATABASE_URL="${DATABASE_URL:-$(pg_url framaspace)}"
use_demo_build
build_release
say "Building the Nextcloud stand-in"
part "the Nextcloud stand-in" cargo build --release --locked -p nextcloud-sim
SIM="$TARGET_DIR/release/nextcloud-sim"

CONFIG=config/development.toml
part "migrations and demo content" bash -c '"$1" --config "$2" migrate && "$1" --config "$2" demo' _ "$BIN" "$CONFIG"

# The demo's fleet: three stand-in Nextcloud hosts (two on 35, one on 34), each holding
# its spaces at http://<space>.localhost:<port> (browsers send *.localhost to this machine).
demo_host() {
  local name=$1 version=$2 port=$3 dir="$ROOT/.data/nextcloud/$1"
  "$SIM" serve --dir "$dir" --listen "127.0.0.1:$port" --domain localhost \
    --version "$version" --name "$name" --sites >/dev/null &
  EXTRA_PIDS="$EXTRA_PIDS $!"
  if ! "$BIN" --config $CONFIG hosts list | cut -f1 | grep -qx "$name"; then
    "$BIN" --config $CONFIG hosts add "$name" \
      --occ "$SIM occ --dir $dir --stdin-env {slug}" \
      --host-script "$SIM host --dir $dir {slug}" --arguments direct \
      --ocs-url "http://{slug}.localhost:$port" --connect-to "127.0.0.1:$port" \
      --version "$version" --database localhost --spaces 100 --storage "4 TB" \
      --office-url "https://office.demo.frama.example"
  fi
}
say "Starting the demo's Nextcloud hosts (stand-ins)"
demo_host nc1.demo 35 8091
demo_host nc2.demo 35 8092
demo_host nc3.demo 34 8093

timings_report
cat <<EOT

  Frama.space is running at http://127.0.0.1:3000

  Things to try:
    - the home page in French, then "English" at the top right (no JavaScript needed);
    - sign up to the newsletter at http://127.0.0.1:3000/lettre, with a bad address first;
    - read the confirmation mail at http://127.0.0.1:3000/dev/courriels and follow its link;
    - the team area ("Espace équipe" at the bottom of every page): log in as
      moderation@demo.frama.example, or as admin@demo.frama.example (asks you to set up an
      authenticator app); the login link arrives at http://127.0.0.1:3000/dev/courriels;
    - approve an application in the team area (as moderation@demo.frama.example): its space
      is made within seconds on one of three stand-in Nextcloud hosts; its status page
      (link in the applicant's mail) follows the steps and gives the space's address, e.g.
      http://mon-asso.localhost:8091/status.php;
    - health: http://127.0.0.1:3000/readyz, metrics: http://127.0.0.1:9464/metrics.

  Data: PostgreSQL in ${PG_DATA} (port ${PG_PORT}), mail in .data/mail/, the stand-in
  hosts' spaces in .data/nextcloud/ (their own mail in each space's mail/ folder).
  Ctrl-C stops the portal, the stand-ins and the database it started.

EOT
"$BIN" --config $CONFIG serve &
SERVER_PID=$!
wait "$SERVER_PID"
