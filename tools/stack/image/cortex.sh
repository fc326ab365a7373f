#!/usr/bin/env bash
# Builds the Cortex image infra/ pins (var.cortex_image, quay.io/cortexproject/cortex:v<version>, the name
# Cortex's own docs/getting-started uses) from local parts only: the static Cortex binary tools/cortex/cortex.sh
# builds from the Go module proxy, and Debian's static busybox (sh and wget, as the official Alpine-based
# image has). Like the official image: /bin/cortex is the entrypoint, port 80 is exposed. Nothing is
# pulled; rebuilt only when an input changes (a warm run compares one label). Prints the image tag.
set -euo pipefail
# shellcheck source=../../cortex/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../cortex/lib.sh"

tag=$(infra_default cortex_image)
[ -n "$tag" ] || fail "no default for variable \"cortex_image\" in infra/variables.tf"
[ "${tag##*:}" = "v$version" ] ||
  fail "infra/variables.tf pins $tag but tools/cortex/go.mod builds Cortex $version: make them agree"
cortex=$(bash "$cortex_dir/cortex.sh") || exit 1 # cortex.sh has said why
busybox=$(busybox_static)

changes=(
  'ENV PATH=/bin'
  'ENTRYPOINT ["/bin/cortex"]'
  'EXPOSE 80'
)
inputs=$({
  memo cortex-sha256 "$cortex" sha256sum "$cortex"
  memo busybox-sha256 "$busybox" sha256sum "$busybox"
  printf '%s\n' "${changes[@]}"
} | input_hash)

if [ "$(image_inputs "$tag")" != "$inputs" ]; then
  say "building image $tag (Cortex $version, busybox)"
  # shellcheck disable=SC2154 # scratch: tools/stack/lib.sh (through tools/cortex/lib.sh)
  rootfs=$scratch/rootfs
  mkdir -p "$rootfs/bin" "$rootfs/etc/cortex" "$rootfs/data" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  cp "$busybox" "$cortex" "$rootfs/bin/"
  import_busybox_rootfs "$rootfs" "$tag" "$inputs" "cortex-ring: Cortex $version on Debian's static busybox" "${changes[@]}"
fi
echo "$tag"
