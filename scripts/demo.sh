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
set +e
"$CONC_ROOT/build/bin/conc-tidy" --checks='-*,conc-*' --quiet \
  "$CONC_ROOT"/examples/*.cpp -- -std=c++20
status=$?
set -e
case $status in
  0) conc::warn "conc-tidy found nothing in examples/ (the example is meant to have bugs)";;
  1) conc::ok "conc-tidy found the bugs above";;
  *) conc::die "conc-tidy failed with exit code $status";;
esac
