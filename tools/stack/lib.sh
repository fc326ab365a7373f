# Shared by the tools/stack scripts (sourced): where the cache lives, and how a step fails.
# shellcheck shell=bash
stack_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# as_root, apt_install, apt_reason.
# shellcheck source=../debian.sh
. "$stack_dir/../debian.sh"
repo_root=$(cd "$stack_dir/../.." && pwd)
cache=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}
script=$(basename "$0")

# One line on stderr saying what failed and how to fix it, then exit 1.
fail() { echo "$script: $*" >&2; exit 1; }
say() { echo "$script: $*" >&2; }
# A command failing where nobody expected it still gets its one line.
trap 'fail "line $LINENO: \`$BASH_COMMAND\` failed"' ERR

# The first line of a build log that explains the failure (or its last line).
log_reason() { grep -m1 -iE 'error|denied|forbidden|not available|cannot|no such|requires go' "$1" || tail -n1 "$1"; }

# A slow answer about a file (its hash, its version line), recomputed only when the file changes, so a
# warm run does not re-read 100 MB binaries:  memo <name> <file> <command…>
memo() {
  local store=$cache/memo/$1 key value
  key=$(stat -L -c '%d:%i:%s:%Y' "$2") || return 1
  if [ -f "$store" ] && [ "$(sed -n 1p "$store")" = "$key" ]; then sed -n 2p "$store"; return; fi
  value=$("${@:3}" | sed -n 1p) || return 1
  mkdir -p "$cache/memo"
  printf '%s\n%s\n' "$key" "$value" >"$store.tmp" && mv -f "$store.tmp" "$store"
  echo "$value"
}

# The line of `<binary> version` that starts with <name> v (Terraform and OpenTofu may print warnings first).
version_line() { "$1" version 2>/dev/null | awk -v want="$2 v" 'index($0, want) == 1 && !found { print; found = 1 }'; }

# The Consul version tools/stack/consul/go.mod requires, e.g. 1.14.11.
consul_version() { awk '$1 == "github.com/hashicorp/consul" { sub(/^v/, "", $2); print $2; exit }' "$stack_dir/consul/go.mod"; }

# Holds an exclusive lock on a file until this script exits: concurrent runs wait, then reuse the result.
hold_lock() { mkdir -p "$(dirname "$1")"; exec 9>"$1"; flock 9; }

# Builds a Go main package of a wrapper module into a binary, atomically; logs under $cache/logs.
#   go_build <binary> <what> <module dir> <package> [extra ldflags] [build tags]
go_build() {
  local bin=$1 what=$2 module=$3 package=$4 ldflags="-s -w ${5:-}" tags=${6:-} log start=$SECONDS
  log=$cache/logs/${what// /-}.log
  mkdir -p "$(dirname "$bin")" "$cache/logs"
  command -v go >/dev/null || fail "Go is not on PATH: install Go (https://go.dev/dl) to build $what"
  say "building $what from the Go module proxy (once; log: $log)"
  (cd "$module" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$bin.tmp" "$package") >"$log" 2>&1 ||
    fail "go build of $what failed: $(log_reason "$log") (full log: $log)"
  mv -f "$bin.tmp" "$bin"
  say "built $bin in $((SECONDS - start))s"
}

# A default of infra/variables.tf, e.g. infra_default consul_image -> hashicorp/consul:1.14.11.
infra_default() {
  awk -v name="$1" '
    $1 == "variable" && $2 == "\"" name "\"" { inside = 1 }
    inside && $1 == "default" { gsub(/"/, "", $3); print $3; exit }
    inside && $1 == "}" { inside = 0 }' "$repo_root/infra/variables.tf"
}

# The docker provider version infra/provider.tf pins.
infra_provider_version() {
  awk '/source *= *"kreuzwerker\/docker"/ { found = 1; next } found && $1 == "version" { gsub(/"/, "", $3); print $3; exit }' "$repo_root/infra/provider.tf"
}

# Debian's busybox-static (shell, wget, ip, awk for the images), unpacked once into the cache without touching
# the host's packages. Prints its path.
busybox_static() {
  local busybox=$cache/busybox/bin/busybox work
  if [ ! -x "$busybox" ]; then
    work=$scratch/busybox
    mkdir -p "$work"
    (cd "$work" && apt-get download busybox-static >"$work/apt.log" 2>&1) ||
      fail "apt-get download busybox-static failed: $(log_reason "$work/apt.log")"
    dpkg-deb -x "$work"/busybox-static_*.deb "$work/x"
    mkdir -p "$cache/busybox/bin"
    mv "$work/x/bin/busybox" "$busybox"
  fi
  echo "$busybox"
}

# Images are labelled with a hash of their inputs: a warm run compares the label and builds nothing.
image_label=org.cortex-ring.stack.inputs

# The input hash an image tag carries ("" when the tag is absent).
image_inputs() { docker image inspect --format "{{ index .Config.Labels \"$image_label\" }}" "$1" 2>/dev/null || true; }

# The input hash of the lines on stdin (`sha256sum` lines, the image's changes…): each line's first word, hashed.
input_hash() { cut -d' ' -f1 | sha256sum | cut -c1-32; }

# `docker import`s the rootfs tar on stdin as <tag> (a FROM scratch image needs no builder), with the
# Dockerfile-style changes given and the input-hash label; then drops the tag's previous, now untagged, build.
#   tar -C <rootfs> … -c . | import_image <tag> <inputs> <message> <change>…
import_image() {
  local tag=$1 inputs=$2 message=$3 change args=()
  for change in "${@:4}" "LABEL $image_label=$inputs"; do args+=(--change "$change"); done
  docker import "${args[@]}" --message "$message" - "$tag" >/dev/null || fail "docker import of $tag failed"
  docker image prune --force --filter "label=$image_label" >/dev/null 2>&1 || true
}

# A rootfs on Debian's static busybox (in its /bin) imported as <tag>: busybox's applets linked into /bin, every
# file owned by root whoever builds it.   import_busybox_rootfs <rootfs> <tag> <inputs> <message> <change>…
import_busybox_rootfs() {
  local rootfs=$1 applet
  for applet in $("$rootfs/bin/busybox" --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . | import_image "${@:2}"
}

# A scratch directory for this run, removed on exit.
scratch=$(mktemp -d -t cortex-ring-stack.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
