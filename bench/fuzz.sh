#!/usr/bin/env bash
# Fuzzing campaign: every @FuzzTest under src/test/java is fuzzed by Jazzer (JAZZER_FUZZ=1) for SECONDS (default 60),
# one target after the other, then a table: target, seconds fuzzed (a finding stops a target early) and wall time
# (Maven and Jazzer's start-up included), executions, coverage (libFuzzer's cov = edges, ft = features),
# corpus size and findings. A finding stops its target; its reproducer is written by Jazzer into the target's
# regression inputs (src/test/resources/<package>/<Class>Inputs/<method>/crash-*), where plain `./mvnw test` replays it.
# Inputs the fuzzer found interesting are kept in .cifuzz-corpus/ (git-ignored) and seed the next campaign.
#
#   bench/fuzz.sh [SECONDS] [FILTER]     FILTER: only targets whose Class#method contains it
#
# Logs: bench/out/fuzz/<Class>.<method>.log; table: bench/out/fuzz/summary.md
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:-60}"
FILTER="${2:-}"
OUT=bench/out/fuzz
mkdir -p "$OUT"

# every @FuzzTest method as package.Class#method
mapfile -t TARGETS < <(grep -rl --include='*.java' '@FuzzTest' src/test/java | sort | while read -r f; do
  cls=$(echo "${f#src/test/java/}" | sed 's#/#.#g; s#\.java$##')
  awk '/@FuzzTest/ {want=1; next} want && /void [A-Za-z0-9_]+\(/ {match($0, /void [A-Za-z0-9_]+\(/); print substr($0, RSTART+5, RLENGTH-6); want=0}' "$f" \
    | while read -r m; do echo "$cls#$m"; done
done)
if [ -n "$FILTER" ]; then
  mapfile -t TARGETS < <(printf '%s\n' "${TARGETS[@]}" | grep -F -- "$FILTER" || true)
fi
if [ "${#TARGETS[@]}" -eq 0 ]; then
  echo "no @FuzzTest targets${FILTER:+ matching $FILTER}" >&2
  exit 1
fi

echo "compiling tests once"
./mvnw -q -B test-compile

{
  echo "| target | fuzzed s | wall s | executions | exec/s | coverage (cov / ft) | corpus | findings |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
} > "$OUT/summary.md"

failed=0
for t in "${TARGETS[@]}"; do
  cls="${t%#*}"
  method="${t#*#}"
  short="${cls##*.}#$method"
  log="$OUT/${cls##*.}.$method.log"
  inputs="src/test/resources/$(echo "${cls%.*}" | tr . /)/${cls##*.}Inputs/$method"
  before=$(ls "$inputs"/crash-* "$inputs"/timeout-* "$inputs"/slow-unit-* 2>/dev/null | sort || true)
  echo "fuzzing $short for ${SECONDS_PER_TARGET}s"
  start=$(date +%s)
  # surefire:test alone: the classes are compiled; -Djazzer.hooks=true turns Jazzer's instrumentation on (pom.xml)
  set +e
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${SECONDS_PER_TARGET}s" \
    ./mvnw -B -o surefire:test -Dtest="$t" -Djazzer.hooks=true -Dsurefire.failIfNoSpecifiedTests=false \
      -Dsurefire.timeout=$((SECONDS_PER_TARGET + 600)) >"$log" 2>&1
  rc=$?
  set -e
  took=$(( $(date +%s) - start ))
  # libFuzzer's last status line (INITED, NEW, REDUCE, pulse, DONE ...) and its run count
  status=$(grep -aE '^#[0-9]+[[:space:]]+[A-Z]+' "$log" | tail -n 1 || true)
  runs=$(grep -aoE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 | awk '{print $2}' || true)
  [ -n "$runs" ] || runs=$(echo "$status" | sed -E 's/^#([0-9]+).*/\1/')
  cov=$(echo "$status" | grep -oE 'cov: [0-9]+' | awk '{print $2}' || true)
  ft=$(echo "$status" | grep -oE 'ft: [0-9]+' | awk '{print $2}' || true)
  corp=$(echo "$status" | grep -oE 'corp: [0-9]+/[0-9A-Za-z]+' | awk '{print $2}' || true)
  fuzz_secs=$(grep -aoE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 | awk '{print $5}' || true)
  fuzzed=$fuzz_secs
  [ -n "$fuzz_secs" ] && [ "$fuzz_secs" -gt 0 ] || fuzz_secs=$SECONDS_PER_TARGET
  execs_per_s=$([ -n "$runs" ] && echo $(( runs / fuzz_secs )) || echo "")
  after=$(ls "$inputs"/crash-* "$inputs"/timeout-* "$inputs"/slow-unit-* 2>/dev/null | sort || true)
  new=$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d' || true)
  written=$(grep -aoE 'Test unit written to [^ ]+' "$log" | awk '{print $5}' | sed '/^$/d' || true)
  findings=$(printf '%s\n%s\n' "$new" "$written" | sed '/^$/d' | sed "s#^$PWD/##" | sort -u | paste -sd ' ' - || true)
  if [ -z "$findings" ]; then
    if [ "$rc" -eq 0 ]; then findings="none"; else findings="run failed (exit $rc), see $log"; failed=1; fi
  else
    failed=1
  fi
  echo "| $short | ${fuzzed:-?} | $took | ${runs:-?} | ${execs_per_s:-?} | ${cov:-?} / ${ft:-?} | ${corp:-?} | $findings |" >> "$OUT/summary.md"
done

echo
cat "$OUT/summary.md"
exit $failed
