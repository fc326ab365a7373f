#!/usr/bin/env bash
# Prints the path of hcl-lint's native parser: tools/hcl2json (the Go modules @cdktn/hcl2json compiles to WASM, at
# the versions in go.mod), built once per version from the Go module proxy into
# $CORTEX_RING_CACHE/hcl2json/<hcl2json>-hcl-<hcl>-cty-<cty>/hcl2json, where hcl-lint looks for it
# (packages/hcl-lint/src/parser/native.ts). Without it hcl-lint parses with the WASM: same answers, slower start.
#   bash tools/hcl2json/build.sh
set -euo pipefail
# shellcheck source=../stack/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../stack/lib.sh"

here=$repo_root/tools/hcl2json
required() { awk -v module="$1" '$1 == module { print $2; exit }' "$here/go.mod"; }
converter=$(required github.com/tmccombs/hcl2json) hcl=$(required github.com/hashicorp/hcl/v2) cty=$(required github.com/zclconf/go-cty)
if [ -z "$converter" ] || [ -z "$hcl" ] || [ -z "$cty" ]; then
  fail "tools/hcl2json/go.mod must require tmccombs/hcl2json, hashicorp/hcl/v2 and zclconf/go-cty"
fi
version=$converter-hcl-$hcl-cty-$cty
bin=$cache/hcl2json/$version/hcl2json

# The binary greets with the modules linked into it (and exits at once when stdin is closed).
greeting() { "$bin" </dev/null; }
works() {
  [ -x "$bin" ] || return 1
  local said
  said=$(memo "hcl2json-$version" "$bin" greeting) || return 1
  [[ " $said " == *" github.com/tmccombs/hcl2json@$converter "* && " $said " == *" github.com/hashicorp/hcl/v2@$hcl "* && " $said " == *" github.com/zclconf/go-cty@$cty "* ]]
}

if ! works; then
  hold_lock "$cache/hcl2json/$version.lock"
  works || go_build "$bin" "hcl2json $version" "$here" .
  works || fail "the built $bin does not greet with hcl2json $converter, hcl $hcl and cty $cty (it says: $(greeting 2>&1 | head -c 300))"
fi
echo "$bin"
