#!/usr/bin/env bash
# The main job: install what is missing, build, lint the bundled example with
# conc-tidy and show what it finds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

conc::step "dependencies"
conc::install_deps

conc::step "build conc-tidy"
conc::build default conc-tidy

conc::step "lint examples/ with conc-tidy"
cd "$CONC_ROOT"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
set +e
"$CONC_ROOT/build/bin/conc-tidy" --checks='-*,conc-*' --quiet \
  "$CONC_ROOT"/examples/quickstart/*.cpp -- -std=c++20 2>&1 | tee "$report"
status=${PIPESTATUS[0]}
set -e
(( status <= 1 )) || conc::die "conc-tidy failed with exit code $status"
findings=$(grep -c 'warning: .*\[conc-' "$report" || true)
(( findings > 0 )) || conc::die "conc-tidy found nothing in examples/, which has known bugs"
conc::ok "conc-tidy: $findings finding(s) in examples/quickstart"
