#!/usr/bin/env bash
# Prints the path of tflint (the speed peer of bench/hcl-lint), built once per version from the Go module
# proxy into $CORTEX_RING_CACHE/tflint/<version>/tflint. Its bundled terraform ruleset needs no download.
#   TFLINT_VERSION=0.64.0 bash tools/tflint/build.sh
set -euo pipefail
# shellcheck source=../stack/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../stack/lib.sh"

version=${TFLINT_VERSION:-0.64.0}
bin=$cache/tflint/$version/tflint
works() { [ -x "$bin" ] && [ "$(memo "tflint-$version" "$bin" "$bin" --version)" = "TFLint version $version" ]; }
if ! works; then
  command -v go >/dev/null || fail "Go is not on PATH: install Go (https://go.dev/dl) to build tflint $version"
  hold_lock "$cache/tflint/$version.lock"
  if ! works; then
    log=$cache/logs/tflint-$version.log start=$SECONDS
    mkdir -p "$cache/logs" "$cache/tflint/$version"
    say "building tflint $version from the Go module proxy (once; log: $log)"
    # `go install pkg@version` builds with tflint's own go.mod, as its release does (no wrapper module needed).
    GOBIN=$scratch CGO_ENABLED=0 GOFLAGS=-buildvcs=false go install -trimpath -ldflags "-s -w" \
      "github.com/terraform-linters/tflint@v$version" >"$log" 2>&1 ||
      fail "go install of tflint $version failed: $(log_reason "$log") (full log: $log)"
    mv -f "$scratch/tflint" "$bin"
    say "built $bin in $((SECONDS - start))s"
  fi
  works || fail "the built $bin does not report TFLint version $version (it says: $("$bin" --version 2>&1 | head -n1))"
fi
echo "$bin"
