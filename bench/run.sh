#!/usr/bin/env bash
# Runs fitkit's benchmarks, each next to a peer or a floor measured in the same run,
# and prints one table: benchmark | ours | peer/floor | ratio | aim.
# What each part measures and how to read it: docs/benchmarks.md.
#
#   (a) fitctl cold start on a database of 100,000 users      hyperfine, vs sqlite3
#   (b) GET /v1/me throughput and p99, one server core         wrk, vs nginx
#   (c) logins/s through Platform, two threads                 Google Benchmark, vs bare Argon2id
#   (d) the same operations on PostgreSQL and on SQLite         Google Benchmark, side by side
#   (e) crash consistency: 1,000 SIGKILLed rounds per backend   no acknowledged commit lost
#   (f) one notification to 1,000 and 10,000 WebSockets        vs a raw send() loop and node's ws
#   (g) C API call overhead                                    fitkit_call vs Platform::call
#   (h) FIT, GPX and TCX parse throughput                      vs gpsbabel, gpxpy, expat, raw read
#   (i) stored track size, bytes per point                     vs the FIT file's bytes per record
#   (j) import of 1,000 one-hour FIT files into SQLite         files/s and peak memory
#   (k) records and totals over 10,000 workouts                p50/p99, vs the bare SQL
#   (l) 1,000 concurrent registrations for 100 places           exactly 100/900 every run; registrations/s
#   (m) import of 100,000 results, CSV and IOF XML              seconds, vs sqlite3 .import of the CSV
#   (n) leaderboard of 100,000 results, an age group's page     p50/p99, vs the bare SQL
#
# Environment (all optional):
#   BUILD_DIR               the build to measure (default: build/, what `make bench` builds)
#   BENCH_SKIP_CLI=1        skip (a)        BENCH_CLI_USERS     users in (a)'s database (100000)
#   BENCH_SKIP_HTTP=1       skip (b)        BENCH_CLI_RUNS      hyperfine runs per command (100)
#   BENCH_SKIP_LOGIN=1      skip (c)        BENCH_HTTP_SECONDS  wrk duration per server (10)
#   BENCH_SKIP_WS=1         skip (f)        BENCH_WS_CLIENTS    client counts of (f) ("1000 10000")
#   BENCH_SKIP_CAPI=1       skip (g)        BENCH_WS_ROUNDS     broadcasts measured per count (20)
#   BENCH_SKIP_RESULTS=1    skip (m), (n)   BENCH_RESULTS       results in (m) and (n) (100000)
#   BENCH_HTTP_CONNECTIONS  wrk connections (64)
#   BENCH_LOGIN_ITERATIONS  logins per thread per repetition (60)
#   BENCH_LOGIN_REPETITIONS repetitions, interleaved at random (5)
#   BENCH_CAPI_REPETITIONS, BENCH_CAPI_MIN_TIME   (g)'s repetitions and CPU seconds each (6, 0.2)
#   BENCH_SERVER_CPU, BENCH_CLIENT_CPU   cores for the server and for the client (0 and 1)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$(cd "${BUILD_DIR:-$ROOT/build}" && pwd)
BIN=$BUILD_DIR/bin
CLI_USERS=${BENCH_CLI_USERS:-100000}
CLI_RUNS=${BENCH_CLI_RUNS:-100}
HTTP_SECONDS=${BENCH_HTTP_SECONDS:-10}
HTTP_CONNECTIONS=${BENCH_HTTP_CONNECTIONS:-64}
LOGIN_ITERATIONS=${BENCH_LOGIN_ITERATIONS:-60}
LOGIN_REPETITIONS=${BENCH_LOGIN_REPETITIONS:-5}
BACKENDS_MIN_TIME=${BENCH_BACKENDS_MIN_TIME:-1}
CRASH_ROUNDS=${BENCH_CRASH_ROUNDS:-1000}
CRASH_SEED=${BENCH_CRASH_SEED:-7}
WS_CLIENTS=${BENCH_WS_CLIENTS:-1000 10000}
WS_ROUNDS=${BENCH_WS_ROUNDS:-20}
CAPI_REPETITIONS=${BENCH_CAPI_REPETITIONS:-6}
CAPI_MIN_TIME=${BENCH_CAPI_MIN_TIME:-0.2}
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
PASSWORD=bench-password-not-secret-0042  # bench data only

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
need() { command -v "$1" >/dev/null || die "$1 is not installed (Debian: apt-get install $1)"; }

