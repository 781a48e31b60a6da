#!/usr/bin/env bash
# Installs the build and test tools at the versions in tools/versions.env, each only when
# it is missing or at another version: a second run takes seconds.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# cargo-leptos from the registry's published source, built with tools/cargo-leptos/Cargo.lock:
# its own lock file with only the WASM splitter moved to $WASM_SPLIT_VERSION (see
# tools/versions.env), and what that version needs (rayon 1.12.0, wasmparser and
# wasm-encoder 0.261.0). Everything comes from the registry; the source is fetched through a
# throwaway package that depends on it.
install_cargo_leptos() {
  local tmp src
  tmp=$(mktemp -d)
  mkdir -p "$tmp/fetch/src"
  : >"$tmp/fetch/src/lib.rs"
  printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\ncargo-leptos = "=%s"\n' \
    "$CARGO_LEPTOS_VERSION" >"$tmp/fetch/Cargo.toml"
  cargo fetch -q --manifest-path "$tmp/fetch/Cargo.toml"
  src=$(cargo metadata -q --format-version 1 --manifest-path "$tmp/fetch/Cargo.toml" \
    | grep -o '"manifest_path":"[^"]*/cargo-leptos-'"$CARGO_LEPTOS_VERSION"'/Cargo.toml"' \
    | sed 's/"manifest_path":"\(.*\)\/Cargo.toml"/\1/')
  cp -r "$src" "$tmp/cargo-leptos"
  # Its toolchain file would make rustup fetch another toolchain: ours builds it.
  rm -f "$tmp/cargo-leptos/rust-toolchain.toml"
  cp "$ROOT/tools/cargo-leptos/Cargo.lock" "$tmp/cargo-leptos/Cargo.lock"
  # no_downloads: a missing helper tool is an error, never a download from outside the registries.
  cargo install --locked --force --path "$tmp/cargo-leptos" --features no_downloads
  rm -rf "$tmp"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  part "the wasm32-unknown-unknown target" rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ] \
  || [ "$(cat "$LEPTOS_STAMP" 2>/dev/null || true)" != "$LEPTOS_WANTED" ]; then
  say "Installing $LEPTOS_WANTED (about 13 minutes on 2 cores, once per machine)"
  part "cargo-leptos" install_cargo_leptos
  echo "$LEPTOS_WANTED" >"$LEPTOS_STAMP"
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
