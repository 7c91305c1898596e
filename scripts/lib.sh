# Shared by scripts/demo.sh and scripts/test.sh: colours, steps, build.
# shellcheck shell=bash

CONC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
# Worktrees and fresh clones at other paths still share cached objects.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$CONC_ROOT}

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  c_bold=$'\e[1m' c_dim=$'\e[2m' c_red=$'\e[31m' c_green=$'\e[32m' c_yellow=$'\e[33m' c_blue=$'\e[34m' c_off=$'\e[0m'
else
  c_bold='' c_dim='' c_red='' c_green='' c_yellow='' c_blue='' c_off=''
fi

conc::step() { printf '\n%s==> %s%s\n' "$c_bold$c_blue" "$*" "$c_off"; }
conc::ok()   { printf '%s%s%s\n' "$c_green" "$*" "$c_off"; }
conc::warn() { printf '%s%s%s\n' "$c_yellow" "$*" "$c_off" >&2; }
conc::die()  { printf '%serror: %s%s\n' "$c_red" "$*" "$c_off" >&2; exit 1; }

conc::install_deps() {
  bash "$CONC_ROOT/scripts/install-deps.sh"
}

# conc::build PRESET [TARGET...]: configure once, then build the targets
# (everything when none are named). Ninja prints its own progress line.
conc::build() {
  local preset=$1; shift
  local dir=$CONC_ROOT/build
  [[ $preset == default ]] || dir=$CONC_ROOT/build-$preset
  if [[ ! -f $dir/build.ninja ]]; then
    cmake --preset "$preset" -S "$CONC_ROOT" >/dev/null || conc::die "cmake --preset $preset failed"
  fi
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build "$dir" "${targets[@]}" || conc::die "build ($preset ${*:-all}) failed"
}