# --- workspace, cleaned up however the run ends -----------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fitkit-bench.XXXXXX")
case $WORK in *[[:space:]]*) rmdir "$WORK"; die "TMPDIR must not contain spaces: $WORK" ;; esac
chmod 711 "$WORK"  # nginx's worker (user nobody when started as root) must reach $WORK/www
: >"$WORK/pids" >"$WORK/rows"

# Stops the processes listed in a pid file: TERM, up to 5 s of grace, then KILL.
stop_pids() {
  local pid
  for pid in $(cat "$1" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $(cat "$1" 2>/dev/null); do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  : >"$1"
}
cleanup() { stop_pids "$WORK/pids"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# fitctl sees nothing of the caller's configuration.
unset FITKIT_DB FITKIT_TOKEN FITKIT_FORMAT FITKIT_CONFIG FITKIT_DATA_DIR FITKIT_PUBLIC_URL FITKIT_ARGON2 \
      FITKIT_SEALING_KEY
export XDG_CONFIG_HOME=$WORK/config FITKIT_DATA_DIR=$WORK/data NO_COLOR=1
cd "$WORK"

# --- helpers ---------------------------------------------------------------------
row() { printf '%s|%s|%s|%s|%s\n' "$@" >>"$WORK/rows"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }           # seconds -> "1.23"
us_ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }   # microseconds -> "1.23"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }'; }
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits up to 10 s for a URL to answer 200.
wait_http() {
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$@" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
# Runs one part in a subshell with errexit on; a failing part is reported, the others still run.
run_part() {
  local name=$1 rc=0
  shift
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  stop_pids "$WORK/pids"
  [ "$rc" -eq 0 ] || {
    log "$name failed (exit $rc)"
    row "$name" "failed, see the log above" "—" "—" "—"
    FAILED=1
  }
}

# The benchmark programs are not part of the default build: each part builds (or brings up to
# date) what it runs.
build_targets() {
  cmake --build "$BUILD_DIR" --target "$@"
}

# --- (a) fitctl cold start ---------------------------------------------------------
part_cli() {
  need hyperfine; need sqlite3; need jq
  build_targets fitctl bench_gen_users
  local db=$WORK/users.db gen
  log "(a) generating $CLI_USERS users"
  gen=$("$BIN/bench_gen_users" --db "sqlite:$db" --users "$CLI_USERS" --data-dir "$WORK/data")
  local admin uid unum
  admin=$(jq -r .admin <<<"$gen")
  uid=$(jq -r .sample_user_id <<<"$gen")
  unum=$(jq -r .sample_user_num <<<"$gen")
  log "(a) $(jq -r '"\(.users) users in \(.seconds * 100 | round / 100) s"' <<<"$gen")"

  local fitctl="$BIN/fitctl --db sqlite:$db --format json"
  local users_get="$fitctl --as $admin users get --user-id $uid"
  local profile_get="$fitctl --as $uid profile get"
  # The same rows as sqlite3 reads them: the floor of opening the file and one query.
  local sql_user="sqlite3 $db 'SELECT id, email, status, created_at FROM users WHERE id = $unum'"
  local sql_profile="sqlite3 $db 'SELECT u.id, u.email, p.nickname, p.city, p.time_zone FROM users u JOIN profiles p ON p.user_id = u.id WHERE u.id = $unum'"
  # Fail early, with the tools' own messages; the floor must find the same row.
  $users_get >/dev/null && $profile_get >/dev/null
  [ "$(sqlite3 "$db" "SELECT email FROM users WHERE id = $unum")" = "$(jq -r .sample_user_email <<<"$gen")" ] ||
    die "(a) sqlite3 does not find the sample user $unum"

  log "(a) hyperfine, $CLI_RUNS runs per command"
  hyperfine -N --style basic --warmup 5 --runs "$CLI_RUNS" --export-json "$WORK/cli.json" \
    -n users_get "$users_get" -n sqlite_user "$sql_user" \
    -n profile_get "$profile_get" -n sqlite_profile "$sql_profile" \
    -n true /bin/true >&2

  # median and p95 (nearest rank) of one command, in seconds
  cli_stat() {
    jq -r --arg n "$1" '.results[] | select(.command == $n)
      | "\(.median) \(.times | sort | .[(length * 0.95 | ceil) - 1])"' "$WORK/cli.json"
  }
  local n=$((CLI_USERS + 1)) a b
  for pair in "users_get sqlite_user users-get" "profile_get sqlite_profile profile-get"; do
    set -- $pair
    read -r a_med a_p95 <<<"$(cli_stat "$1")"
    read -r b_med b_p95 <<<"$(cli_stat "$2")"
    row "(a) fitctl ${3/-/ } ($n users): median / p95" "$(ms "$a_med") / $(ms "$a_p95") ms" \
        "sqlite3 $(ms "$b_med") / $(ms "$b_p95") ms" "$(ratio "$a_med" "$b_med")" "median < 10 ms"
  done
  read -r a b <<<"$(cli_stat true)"
  row "(a) process floor: /bin/true, median / p95" "—" "$(ms "$a") / $(ms "$b") ms" "—" "—"
}

# --- (b) GET /v1/me under wrk, next to nginx -----------------------------------------
# Prints "rps p99_us p50_us errors" of one wrk run (after a 1 s warm-up).
wrk_run() {
  local url=$1 out
  BENCH_TOKEN=$TOKEN taskset -c "$CLIENT_CPU" wrk -t1 -c"$HTTP_CONNECTIONS" -d1s -s "$WORK/me.lua" "$url" >/dev/null
  out=$(BENCH_TOKEN=$TOKEN taskset -c "$CLIENT_CPU" wrk -t1 -c"$HTTP_CONNECTIONS" -d"${HTTP_SECONDS}s" \
          -s "$WORK/me.lua" "$url")
  grep '^RESULT' <<<"$out" | cut -d' ' -f2-
}

part_http() {
  need wrk; need nginx; need taskset; need curl; need jq
  build_targets fitctl
  local db=sqlite:$WORK/http.db fitctl="$BIN/fitctl"
  # Cheap hashing for the setup only; GET /v1/me never hashes.
  export FITKIT_ARGON2=m=1024,t=1,p=1
  "$fitctl" --db "$db" db migrate >/dev/null
  printf '%s\n' "$PASSWORD" | "$fitctl" --db "$db" --as system users create \
    --email me@bench.example --password - >/dev/null
  TOKEN=$(printf '%s\n' "$PASSWORD" | "$fitctl" --db "$db" --format json auth login \
    --email me@bench.example --password - | jq -r .access_token)
  [ -n "$TOKEN" ] && [ "$TOKEN" != null ] || die "(b) auth login gave no access token"

  cat >"$WORK/me.lua" <<'EOF'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(99), latency:percentile(50), e.connect + e.read + e.write + e.status + e.timeout))
end
EOF

  log "(b) fitctl serve on core $SERVER_CPU, wrk on core $CLIENT_CPU"
  taskset -c "$SERVER_CPU" "$fitctl" --db "$db" serve --port 0 --threads 1 >"$WORK/serve.out" 2>"$WORK/serve.err" &
  echo $! >>"$WORK/pids"
  local url=""
  for _ in $(seq 100); do
    url=$(grep -o 'http://[^ ]*' "$WORK/serve.out" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || die "(b) fitctl serve did not start: $(cat "$WORK/serve.err")"
  url=${url%/}

  # nginx serves the very bytes /v1/me answers, as a static file.
  mkdir -p "$WORK/www/v1" "$WORK/nginx"
  curl -fsS -H "Authorization: Bearer $TOKEN" "$url/v1/me" -o "$WORK/www/v1/me"
  chmod 755 "$WORK/www" "$WORK/www/v1" && chmod 644 "$WORK/www/v1/me"
  local size port
  size=$(stat -c %s "$WORK/www/v1/me")
  port=$(free_port)
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $WORK/www;
    location = /v1/me { }
  }
}
EOF
  log "(b) nginx on core $SERVER_CPU, port $port, serving $size bytes"
  taskset -c "$SERVER_CPU" nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
  echo $! >>"$WORK/pids"
  wait_http "http://127.0.0.1:$port/v1/me" || die "(b) nginx did not start: $(cat "$WORK/nginx/error.log")"

  log "(b) wrk -c$HTTP_CONNECTIONS -d${HTTP_SECONDS}s against fitctl serve"
  local ours peer
  ours=$(wrk_run "$url/v1/me")
  log "(b) wrk -c$HTTP_CONNECTIONS -d${HTTP_SECONDS}s against nginx"
  peer=$(wrk_run "http://127.0.0.1:$port/v1/me")
  local o_rps o_p99 o_p50 o_err p_rps p_p99 p_p50 p_err
  read -r o_rps o_p99 o_p50 o_err <<<"$ours"
  read -r p_rps p_p99 p_p50 p_err <<<"$peer"
  local note=""
  [ "$o_err" -eq 0 ] || note=" ($o_err errors)"
  [ "$p_err" -eq 0 ] || note="$note (nginx: $p_err errors)"
  row "(b) GET /v1/me, 1 core, c=$HTTP_CONNECTIONS: req/s" "$(printf '%.0f' "$o_rps")$note" \
      "nginx $(printf '%.0f' "$p_rps")" "$(ratio "$o_rps" "$p_rps")" "≥ 0.90×"
  row "(b) GET /v1/me: p99 (p50)" "$(us_ms "$o_p99") ms ($(us_ms "$o_p50") ms)" \
      "nginx $(us_ms "$p_p99") ms ($(us_ms "$p_p50") ms)" "$(ratio "$o_p99" "$p_p99")" "p99 ≤ 1 ms"
}

