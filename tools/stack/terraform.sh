#!/usr/bin/env bash
# Prints the Terraform CLI the stack uses: `terraform` from PATH when it satisfies infra/'s
# required_version; otherwise (or with CORTEX_RING_TERRAFORM=tofu) OpenTofu, built once per version
# from the Go module proxy into $CORTEX_RING_CACHE/tofu/<version>/tofu.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

required=$(awk -F'"' '$1 ~ /required_version/ { sub(/^>= */, "", $2); print $2; exit }' "$repo_root/infra/provider.tf")
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

case ${CORTEX_RING_TERRAFORM:-} in
  "" | terraform)
    if command -v terraform >/dev/null; then
      have=$(memo terraform-version "$(command -v terraform)" version_line terraform Terraform | sed 's/^Terraform v//')
      if [ -n "$have" ] && at_least "$have" "${required:-0}"; then command -v terraform; exit 0; fi
      say "terraform ${have:-(unknown version)} on PATH is older than infra/'s required ${required}; using OpenTofu"
    elif [ "${CORTEX_RING_TERRAFORM:-}" = terraform ]; then
      fail "CORTEX_RING_TERRAFORM=terraform but no terraform on PATH: install Terraform >= $required"
    fi
    ;;
  tofu) ;;
  *) fail "CORTEX_RING_TERRAFORM must be terraform or tofu, not '$CORTEX_RING_TERRAFORM'" ;;
esac

version=$(awk '$1 == "github.com/opentofu/opentofu" { sub(/^v/, "", $2); print $2; exit }' "$stack_dir/tofu/go.mod")
bin=$cache/tofu/$version/tofu
works() { [ -x "$bin" ] && [ "$(memo "tofu-$version" "$bin" version_line "$bin" OpenTofu)" = "OpenTofu v$version" ]; }
if ! works; then
  command -v go >/dev/null || fail "no usable terraform on PATH and no Go to build OpenTofu $version: install Terraform >= $required"
  hold_lock "$cache/tofu/$version.lock"
  # As OpenTofu's release build does (.goreleaser.yaml); without it a tagged source reports "-dev".
  works || go_build "$bin" "OpenTofu $version" "$stack_dir/tofu" github.com/opentofu/opentofu/cmd/tofu \
    "-X github.com/opentofu/opentofu/version.dev=no"
  works || fail "the built $bin does not report OpenTofu v$version"
fi
echo "$bin"
