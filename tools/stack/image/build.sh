#!/usr/bin/env bash
# Builds the Consul image infra/ pins (var.consul_image, e.g. hashicorp/consul:1.14.11) from local parts
# only — Debian's static busybox (shell, ip, awk), the Consul binary from consul.sh and
# docker-entrypoint.sh — so the docker provider finds it locally and never pulls. The image is
# `docker import`ed from a rootfs tarball (a FROM scratch image needs no builder) and labelled with a
# hash of its inputs: a warm run only compares that label. Prints the image tag.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

tag=$(infra_default consul_image)
[ -n "$tag" ] || fail "no default for variable \"consul_image\" in infra/variables.tf"
consul=$(bash "$stack_dir/consul.sh") || exit 1 # consul.sh has said why
consul_version=$(consul_version)
[ "${tag##*:}" = "$consul_version" ] ||
  fail "infra/variables.tf pins $tag but tools/stack/consul/go.mod builds Consul $consul_version: make them agree"

busybox=$(busybox_static)

entrypoint=$stack_dir/image/docker-entrypoint.sh
changes=(
  'ENV PATH=/bin'
  'ENTRYPOINT ["docker-entrypoint.sh"]'
  'CMD ["agent", "-dev", "-client", "0.0.0.0"]'
  'EXPOSE 8300 8301 8301/udp 8302 8302/udp 8500 8600 8600/udp'
)
inputs=$({
  memo consul-sha256 "$consul" sha256sum "$consul"
  memo busybox-sha256 "$busybox" sha256sum "$busybox"
  sha256sum "$entrypoint"
  printf '%s\n' "${changes[@]}"
} | input_hash)
if [ "$(image_inputs "$tag")" != "$inputs" ]; then
  say "building image $tag (Consul $consul_version, busybox, entrypoint)"
  rootfs=$scratch/rootfs
  mkdir -p "$rootfs/bin" "$rootfs/consul/data" "$rootfs/consul/config" "$rootfs/tmp" "$rootfs/etc"
  chmod 1777 "$rootfs/tmp"
  cp "$busybox" "$consul" "$entrypoint" "$rootfs/bin/"
  import_busybox_rootfs "$rootfs" "$tag" "$inputs" "cortex-ring: Consul $consul_version on Debian's static busybox" "${changes[@]}"
fi
echo "$tag"
