#!/usr/bin/env bash
# Prints the path of ringtool (tools/cortex/ringtool: Cortex's own ring code answering the ring client's test
# and benchmark questions), built once per Cortex version and source revision into
# $CORTEX_RING_CACHE/cortex/<version>/ringtool-<hash>. A warm call hashes a few files and checks one.
#   "$(bash tools/cortex/ringtool.sh)" fixtures -out DIR
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

hash=$(cat "$cortex_dir/go.mod" "$cortex_dir/go.sum" "$cortex_dir"/ringtool/*.go | sha256sum | cut -c1-12)
bin=$cache/cortex/$version/ringtool-$hash

if [ ! -x "$bin" ]; then
  hold_lock "$cache/cortex/$version-ringtool.lock"
  [ -x "$bin" ] || go_build "$bin" "ringtool for Cortex $version" "$cortex_dir" ./ringtool
fi
echo "$bin"
