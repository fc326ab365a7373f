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

# Debian's busybox-static, unpacked into the cache (no change to the host's packages).
busybox=$cache/busybox/bin/busybox
if [ ! -x "$busybox" ]; then
  work=$scratch/busybox
  mkdir -p "$work"
  (cd "$work" && apt-get download busybox-static >"$work/apt.log" 2>&1) ||
    fail "apt-get download busybox-static failed: $(log_reason "$work/apt.log")"
  dpkg-deb -x "$work"/busybox-static_*.deb "$work/x"
  mkdir -p "$cache/busybox/bin"
  mv "$work/x/bin/busybox" "$busybox"
fi

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
} | cut -d' ' -f1 | sha256sum | cut -c1-32)
label=org.cortex-ring.stack.inputs

current=$(docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$tag" 2>/dev/null || true)
if [ "$current" != "$inputs" ]; then
  say "building image $tag (Consul $consul_version, busybox, entrypoint)"
  rootfs=$scratch/rootfs
  mkdir -p "$rootfs/bin" "$rootfs/consul/data" "$rootfs/consul/config" "$rootfs/tmp" "$rootfs/etc"
  chmod 1777 "$rootfs/tmp"
  cp "$busybox" "$consul" "$entrypoint" "$rootfs/bin/"
  for applet in $("$busybox" --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  args=()
  for change in "${changes[@]}" "LABEL $label=$inputs"; do args+=(--change "$change"); done
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . |
    docker import "${args[@]}" --message "cortex-ring: Consul $consul_version on Debian's static busybox" - "$tag" >/dev/null ||
    fail "docker import of $tag failed"
  # The previous build of this tag is now an untagged leftover.
  docker image prune --force --filter "label=$label" >/dev/null 2>&1 || true
fi
echo "$tag"
