#!/usr/bin/env bash
# `make bench`: the home page's throughput and p99 latency beside the same server serving
# the same bytes as a static file, in one run on loopback (Debian's wrk); what a first visit
# downloads, in Chromium, and the lazy chunks it does not (make bench fails past its budget
# or on a lazy chunk fetched); where the WASM's bytes go (twiggy);
# the moderation queue and application pages with 20,000 applications, and the spaces pages
# with 10,000 spaces, logged in as a moderator (p95 against the 50 ms limit: make bench fails
# past it); the Nextcloud stand-in's OCS and occ throughput (scripts/bench-nextcloud.sh); the
# job queue (`cargo bench -p backend --bench jobs`); then provisioning 10,000 spaces and a
# health sweep of them (`cargo bench -p backend --bench fleet`); a referent's dashboard of a
# space of 50 accounts (`cargo bench -p server --bench dashboard`); importing members from a
# file: a 2,000-row preview and a 50-row import (`cargo bench -p server --bench import`);
# the forum: a topic of 50 replies beside the same bytes as a static file, and 200 searches
# over 1,000,000 posts (p95 against 50 ms: make bench fails past it).
# `BENCH_ONLY=home` stops after the home page's throughput, `BENCH_ONLY=visit` after the
# first visit's bytes, `BENCH_ONLY=dashboard`, `BENCH_ONLY=import` and `BENCH_ONLY=forum` run
# theirs alone.
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

# A referent's dashboard of a space of 50 accounts on a stand-in host: the overview and
# the members page, p95 against 150 ms and beside the stand-in's own answers.
dashboard_bench() {
  echo
  say "A referent's dashboard, a space of 50 accounts (cargo bench -p server --bench dashboard)"
  cargo build -q --release --locked -p nextcloud-sim
  DATABASE_URL="$(pg_url postgres)" cargo bench -q --locked -p server --bench dashboard
}
# `make bench BENCH_ONLY=dashboard`: the dashboard's figures alone.
if [ "${BENCH_ONLY:-}" = dashboard ]; then dashboard_bench; exit 0; fi

# Importing members: the preview of 2,000 rows (goal 1 s at p95) and a 50-row import from
# confirmation to the last account (goal 10 s), beside the same accounts made by hand.
import_bench() {
  echo
  say "Importing members from a file (cargo bench -p server --bench import)"
  cargo build -q --release --locked -p nextcloud-sim
  DATABASE_URL="$(pg_url postgres)" cargo bench -q --locked -p server --bench import
}
# `make bench BENCH_ONLY=import`: the import's figures alone.
if [ "${BENCH_ONLY:-}" = import ]; then import_bench; exit 0; fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
BENCH_DB="${DATABASE_URL:-$(pg_url framaspace_bench)}"
# The server's configuration, also for the commands run beside it (staff, worker): call in a
# subshell.
bench_config() {
  export DATABASE_URL="$BENCH_DB" FRAMASPACE_SERVER__MODE=production
  export FRAMASPACE_SITE__PUBLIC_URL="$BASE" FRAMASPACE_SECRET_KEY="bench-secret-bench-secret-bench-secret-0123"
}
(
  bench_config
  export FRAMASPACE_SERVER__LISTEN="127.0.0.1:$PORT"
  "$BIN" migrate >/dev/null
  exec "$BIN" serve >target/bench-server.log 2>&1
) &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

# The same bytes as a static file, served by the same server and middleware.
mkdir -p target/site/bench
curl -fsS "$BASE/" -o target/site/bench/home.html

run_wrk() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@"; }
rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
p99() { awk '$1 == "99%" {print $2}' <<<"$1"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else { sub(/s$/, "", v); print v * 1000 } }'; }
# A rendered page beside the same bytes as a static file: the throughput and p99 of each
# (wrk's outputs $2 and $3), and their ratio; $1 names the page, $4 says the goal, if any.
versus_static() {
  printf '%-34s %12s %10s\n' "" "requests/s" "p99 (ms)"
  printf '%-34s %12s %10s\n' "$1" "$(rps "$2")" "$(to_ms "$(p99 "$2")")"
  printf '%-34s %12s %10s\n' "same bytes, static file" "$(rps "$3")" "$(to_ms "$(p99 "$3")")"
  awk -v a="$(rps "$2")" -v b="$(rps "$3")" -v goal="${4:-}" \
    'BEGIN { printf "rendered / static throughput ratio: %.2f%s\n", a / b, goal }'
}
# Latency percentiles and requests that did not answer 200, from wrk's Lua hooks; with
# arguments, the requests go round those paths.
cat >target/bench-moderation.lua <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; paths = args; n = 0 end
function request()
  if #paths == 0 then return wrk.request() end
  n = n % #paths + 1
  return wrk.format(nil, paths[n])
