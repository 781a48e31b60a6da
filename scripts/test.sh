#!/usr/bin/env bash
# `make test`: tools, database, formatting, lints, Rust tests, end-to-end tests.
# Stops everything it started, also on failure; exits non-zero on any failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SERVER_PID=""
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  pg_stop
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash scripts/tools.sh
pg_start

say "cargo fmt --check"
cargo fmt --all --check

build_release

say "cargo clippy (server side)"
cargo clippy --release --locked --workspace --exclude frontend --all-targets --features app/ssr -- -D warnings
say "cargo clippy (WASM side)"
cargo clippy --release --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

say "Rust tests (a fresh database per test)"
DATABASE_URL="${DATABASE_URL:-$(pg_url postgres)}" \
  cargo test --release --locked --workspace --exclude frontend --features app/ssr

say "End-to-end tests in Chromium"
run_e2e
