#!/usr/bin/env bash
# footprint benchmark of the packaged daemon (see BENCHMARKS.md). --quick: smoke run in under a minute.
# Builds target/quarkus-app if missing; python3 standard library only. Options: bench/gwbench.py --help
set -euo pipefail
exec python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/gwbench.py" footprint "$@"
