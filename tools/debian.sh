# Sourced by the scripts that install a Debian package when a tool is missing (tools/stack, tools/browser,
# tools/lint, tools/test-tools.sh). Definitions only.
# shellcheck shell=bash

# Runs a command as root: directly when root, else through passwordless sudo; fails when neither can.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

# Installs Debian packages, apt's output into <log>: waits for a dpkg lock another installer holds rather than
# failing, and refreshes stale package lists once.   apt_install <log> <package>…
apt_install() {
  local log=$1 install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${@:2}")
  mkdir -p "$(dirname "$log")"
  { as_root "${install[@]}" || { as_root apt-get update -q && as_root "${install[@]}"; }; } >"$log" 2>&1
}

# Why apt failed, from its log: the first "E:" line, else the last line.
apt_reason() { grep -m1 -E '^E:' "$1" || tail -n1 "$1"; }
