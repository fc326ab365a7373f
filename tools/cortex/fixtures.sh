#!/usr/bin/env bash
# Regenerates the ring client's wire-format vectors from upstream Go code (run after changing ringtool, the
# dskit program or the pinned versions; the vectors are committed so unit tests need no Go):
#   packages/ring-client/test/fixtures/cortex/*  written by Cortex's codec, expectations from Cortex's /ring page
#   packages/ring-client/test/fixtures/dskit/*   written by grafana/dskit's codec (fields 9–12)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$here/../../packages/ring-client/test/fixtures
rm -rf "$out/cortex" "$out/dskit"
mkdir -p "$out/cortex" "$out/dskit"
"$(bash "$here/ringtool.sh")" fixtures -out "$out/cortex"
(cd "$here/dskit" && GOFLAGS=-buildvcs=false GOTOOLCHAIN=local go run . -out "$out/dskit")
vectors=("$out"/cortex/*.bin "$out"/dskit/*.bin)
echo "fixtures.sh: wrote ${#vectors[@]} vectors under packages/ring-client/test/fixtures" >&2
