#!/usr/bin/env bash
# Runs every conc test: installs what is missing, builds, runs ctest.
# The last line printed is ctest's summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

conc::step "dependencies"
conc::install_deps

# The default preset builds with clang, so libconc is compiled with
# -Wthread-safety -Werror=thread-safety (runtime-probes/src/sync/CMakeLists.txt)
# and ctest runs the annotation tests (conc_sync.thread_safety_*).
conc::step "build (preset default)"
start=$SECONDS
conc::build default
conc::ok "built in $((SECONDS - start)) s"

conc::step "tests"
cd "$CONC_ROOT"
exec ctest --preset default -j "$(nproc)" "$@"
