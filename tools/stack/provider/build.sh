#!/usr/bin/env bash
# Builds terraform-provider-docker from the Go module proxy, once per version, into a Terraform
# filesystem mirror (unpacked layout) under $CORTEX_RING_CACHE/terraform/mirror, for both registry
# hosts (Terraform's and OpenTofu's). Prints the mirror directory.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# The release that go.mod's replace commit is (its CHANGELOG, README and go.mod say so; see README.md).
release=4.6.0
pinned=$(infra_provider_version)
[ "$pinned" = "$release" ] ||
  fail "infra/provider.tf pins kreuzwerker/docker ${pinned:-(none)} but tools/stack/provider builds $release: make them agree"

platform=linux_amd64
[ "$(uname -sm)" = "Linux x86_64" ] || fail "the offline stack builds for linux_amd64 only (this is $(uname -sm))"
mirror=$cache/terraform/mirror
name=terraform-provider-docker_v$release
dir=$mirror/registry.terraform.io/kreuzwerker/docker/$release/$platform
bin=$dir/$name

if [ ! -x "$bin" ]; then
  hold_lock "$cache/terraform/provider.lock"
  [ -x "$bin" ] || go_build "$bin" "terraform-provider-docker $release" "$stack_dir/provider" \
    github.com/terraform-providers/terraform-provider-docker "-X main.version=$release"
fi

# OpenTofu resolves "kreuzwerker/docker" on its own registry host: same binary, second address.
tofu_dir=$mirror/registry.opentofu.org/kreuzwerker/docker/$release/$platform
if [ ! -e "$tofu_dir/$name" ]; then
  mkdir -p "$tofu_dir"
  ln -f "$bin" "$tofu_dir/$name" 2>/dev/null || cp "$bin" "$tofu_dir/$name"
fi
echo "$mirror"