end
function response(status) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, t in ipairs(threads) do failed = failed + t:get("bad") end
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n", summary.requests / summary.duration * 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, failed))
end
LUA

# The forum: a topic of 50 replies beside the same bytes as a static file, and the 200
# searches of scripts/bench-forum-queries.txt over 1,000,000 posts (scripts/bench-forum.sql),
# p95 against 50 ms (make bench fails past it). Anonymous readers, as most are.
FORUM_LIMIT_MS=50
FORUM_CONNECTIONS="${BENCH_FORUM_CONNECTIONS:-2}"
FORUM_OVER=0
forum_bench() {
  [ -n "${BENCH_TRACE:-}" ] && set -x
  echo
  say "Forum: 1,000,000 posts in French (scripts/bench-forum.sql)"
  /usr/bin/time -f '    written in %e s' psql -X -q -v ON_ERROR_STOP=1 "$BENCH_DB" -f scripts/bench-forum.sql
  psql -X -tA -F ' ' "$BENCH_DB" -c "select count(*) || ' posts in ' || count(distinct topic_id) || ' topics'
    from forum_posts" | sed 's/^/    /'
  # The list's first 20 searches are the 20 commonest words of the posts (by their stems).
  local common
  common=$(grep -v '^#' scripts/bench-forum-queries.txt | head -20 | python3 -c '
import json, sys; print(json.dumps([l.rstrip("\n") for l in sys.stdin]))')
  local missing
  missing=$(psql -X -tA "$BENCH_DB" -v common="$common" <<'SQL'
select string_agg(word, ' ') from (
  select word from ts_stat('select search from forum_posts') order by ndoc desc, word limit 20
) top
where word not in (
  select unnest(tsvector_to_array(to_tsvector('french_unaccent', q)))
  from json_array_elements_text(:'common'::json) as q
);
SQL
)
  if [ -n "$missing" ]; then
    echo "The first 20 searches of scripts/bench-forum-queries.txt are no longer the commonest words; missing: $missing" >&2
    FORUM_OVER=1
  fi

  # A topic of 50 replies: its first page holds the question and 49 of them (50 posts).
  local topic
  topic=$(psql -X -tA -q -v ON_ERROR_STOP=1 "$BENCH_DB" <<'SQL'
with topic as (
    insert into forum_topics (category_id, title, slug, author_id, replies)
    values (3, 'Comment synchroniser l’agenda de l’association sur mon téléphone ?',
            'comment-synchroniser-l-agenda-de-l-association-sur-mon-telephone', 1, 50)
    returning id
)
insert into forum_posts (topic_id, author_id, body, created_at)
select topic.id, 1 + n * 37, o.body, now() - interval '2 days' + n * interval '20 minutes'
from topic, generate_series(0, 50) as n
join lateral (select body from forum_posts where id = 1000 + n * 997 + 1) o on true
returning '/forum/t/comment-synchroniser-l-agenda-de-l-association-sur-mon-telephone/' || topic_id;
SQL
)
  topic=$(head -1 <<<"$topic")
  mkdir -p target/site/bench
  curl -fsS "$BASE$topic" -o target/site/bench/topic.html
  # Anonymous readers get the page the server keeps (server/src/page_cache.rs); a reader
  # with any cookie but the language's gets it rendered at every request.
  say "wrk: a topic of 50 replies (kept for anonymous readers)"
  local dyn ren sta
  dyn=$(run_wrk "$BASE$topic"); echo "$dyn"
  say "wrk: the same topic rendered at every request (a cookie other than the language's)"
  ren=$(run_wrk -H "Cookie: reader=1" "$BASE$topic"); echo "$ren"
  say "wrk: the same bytes as a static file"
  sta=$(run_wrk "$BASE/bench/topic.html"); echo "$sta"
  rm -rf target/site/bench

  # The searches, each an address of the search page.
  local paths
  paths=$(grep -v '^#' scripts/bench-forum-queries.txt | python3 -c '
import sys, urllib.parse
for line in sys.stdin:
    line = line.rstrip("\n")
    params = []
    if "|" in line:
        flt, line = line.split("|", 1)
        params.append(tuple(flt.split("=")) if "=" in flt else (flt, "1"))
    print("/forum/recherche?" + urllib.parse.urlencode([("q", line)] + params))
' | tr '\n' ' ')
  # Every search answers a page with its hits or with none (and each is asked once cold).
  local path out found=0
  for path in $paths; do
    out=$(curl -sS -w '\n%{http_code}' "$BASE$path")
    if [ "${out##*$'\n'}" != 200 ]; then echo "GET $path answered ${out##*$'\n'}" >&2; return 1; fi
    grep -q 'href="/forum/t/' <<<"$out" && found=$((found + 1))
  done
  echo "    $found of 200 searches find topics"
  say "wrk: 200 searches over 1,000,000 posts, one after another ($FORUM_CONNECTIONS connections)"
  # shellcheck disable=SC2086 # one argument per path
  local searched
  searched=$(wrk -t1 -c"$FORUM_CONNECTIONS" -d"$DURATION" -s target/bench-moderation.lua \
    -H "Accept-Encoding: br, gzip" "$BASE/forum/recherche" -- $paths 2>&1) || true
  if ! grep -q '^RESULT ' <<<"$searched"; then
    echo "wrk measured no search:" >&2; echo "$searched" >&2; return 1
  fi
  searched=$(awk '$1 == "RESULT"' <<<"$searched")

  echo
  say "Forum ($DURATION each; the topic with $CONNECTIONS connections, the searches with $FORUM_CONNECTIONS)"
  versus_static "topic of 50 replies (kept)" "$dyn" "$sta" " (goal 0.5 or more)"
  versus_static "topic of 50 replies (rendered)" "$ren" "$sta"
  local _r rps_s p50 p95 p99_s total failed
  read -r _r rps_s p50 p95 p99_s total failed <<<"$searched"
  printf '%-34s %10s %8s %8s %8s %10s %7s\n' "" "requests/s" "p50 ms" "p95 ms" "p99 ms" "p95/${FORUM_LIMIT_MS}ms" "not 200"
  printf '%-34s %10s %8s %8s %8s %10s %7s\n' "200 searches, 1M posts" "$rps_s" "$p50" "$p95" "$p99_s" \
    "$(awk -v p="$p95" -v l="$FORUM_LIMIT_MS" 'BEGIN { printf "%.2f", p / l }')" "$failed"
  if awk -v p="$p95" -v l="$FORUM_LIMIT_MS" 'BEGIN { exit !(p > l) }' || [ "$failed" != 0 ]; then
    echo "Forum search over ${FORUM_LIMIT_MS} ms at p95, or a search answered other than 200 (make bench fails at its end)."
    FORUM_OVER=1
  fi
}
# `make bench BENCH_ONLY=forum`: the forum's figures alone.
if [ "${BENCH_ONLY:-}" = forum ]; then
  forum_bench || FORUM_OVER=1
  kill "$SERVER_PID" 2>/dev/null || true
  exit "$FORUM_OVER"
fi
say "wrk: home page (server-rendered)"
DYN=$(run_wrk "$BASE/"); echo "$DYN"
say "wrk: the same bytes as a static file"
STA=$(run_wrk "$BASE/bench/home.html"); echo "$STA"


echo
say "Results ($DURATION, $CONNECTIONS connections, 2 wrk threads, one machine)"
versus_static "home page (rendered per request)" "$DYN" "$STA"
# `make bench BENCH_ONLY=home`: the home page's figures alone.
if [ "${BENCH_ONLY:-}" = home ]; then exit 0; fi

echo
say "First visit of the home page in Chromium, until hydrated (encoded bytes, brotli where offered)"
# The budget of a first visit, in encoded bytes: the benchmark fails past it. Lower it as the
# bytes go down (the aim is 200,000); never raise it without saying why in the README.
# 400,000 until 2026-12-04; 379,846 measured that day once the WASM carried no messages.
# 385,000 from 2026-12-04; 381,447 measured on 2026-12-05 once the messages came by area.
FIRST_VISIT_BUDGET=384000
node end2end/scripts/first-visit.mjs "$BASE" "$FIRST_VISIT_BUDGET"
echo
say "Each lazy page: what it fetches when first shown (its chunk and the shared chunks it needs, brotli bytes)"
python3 - "$SITE_DIR/pkg" <<'PY'
import glob, json, os, sys
pkg = sys.argv[1]
manifest = json.load(open(glob.glob(os.path.join(pkg, "__wasm_split_manifest.*.json"))[0]))
print(f"{'brotli':>8} {'files':>5}  page")
for name, files in sorted(manifest.items()):
    size = sum(os.path.getsize(os.path.join(pkg, f + ".wasm.br")) for f in files)
    print(f"{size:>8} {len(files):>5}  {name.strip('_').rsplit('_', 1)[0]}")
PY
rm -rf target/site/bench
# `make bench BENCH_ONLY=visit`: the home page's figures and the first visit's bytes alone.
if [ "${BENCH_ONLY:-}" = visit ]; then exit 0; fi

echo
say "Where the main WASM module's bytes go, by crate (twiggy $TWIGGY_VERSION, before wasm-bindgen and wasm-opt)"
if [ "$(twiggy --version 2>/dev/null || true)" != "twiggy $TWIGGY_VERSION" ]; then
  cargo install twiggy --locked --version "$TWIGGY_VERSION"
fi
# The module the first visit loads, once the lazy pages are split out of it.
twiggy top -n 1000000 --format csv "$TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm" \
  | python3 scripts/wasm-crates.py

echo
say "Moderation: 20,000 applications (scripts/bench-moderation.sql), with two moderators to decide them"
MOD_EMAIL="bench-moderation@frama.example"
(
  bench_config
  "$BIN" staff add "$MOD_EMAIL" --role moderator >/dev/null
  "$BIN" staff add "bench-collegue@frama.example" --role moderator >/dev/null
)
psql -X -q -v ON_ERROR_STOP=1 "$BENCH_DB" -f scripts/bench-moderation.sql
psql -X -tA -F ' ' "$BENCH_DB" -c "select status, count(*) from applications group by status order by status" \
  | paste -sd ' ' | sed 's/^/    /'

say "Logging in as $MOD_EMAIL: the login form, the mailed link, its button"
# The login form, as a browser without JavaScript sends it.
ASKED=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -H "Origin: $BASE" \
  --data-urlencode "email=$MOD_EMAIL" "$BASE/equipe/connexion")
if [ "$ASKED" != "303 $BASE/equipe/connexion/envoye" ]; then
  echo "The login form answered: $ASKED" >&2; exit 1
fi
# The server runs without a job worker: one sends the queued mail, to files, until it is out.
MAIL_DIR="$ROOT/target/bench-mail"
rm -rf "$MAIL_DIR"
(
  bench_config
  export FRAMASPACE_MAIL__TRANSPORT=file FRAMASPACE_MAIL__FILE_DIR="$MAIL_DIR"
  exec timeout 60 "$BIN" worker
) >target/bench-worker.log 2>&1 &
WORKER_PID=$!
LINK=""
for _ in $(seq 1 300); do
  LINK=$(grep -shoE "$BASE/equipe/connexion/[A-Za-z0-9_-]{40,}" "$MAIL_DIR"/*.json | head -1 || true)
  [ -n "$LINK" ] && break
  sleep 0.1
done
kill "$WORKER_PID" 2>/dev/null || true
wait "$WORKER_PID" 2>/dev/null || true
if [ -z "$LINK" ]; then
  echo "No login link was mailed to $MOD_EMAIL:" >&2; cat target/bench-worker.log >&2; exit 1
fi
# The link's page has a button that POSTs to the link: the answer logs in. The cookie is
# `Secure` (production mode), which curl keeps for https only: it is sent by hand below.
USED=$(curl -sS -o /dev/null -D - -X POST -H "Origin: $BASE" "$LINK" | tr -d '\r')
COOKIE=$(sed -n 's/^set-cookie: *\(__Host-session=[^;]*\).*/\1/Ip' <<<"$USED" | tail -1)
if ! grep -qiE '^location: /equipe$' <<<"$USED" || [ -z "$COOKIE" ]; then
  echo "The login link did not log in:" >&2; echo "$USED" >&2; exit 1
fi

# A staff page as the moderator sees it; fails unless it is the page (200, with a link or a
# form to an application, or to what the second argument names).
staff_page() {
  local out
  out=$(curl -sS -w '\n%{http_code}' -H "Cookie: $COOKIE" "$BASE$1")
  if [ "${out##*$'\n'}" != 200 ] || ! grep -qE "(href|action)=\"/equipe/${2:-demandes}/[0-9]" <<<"$out"; then
    echo "GET $1 did not answer the page (status ${out##*$'\n'})" >&2; return 1
  fi
  printf '%s\n' "${out%$'\n'*}"
}
# A list page's link to the next page (keyset: `apres=...`), of the queue or of the list
# the argument names (`espaces`).
next_page() { grep -oE "href=\"/equipe/${1:-demandes}\\?[^\"]*apres=[^\"]*\"" | head -1 | sed -e 's/^href="//' -e 's/"$//' -e 's/&amp;/\&/g'; }
FIRST="/equipe/demandes"
SECOND=$(staff_page "$FIRST" | next_page)
# Page 40 (the 1,951st to 2,000th waiting application), following the links.
DEEP="$SECOND"
for _ in $(seq 3 40); do DEEP=$(staff_page "$DEEP" | next_page); done
REJECTED="/equipe/demandes?etat=rejected"
FOUNDATIONS="/equipe/demandes?type=foundation&anciennete=14"
# A second application of a structure (same e-mail, number and address family) with the
# longest history among the waiting ones.
TWIN_ID=$(psql -X -tA "$BENCH_DB" -c "select a.id from applications a
  join application_events e on e.application_id = a.id
  where a.slug like '%-2' and a.status in ('confirmed', 'question', 'waitlisted')
  group by a.id order by count(*) desc, a.id limit 1")
TWIN="/equipe/demandes/$TWIN_ID"
# 200 waiting applications, one after the other.
MANY=$(psql -X -tA "$BENCH_DB" -c "select '/equipe/demandes/' || id from applications
  where status in ('confirmed', 'question', 'waitlisted') order by md5(id::text) limit 200" | tr '\n' ' ')
for path in "$SECOND" "$DEEP" "$REJECTED" "$FOUNDATIONS" "$TWIN" ${MANY%% *}; do
  staff_page "$path" >/dev/null
done

MOD_CONNECTIONS="${BENCH_MODERATION_CONNECTIONS:-4}"
MOD_THREADS=$((MOD_CONNECTIONS < 2 ? 1 : 2))
# 100 until 2026-12-04; every page's p95 was at most 39 ms that day.
LIMIT_MS=50
# One moderator's session on every connection, as a browser asks (brotli).
mod_wrk() {
  local url="$BASE$1"; shift
  wrk -t"$MOD_THREADS" -c"$MOD_CONNECTIONS" -d"$DURATION" -s target/bench-moderation.lua \
    -H "Cookie: $COOKIE" -H "Accept-Encoding: br, gzip" "$url" -- "$@" | awk '$1 == "RESULT"'
}
declare -a MOD_ROWS=()
mod_case() {
  local label="$1"; shift
  say "wrk: $label"
  MOD_ROWS+=("$label|$(mod_wrk "$@")")
}
mod_case "queue, first page" "$FIRST"
mod_case "queue, page 2 (its apres link)" "$SECOND"
mod_case "queue, page 40" "$DEEP"
mod_case "queue, ?etat=rejected" "$REJECTED"
mod_case "queue, ?type=foundation&anciennete=14" "$FOUNDATIONS"
mod_case "application $TWIN_ID (duplicates, history)" "$TWIN"
# shellcheck disable=SC2086 # one argument per path
mod_case "200 applications, one after another" "/equipe/demandes" $MANY

say "Spaces: 10,000 on 40 hosts (scripts/bench-spaces.sql)"
psql -X -q -v ON_ERROR_STOP=1 "$BENCH_DB" -f scripts/bench-spaces.sql
psql -X -tA -F ' ' "$BENCH_DB" -c "select state, count(*) from spaces group by state order by state" \
  | paste -sd ' ' | sed 's/^/    /'
SPACES_FIRST="/equipe/espaces"
SPACES_SECOND=$(staff_page "$SPACES_FIRST" espaces | next_page espaces)
SPACES_DEEP="$SPACES_SECOND"
for _ in $(seq 3 100); do SPACES_DEEP=$(staff_page "$SPACES_DEEP" espaces | next_page espaces); done
SPACES_SEARCH="/equipe/espaces?q=espace-77"
SPACES_FAILED="/equipe/espaces?etat=failed"
SPACE_ID=$(psql -X -tA "$BENCH_DB" -c "select s.id from spaces s join space_health h on h.space_id = s.id
  where s.state = 'active' group by s.id order by count(*) desc, s.id limit 1")
for path in "$SPACES_SECOND" "$SPACES_DEEP" "$SPACES_SEARCH" "$SPACES_FAILED"; do
  staff_page "$path" espaces >/dev/null
done
curl -fsS -o /dev/null -H "Cookie: $COOKIE" "$BASE/equipe/espaces/$SPACE_ID"
mod_case "spaces, first page" "$SPACES_FIRST"
mod_case "spaces, page 2 (its apres link)" "$SPACES_SECOND"
mod_case "spaces, page 100" "$SPACES_DEEP"
mod_case "spaces, ?q=espace-77" "$SPACES_SEARCH"
mod_case "spaces, ?etat=failed" "$SPACES_FAILED"
mod_case "space $SPACE_ID (steps, health history)" "/equipe/espaces/$SPACE_ID"

echo
say "Staff pages: 20,000 applications, 10,000 spaces ($DURATION, $MOD_CONNECTIONS connections, one session, $MOD_THREADS wrk threads)"
printf '%-42s %10s %8s %8s %8s %10s %7s\n' "" "requests/s" "p50 ms" "p95 ms" "p99 ms" "p95/${LIMIT_MS}ms" "not 200"
MOD_OVER=0
for row in "${MOD_ROWS[@]}"; do
  IFS='|' read -r label result <<<"$row"
  read -r _ rps p50 p95 p99 _ failed <<<"$result"
  printf '%-42s %10s %8s %8s %8s %10s %7s\n' "$label" "$rps" "$p50" "$p95" "$p99" \
    "$(awk -v p="$p95" -v l="$LIMIT_MS" 'BEGIN { printf "%.2f", p / l }')" "$failed"
  if awk -v p="$p95" -v l="$LIMIT_MS" 'BEGIN { exit !(p > l) }' || [ "$failed" != 0 ]; then MOD_OVER=1; fi
done
if [ "$MOD_OVER" = 1 ]; then
  echo "Some staff page is over ${LIMIT_MS} ms at p95, or answered other than 200 (make bench fails at its end)."
else
  echo "Every staff page within ${LIMIT_MS} ms at p95."
fi

forum_bench || FORUM_OVER=1
kill "$SERVER_PID" 2>/dev/null || true
echo
bash scripts/bench-nextcloud.sh
echo
say "Job queue (cargo bench -p backend --bench jobs)"
DATABASE_URL="$(pg_url postgres)" cargo bench -q -p backend --bench jobs
echo
say "Provisioning 10,000 spaces on 40 hosts, then a health sweep (cargo bench -p backend --bench fleet)"
cargo build -q --release --locked -p nextcloud-sim
DATABASE_URL="$(pg_url postgres)" cargo bench -q -p backend --bench fleet
DASHBOARD_OVER=0
dashboard_bench || DASHBOARD_OVER=1
IMPORT_OVER=0
import_bench || IMPORT_OVER=1
if [ "$DASHBOARD_OVER" = 1 ]; then
  echo "make bench: a dashboard page is over 150 ms at p95 or failed (see its table above)" >&2
fi
if [ "$IMPORT_OVER" = 1 ]; then
  echo "make bench: an import figure is over its goal or failed (see above)" >&2
fi
if [ "$FORUM_OVER" = 1 ]; then
  echo "make bench: the forum's search is over ${FORUM_LIMIT_MS} ms at p95 or failed (see its table above)" >&2
fi
if [ "$MOD_OVER" = 1 ]; then
  echo "make bench: a moderation page is over ${LIMIT_MS} ms at p95 or failed (see its table above)" >&2
fi
if [ "$DASHBOARD_OVER" = 1 ] || [ "$IMPORT_OVER" = 1 ] || [ "$MOD_OVER" = 1 ] || [ "$FORUM_OVER" = 1 ]; then
  exit 1
fi
