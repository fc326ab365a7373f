#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the browser tests: $CHROMIUM_BIN when set, else Debian's
# `chromium` package (/usr/bin/chromium), installed with apt-get when missing. Never downloads a browser build
# of its own (`playwright install` cannot work offline); playwright-core drives this binary.
#   chromium=$(bash tools/browser/chromium.sh)
set -euo pipefail
script=$(basename "$0")
cache=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}
fail() { echo "$script: $*" >&2; exit 1; }

if [ -n "${CHROMIUM_BIN:-}" ]; then
  [ -x "$CHROMIUM_BIN" ] || fail "CHROMIUM_BIN=$CHROMIUM_BIN is not an executable file"
  echo "$CHROMIUM_BIN"
  exit 0
fi

bin=/usr/bin/chromium
works() { [ -x "$bin" ] && timeout 60 "$bin" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1; }

if ! works; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }
  mkdir -p "$cache/logs"
  log=$cache/logs/chromium-apt.log
  # One installer at a time (several worktrees may run their tests at once); the others wait, then reuse it.
  exec 9>"$cache/chromium.lock"
  flock 9
  if ! works; then
    echo "$script: installing Debian's chromium (once; log: $log)" >&2
    # Wait for a dpkg lock another installer holds rather than failing; refresh stale package lists once.
    install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 chromium fonts-dejavu-core)
    { as_root "${install[@]}" || { as_root apt-get update && as_root "${install[@]}"; }; } >"$log" 2>&1 ||
      fail "apt-get install chromium failed (needs root or passwordless sudo): $(grep -m1 -E '^E:' "$log" || tail -n1 "$log") (full log: $log)"
  fi
  works || fail "$bin does not start headless after installing Debian's chromium ($bin --headless --version failed)"
fi
echo "$bin"
