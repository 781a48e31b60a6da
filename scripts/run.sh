#!/usr/bin/env bash
# `make run`: tools, database, build, migrations, demo content, then the portal on
# http://127.0.0.1:3000 until Ctrl-C, which stops everything this script started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stop_on_exit

bash scripts/tools.sh
pg_start
pg_database framaspace
export DATABASE_URL="${DATABASE_URL:-$(pg_url framaspace)}"
build_release

CONFIG=config/development.toml
"$BIN" --config $CONFIG migrate
"$BIN" --config $CONFIG demo

cat <<EOT

  Frama.space is running at http://127.0.0.1:3000

  Things to try:
    - the home page in French, then "English" at the top right (no JavaScript needed);
    - sign up to the newsletter at http://127.0.0.1:3000/lettre, with a bad address first;
    - read the confirmation mail at http://127.0.0.1:3000/dev/courriels and follow its link;
    - the team area ("Espace équipe" at the bottom of every page): log in as
      moderation@demo.frama.example, or as admin@demo.frama.example (asks you to set up an
      authenticator app); the login link arrives at http://127.0.0.1:3000/dev/courriels;
    - health: http://127.0.0.1:3000/readyz, metrics: http://127.0.0.1:9464/metrics.

  Data: PostgreSQL in ${PG_DATA} (port ${PG_PORT}), mail in .data/mail/.
  Ctrl-C stops the portal and the database it started.

EOT
"$BIN" --config $CONFIG serve &
SERVER_PID=$!
wait "$SERVER_PID"
