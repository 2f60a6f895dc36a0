#!/usr/bin/env bash
# End-to-end test of gatewarden against the REAL OpenClaw gateway (2026.9.6) on this machine, all on 127.0.0.1.
#
#   bash e2e/openclaw/run.sh
#
# 1. installs Node 24 and openclaw into ${GATEWARDEN_E2E_CACHE:-$HOME/.cache/gatewarden-e2e} (outside the repo),
#    skipped when the exact versions are already there (~1 min and ~400 MB the first time);
# 2. builds gatewarden's jar if target/quarkus-app/quarkus-run.jar is missing;
# 3. runs e2e.py: fake provider, Slack stub, webhook receiver, the real gateway and gatewarden, then the steps.
# Report: target/e2e/report.md (and stdout). Exit 0 only when every step passed. Everything started is stopped by PID.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=install.sh
source "$here/install.sh"   # sets node_bin, oc_bin and PATH

jar="$repo/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$jar" ]; then
  echo "e2e: building gatewarden (./mvnw -B -q -DskipTests package)"
  (cd "$repo" && ./mvnw -B -q -DskipTests package)
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/gatewarden-e2e.XXXXXX")"
mkdir -p "$repo/target/e2e"
py_pid=""
cleanup() {
  # e2e.py stops what it started on its own; this only covers a kill of the script itself
  if [ -n "$py_pid" ] && kill -0 "$py_pid" 2>/dev/null; then kill -TERM "$py_pid" 2>/dev/null || true; wait "$py_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
set +e
python3 "$here/e2e.py" --repo "$repo" --scratch "$scratch" --report "$repo/target/e2e/report.md" \
  --node-bin "$node_bin" --oc-bin "$oc_bin" &
py_pid=$!
wait "$py_pid"
rc=$?
py_pid=""
set -e
echo "e2e: scratch files (logs, configs, journal) in $scratch; report in target/e2e/report.md"
exit $rc
