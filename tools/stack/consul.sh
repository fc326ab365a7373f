#!/usr/bin/env bash
# Prints the path of a static Consul binary, built once per version from the Go module proxy into
# $CORTEX_RING_CACHE/consul/<version>/consul. Needs Go only on the first (cold) run; never needs Docker.
#   consul=$(bash tools/stack/consul.sh) && "$consul" agent -dev -http-port 0 …
# The version is the one tools/stack/consul/go.mod requires (the image's tag in infra/ follows it).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}
fail() { echo "consul.sh: $*" >&2; exit 1; }

version=$(awk '$1 == "github.com/hashicorp/consul" { sub(/^v/, "", $2); print $2; exit }' "$here/consul/go.mod")
[ -n "$version" ] || fail "no github.com/hashicorp/consul requirement in $here/consul/go.mod"
dir=$cache/consul/$version
bin=$dir/consul

works() { [ -x "$bin" ] && [ "$("$bin" version 2>/dev/null | sed -n 1p)" = "Consul v$version" ]; }

if ! works; then
  mkdir -p "$dir"
  # Several test suites may ask at once: one builds, the others wait and reuse its result.
  exec 9>"$dir.lock"
  flock 9
  if ! works; then
    command -v go >/dev/null || fail "Go is not on PATH: install Go >= 1.22 (https://go.dev/dl or apt-get install golang) to build Consul $version"
    echo "consul.sh: building Consul $version from the Go module proxy (once; log: $dir/build.log)" >&2
    start=$SECONDS
    if ! (cd "$here/consul" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local \
      go build -trimpath -ldflags "-s -w" -o "$bin.tmp" .) >"$dir/build.log" 2>&1; then
      fail "go build of Consul $version failed: $(grep -m1 -iE 'error|denied|forbidden|cannot' "$dir/build.log" || tail -n1 "$dir/build.log") (full log: $dir/build.log)"
    fi
    mv -f "$bin.tmp" "$bin"
    works || fail "the built $bin does not report Consul v$version"
    echo "consul.sh: built $bin in $((SECONDS - start))s" >&2
  fi
fi
echo "$bin"