# --- (c) logins/s next to bare Argon2id ------------------------------------------------
part_login() {
  need jq; need taskset
  build_targets bench_login
  log "(c) $LOGIN_REPETITIONS × $LOGIN_ITERATIONS logins per thread, 2 threads on cores $SERVER_CPU,$CLIENT_CPU"
  taskset -c "$SERVER_CPU,$CLIENT_CPU" "$BIN/bench_login" --threads=2 --iterations="$LOGIN_ITERATIONS" \
    --benchmark_repetitions="$LOGIN_REPETITIONS" --benchmark_enable_random_interleaving=true \
    --benchmark_out="$WORK/login.json" --benchmark_out_format=json >&2
  # items_per_second of a benchmark: the median of the repetitions (or the single run)
  rate() {
    jq -r --arg n "$1" '[.benchmarks[] | select(.run_name | startswith($n + "/"))] as $b
      | ([$b[] | select(.aggregate_name == "median")] + [$b[] | select(.run_type == "iteration")])[0]
      | .items_per_second' "$WORK/login.json"
  }
  local ours peer cost
  ours=$(rate login)
  peer=$(rate argon2id_verify)
  cost=$(jq -r '.context.argon2id' "$WORK/login.json")
  row "(c) auth.login via Platform, 2 threads: logins/s" "$(printf '%.1f' "$ours")" \
      "argon2id_verify $cost $(printf '%.1f' "$peer")/s" "$(ratio "$ours" "$peer")" "≥ 0.95×"
}

