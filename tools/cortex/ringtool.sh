#!/usr/bin/env bash
# Prints the path of ringtool (tools/cortex/ringtool: Cortex's own ring code answering the ring client's test and
# benchmark questions), built once per Cortex version and source revision into
# $CORTEX_RING_CACHE/cortex/<version>/ringtool-<hash>. A warm call hashes a few files and checks one.
#   "$(bash tools/cortex/ringtool.sh)" fixtures -out DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}
fail() { echo "ringtool.sh: $*" >&2; exit 1; }

version=$(awk '$1 == "github.com/cortexproject/cortex" { sub(/^v/, "", $2); print $2; exit }' "$here/go.mod")
[ -n "$version" ] || fail "no github.com/cortexproject/cortex requirement in $here/go.mod"
hash=$(cat "$here/go.mod" "$here/go.sum" "$here"/ringtool/*.go | sha256sum | cut -c1-12)
dir=$cache/cortex/$version
bin=$dir/ringtool-$hash

if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  exec 9>"$dir/ringtool.lock"
  flock 9
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null || fail "Go is not on PATH: install Go >= 1.25 (https://go.dev/dl) to build ringtool"
    echo "ringtool.sh: building ringtool against Cortex $version (once; log: $dir/ringtool-build.log)" >&2
    if ! (cd "$here" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local go build -trimpath -o "$bin.tmp" ./ringtool) >"$dir/ringtool-build.log" 2>&1; then
      fail "go build failed: $(head -n3 "$dir/ringtool-build.log" | tr '\n' ' ') (full log: $dir/ringtool-build.log)"
    fi
    mv -f "$bin.tmp" "$bin"
  fi
fi
echo "$bin"
