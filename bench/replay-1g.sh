#!/usr/bin/env bash
# Measures `gatewarden replay` on a 1 GiB OpenClaw log built from the fixtures, next to grep and jq on the same file.
# usage: bench/replay-1g.sh [LOG_FILE] [RUNS]     (defaults: /tmp/bench/openclaw-1g.log, 3)
# Builds the app if target/quarkus-app is missing; regenerates the log if it is missing.
# Wall time depends on what else the machine runs: the load average is printed before and after each run, and
# user+sys CPU seconds are given too (they do not depend on the load as much).
# Each replay runs twice: on all cores, and on one core (`taskset -c 0`, the issue's "one core" figure); for each run
# the script prints replay's own MB/s and MB per CPU-second of the whole process (JVM start, JIT and GC included).
set -euo pipefail
cd "$(dirname "$0")/.."
LOG=${1:-/tmp/bench/openclaw-1g.log}
RUNS=${2:-3}
JAR=target/quarkus-app/quarkus-run.jar

if [[ ! -s "$LOG" ]]; then
  mkdir -p "$(dirname "$LOG")"
  echo "# generating $LOG"
  python3 bench/gen_openclaw_log.py "$LOG" --size-mb 1024
fi
if [[ ! -f "$JAR" ]]; then
  echo "# building"
  ./mvnw -q -B -DskipTests package
fi

TIME_FMT='%e s wall, %U s user, %S s sys, %M KB max RSS'
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "# java: $(java -version 2>&1 | head -1)"
echo "# file: $LOG, $(stat -c %s "$LOG") bytes"
echo "# page cache warm-up: cat > /dev/null"
cat "$LOG" > /dev/null

BYTES=$(stat -c %s "$LOG")
# one replay: its own summary line, /usr/bin/time's line, and MB per CPU-second of the whole process
replay() {
  local out; out=$(mktemp)
  /usr/bin/time -o "$out.time" -f "$TIME_FMT|%U|%S" "$@" java -jar "$JAR" replay --format json "$LOG" 2> "$out.err" > /dev/null
  grep '^replayed' "$out.err" | sed 's/^/   /'
  local t; t=$(tail -1 "$out.time")
  echo "   ${t%%|*}"
  awk -v b="$BYTES" -v t="$t" 'BEGIN { split(t, f, "|"); cpu = f[2] + f[3];
    printf "   %.1f MB per CPU-second (%.2f CPU-s for %.1f MB)\n", b / 1e6 / cpu, cpu, b / 1e6 }'
  rm -f "$out" "$out.time" "$out.err"
}

for i in $(seq 1 "$RUNS"); do
  echo "## replay run $i, all cores (load before: $(load))"
  replay
  echo "## replay run $i, one core: taskset -c 0 (load before: $(load))"
  replay taskset -c 0
  echo "   load after: $(load)"
done

echo "## grep -c . (load before: $(load))"
/usr/bin/time -f "$TIME_FMT" grep -c . "$LOG"

echo "## jq -c 'select(._meta.logLevelId >= 4)' | wc -l (load before: $(load))"
/usr/bin/time -f "$TIME_FMT" bash -c "jq -c 'select(._meta.logLevelId >= 4)' '$LOG' | wc -l"
echo "   load after: $(load)"
