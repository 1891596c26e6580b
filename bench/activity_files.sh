# Activity files, sourced by bench/run.sh (docs/benchmarks.md, parts (h) and (i)):
#   (h) part_parse        FIT, GPX and TCX parse throughput of generated 1 Hz activities and of
#                         a large GPX, next to gpsbabel and gpxpy, expat tokenising and read()
#   (i) part_track_size   bytes per point of the stored track next to the FIT file's
#
# Environment (all optional):
#   BENCH_SKIP_PARSE=1, BENCH_SKIP_TRACK_SIZE=1   skip (h), (i)
#   BENCH_PARSE_HOURS        activity lengths of (h), hours at 1 Hz ("1 10")
#   BENCH_PARSE_RUNS         runs of fitkit's readers and of the floors per file, at least (10)
#   BENCH_PARSE_MIN_SECONDS  ... and more runs until this long per program and file (0.5)
#   BENCH_PARSE_PEER_RUNS    runs of gpsbabel and gpxpy per file, at least (3); hyperfine adds
#                            runs up to its 3 s a command, gpxpy up to BENCH_PARSE_MIN_SECONDS
#   BENCH_PARSE_LARGE_MB     size of the large GPX in MiB, 0 skips it (1024)
#   BENCH_PARSE_LARGE_RUNS   runs of fitkit's reader and the floors over the large GPX (2)
#   BENCH_PARSE_LARGE_PEERS=1   run gpsbabel over the large GPX too (about 5 bytes of RAM per byte)
#   BENCH_TRACK_SIZE_HOURS   activity lengths of (i) ("1 10")
#   FITKIT_SAMPLES_DIR       real devices' files for (i) (default: ../shared/samples beside the tree)
PARSE_HOURS=${BENCH_PARSE_HOURS:-1 10}
PARSE_RUNS=${BENCH_PARSE_RUNS:-10}
PARSE_MIN_SECONDS=${BENCH_PARSE_MIN_SECONDS:-0.5}
PARSE_PEER_RUNS=${BENCH_PARSE_PEER_RUNS:-3}
PARSE_LARGE_MB=${BENCH_PARSE_LARGE_MB:-1024}
PARSE_LARGE_RUNS=${BENCH_PARSE_LARGE_RUNS:-2}
PARSE_LARGE_PEERS=${BENCH_PARSE_LARGE_PEERS:-0}
TRACK_SIZE_HOURS=${BENCH_TRACK_SIZE_HOURS:-1 10}
SAMPLES_DIR=${FITKIT_SAMPLES_DIR:-$ROOT/../shared/samples}

