#!/usr/bin/env bash
# Measures `gatewarden load` next to `gatewarden replay` on the same 1 GiB OpenClaw log, in one run, alternating
# (replay, load, replay, load, …) so both see the same machine: the machine is shared, the load average is printed
# before each run, and user+sys CPU seconds are given (they depend less on what else runs than wall time).
# usage: bench/load-vs-replay-1g.sh [LOG_FILE] [RUNS] [APP_DIR]
#        (defaults: /tmp/bench/openclaw-1g.log, 3, target/quarkus-app)
# Regenerates the log if it is missing (bench/gen_openclaw_log.py, the fixtures' lines); builds the app if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG=${1:-/tmp/bench/openclaw-1g.log}
RUNS=${2:-3}
APP=${3:-target/quarkus-app}
JAR=$APP/quarkus-run.jar

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
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# java: $(java -version 2>&1 | head -1)"
echo "# file: $LOG, $(stat -c %s "$LOG") bytes"
cat "$LOG" > /dev/null   # page cache warm-up

one() {  # one run of `gatewarden $1`: its own summary line and /usr/bin/time's
  local what=$1; shift
  local out; out=$(mktemp)
  /usr/bin/time -o "$out.time" -f "$TIME_FMT" java -jar "$JAR" "$what" "$@" "$LOG" 2> "$out.err" > "$out.stdout"
  grep -E '^(replayed|read) ' "$out.err" | sed 's/^/   /'
  echo "   $(tail -1 "$out.time")"
  rm -f "$out" "$out.time" "$out.err" "$out.stdout"
}

for i in $(seq 1 "$RUNS"); do
  echo "## run $i: replay --format json (load before: $(loadavg))"
  one replay --format json
  echo "## run $i: load --format json (load before: $(loadavg))"
  one load --format json --zone UTC
done
