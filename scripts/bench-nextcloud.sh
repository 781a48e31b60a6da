#!/usr/bin/env bash
# The Nextcloud stand-in's floor, for provisioning to plan by: OCS requests per second on one
# instance of 50 accounts (a space's size) with Debian's wrk (user details, the heaviest
# calls, beside status.php, the lightest, in one run), then occ commands per second through
# a local command template, beside the same template running /bin/true
# (`cargo bench -p nextcloud-sim --bench occ`). Called by `make bench`; runs alone too.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: make bench installs it" >&2; exit 1; }

cargo build -q --release --locked -p nextcloud-sim
SIM="$TARGET_DIR/release/nextcloud-sim"
DIR="$ROOT/target/bench-nextcloud"
rm -rf "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$SIM" serve --dir "$DIR" --listen "127.0.0.1:$PORT" --domain nc.bench --version 35 >"$ROOT/target/bench-nextcloud.log" 2>&1 &
SIM_PID=$!
trap 'kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -f "$DIR/host.json" ] && break; sleep 0.05; done

PASS="Bench-admin-password-1"
occ() { "$SIM" occ --dir "$DIR" --stdin-env bench "$@"; }
occ maintenance:install --database pgsql --database-name nc_bench --database-user nc_bench \
  --database-pass x --admin-user portal --admin-pass "$PASS" </dev/null >/dev/null
for i in $(seq 1 49); do
  printf 'OC_PASS=Member-password-%02d\n\n' "$i" | occ user:add --password-from-env -g membres \
    --display-name "Membre $i" --email "membre$i@example.org" "membre$i" >/dev/null
done
for i in $(seq 1 49); do "$SIM" usage --dir "$DIR" --space bench --user "membre$i" --bytes $((i * 1000000)); done

URL="http://127.0.0.1:$PORT"
AUTH="Authorization: Basic $(printf 'portal:%s' "$PASS" | base64 -w0)"
cat >"$ROOT/target/bench-nextcloud.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, t in ipairs(threads) do failed = failed + t:get("bad") end
  io.write(string.format("RESULT %.1f %.2f %.2f %d\n", summary.requests / summary.duration * 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed))
end
LUA
nc_wrk() {
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/target/bench-nextcloud.lua" \
    -H "Host: bench.nc.bench" -H "$AUTH" -H "OCS-APIRequest: true" "$URL$1" | awk '$1 == "RESULT"'
}
# Each call must answer what it should before it is timed.
check() {
  local body
  body=$(curl -fsS -H "Host: bench.nc.bench" -H "$AUTH" -H "OCS-APIRequest: true" "$URL$1")
  grep -q "$2" <<<"$body" || { echo "GET $1 did not answer $2" >&2; exit 1; }
}
check "/status.php" '"installed":true'
check "/ocs/v2.php/cloud/users/membre7?format=json" '"used":7000000'
check "/ocs/v2.php/cloud/users/details?format=json" '"membre49"'

declare -a ROWS=()
for row in "status.php|/status.php" \
  "OCS v2 user details (one user)|/ocs/v2.php/cloud/users/membre7?format=json" \
  "OCS v2 users/details (50 users)|/ocs/v2.php/cloud/users/details?format=json" \
  "OCS v1 user details, XML|/ocs/v1.php/cloud/users/membre7"; do
  say "wrk: ${row%%|*}"
  ROWS+=("${row%%|*}|$(nc_wrk "${row#*|}")")
done

echo
say "Nextcloud stand-in, one instance of 50 accounts ($DURATION, $CONNECTIONS connections, 2 wrk threads, one machine)"
printf '%-36s %11s %8s %8s %12s %7s\n' "" "requests/s" "p50 ms" "p99 ms" "/ status.php" "not 200"
BASE_RPS=""
for row in "${ROWS[@]}"; do
  IFS='|' read -r label result <<<"$row"
  read -r _ rps p50 p99 failed <<<"$result"
  [ -z "$BASE_RPS" ] && BASE_RPS="$rps"
  printf '%-36s %11s %8s %8s %12s %7s\n' "$label" "$rps" "$p50" "$p99" \
    "$(awk -v a="$rps" -v b="$BASE_RPS" 'BEGIN { printf "%.2f", a / b }')" "$failed"
  [ "$failed" = 0 ] || { echo "$label: $failed requests did not answer 200" >&2; exit 1; }
done

echo
say "occ through a local command template (cargo bench -p nextcloud-sim --bench occ)"
cargo bench -q --locked -p nextcloud-sim --bench occ
