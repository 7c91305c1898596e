#!/usr/bin/env bash
# Installs, with apt-get, what conc needs on Debian 12 that is not there yet.
# Idempotent: when everything is installed it changes nothing and says so.
set -euo pipefail

llvm=19   # keep in step with CONC_LLVM_VERSION in CMakeLists.txt

packages=(
  # build
  cmake ninja-build ccache g++ pkg-config git python3
  # checker: LLVM/Clang libraries, FileCheck, the stock clang-tidy for the plugin
  "clang-$llvm" "libclang-$llvm-dev" "llvm-$llvm-dev" "llvm-$llvm-tools"
  "clang-tidy-$llvm" "libclang-rt-$llvm-dev"
  # conc-clangd: Debian's clangd static libraries are built with the gRPC
  # remote index, so linking them needs gRPC, protobuf and abseil
  libgrpc++-dev libprotobuf-dev libabsl-dev
  # bench/clangd: the stock clangd that conc-clangd's latency is compared with
  "clangd-$llvm"
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # runtime probes: creation stacks symbolized with elfutils' libdw
  libdw-dev
  # bench: Go channels as the baseline for conc::Channel
  golang-go
  # bench/suites: which function of a suite's file a finding is in; libc++'s
  # headers, which Infer's tests compile against (their Makefile's -nostdinc++
  # -isystem $(CLANG_INCLUDES)/c++/v1)
  universal-ctags "libc++-$llvm-dev"
  # bench/checker-analysis: the checks' cost counted in instructions
  # (cachegrind), which the machine's load cannot change
  valgrind
  # optional: conc-tidy --lock-graph=FILE.svg runs Graphviz's dot (a .dot
  # file needs nothing); the lock-graph tests draw one
  graphviz
)

# Microsoft's SARIF multitool validates conc-tidy's SARIF in the tests. It
# goes into a folder of its own under ~/.cache (no global npm state); the
# tests find it there.
sarif_dir=${CONC_SARIF_MULTITOOL_DIR:-$HOME/.cache/conc/sarif-multitool}
sarif_tool=$sarif_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
install_sarif_multitool() {
  [[ -x $sarif_tool ]] && return 0
  echo "install-deps: installing @microsoft/sarif-multitool into $sarif_dir"
  mkdir -p "$sarif_dir"
  # Only the SARIF validation tests need it: a failed download is a warning
  # here (those tests then fail and say why), not the end of the demo.
  if ! npm install --prefix "$sarif_dir" --no-audit --no-fund --loglevel=error \
      @microsoft/sarif-multitool@5 >/dev/null; then
    echo "install-deps: warning: could not install the SARIF multitool with npm;" \
      "the SARIF validation tests will fail until it is installed" >&2
    return 0
  fi
  chmod u+x "$sarif_tool"   # npm may skip the package's own postinstall chmod
}

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# checker tests: npm fetches the SARIF validator. Debian's npm package, unless
# an npm is already there (a nodejs from elsewhere ships its own, and
# conflicts with Debian's).
command -v npm >/dev/null 2>&1 || [[ -x $sarif_tool ]] || missing+=(npm)

if [[ ${#missing[@]} -eq 0 ]]; then
  install_sarif_multitool
  echo "install-deps: everything conc needs is installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-deps: missing packages (${missing[*]}) and not root, no sudo: install them as root" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
install_sarif_multitool
echo "install-deps: done"
