#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the browser tests: $CHROMIUM_BIN when set, else Debian's
# `chromium` package (/usr/bin/chromium), installed with apt-get when missing. Never downloads a browser build
# of its own (`playwright install` cannot work offline); playwright-core drives this binary.
#   chromium=$(bash tools/browser/chromium.sh)
set -euo pipefail
script=$(basename "$0")
cache=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}
fail() { echo "$script: $*" >&2; exit 1; }
# shellcheck source=../debian.sh
. "$(dirname "${BASH_SOURCE[0]}")/../debian.sh"

if [ -n "${CHROMIUM_BIN:-}" ]; then
  [ -x "$CHROMIUM_BIN" ] || fail "CHROMIUM_BIN=$CHROMIUM_BIN is not an executable file"
  echo "$CHROMIUM_BIN"
  exit 0
fi

bin=/usr/bin/chromium
works() { [ -x "$bin" ] && timeout 60 "$bin" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1; }

if ! works; then
  mkdir -p "$cache/logs"
  log=$cache/logs/chromium-apt.log
  # One installer at a time (several worktrees may run their tests at once); the others wait, then reuse it.
  exec 9>"$cache/chromium.lock"
  flock 9
  if ! works; then
    echo "$script: installing Debian's chromium (once; log: $log)" >&2
    apt_install "$log" chromium fonts-dejavu-core ||
      fail "apt-get install chromium failed (needs root or passwordless sudo): $(apt_reason "$log") (full log: $log)"
  fi
  works || fail "$bin does not start headless after installing Debian's chromium ($bin --headless --version failed)"
fi
echo "$bin"
