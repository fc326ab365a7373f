#!/usr/bin/env bash
# Prints the path of a static Consul binary, built once per version from the Go module proxy into
# $CORTEX_RING_CACHE/consul/<version>/consul. Needs Go only on the first (cold) run; never needs Docker.
#   consul=$(bash tools/stack/consul.sh) && "$consul" agent -dev -http-port 0 …
# The version is the one tools/stack/consul/go.mod requires (the image's tag in infra/ follows it).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

version=$(consul_version)
[ -n "$version" ] || fail "no github.com/hashicorp/consul requirement in tools/stack/consul/go.mod"
bin=$cache/consul/$version/consul
works() { [ -x "$bin" ] && [ "$(memo "consul-$version" "$bin" version_line "$bin" Consul)" = "Consul v$version" ]; }

if ! works; then
  hold_lock "$cache/consul/$version.lock"
  works || go_build "$bin" "Consul $version" "$stack_dir/consul" .
  works || fail "the built $bin does not report Consul v$version"
fi
echo "$bin"
