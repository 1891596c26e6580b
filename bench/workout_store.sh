# Parts (j) and (k) of bench/run.sh, sourced by it (its helpers: row, ratio, need, log, die,
# build_targets, $WORK, $BIN). What they measure: docs/benchmarks.md.
#
#   (j) import of one-hour FIT files into SQLite, next to parsing them alone; peak memory
#   (k) workouts.records and workouts.totals over a long history, next to the bare SQL
#
#   BENCH_IMPORT_FILES       one-hour FIT files imported in (j) (1000)
#   BENCH_IMPORT_CLI_FILES   of them, in the folder given to `fitctl workouts import` (1000)
#   BENCH_IMPORT_LONG_SECONDS  points (1 Hz) of the long file whose import memory is measured (36000)
#   BENCH_HISTORY_WORKOUTS   workouts of the user in (k) (10000)
#   BENCH_HISTORY_CALLS      calls of each query measured in (k) (300)
IMPORT_FILES=${BENCH_IMPORT_FILES:-1000}
IMPORT_CLI_FILES=${BENCH_IMPORT_CLI_FILES:-1000}
IMPORT_LONG_SECONDS=${BENCH_IMPORT_LONG_SECONDS:-36000}
HISTORY_WORKOUTS=${BENCH_HISTORY_WORKOUTS:-10000}
HISTORY_CALLS=${BENCH_HISTORY_CALLS:-300}

kib_mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

