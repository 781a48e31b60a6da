#!/usr/bin/env bash
# Installs the build and test tools at the versions in tools/versions.env, each only when
# it is missing or at another version: a second run takes seconds.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  part "the wasm32-unknown-unknown target" rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 13 minutes on 2 cores, once per machine)"
  # no_downloads: a missing helper tool is an error, never a download from outside the registries.
  part "cargo-leptos" cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked fails here: its lock file names a dependency version the registry index lacks.
  part "wasm-bindgen-cli" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

npm_ci() { # folder
  if [ ! -f "$1/node_modules/.package-lock.json" ] || ! cmp -s "$1/package-lock.json" "$1/node_modules/.lock-copy"; then
    say "Installing npm packages in $1"
    part "npm packages in $1" bash -c 'cd "$1" && npm ci --no-audit --no-fund --loglevel=error' _ "$1"
    cp "$1/package-lock.json" "$1/node_modules/.lock-copy"
  fi
}
npm_ci tools
npm_ci end2end

if [ ! -x /usr/bin/chromium ]; then
  say "Installing Debian's Chromium"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  part "Debian's Chromium" bash -c "$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium"
fi