mb_s() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6; else print "—" }'; }
mb() { awk -v b="$1" 'BEGIN { printf (b < 1e7 ? "%.2f" : "%.0f"), b / 1e6 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# a JSON line's field
jf() { jq -r ".$2" <<<"$1"; }

# Generates one activity and reads it back with parse_activity_file (--check); prints the path.
gen_activity() {
  local format=$1 hours=$2 path=$WORK/parse/activity-${2}h.$1
  "$BIN/bench_gen_activity" --format "$format" --seconds $((hours * 3600)) --check --out "$path" >&2 ||
    die "bench_gen_activity: the $hours h $format file does not read back as generated"
  printf '%s\n' "$path"
}

# "best_s max_rss_kib" of gpsbabel reading a file: hyperfine for the time (at least $3 runs, and
# a warm-up run unless $3 is 1), one more run under GNU time for the memory. No output format:
# gpsbabel reads the file into its lists and stops.
gpsbabel_run() {
  local gformat=$1 file=$2 runs=$3 rss="—" warmup=1
  [ "$runs" -gt 1 ] || warmup=0
  hyperfine -N --style none --warmup "$warmup" --min-runs "$runs" --export-json "$WORK/parse/gpsbabel.json" \
    "gpsbabel -t -i $gformat -f $file" >/dev/null 2>&1 || die "(h) gpsbabel cannot read $file"
  if [ -x /usr/bin/time ]; then
    rss=$(/usr/bin/time -f %M gpsbabel -t -i "$gformat" -f "$file" 2>&1 >/dev/null | tail -1)
  fi
  printf '%s %s\n' "$(jq -r '.results[0].min' "$WORK/parse/gpsbabel.json")" "$rss"
}

# The rows of one generated file. Every time is the best of its runs: on a shared machine the
# least disturbed run is the one that repeats.
parse_file() {
  local format=$1 hours=$2 file upper bytes points label
  file=$(gen_activity "$format" "$hours")
  upper=$(tr a-z A-Z <<<"$format")
  local ours full
  local runs=(--runs "$PARSE_RUNS" --min-seconds "$PARSE_MIN_SECONDS")
  ours=$("$BIN/bench_parse" --file "$file" "${runs[@]}")
  full=$("$BIN/bench_parse" --file "$file" "${runs[@]}" --full)
  log "(h) $ours"
  bytes=$(jf "$ours" bytes)
  points=$(jf "$ours" points)
  label="(h) $upper $hours h ($points points, $(mb "$bytes") MB)"
  local t_ours t_full
  t_ours=$(jf "$ours" best_s)
  t_full=$(jf "$full" best_s)
  [ "$(jf "$full" points)" = "$points" ] || die "(h) parse_activity_file read $(jf "$full" points) points, the reader $points"

  local gformat t_babel babel_rss
  case $format in fit) gformat=garmin_fit ;; gpx) gformat=gpx ;; tcx) gformat=gtrnctr ;; esac
  read -r t_babel babel_rss <<<"$(gpsbabel_run "$gformat" "$file" "$PARSE_PEER_RUNS")"
  log "(h) gpsbabel -i $gformat: best $t_babel s, max RSS $babel_rss KiB"
  row "$label: MB/s" "$(mb_s "$bytes" "$t_ours") MB/s, $(awk -v p="$points" -v s="$t_ours" 'BEGIN { printf "%.2f", p / s / 1e6 }') M points/s" \
      "gpsbabel $(mb_s "$bytes" "$t_babel") MB/s" "$(ratio "$t_babel" "$t_ours")" "≥ 10× gpsbabel"
  if [ "$format" != fit ]; then
    local expat t_expat
    expat=$("$BIN/bench_expat_floor" --file "$file" "${runs[@]}")
    t_expat=$(jf "$expat" best_s)
    row "$label: time vs expat tokenising" "$(ms "$t_ours") ms" "expat $(ms "$t_expat") ms" \
        "$(ratio "$t_ours" "$t_expat")" "≤ 3× expat"
  fi
  if [ "$format" = gpx ]; then
    local py t_py
    py=$(/usr/bin/python3 "$ROOT/bench/activity/gpxpy_parse.py" "$file" "$PARSE_PEER_RUNS" "$PARSE_MIN_SECONDS")
    log "(h) gpxpy: $py"
    t_py=$(jf "$py" best_s)
    # Kept for the large file's estimate.
    GPXPY_S_PER_BYTE=$(awk -v s="$t_py" -v b="$bytes" 'BEGIN { print s / b }')
    GPXPY_RSS_PER_BYTE=$(awk -v k="$(jf "$py" max_rss_kib)" -v b="$bytes" 'BEGIN { print k * 1024 / b }')
    BABEL_S_PER_BYTE=$(awk -v s="$t_babel" -v b="$bytes" 'BEGIN { print s / b }')
    BABEL_RSS_PER_BYTE=$(awk -v k="$babel_rss" -v b="$bytes" 'BEGIN { print k * 1024 / b }')
    row "$label: vs gpxpy.parse, in-process" "$(mb_s "$bytes" "$t_ours") MB/s" \
        "gpxpy $(mb_s "$bytes" "$t_py") MB/s, $(mib "$(jf "$py" max_rss_kib)") MiB" "$(ratio "$t_py" "$t_ours")" "—"
    local raw
    raw=$("$BIN/bench_expat_floor" --file "$file" --mode read "${runs[@]}")
    row "$label: time vs read() floor, page cache" "$(ms "$t_ours") ms" \
        "read() $(ms "$(jf "$raw" best_s)") ms, $(mb_s "$bytes" "$(jf "$raw" best_s)") MB/s" \
        "$(ratio "$t_ours" "$(jf "$raw" best_s)")" "—"
  fi
  row "$label: parse_activity_file" "$(ms "$t_full") ms" "streaming reader $(ms "$t_ours") ms" \
      "$(ratio "$t_full" "$t_ours")" "—"
}