# --- (d) PostgreSQL next to SQLite ------------------------------------------------------
part_backends() {
  need jq
  build_targets bench_backends
  log "(d) register, login, read profile, list sessions; 1-8 concurrent writers; on both backends"
  "$BIN/bench_backends" --benchmark_min_time="$BACKENDS_MIN_TIME" \
    --benchmark_out="$WORK/backends.json" --benchmark_out_format=json >&2
  # "items_per_second errors" of one benchmark run
  rate() {
    jq -r --arg n "$1" '.benchmarks[] | select(.name == $n) | "\(.items_per_second) \(.errors // 0)"' \
      "$WORK/backends.json"
  }
  local op pg sq pg_err sq_err note
  for op in register login read_profile list_sessions; do
    read -r pg pg_err <<<"$(rate "$op/postgresql/real_time")"
    read -r sq sq_err <<<"$(rate "$op/sqlite/real_time")"
    note=""
    [ "${pg_err%.*}" = 0 ] && [ "${sq_err%.*}" = 0 ] || note=" (errors: pg $pg_err, sqlite $sq_err)"
    row "(d) ${op/_/ }, 1 thread: ops/s" "postgresql $(printf '%.0f' "$pg")$note" \
        "sqlite $(printf '%.0f' "$sq")" "$(ratio "$pg" "$sq")" "side by side"
  done
  local n
  for n in 1 2 4 8; do
    read -r pg pg_err <<<"$(rate "writers/postgresql/real_time/threads:$n")"
    read -r sq sq_err <<<"$(rate "writers/sqlite/real_time/threads:$n")"
    note=""
    [ "${pg_err%.*}" = 0 ] && [ "${sq_err%.*}" = 0 ] || note=" (errors: pg $pg_err, sqlite $sq_err)"
    row "(d) $n concurrent writers (profile.update): ops/s" "postgresql $(printf '%.0f' "$pg")$note" \
        "sqlite $(printf '%.0f' "$sq")" "$(ratio "$pg" "$sq")" "side by side"
  done
}

