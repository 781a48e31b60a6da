#!/usr/bin/env bash
# The Nextcloud stand-in through a client that is not ours: nc-py-api (Python), pinned.
# Expects the release build of the stand-in (it does not build it); makes a venv with
# nc-py-api under the target folder, starts the stand-in on a free port with a fresh
# instance, and runs nextcloud-sim/tests/independent/check.py against it. Exits with the
# check's status; stops the stand-in also on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

NC_PY_API_VERSION=0.30.3
SIM="$TARGET_DIR/release/nextcloud-sim"
DIR="$TARGET_DIR/independent-client"
VENV="${INDEPENDENT_CLIENT_VENV:-$TARGET_DIR/independent-client-venv}"
ADMIN_PASS="Ic-admin-password-123"

[ -x "$SIM" ] || {
  echo "$SIM is missing: build it first (cargo build --release -p nextcloud-sim)" >&2
  exit 1
}

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the venv $VENV"
  python3 -m venv "$VENV"
fi
if [ "$("$VENV/bin/pip" show nc-py-api 2>/dev/null | awk '$1 == "Version:" { print $2 }')" != "$NC_PY_API_VERSION" ]; then
  say "Installing nc-py-api $NC_PY_API_VERSION"
  "$VENV/bin/pip" install -q --disable-pip-version-check "nc-py-api==$NC_PY_API_VERSION"
fi

rm -rf "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "Starting the stand-in on 127.0.0.1:$PORT"
"$SIM" serve --dir "$DIR" --listen "127.0.0.1:$PORT" --domain nc.test --version 35 \
  --default-space asso >"$TARGET_DIR/independent-client.log" 2>&1 &
SIM_PID=$!
trap 'kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -f "$DIR/host.json" ] && break; sleep 0.05; done
[ -f "$DIR/host.json" ] || {
  echo "The stand-in did not start:" >&2
  cat "$TARGET_DIR/independent-client.log" >&2
  exit 1
}

occ() { "$SIM" occ --dir "$DIR" asso "$@" </dev/null; }
occ maintenance:install --database pgsql --database-name n --database-user u --database-pass p \
  --admin-user admin --admin-pass "$ADMIN_PASS" >/dev/null
APP_PASSWORD=$(occ user:auth-tokens:add admin | awk 'found { print; exit } /^app password:/ { found = 1 }')
[ -n "$APP_PASSWORD" ] || { echo "occ user:auth-tokens:add gave no app password" >&2; exit 1; }
CLIENT=$(occ oauth2:add-client ic-client http://127.0.0.1:9/callback --output=json)
field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$CLIENT" "$1"; }

say "nc-py-api $NC_PY_API_VERSION against the stand-in"
NC_URL="http://127.0.0.1:$PORT" NC_ADMIN=admin NC_ADMIN_PASSWORD="$ADMIN_PASS" \
  NC_APP_PASSWORD="$APP_PASSWORD" NC_OAUTH_CLIENT_ID="$(field clientId)" \
  NC_OAUTH_CLIENT_SECRET="$(field clientSecret)" \
  "$VENV/bin/python" "$ROOT/nextcloud-sim/tests/independent/check.py"
