#!/usr/bin/env bash
# Prints the path of a real Cortex binary (github.com/cortexproject/cortex/cmd/cortex) built once per version
# from the Go module proxy into $CORTEX_RING_CACHE/cortex/<version>-<tags>/cortex. Needs Go only on the first (cold)
# run, which takes several minutes on 2 cores; a warm call reads one memoised version line.
#   cortex=$(bash tools/cortex/cortex.sh) && "$cortex" -target=ingester -ring.store=consul …
# The version is the one tools/cortex/go.mod requires.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The tags Cortex's own Makefile builds with. Without slicelabels, Prometheus' default label layout is not the
# one Cortex casts its wire labels to, and an ingester crashes on the first sample pushed to it.
tags="netgo slicelabels"
flavour=$version-${tags// /-}
bin=$cache/cortex/$flavour/cortex
# -X main.Version (as Cortex's Makefile sets it) makes `cortex -version` say which version this is.
works() { [ -x "$bin" ] && memo "cortex-$flavour" "$bin" "$bin" -version 2>/dev/null | grep -q "version $version "; }

if ! works; then
  hold_lock "$cache/cortex/$flavour.lock"
  works || go_build "$bin" "Cortex $version" "$cortex_dir" github.com/cortexproject/cortex/cmd/cortex "-X main.Version=$version" "$tags"
  works || fail "the built $bin does not report version $version"
fi
echo "$bin"
