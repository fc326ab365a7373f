#!/usr/bin/env bash
# Regenerates the ring client's wire-format vectors from upstream Go code (run after changing ringtool, the
# dskit program or the pinned versions; the vectors are committed so unit tests need no Go):
#   packages/ring-client/test/fixtures/cortex/*  written by Cortex's codec, expectations from Cortex's /ring page
#   packages/ring-client/test/fixtures/dskit/*   written by grafana/dskit's codec (fields 9–12)
#   packages/ring-client/test/fixtures/quorum/*  every range's replica set and verdict from Cortex's Ring.Get + Filter
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$here/../../packages/ring-client/test/fixtures
rm -rf "$out/cortex" "$out/dskit" "$out/quorum"
mkdir -p "$out/cortex" "$out/dskit" "$out/quorum"
ringtool=$(bash "$here/ringtool.sh")
"$ringtool" fixtures -out "$out/cortex"
"$ringtool" quorum-fixtures -out "$out/quorum"
(cd "$here/dskit" && GOFLAGS=-buildvcs=false GOTOOLCHAIN=local go run . -out "$out/dskit")
vectors=("$out"/cortex/*.bin "$out"/dskit/*.bin "$out"/quorum/*.bin)
echo "fixtures.sh: wrote ${#vectors[@]} vectors under packages/ring-client/test/fixtures" >&2
