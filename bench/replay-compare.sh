#!/usr/bin/env bash
# Replay throughput, this build side by side with a baseline (issue 15: >= 150 MB/s for the whole process, JVM start
# included, over ~300 MB on two cores; >= 150 MB per CPU-second).
# usage: bench/replay-compare.sh [LOG_FILE] [RUNS] [BASELINE_APP_DIR]
#   defaults: /tmp/bench/openclaw-300m.log (generated if missing), 5 runs each, $GATEWARDEN_BASELINE_APP or
#   /work/baseline-app ('none' = only this build). Runs alternate baseline/new so both see the same machine load;
#   the table gives medians. Each app runs from its own folder with a relative -jar (its app-cds.jsa, if any, is
#   then usable) and no other JVM option, as `gatewarden replay` does.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG=${1:-/tmp/bench/openclaw-300m.log}
RUNS=${2:-5}
BASE=${3:-${GATEWARDEN_BASELINE_APP:-/work/baseline-app}}
NEW=target/quarkus-app
[[ -s "$LOG" ]] || { mkdir -p "$(dirname "$LOG")"; python3 bench/gen_openclaw_log.py "$LOG" --size-mb 300; }
[[ -f "$NEW/quarkus-run.jar" ]] || ./mvnw -q -B -DskipTests package
LOG=$(readlink -f "$LOG")
apps=(new); [[ "$BASE" != none && -f "$BASE/quarkus-run.jar" ]] && apps=(baseline new)
BYTES=$(stat -c %s "$LOG")
echo "# replay-compare at $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "# file: $LOG, $BYTES bytes; apps: ${apps[*]} (baseline = $BASE)"
cat "$LOG" > /dev/null  # page cache
out=$(mktemp -d)
for i in $(seq 1 "$RUNS"); do
  order=("${apps[@]}"); (( i % 2 == 0 )) && order=($(printf '%s\n' "${apps[@]}" | tac))
  for app in "${order[@]}"; do
    dir=$NEW; [[ $app == baseline ]] && dir=$BASE
    cds=(); [[ -f "$dir/app-cds.jsa" ]] && cds=(-XX:SharedArchiveFile=app-cds.jsa)
    load=$(cut -d' ' -f1 /proc/loadavg)
    (cd "$dir" && /usr/bin/time -o "$out/t" -f '%e %U %S %M' java "${cds[@]}" -jar quarkus-run.jar replay --format json "$LOG" \
        > "$out/$app.json" 2> "$out/err")
    read -r wall user sys rss < "$out/t"
    own=$(grep -o '[0-9.]* MB/s' "$out/err" | head -1 || true)
    awk -v a="$app" -v i="$i" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$BYTES" -v l="$load" -v o="$own" 'BEGIN {
      printf "| run %d | %-8s | %6.2f s wall | %6.2f CPU-s | %6.1f MB/s whole process | %6.1f MB per CPU-s | replay own %s | RSS %d MB | load %s |\n",
        i, a, w, u + s, b / 1e6 / w, b / 1e6 / (u + s), o, r / 1024, l }' | tee -a "$out/rows"
    echo "$app $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" >> "$out/raw"
  done
done
if [[ ${#apps[@]} == 2 ]]; then
  if cmp -s "$out/baseline.json" "$out/new.json"; then same="identical"; else same="DIFFERENT"; fi
  echo "# incidents printed (last run of each): $same"
fi
echo
echo "### replay over $((BYTES / 1000000)) MB, side by side ($RUNS runs each, alternating; load avg now $(cut -d' ' -f1-3 /proc/loadavg))"
header="| measure | target |"; for app in "${apps[@]}"; do header+=" $app |"; done; echo "$header"
echo "|---|---|$(printf -- '---|%.0s' "${apps[@]}")"
med() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
row() {  # label target fn
  local line="| $1 | $2 |"
  for app in "${apps[@]}"; do
    v=$(awk -v a="$app" -v b="$BYTES" '$1==a {print '"$3"'}' "$out/raw" | med)
    line+=" $(printf '%.1f' "$v") |"
  done
  echo "$line"
}
row "whole process MB/s (median)" ">= 150" 'b/1e6/$2'
row "MB per CPU-second (median)" ">= 150 steady state" 'b/1e6/$3'
row "wall s (median)" "-" '$2'
row "CPU s (median)" "-" '$3'
rm -rf "$out"
