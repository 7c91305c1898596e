#!/usr/bin/env bash
# Runs the conc channel benchmarks built by BOTH compilers (clang++-19 -O2 and
# g++ -O2) and the same workloads in Go (GOMAXPROCS=2), RUNS times in a row,
# and prints min / median / max ns per message for each workload, compiler
# and Go, with the ratio of the WORST run against Go and the issue-19 goals;
# then the one-thread send+recv cost per compiler, and CheckedMutex against
# std::mutex (and Go's sync.Mutex) for an uncontended lock + unlock.
#
#   bench/channels/compare.sh                 RUNS=10 (default), MIN_TIME=0.2 s
#   RUNS=3 MIN_TIME=0.1 bench/channels/compare.sh     (a quick look)
#
# One run = the clang binary, then the g++ binary, then the Go test binary,
# each once over every workload (about MIN_TIME seconds per workload), so all
# three see the same machine load; a run's figure for a workload is that
# single measurement, not a best-of. "Worst-run ratio" is the largest of the
# per-run ratios conc/Go over the RUNS runs; a goal is met when that ratio is
# at most the goal. The load average before each run is printed: on a shared
# machine, say it next to any figure you keep.
#
# Build directories (configured on first use, then brought up to date with
# `cmake --build`, so the binaries always match the sources):
#   build-bench      preset "bench" (clang++-19), Release flags set to -O2
#   build-bench-gcc  the same options with CMAKE_CXX_COMPILER=g++, CMAKE_C_COMPILER=gcc
# Both use -O2 (what a user's `g++ -O2` gets; CMake's Release default is -O3),
# for libconc and for the benchmark, and are reconfigured on every call so a
# directory configured otherwise is brought back to these flags.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${RUNS:-10}"
min_time="${MIN_TIME:-0.2}"
clang_build="$root/build-bench"
gcc_build="$root/build-bench-gcc"

die() { echo "compare.sh: $*" >&2; exit 1; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
[[ "$min_time" =~ ^[0-9]*\.?[0-9]+$ ]] || die "MIN_TIME must be seconds (e.g. 0.2), got '$min_time'"
command -v go >/dev/null || die "go is not installed (apt-get install golang-go)"
command -v g++ >/dev/null || die "g++ is not installed (apt-get install g++)"
command -v clang++-19 >/dev/null || die "clang++-19 is not installed (scripts/install-deps.sh)"

# shellcheck source=../../scripts/lib.sh
source "$root/scripts/lib.sh"   # shared ccache settings for the clang build
common=(-DCONC_BUILD_BENCH=ON -DCONC_BUILD_TESTS=OFF -DCONC_BUILD_CHECKER=OFF -DCONC_BUILD_KATAS=OFF
        "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG")
(cd "$root" && cmake --preset bench -B "$clang_build" "${common[@]}" >/dev/null) ||
  die "configuring $clang_build failed"
cmake -S "$root" -B "$gcc_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc "${common[@]}" >/dev/null ||
  die "configuring $gcc_build failed"
echo "building conc_channels_bench with clang++-19 and g++..." >&2
cmake --build "$clang_build" -j2 --target conc_channels_bench >/dev/null || die "clang build failed"
cmake --build "$gcc_build" -j2 --target conc_channels_bench >/dev/null || die "g++ build failed"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$here/go" && GOFLAGS=-mod=mod go test -c -o "$tmp/go_channels.test" .) >"$tmp/go-build.txt" 2>&1 ||
  { cat "$tmp/go-build.txt" >&2; die "building the Go benchmarks failed"; }

filter='^BM_((Buffered1P1C|Unbuffered1P1C|Buffered4P4C|Select2|SendRecvOneThread)_Conc(/|$)|(Nested)?LockUnlock_)'
go_filter='^Benchmark(Buffered1P1C|Unbuffered1P1C|Buffered4P4C|Select2|LockUnlock)$'
for ((run = 1; run <= runs; run++)); do
  read -r load1 _ </proc/loadavg
  echo "run $run/$runs (load average $load1)..." >&2
  echo "$load1" >"$tmp/load.$run"
  for compiler in clang gcc; do
    build=$clang_build; [[ $compiler == gcc ]] && build=$gcc_build
    timeout 300 "$build/bin/conc_channels_bench" --benchmark_filter="$filter" \
      --benchmark_min_time="$min_time" --benchmark_format=json \
      >"$tmp/$compiler.$run.json" 2>"$tmp/$compiler.err" || {
      status=$?
      cat "$tmp/$compiler.err" >&2
      tail -c 2000 "$tmp/$compiler.$run.json" >&2
      if ((status == 124)); then
        die "the $compiler benchmark did not finish within 300 s in run $run (load average $(cut -d' ' -f1 /proc/loadavg))"
      fi
      die "the $compiler benchmark failed in run $run (exit status $status)"
    }
  done
  (cd "$here/go" && GOMAXPROCS=2 timeout 300 "$tmp/go_channels.test" -test.run '^$' \
    -test.bench "$go_filter" -test.benchtime "${min_time}s") >"$tmp/go.$run.txt" 2>&1 ||
    { cat "$tmp/go.$run.txt" >&2; die "the Go benchmark failed in run $run"; }
done

python3 - "$tmp" "$runs" "$(git -C "$root" rev-parse --short HEAD)" <<'PY'
import json, re, statistics, sys

tmp, runs, commit = sys.argv[1], int(sys.argv[2]), sys.argv[3]
workloads = [  # label, key, goal (max conc/Go ratio of the worst run) or None
    ("buffered 1024, 1P 1C", "Buffered1P1C", 0.5),
    ("unbuffered, 1P 1C", "Unbuffered1P1C", 1.5),
    ("select over 2 buffered channels", "Select2", 1.5),
    ("buffered 1024, 4P 4C", "Buffered4P4C", None),
]
# figures[source][key] = [ns per message in run 1, run 2, ...]
figures = {"clang": {}, "gcc": {}, "go": {}}
one_thread = {}  # compiler -> [CPU ns per send+recv pair, one thread, per run]
locks = {}  # (compiler, benchmark) -> [ns per lock+unlock, per run]; ("go", "LockUnlock") too
for run in range(1, runs + 1):
    for compiler in ("clang", "gcc"):
        for b in json.load(open(f"{tmp}/{compiler}.{run}.json"))["benchmarks"]:
            if b.get("error_occurred"):
                sys.exit(f"compare.sh: {b['name']} ({compiler}, run {run}): {b.get('error_message')}")
            key = b["name"].split("/")[0].removeprefix("BM_").removesuffix("_Conc")
            if "LockUnlock" in key:  # lock + unlock, uncontended: ns per pair
                locks.setdefault((compiler, key), []).append(b["real_time"])
            elif key == "SendRecvOneThread":  # no Go side: CPU time of the code itself
                one_thread.setdefault(compiler, []).append(b["cpu_time"])
            else:
                figures[compiler].setdefault(key, []).append(b["ns_per_msg"])
    for line in open(f"{tmp}/go.{run}.txt"):
        m = re.match(r"Benchmark(\w+)-\d+\s+\d+\s+[\d.]+ ns/op\s+([\d.]+) ns_per_msg", line)
        if m:
            figures["go"].setdefault(m.group(1), []).append(float(m.group(2)))
        m = re.match(r"BenchmarkLockUnlock-\d+\s+\d+\s+([\d.]+) ns/op", line)
        if m:
            locks.setdefault(("go", "LockUnlock"), []).append(float(m.group(1)))
for source, by_key in figures.items():
    for _, key, _ in workloads:
        got = len(by_key.get(key, []))
        if got != runs:
            sys.exit(f"compare.sh: {source} {key}: {got} measurements for {runs} runs")

loads = [float(open(f"{tmp}/load.{run}").read()) for run in range(1, runs + 1)]
print(f"commit {commit}, {runs} runs, load average before the runs {min(loads):.1f} to {max(loads):.1f}"
      " (2 cores; other work on the machine shows up here)")
print("ns per message, min / median / max over the runs; ratio = conc/Go in the same run")
header = f"| {'workload':32} | {'compiler':8} | {'conc min / med / max':27} | {'Go min / med / max':24} | {'ratio med':9} | {'ratio worst':11} | {'goal':12} |"
print(header)
print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")

def triple(values):
    return f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f}"