# --- (e) crash consistency ---------------------------------------------------------------
part_crash() {
  build_targets bench_crash_rounds
  log "(e) $CRASH_ROUNDS rounds per backend, seed $CRASH_SEED (about 7 minutes per 1,000 rounds)"
  local out rc=0
  out=$("$BIN/bench_crash_rounds" --rounds "$CRASH_ROUNDS" --seed "$CRASH_SEED") || rc=$?
  printf '%s\n' "$out" >&2
  local backend line
  for backend in sqlite postgresql; do
    # | backend | rounds | acknowledged commits | lost | half-applied | integrity | seconds |
    line=$(grep -E "^\| $backend +\|" <<<"$out" | tr -d ' ') || continue
    IFS='|' read -r _ _ rounds acked lost half integrity seconds _ <<<"$line"
    row "(e) crash rounds, $backend: lost / half-applied" "$lost / $half of $acked acknowledged, integrity $integrity" \
        "$rounds SIGKILLs, ${seconds} s" "—" "0 / 0, ok"
  done
  return "$rc"
}

# --- (f) WebSocket fan-out, next to a raw send() loop and node's ws ----------------------
# Runs one server of (f) on the server core and bench_ws_client on the client core; prints the
# client's JSON. $1: fitkit, floor or ws; $2: clients.
ws_run() {
  local kind=$1 n=$2 port control out
  port=$(free_port)
  control=$(free_port)
  case $kind in
    fitkit) taskset -c "$SERVER_CPU" "$BIN/bench_ws_fitkit" --db "sqlite:$WORK/ws-$n.db" --data-dir "$WORK/ws-data" \
              --port "$port" --control-port "$control" --threads 1 >/dev/null 2>"$WORK/ws-server.err" & ;;
    floor) taskset -c "$SERVER_CPU" "$BIN/bench_ws_floor" --port "$port" --control-port "$control" \
              --payload "$WORK/ws-payload.json" >/dev/null 2>"$WORK/ws-server.err" & ;;
    ws) taskset -c "$SERVER_CPU" node "$ROOT/bench/ws_peer/broadcast.js" --port "$port" --control-port "$control" \
              --payload "$WORK/ws-payload.json" >/dev/null 2>"$WORK/ws-server.err" & ;;
  esac
  echo $! >>"$WORK/pids"
  local save=()
  [ -s "$WORK/ws-payload.json" ] || save=(--save-payload "$WORK/ws-payload.json")
  out=$(taskset -c "$CLIENT_CPU" "$BIN/bench_ws_client" --port "$port" --control-port "$control" --clients "$n" \
          --rounds "$WS_ROUNDS" "${save[@]}") || { cat "$WORK/ws-server.err" >&2; stop_pids "$WORK/pids"; return 1; }
  stop_pids "$WORK/pids"
  printf '%s\n' "$out"
}

