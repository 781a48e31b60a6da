#!/usr/bin/env bash
# `make bench`: the home page's throughput and p99 latency beside the same server serving
# the same bytes as a static file, in one run on loopback (Debian's wrk); what a first visit
# downloads, in Chromium, and the lazy chunks it does not; where the WASM's bytes go (twiggy);
# then the job queue (`cargo bench -p backend --bench jobs`).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
stop_on_exit

bash scripts/tools.sh
if ! command -v wrk >/dev/null; then
  say "Installing wrk"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y -q wrk
fi
pg_start
pg_database framaspace_bench fresh
build_release

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
(
  export DATABASE_URL="${DATABASE_URL:-$(pg_url framaspace_bench)}"
  export FRAMASPACE_SERVER__LISTEN="127.0.0.1:$PORT" FRAMASPACE_SERVER__MODE=production
  export FRAMASPACE_SITE__PUBLIC_URL="$BASE" FRAMASPACE_SECRET_KEY="bench-secret-bench-secret-bench-secret-0123"
  "$BIN" migrate >/dev/null
  exec "$BIN" serve >target/bench-server.log 2>&1
) &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

# The same bytes as a static file, served by the same server and middleware.
mkdir -p target/site/bench
curl -fsS "$BASE/" -o target/site/bench/home.html

run_wrk() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1"; }
say "wrk: home page (server-rendered)"
DYN=$(run_wrk "$BASE/"); echo "$DYN"
say "wrk: the same bytes as a static file"
STA=$(run_wrk "$BASE/bench/home.html"); echo "$STA"

rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
p99() { awk '$1 == "99%" {print $2}' <<<"$1"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else { sub(/s$/, "", v); print v * 1000 } }'; }

echo
say "Results ($DURATION, $CONNECTIONS connections, 2 wrk threads, one machine)"
printf '%-34s %12s %10s\n' "" "requests/s" "p99 (ms)"
printf '%-34s %12s %10s\n' "home page (rendered per request)" "$(rps "$DYN")" "$(to_ms "$(p99 "$DYN")")"
printf '%-34s %12s %10s\n' "same bytes, static file" "$(rps "$STA")" "$(to_ms "$(p99 "$STA")")"
awk -v a="$(rps "$DYN")" -v b="$(rps "$STA")" 'BEGIN { printf "rendered / static throughput ratio: %.2f\n", a / b }'

echo
say "First visit of the home page in Chromium, until hydrated (encoded bytes, brotli where offered)"
node end2end/scripts/first-visit.mjs "$BASE"
echo
say "Each lazy page: what it fetches when first shown (its chunk and the shared chunks it needs, brotli bytes)"
python3 - "$TARGET_DIR/site/pkg" <<'PY'
import glob, json, os, sys
pkg = sys.argv[1]
manifest = json.load(open(glob.glob(os.path.join(pkg, "__wasm_split_manifest.*.json"))[0]))
print(f"{'brotli':>8} {'files':>5}  page")
for name, files in sorted(manifest.items()):
    size = sum(os.path.getsize(os.path.join(pkg, f + ".wasm.br")) for f in files)
    print(f"{size:>8} {len(files):>5}  {name.strip('_').rsplit('_', 1)[0]}")
PY
rm -rf target/site/bench

echo
say "Where the main WASM module's bytes go, by crate (twiggy $TWIGGY_VERSION, before wasm-bindgen and wasm-opt)"
if [ "$(twiggy --version 2>/dev/null || true)" != "twiggy $TWIGGY_VERSION" ]; then
  cargo install twiggy --locked --version "$TWIGGY_VERSION"
fi
# The module the first visit loads, once the lazy pages are split out of it.
twiggy top -n 1000000 --format csv "$TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm" \
  | python3 scripts/wasm-crates.py

echo
say "Job queue (cargo bench -p backend --bench jobs)"
kill "$SERVER_PID" 2>/dev/null || true
DATABASE_URL="$(pg_url postgres)" cargo bench -q -p backend --bench jobs