for label, key, goal in workloads:
    go = figures["go"][key]
    for compiler in ("clang", "gcc"):
        conc = figures[compiler][key]
        ratios = [c / g for c, g in zip(conc, go)]
        worst = max(ratios)
        verdict = "-" if goal is None else f"<= {goal}: {'met' if worst <= goal else 'NOT met'}"
        print(f"| {label:32} | {compiler:8} | {triple(conc):27} | {triple(go):24} | "
              f"{statistics.median(ratios):9.2f} | {worst:11.2f} | {verdict:12} |")

print()
print("one thread, send + recv on a buffered channel with room (no partner, no waiting):")
print("CPU ns per pair, min / median / max over the runs: the cost of the generated code itself")
for compiler in ("clang", "gcc"):
    print(f"  {compiler:6} {triple(one_thread[compiler])}")
ratios = [g / c for g, c in zip(one_thread["gcc"], one_thread["clang"])]
print(f"  g++/clang in the same run: median {statistics.median(ratios):.2f}, max {max(ratios):.2f}")

print()
print("lock + unlock, uncontended, ns, min / median / max; ratio = CheckedMutex/std::mutex, same run")
go_lock = locks.get(("go", "LockUnlock"))
if go_lock:
    print(f"  Go sync.Mutex            {triple(go_lock)}")
for compiler in ("clang", "gcc"):
    for pair, label in (("LockUnlock", "one lock"), ("NestedLockUnlock", "nested pair")):
        checked = locks.get((compiler, f"{pair}_CheckedMutex"))
        std_mutex = locks.get((compiler, f"{pair}_StdMutex"))
        if not checked or not std_mutex or len(checked) != runs or len(std_mutex) != runs:
            sys.exit(f"compare.sh: {compiler} {pair}: missing lock measurements")
        ratios = [c / m for c, m in zip(checked, std_mutex)]
        print(f"  {compiler:5} {label:11} CheckedMutex {triple(checked)}, std::mutex {triple(std_mutex)},"
              f" ratio median {statistics.median(ratios):.2f}, worst {max(ratios):.2f}")
PY