# Runs a command with its stdout to $1 and prints "wall_seconds max_rss_kib": GNU time when
# there is one, else a Python wrapper that forks, waits and reads the child's rusage.
measure_process() {
  local out=$1 start end rss
  shift
  if [ -x /usr/bin/time ]; then
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$out"
    end=$(date +%s.%N)
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")
    awk -v a="$start" -v b="$end" -v r="$rss" 'BEGIN { printf "%.3f %d\n", b - a, r }'
  else
    /usr/bin/python3 - "$out" "$@" <<'EOF'
import os, resource, subprocess, sys, time
start = time.monotonic()
with open(sys.argv[1], "wb") as out:
    rc = subprocess.run(sys.argv[2:], stdout=out).returncode
wall = time.monotonic() - start
if rc:
    sys.exit(rc)
print("%.3f %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
EOF
  fi
}

# --- (j) import of many FIT files --------------------------------------------------------
part_import() {
  need jq
  build_targets bench_import fitctl
  local dir=$WORK/import
  local files=$dir/files long=$dir/long cli=$dir/cli
  mkdir -p "$dir" "$cli"
  # Generated in processes of their own: the measured ones hold one file at a time.
  log "(j) generating $IMPORT_FILES one-hour FIT files and one of $IMPORT_LONG_SECONDS s"
  "$BIN/bench_import" generate --out "$files" --count "$IMPORT_FILES" --seconds 3600
  "$BIN/bench_import" generate --out "$long" --count 1 --seconds "$IMPORT_LONG_SECONDS"

  log "(j) parsing them alone, then importing them one per Platform::call"
  "$BIN/bench_import" parse --files "$files" >"$dir/parse.json"
  "$BIN/bench_import" import --db "sqlite:$dir/import.db" --data-dir "$dir/data" --files "$files" >"$dir/import.json"
  jq -c . "$dir/parse.json" "$dir/import.json" >&2
  log "(j) the long file, in fresh processes"
  "$BIN/bench_import" parse --files "$long" >"$dir/long-parse.json"
  "$BIN/bench_import" import --db "sqlite:$dir/long.db" --data-dir "$dir/long-data" --files "$long" \
    >"$dir/long-import.json"
  jq -c . "$dir/long-parse.json" "$dir/long-import.json" >&2

  local n p_s p_pts p_rss i_s i_pts i_rss i_before
  read -r n i_s i_pts i_rss i_before <<<"$(jq -r '"\(.files) \(.seconds) \(.points) \(.max_rss_kib) \(.rss_before_kib)"' \
    "$dir/import.json")"
  read -r p_s p_pts p_rss <<<"$(jq -r '"\(.seconds) \(.points) \(.max_rss_kib)"' "$dir/parse.json")"
  [ "$i_pts" = "$p_pts" ] || die "(j) the import stored $i_pts points, the parser read $p_pts"
  row "(j) import $n one-hour FIT files (SQLite): files/s" \
      "$(per_s "$n" "$i_s") files/s, $(per_s "$i_pts" "$i_s") points/s" \
      "parse only $(per_s "$n" "$p_s") files/s, $(per_s "$p_pts" "$p_s") points/s" "$(ratio "$i_s" "$p_s") time" "—"
  row "(j) peak memory, import of $n files" "$(kib_mib "$i_rss") ($(kib_mib "$i_before") before the first)" \
      "parse only $(kib_mib "$p_rss")" "$(ratio "$i_rss" "$p_rss")" "< 64 MiB"
  local l_pts l_rss lp_rss
  read -r l_pts l_rss <<<"$(jq -r '"\(.points) \(.max_rss_kib)"' "$dir/long-import.json")"
  lp_rss=$(jq -r .max_rss_kib "$dir/long-parse.json")
  row "(j) peak memory, one $(awk -v s="$IMPORT_LONG_SECONDS" 'BEGIN { printf "%g", s / 3600 }')-hour FIT file ($l_pts points)" \
      "$(kib_mib "$l_rss")" \
      "parse only $(kib_mib "$lp_rss")" "$(ratio "$l_rss" "$lp_rss")" "< 64 MiB"

  # fitctl on a folder: it zips the folder to a temporary file, which the import reads entry by entry.
  local m=$IMPORT_CLI_FILES fitctl=$BIN/fitctl
  [ "$m" -le "$n" ] || m=$n
  local all_files
  mapfile -t all_files < <(find "$files" -name '*.fit' | sort)
  cp -t "$cli" "${all_files[@]:0:m}"
  FITKIT_ARGON2=m=1024,t=1,p=1 "$fitctl" --db "sqlite:$dir/cli.db" --as system users create \
    --email cli@bench.example --password - <<<"$PASSWORD" >/dev/null
  log "(j) fitctl workouts import --file DIR ($m files)"
  local measured c_s c_rss
  measured=$(measure_process "$dir/cli.json" "$fitctl" --db "sqlite:$dir/cli.db" --format json \
    --as cli@bench.example workouts import --file "$cli")
  read -r c_s c_rss <<<"$measured"
  [ "$(jq -r .imported "$dir/cli.json")" = "$m" ] || die "(j) fitctl imported $(jq -c 'del(.files)' "$dir/cli.json")"
  row "(j) fitctl workouts import DIR ($m files): wall, max RSS" \
      "$(printf '%.2f' "$c_s") s ($(per_s "$m" "$c_s") files/s), $(kib_mib "$c_rss")" \
      "one file a call $(per_s "$n" "$i_s") files/s, $(kib_mib "$i_rss")" "$(ratio "$c_rss" "$i_rss") RSS" "—"
}

# --- (k) records and totals over a long history ------------------------------------------
part_history() {
  need jq
  build_targets bench_history
  log "(k) $HISTORY_WORKOUTS workouts through workouts.create, then $HISTORY_CALLS calls of each query"
  "$BIN/bench_history" --db "sqlite:$WORK/history.db" --data-dir "$WORK/history-data" \
    --workouts "$HISTORY_WORKOUTS" --calls "$HISTORY_CALLS" >"$WORK/history.json"
  jq -c . "$WORK/history.json" >&2
  log "(k) $(jq -r '"\(.workouts) workouts.create calls took \(.create_seconds * 100 | round / 100) s"' \
    "$WORK/history.json")"
  local name label o50 o99 f50 f99 rows
  for name in records totals_week totals_month totals_year totals_month_friend; do
    case $name in
      records) label="workouts.records" ;;
      totals_month_friend) label="workouts.totals month as a friend" ;;
      *) label="workouts.totals ${name#totals_}" ;;
    esac
    read -r o50 o99 f50 f99 rows <<<"$(jq -r --arg n "$name" '.results[$n]
      | "\(.ours_p50_ms) \(.ours_p99_ms) \(.floor_p50_ms) \(.floor_p99_ms) \(.rows)"' "$WORK/history.json")"
    row "(k) $label, $HISTORY_WORKOUTS workouts ($rows rows): p50 / p99" \
        "$(printf '%.2f / %.2f' "$o50" "$o99") ms" "bare SQL $(printf '%.2f / %.2f' "$f50" "$f99") ms" \
        "$(ratio "$o50" "$f50")" "p99 < 50 ms"
  done
}
