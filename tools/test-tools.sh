#!/usr/bin/env bash
# Provisions the system tools the test suite runs for real, once, before any test starts: `pnpm test` runs this
# before turbo. Tests never install anything; a test whose tool is still missing fails and names this script.
# One `need` line per tool (other packages add theirs below). Idempotent: a warm run costs a `command -v`.
set -euo pipefail

# shellcheck source=debian.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian.sh"
log=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}/logs/test-tools-apt.log

# need <command> <debian package>: installs the package from Debian when the command is not on PATH.
need() {
  command -v "$1" >/dev/null && return 0
  echo "test-tools.sh: installing Debian's $2 (for $1)" >&2
  apt_install "$log" "$2" || {
    echo "test-tools.sh: apt-get install $2 failed (needs root or passwordless sudo): $(apt_reason "$log") (log: $log)" >&2
    exit 1
  }
  command -v "$1" >/dev/null || { echo "test-tools.sh: $2 installed but $1 is still not on PATH" >&2; exit 1; }
}

# packages/hcl-lint: its pre-commit integration test commits through the real pre-commit.
need pre-commit pre-commit

# packages/ring-page: the browser tests drive Debian's chromium through playwright-core (never a browser
# download); tools/browser/chromium.sh installs it when missing and honours CHROMIUM_BIN.
bash "$(dirname "${BASH_SOURCE[0]}")/browser/chromium.sh" >/dev/null

# apps/cli: promtool checks the metrics exposition and the alerting rules (built from the Go module proxy once per
# Prometheus version: about 4 minutes cold on 2 cores; PROMTOOL_BIN points at another).
[ -n "${PROMTOOL_BIN:-}" ] || bash "$(dirname "${BASH_SOURCE[0]}")/cortex/promtool.sh" >/dev/null

# packages/hcl-lint: the native build of its parser, which its tests run beside the WASM (Go modules from the proxy).
bash "$(dirname "${BASH_SOURCE[0]}")/hcl2json/build.sh" >/dev/null
