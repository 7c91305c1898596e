#!/usr/bin/env bash
# The long run of the crash harness (tests/tools/mutation_harness.py): up to
# 20,000 mutated copies of the checker scenarios, all conc checks on each.
#
#   bench/checker-robustness/mutation_long.sh [BUILD_DIR] [JOBS] [MAX_SECONDS]
#
# The ctest (conc-tidy/mutation-harness) runs 36 copies with seed 21; this run
# uses its own seed so that it covers other copies. Record the summary line,
# the command and the commit in bench/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
jobs=${2:-2}
max_seconds=${3:-0}
exec python3 "$root/tests/tools/mutation_harness.py" \
  --tidy "$build/bin/conc-tidy" --scenarios "$root/tests/checker" \
  --work "$build/bench-mutation" --count 20000 --seed 2026 \
  --jobs "$jobs" --batch 16 --timeout 120 --max-seconds "$max_seconds"
