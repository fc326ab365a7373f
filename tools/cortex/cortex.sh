#!/usr/bin/env bash
# Prints the path of a real Cortex binary (github.com/cortexproject/cortex/cmd/cortex) built once per version
# from the Go module proxy into $CORTEX_RING_CACHE/cortex/<version>/cortex. A warm call only checks the file.
#   cortex=$(bash tools/cortex/cortex.sh) && "$cortex" -target=ingester -ring.store=consul …
# The version is the one tools/cortex/go.mod requires; the first build takes several minutes on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}
fail() { echo "cortex.sh: $*" >&2; exit 1; }

version=$(awk '$1 == "github.com/cortexproject/cortex" { sub(/^v/, "", $2); print $2; exit }' "$here/go.mod")
[ -n "$version" ] || fail "no github.com/cortexproject/cortex requirement in $here/go.mod"
dir=$cache/cortex/$version
bin=$dir/cortex

works() { [ -x "$bin" ] && "$bin" -version 2>/dev/null | head -n1 | grep -q "version $version"; }

if ! works; then
  mkdir -p "$dir"
  # Test suites and the bench may ask at once: one builds, the others wait and reuse its result.
  exec 9>"$dir.lock"
  flock 9
  if ! works; then
    command -v go >/dev/null || fail "Go is not on PATH: install Go >= 1.25 (https://go.dev/dl) to build Cortex $version"
    echo "cortex.sh: building Cortex $version from the Go module proxy (once, several minutes; log: $dir/build.log)" >&2
    start=$SECONDS
    # -X sets what `cortex -version` prints, as Cortex's Makefile does, so the cache check above can read it.
    if ! (cd "$here" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local \
      go build -trimpath -ldflags "-s -w -X main.Version=$version" \
        -o "$bin.tmp" github.com/cortexproject/cortex/cmd/cortex) >"$dir/build.log" 2>&1; then
      fail "go build of Cortex $version failed: $(grep -m1 -iE 'error|denied|forbidden|cannot' "$dir/build.log" || tail -n1 "$dir/build.log") (full log: $dir/build.log)"
    fi
    mv -f "$bin.tmp" "$bin"
    works || fail "the built $bin does not report version $version (see $dir/build.log)"
    echo "cortex.sh: built $bin in $((SECONDS - start))s" >&2
  fi
fi
echo "$bin"
