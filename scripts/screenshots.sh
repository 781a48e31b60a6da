#!/usr/bin/env bash
# `make screenshots`: takes the pictures of the main pages again and copies them to
# docs/screenshots/, which the README shows.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stop_on_exit

bash scripts/tools.sh
pg_start
build_release
run_e2e --project=js -g screenshots
mkdir -p docs/screenshots
for f in home-desktop home-mobile newsletter-mobile faq-desktop; do
  cp "end2end/screenshots/$f.png" "docs/screenshots/$f.png"
done
say "Copied to docs/screenshots/"
