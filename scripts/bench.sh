#!/usr/bin/env bash
# `make bench`: the home page's throughput and p99 latency beside the same server serving
# the same bytes as a static file, in one run on loopback; then the compressed bytes of a
# first visit (Debian's wrk); then the job queue (`cargo bench -p backend --bench jobs`).
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

HTML=$(cat target/site/bench/home.html)
CSS=$(grep -o 'href="/pkg/[^"]*\.css"' <<<"$HTML" | head -1 | cut -d'"' -f2)
JS=$(grep -o 'href="/pkg/[^"]*\.js"' <<<"$HTML" | head -1 | cut -d'"' -f2)
WASM=$(grep -o 'href="/pkg/[^"]*\.wasm"' <<<"$HTML" | head -1 | cut -d'"' -f2)
bytes() { curl -fsS -H 'Accept-Encoding: br, gzip' -H 'Accept-Language: fr' -o /dev/null -w '%{size_download}' "$BASE$1"; }
raw() { curl -fsS -o /dev/null -w '%{size_download}' "$BASE$1"; }

echo
say "Results ($DURATION, $CONNECTIONS connections, 2 wrk threads, one machine)"
printf '%-34s %12s %10s\n' "" "requests/s" "p99 (ms)"
printf '%-34s %12s %10s\n' "home page (rendered per request)" "$(rps "$DYN")" "$(to_ms "$(p99 "$DYN")")"
printf '%-34s %12s %10s\n' "same bytes, static file" "$(rps "$STA")" "$(to_ms "$(p99 "$STA")")"
awk -v a="$(rps "$DYN")" -v b="$(rps "$STA")" 'BEGIN { printf "rendered / static throughput ratio: %.2f\n", a / b }'
echo
printf '%-8s %10s %12s  %s\n' "" "raw bytes" "brotli bytes" "path"
total=0
for item in "html:/" "css:$CSS" "js:$JS" "wasm:$WASM"; do
  name=${item%%:*}; path=${item#*:}
  b=$(bytes "$path"); total=$((total + b))
  printf '%-8s %10s %12s  %s\n' "$name" "$(raw "$path")" "$b" "$path"
done
printf '%-8s %10s %12s\n' "first visit" "" "$total"
rm -rf target/site/bench

echo
say "Where the WASM's bytes go, by crate (twiggy $TWIGGY_VERSION, the module before wasm-bindgen and wasm-opt)"
if [ "$(twiggy --version 2>/dev/null || true)" != "twiggy $TWIGGY_VERSION" ]; then
  cargo install twiggy --locked --version "$TWIGGY_VERSION"
fi
twiggy top -n 1000000 --format csv "$TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/frontend.wasm" \
  | python3 scripts/wasm-crates.py

echo
say "Job queue (cargo bench -p backend --bench jobs)"
kill "$SERVER_PID" 2>/dev/null || true
DATABASE_URL="$(pg_url postgres)" cargo bench -q -p backend --bench jobs