# The large GPX: fitkit's reader, expat, read(), peak memory; gpsbabel and gpxpy estimated.
parse_large() {
  local file=$WORK/parse/large.gpx label size=$((PARSE_LARGE_MB * 1048576))
  log "(h) generating a $PARSE_LARGE_MB MiB GPX"
  "$BIN/bench_gen_activity" --large-gpx "$size" --out "$file" >&2
  local ours expat raw bytes points t_ours t_expat
  ours=$("$BIN/bench_parse" --file "$file" --runs "$PARSE_LARGE_RUNS")
  log "(h) $ours"
  expat=$("$BIN/bench_expat_floor" --file "$file" --runs "$PARSE_LARGE_RUNS")
  raw=$("$BIN/bench_expat_floor" --file "$file" --mode read --runs "$PARSE_LARGE_RUNS")
  bytes=$(jf "$ours" bytes)
  points=$(jf "$ours" points)
  t_ours=$(jf "$ours" best_s)
  t_expat=$(jf "$expat" best_s)
  label="(h) GPX $PARSE_LARGE_MB MiB ($points points)"
  row "$label: time vs expat tokenising" "$(ms "$t_ours") ms, $(mb_s "$bytes" "$t_ours") MB/s" \
      "expat $(ms "$t_expat") ms, $(mb_s "$bytes" "$t_expat") MB/s" "$(ratio "$t_ours" "$t_expat")" "≤ 3× expat"
  row "$label: time vs read() floor, page cache" "$(ms "$t_ours") ms" \
      "read() $(ms "$(jf "$raw" best_s)") ms, $(mb_s "$bytes" "$(jf "$raw" best_s)") MB/s" \
      "$(ratio "$t_ours" "$(jf "$raw" best_s)")" "—"
  row "$label: peak memory (max RSS)" "$(mib "$(jf "$ours" max_rss_kib)") MiB" "file $(mb "$bytes") MB" "—" "< 64 MiB"
  if [ "$PARSE_LARGE_PEERS" = 1 ]; then
    local t_babel babel_rss
    read -r t_babel babel_rss <<<"$(gpsbabel_run gpx "$file" 1)"
    row "$label: MB/s" "$(mb_s "$bytes" "$t_ours") MB/s" "gpsbabel $(mb_s "$bytes" "$t_babel") MB/s, $(mib "$babel_rss") MiB" \
        "$(ratio "$t_babel" "$t_ours")" "≥ 10× gpsbabel"
  elif [ -n "${BABEL_S_PER_BYTE:-}" ]; then
    local est
    est=$(awk -v b="$bytes" -v bs="$BABEL_S_PER_BYTE" -v bm="$BABEL_RSS_PER_BYTE" -v ps="$GPXPY_S_PER_BYTE" \
            -v pm="$GPXPY_RSS_PER_BYTE" 'BEGIN { printf "skipped: gpsbabel ≈ %.0f s, %.1f GB; gpxpy ≈ %.0f s, %.1f GB", \
            b * bs, b * bm / 1e9, b * ps, b * pm / 1e9 }')
    row "$label: gpsbabel, gpxpy" "$(ms "$t_ours") ms" "$est (from the largest GPX above)" "—" "—"
  fi
}

part_parse() {
  need jq; need hyperfine; need gpsbabel
  /usr/bin/python3 -c 'import gpxpy' 2>/dev/null || die "(h) gpxpy is not installed (Debian: apt-get install python3-gpxpy)"
  build_targets bench_gen_activity bench_parse bench_expat_floor
  mkdir -p "$WORK/parse"
  # What every gpsbabel row includes besides reading: starting the process, on an empty GPX.
  printf '<?xml version="1.0"?>\n<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"/>\n' \
    >"$WORK/parse/empty.gpx"
  local start_s
  read -r start_s _ <<<"$(gpsbabel_run gpx "$WORK/parse/empty.gpx" "$PARSE_PEER_RUNS")"
  row "(h) gpsbabel process start (an empty GPX)" "—" "gpsbabel $(ms "$start_s") ms" "—" "—"
  local hours format
  for hours in $PARSE_HOURS; do
    log "(h) $hours h activities at 1 Hz: fitkit's readers and the floors (at least $PARSE_RUNS runs and $PARSE_MIN_SECONDS s), gpsbabel and gpxpy (at least $PARSE_PEER_RUNS runs)"
    for format in fit gpx tcx; do parse_file "$format" "$hours"; done
    rm -f "$WORK/parse"/activity-*
  done
  if [ "$PARSE_LARGE_MB" -gt 0 ]; then parse_large; fi
  rm -rf "$WORK/parse"
}

part_track_size() {
  need jq
  build_targets bench_gen_activity bench_track_size
  mkdir -p "$WORK/parse"
  local hours file out
  for hours in $TRACK_SIZE_HOURS; do
    file=$(gen_activity fit "$hours")
    out=$("$BIN/bench_track_size" "$file")
    log "(i) $out"
    row "(i) FIT $hours h ($(jf "$out" points) points): stored bytes/point" \
        "$(jf "$out" track_bytes_per_point | xargs printf '%.2f') B ($(jf "$out" track_bytes) B)" \
        "FIT $(jf "$out" file_bytes_per_point | xargs printf '%.2f') B/record ($(jf "$out" bytes) B)" \
        "$(ratio "$(jf "$out" track_bytes_per_point)" "$(jf "$out" file_bytes_per_point)")" "≤ 0.33×"
  done
  # Real devices' activity files, where readable: all of them together, those with 100 points or more.
  if [ -d "$SAMPLES_DIR/fit" ] && [ -r "$SAMPLES_DIR/fit" ]; then
    local files=("$SAMPLES_DIR"/fit/*.fit) sums
    sums=$("$BIN/bench_track_size" "${files[@]}" 2>/dev/null |
             jq -rs '[.[] | select(.points >= 100)]
                     | "\(length) \(map(.points) | add // 0) \(map(.track_bytes) | add // 0) \(map(.bytes) | add // 0)"') || true
    local n points track bytes
    read -r n points track bytes <<<"$sums"
    if [ "${n:-0}" -gt 0 ]; then
      row "(i) $n real FIT activities ($points points): stored bytes/point" \
          "$(awk -v t="$track" -v p="$points" 'BEGIN { printf "%.2f", t / p }') B" \
          "FIT $(awk -v t="$bytes" -v p="$points" 'BEGIN { printf "%.2f", t / p }') B/record" \
          "$(ratio "$track" "$bytes")" "≤ 0.33×"
    fi
  fi
  rm -rf "$WORK/parse"
}