part_ws() {
  need node; need npm; need taskset; need jq
  build_targets bench_ws_client bench_ws_floor bench_ws_fitkit
  local peer=$ROOT/bench/ws_peer want
  want=$(jq -r '.packages["node_modules/ws"].version' "$peer/package-lock.json")
  if [ "$(jq -r .version "$peer/node_modules/ws/package.json" 2>/dev/null)" != "$want" ]; then
    log "(f) npm ci in bench/ws_peer (ws $want)"
    npm ci --prefix "$peer" --no-audit --no-fund --ignore-scripts </dev/null >&2
  fi
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # 10,000 sockets on each side
  rm -f "$WORK/ws-payload.json"
  local n kind
  for n in $WS_CLIENTS; do
    for kind in fitkit floor ws; do
      log "(f) $n clients, $WS_ROUNDS broadcasts: $kind on core $SERVER_CPU, bench_ws_client on core $CLIENT_CPU"
      ws_run "$kind" "$n" >"$WORK/ws-$kind-$n.json"
      jq -c . "$WORK/ws-$kind-$n.json" >&2
    done
    # "messages/s median p99 max missing" of one run
    ws_stat() {
      jq -r '"\(.messages_per_s) \(.last_median_ms) \(.last_p99_ms) \(.last_max_ms) \(.missing)"' "$WORK/ws-$1-$n.json"
    }
    local o_rate o_med o_p99 o_max o_miss p_rate p_med p_p99 p_max p_miss peer_name note aim
    read -r o_rate o_med o_p99 o_max o_miss <<<"$(ws_stat fitkit)"
    note=""
    [ "$o_miss" = 0 ] || note=" ($o_miss missing)"
    for kind in floor ws; do
      read -r p_rate p_med p_p99 p_max p_miss <<<"$(ws_stat "$kind")"
      case $kind in floor) peer_name="send() loop" aim="≥ 0.85×" ;; ws) peer_name="node ws" aim="≥ 1.2×" ;; esac
      [ "$p_miss" = 0 ] || peer_name="$peer_name ($p_miss missing)"
      row "(f) one notification to $n WebSockets: messages/s" "$(printf '%.0f' "$o_rate")$note" \
          "$peer_name $(printf '%.0f' "$p_rate")" "$(ratio "$o_rate" "$p_rate")" "$aim"
      row "(f) $n WebSockets: last one has it, median / p99 / max" "$(printf '%.2f / %.2f / %.2f' "$o_med" "$o_p99" "$o_max") ms" \
          "$peer_name $(printf '%.2f / %.2f / %.2f' "$p_med" "$p_p99" "$p_max") ms" "$(ratio "$o_med" "$p_med")" "—"
    done
  done
}

# --- (g) C API call overhead -------------------------------------------------------------
part_contention() {
  build_targets bench_registration_contention
  log "(l) 1,000 registrations at once for 100 places, 5 runs per setup"
  local out="$WORK/contention.txt" setup median exact
  "$BIN/bench_registration_contention" 5 | tee "$out" >&2 || die "(l) a run did not end with 100 placed and 900 waitlisted"
  for setup in "SQLite, 16 threads" "PostgreSQL, 16 threads" "PostgreSQL, 8 processes"; do
    median=$(awk -v s="$setup" 'index($0, s) == 1 && /median/ { print $(NF-8) }' "$out")
    exact=$(awk -v s="$setup" 'index($0, s) == 1 && /median/ { print $NF }' "$out")
    row "(l) $setup: registrations/s (median of 5)" "$median/s" "100 placed, 900 waitlisted every run: $exact" "—" "exactly 100/900"
  done
}

part_results() {
  need sqlite3
  build_targets bench_results
  local results=${BENCH_RESULTS:-100000} out="$WORK/results.txt"
  log "(m), (m'), (n) $results results imported into one event, again with more, then its leaderboard"
  "$BIN/bench_results" "$results" 2000 | tee "$out" >&2 || die "(m) the results benchmark failed"
  local csv floor iof live p50 p99 bare99
  csv=$(awk '/^import .* CSV:/ { print $(NF-11) }' "$out")
  floor=$(awk '/^import .* CSV:/ { print $(NF-3) }' "$out")
  iof=$(awk '/^import .* IOF XML/ { print $(NF-6) }' "$out")
  live=$(awk '/^import the whole file again/ { print $11 }' "$out")
  p50=$(awk '/^leaderboard/ { for (i = 1; i <= NF; ++i) if ($i == "p50") { print $(i+1); exit } }' "$out")
  p99=$(awk '/^leaderboard/ { for (i = 1; i <= NF; ++i) if ($i == "p99") { print $(i+1); exit } }' "$out")
  bare99=$(awk '/^leaderboard/ { n = 0; for (i = 1; i <= NF; ++i) if ($i == "p99") { if (++n == 2) print $(i+1) } }' "$out")
  row "(m) import $results results from CSV" "${csv} s" "sqlite3 .import ${floor} s" "$(ratio "$csv" "$floor")" "≤ 3×"
  row "(m) import $results results from IOF XML" "${iof} s" "sqlite3 .import ${floor} s" "$(ratio "$iof" "$floor")" "≤ 3×"
  row "(m') the file again with the last 1% of finishers" "${live} s" "sqlite3 .import ${floor} s" "$(ratio "$live" "$floor")" "—"
  row "(n) leaderboard, an age group's page of 50: p50" "${p50} ms" "—" "—" "—"
  row "(n) leaderboard, an age group's page of 50: p99" "${p99} ms" "bare SQL ${bare99} ms" "$(ratio "$p99" "$bare99")" "p99 < 5 ms"
}

