#!/usr/bin/env bash
# conc-tidy's CI mode against the usual way of linting a compilation database.
#
#   bench/ci-driver/run.sh BUILD_DIR [EXCLUDE_REGEX]
#
# BUILD_DIR holds compile_commands.json. EXCLUDE_REGEX is a POSIX extended
# regular expression (conc-tidy's --exclude dialect: no look-ahead). Every configuration runs the same
# checks on the same translation units, one after the other, and its wall
# time is printed:
#   per-file    clang-tidy-19 --load=libConcTidyModule.so once per file, one
#               after another (a shell loop; CMake's clang-tidy)  [PER_FILE=1]
#   run-ct -j2  run-clang-tidy-19 -j2 with the same clang-tidy and plugin
#   conc -j1    conc-tidy -p BUILD_DIR -j1
#   conc -j2    conc-tidy -p BUILD_DIR -j2
#   cache cold  conc-tidy -j2 --cache-dir on an empty cache (cost of the key)
#   cache warm  the same again, nothing changed
# Wall and CPU times are compared within one run (CPU time does not depend
# on what else the machine runs); record them in bench/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR [EXCLUDE_REGEX]}" && pwd)
exclude=${2:-}
tidy=${CONC_TIDY:-$root/build/bin/conc-tidy}
plugin=${CONC_PLUGIN:-$root/build/lib/libConcTidyModule.so}
stock=${CLANG_TIDY:-clang-tidy-19}
runner=${RUN_CLANG_TIDY:-run-clang-tidy-19}
checks=${CHECKS:--*,conc-*,bugprone-*,concurrency-*,performance-*}
resource=$(clang-19 -print-resource-dir)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

files=$(python3 - "$build" "$exclude" <<'PY'
import json, re, sys
entries = json.load(open(sys.argv[1] + "/compile_commands.json"))
files = sorted({e["file"] if e["file"].startswith("/") else e["directory"] + "/" + e["file"]
                for e in entries})
print("\n".join(f for f in files if not (sys.argv[2] and re.search(sys.argv[2], f))))
PY
)
count=$(wc -l <<<"$files")
echo "# $count translation units from $build; checks $checks; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# CPU seconds (user + system) of this shell's finished children, which
# include their own waited-for children (the workers, the clang-tidys).
cpu() { # sets $cpu_total; `times` must run in this shell, not in $(...)
  times >"$work/times"
  cpu_total=$(tail -1 "$work/times" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } print s }')
}

timed() { # timed NAME COMMAND...: wall and CPU time of one run
  local name=$1 start t cpu0 c
  shift
  start=$(date +%s.%N)
  cpu; cpu0=$cpu_total
  local status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
  # 1 is "findings"; anything above is a failed run, whose time means nothing.
  if ((status > 1)); then
    echo "run.sh: $name failed (exit $status): $(tail -1 "$work/err")" >&2
    exit 1
  fi
  t=$(echo "$(date +%s.%N) - $start" | bc)
  cpu; c=$(echo "$cpu_total - $cpu0" | bc)
  printf '%-12s %8.1f s wall %8.1f s CPU   %s\n' "$name" "$t" "$c" "$(tail -1 "$work/err")"
  eval "time_${name//[^a-z0-9]/_}=$t"
  eval "cpu_${name//[^a-z0-9]/_}=$c"
}

per_file() {
  while IFS= read -r f; do
    "$stock" --load="$plugin" --checks="$checks" -p "$build" --quiet \
      --extra-arg-before=-resource-dir="$resource" "$f" || true
  done <<<"$files"
}
conc() { "$tidy" -p "$build" --checks="$checks" ${exclude:+--exclude "$exclude"} --no-progress "$@"; }

if [[ ${PER_FILE:-0} == 1 ]]; then timed "per-file" per_file; fi
timed "run-ct -j2" "$runner" -clang-tidy-binary "$stock" -load "$plugin" -checks="$checks" \
  -p "$build" -quiet -extra-arg-before=-resource-dir="$resource" $(tr '\n' ' ' <<<"$files")
timed "conc -j1" conc -j1
timed "conc -j2" conc -j2
timed "cache cold" conc -j2 --cache-dir "$work/cache"
timed "cache warm" conc -j2 --cache-dir "$work/cache"

ratio() { echo "scale=2; $1 / $2" | bc; }
echo "speed-up conc -j2 over conc -j1:        $(ratio "$time_conc__j1" "$time_conc__j2")x"
if [[ ${PER_FILE:-0} == 1 ]]; then
  echo "conc -j1 vs per-file clang-tidy:         $(ratio "$time_per_file" "$time_conc__j1")x faster"
fi
echo "conc -j2 vs run-clang-tidy -j2:          $(ratio "$time_run_ct__j2" "$time_conc__j2")x faster (wall), CPU ratio run-ct/conc $(ratio "$cpu_run_ct__j2" "$cpu_conc__j2")"
echo "cold cache / no cache (key cost):        $(echo "scale=1; 100 * $time_cache_cold / $time_conc__j2" | bc)%"
echo "warm cache / cold run:                   $(echo "scale=1; 100 * $time_cache_warm / $time_cache_cold" | bc)%"
