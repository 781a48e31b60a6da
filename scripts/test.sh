#!/usr/bin/env bash
# `make test`: tools, database, formatting, lints, Rust tests, end-to-end tests.
# Stops everything it started, also on failure; exits non-zero on any failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stop_on_exit
timings_start test

bash scripts/tools.sh
part "the PostgreSQL cluster" pg_start

say "cargo fmt --check"
part "cargo fmt --check" cargo fmt --all --check

build_release

say "cargo clippy (server side)"
part "cargo clippy (server side)" cargo clippy --release --locked --workspace --exclude frontend --all-targets --features app/ssr -- -D warnings
say "cargo clippy (WASM side)"
part "cargo clippy (WASM side)" cargo clippy --release --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

say "Rust tests (a fresh database per test)"
TESTS=(--release --locked --workspace --exclude frontend --features app/ssr)
part "building the Rust tests" cargo test "${TESTS[@]}" --no-run
DATABASE_URL="${DATABASE_URL:-$(pg_url postgres)}" part "running the Rust tests" \
  bash -c 'set -o pipefail; cargo test "$@" 2>&1 | tee target/rust-tests.log' _ "${TESTS[@]}"

# The stand-in's binary was built by the Rust tests (its contract suite runs it).
say "An independent Nextcloud client (nc-py-api, pinned) against the stand-in"
part "the independent Nextcloud client" \
  bash -c 'set -o pipefail; bash scripts/independent-client.sh 2>&1 | tee target/independent-client-run.log'

say "End-to-end tests in Chromium"
export PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/target/e2e-results.json"
part "the end-to-end tests" run_e2e --reporter=list,json

# One line for both runners.
rust=$(awk '/^test result:/ { p += $4; f += $6 } END { printf "%d %d", p, f }' target/rust-tests.log)
e2e=$(node -e 'const s = require(process.argv[1]).stats; console.log(`${s.expected} ${s.unexpected + s.flaky}`)' "$ROOT/target/e2e-results.json")
ic=$(sed -n 's/^independent client ([^)]*): \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' target/independent-client-run.log)
read -r rp rf <<<"$rust"; read -r ep ef <<<"$e2e"; read -r ip ix <<<"$ic"
echo "Rust: $rp passed, $rf failed; independent Nextcloud client: $ip passed, $ix failed; end-to-end: $ep passed, $ef failed"
echo "$((rp + ip + ep)) passed, $((rf + ix + ef)) failed"
timings_report
