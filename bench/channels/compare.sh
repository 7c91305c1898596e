#!/usr/bin/env bash
# Runs the conc channel benchmarks and the same workloads in Go (GOMAXPROCS=2)
# in one go, and prints ns per message side by side with the ratios.
#
#   bench/channels/compare.sh [build-dir]     (default: build-bench)
#
# Builds conc_channels_bench first if the build directory has no copy of it
# (preset "bench", without the checker and the katas).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build-bench}"
repetitions="${REPETITIONS:-5}"

if ! command -v go >/dev/null; then
  echo "compare.sh: go is not installed (apt-get install golang-go)" >&2
  exit 1
fi
if [[ ! -x "$build/bin/conc_channels_bench" ]]; then
  (cd "$root" && cmake --preset bench -B "$build" -DCONC_BUILD_CHECKER=OFF -DCONC_BUILD_KATAS=OFF >/dev/null)
  cmake --build "$build" -j2 --target conc_channels_bench >/dev/null
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "running the C++ benchmarks ($repetitions repetitions)..." >&2
"$build/bin/conc_channels_bench" --benchmark_repetitions="$repetitions" \
  --benchmark_report_aggregates_only=true --benchmark_min_time=0.3 \
  --benchmark_format=json >"$tmp/cpp.json" 2>"$tmp/cpp.err" || { cat "$tmp/cpp.err" >&2; exit 1; }

echo "running the Go benchmarks (GOMAXPROCS=2, $repetitions repetitions)..." >&2
(cd "$here/go" && GOMAXPROCS=2 GOFLAGS=-mod=mod go test -run '^$' -bench . -benchtime 0.3s \
  -count "$repetitions") >"$tmp/go.txt" 2>&1 || { cat "$tmp/go.txt" >&2; exit 1; }

python3 - "$tmp/cpp.json" "$tmp/go.txt" <<'PY'
import json, re, statistics, sys

cpp = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    name = b["run_name"].split("/")[0]
    cpp[name] = b["ns_per_msg"] if "ns_per_msg" in b else b["real_time"]

go = {}
for line in open(sys.argv[2]):
    m = re.match(r"Benchmark(\w+)-\d+\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) ns_per_msg)?", line)
    if m:
        go.setdefault(m.group(1), []).append(float(m.group(3) or m.group(2)))
go = {k: statistics.median(v) for k, v in go.items()}

def fmt(x):
    return "-" if x is None else f"{x:,.1f}"

print(f"{'workload (ns per message, median)':36} {'conc':>10} {'mutex+cv':>10} {'Go':>10} {'conc/Go':>8} {'target':>8}")
rows = [
    ("buffered 1024, 1 producer 1 consumer", "Buffered1P1C", "<= 0.5"),
    ("unbuffered handoff, 1P 1C", "Unbuffered1P1C", "<= 2.0"),
    ("buffered 1024, 4P 4C", "Buffered4P4C", "-"),
    ("select over 2 buffered channels", "Select2", "-"),
]
for label, key, target in rows:
    c = cpp.get(f"BM_{key}_Conc")
    m = cpp.get(f"BM_{key}_MutexCV")
    g = go.get(key)
    ratio = f"{c / g:.2f}" if c and g else "-"
    print(f"{label:36} {fmt(c):>10} {fmt(m):>10} {fmt(g):>10} {ratio:>8} {target:>8}")

print()
print(f"{'lock + unlock, uncontended (ns)':36} {'Checked':>10} {'std::mutex':>10} {'Go Mutex':>10} {'ratio':>8} {'target':>8}")
c = cpp.get("BM_LockUnlock_CheckedMutex")
s = cpp.get("BM_LockUnlock_StdMutex")
g = go.get("LockUnlock")
print(f"{'CheckedMutex vs std::mutex':36} {fmt(c):>10} {fmt(s):>10} {fmt(g):>10} {c / s:>8.2f} {'< 2.0':>8}")
c = cpp.get("BM_NestedLockUnlock_CheckedMutex")
s = cpp.get("BM_NestedLockUnlock_StdMutex")
print(f"{'nested pair, consistent order':36} {fmt(c):>10} {fmt(s):>10} {'-':>10} {c / s:>8.2f} {'-':>8}")
PY