part_capi() {
  need jq; need taskset
  build_targets bench_capi
  log "(g) fitkit_call vs Platform::call, $CAPI_REPETITIONS interleaved repetitions on core $SERVER_CPU"
  taskset -c "$SERVER_CPU" "$BIN/bench_capi" --benchmark_repetitions="$CAPI_REPETITIONS" \
    --benchmark_enable_random_interleaving=true --benchmark_min_time="$CAPI_MIN_TIME" \
    --benchmark_out="$WORK/capi.json" --benchmark_out_format=json >&2
  # median CPU ns per call of one benchmark (CPU time: what a loaded machine disturbs least)
  per_call() {
    jq -r --arg n "$1" '[.benchmarks[] | select(.run_name == $n)] as $b
      | ([$b[] | select(.aggregate_name == "median")] + [$b[] | select(.run_type == "iteration")])[0]
      | .cpu_time' "$WORK/capi.json"
  }
  local op name c cpp checked
  for op in profile_get unread_count; do
    case $op in profile_get) name=profile.get ;; unread_count) name=notifications.unread_count ;; esac
    c=$(per_call "through_c/$op")
    cpp=$(per_call "through_cpp/$op")
    checked=$(per_call "through_cpp_checked/$op")
    # The ratios are speeds: C++ time ÷ C time. fitkit_call checks the actor's token on every
    # call; the second row does the same in C++, which leaves the binding's own cost.
    row "(g) $name via fitkit_call: CPU ns/call" "$(printf '%.0f' "$c") ns" "Platform::call $(printf '%.0f' "$cpp") ns" \
        "$(ratio "$cpp" "$c")" "≥ 0.95×"
    row "(g) $name via fitkit_call, same work in C++" "$(printf '%.0f' "$c") ns" \
        "authenticate + call $(printf '%.0f' "$checked") ns" "$(ratio "$checked" "$c")" "≥ 0.95×"
  done
}

# --- (h)-(k) activity files and workouts, in files of their own ---------------------------
# shellcheck source=bench/activity_files.sh
source "$ROOT/bench/activity_files.sh"   # part_parse (h), part_track_size (i)
# shellcheck source=bench/workout_store.sh
source "$ROOT/bench/workout_store.sh"    # part_import (j), part_history (k)

# --- run ---------------------------------------------------------------------------
FAILED=0
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "work dir $WORK; build $BUILD_DIR; load $LOAD_AT_START"
[ "${BENCH_SKIP_CLI:-0}" = 1 ] || run_part "(a) fitctl cold start" part_cli
[ "${BENCH_SKIP_HTTP:-0}" = 1 ] || run_part "(b) GET /v1/me" part_http
[ "${BENCH_SKIP_LOGIN:-0}" = 1 ] || run_part "(c) login throughput" part_login
[ "${BENCH_SKIP_BACKENDS:-0}" = 1 ] || run_part "(d) backends" part_backends
[ "${BENCH_SKIP_CRASH:-0}" = 1 ] || run_part "(e) crash consistency" part_crash
[ "${BENCH_SKIP_WS:-0}" = 1 ] || run_part "(f) WebSocket fan-out" part_ws
[ "${BENCH_SKIP_CAPI:-0}" = 1 ] || run_part "(g) C API overhead" part_capi
[ "${BENCH_SKIP_PARSE:-0}" = 1 ] || run_part "(h) activity-file parsing" part_parse
[ "${BENCH_SKIP_TRACK_SIZE:-0}" = 1 ] || run_part "(i) stored track size" part_track_size
[ "${BENCH_SKIP_IMPORT:-0}" = 1 ] || run_part "(j) workout import" part_import
[ "${BENCH_SKIP_HISTORY:-0}" = 1 ] || run_part "(k) records and totals" part_history
[ "${BENCH_SKIP_CONTENTION:-0}" = 1 ] || run_part "(l) registration contention" part_contention
[ "${BENCH_SKIP_RESULTS:-0}" = 1 ] || run_part "(m), (n) results" part_results

echo
printf 'fitkit benchmarks, %s, %s, %s cores (%s), load %s at the start, %s at the end\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  "$(uname -m)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
  "$LOAD_AT_START" "$(cut -d' ' -f1-3 /proc/loadavg)"
{
  printf 'benchmark|ours|peer/floor|ratio|aim\n'
  cat "$WORK/rows"
} | column -t -s '|' -o ' | '
exit "$FAILED"
