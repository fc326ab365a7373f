#!/usr/bin/env bash
# Builds the Cassandra image infra/ pins (var.cassandra_image, e.g. cassandra:5.0.9: the official image's
# name, so users with internet pull the real one) from local parts only; the docker provider finds it and
# never pulls. The parts, each cached once under $CORTEX_RING_CACHE/cassandra:
#   <version>/lib  cassandra-all and its runtime dependencies, resolved by Maven from Maven Central
#                  (pom.xml here; Maven's own repository is $CORTEX_RING_CACHE/maven);
#   runtime/       a Java 17 runtime from Debian's packages: openjdk-17-jre-headless and everything it
#                  depends on, as apt resolves them for an empty system, plus bash, coreutils, sed and
#                  iproute2 for the entrypoint. Unpacked without maintainer scripts; the host's packages are
#                  untouched. Delete the directory to pick up Debian's updates.
# plus cassandra.yaml, jvm17-server.options, logback.xml and docker-entrypoint.sh from this directory.
# The image is `docker import`ed from a rootfs (no builder, nothing pulled) and labelled with a hash of its
# inputs: a warm run only compares that label. Prints the image tag.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$stack_dir/cassandra
tag=$(infra_default cassandra_image)
[ -n "$tag" ] || fail "no default for variable \"cassandra_image\" in infra/variables.tf"
version=${tag##*:}
# 4.x runs on Java 8 and 11 only; 5.0 is the first release that supports Java 17.
[[ $version =~ ^5\.[0-9]+\.[0-9]+$ ]] ||
  fail "infra/variables.tf pins $tag: this build needs a Cassandra 5.x release (Java 17), e.g. cassandra:5.0.9"

# Installs a Debian package when its command is missing (waiting for a held dpkg lock; refreshing stale lists once).
need() {
  command -v "$1" >/dev/null && return
  say "installing Debian's $2 ($1 is not installed)"
  local log=$cache/logs/apt-$2.log
  apt_install "$log" "$2" || fail "apt-get install $2 failed (needs root or passwordless sudo): $(apt_reason "$log")"
}

mkdir -p "$cache/cassandra" "$cache/logs"
hold_lock "$cache/cassandra/build.lock"

# The server's jars: cassandra-all <version> and its runtime dependencies, for linux-x86_64 only.
lib=$cache/cassandra/$version/lib
if [ ! -f "$lib/SHA256SUMS" ]; then
  need mvn maven
  log=$cache/logs/cassandra-$version-maven.log start=$SECONDS
  say "resolving cassandra-all $version and its dependencies from Maven Central (once; log: $log)"
  mvn -B -ntp -f "$here/pom.xml" "-Dmaven.repo.local=$cache/maven" "-Dcassandra.version=$version" \
    dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$scratch/lib" \
    -DexcludeClassifiers=osx-x86_64,osx-aarch_64,windows-x86_64,linux-aarch_64,linux-riscv64 >"$log" 2>&1 ||
    fail "Maven could not resolve org.apache.cassandra:cassandra-all:$version: $(grep -m1 -E '\[ERROR\]' "$log" || tail -n1 "$log") (full log: $log)"
  (cd "$scratch/lib" && sha256sum -- *.jar >SHA256SUMS)
  rm -rf "$lib" && mkdir -p "$(dirname "$lib")" && mv "$scratch/lib" "$lib"
  say "resolved $(($(wc -l <"$lib/SHA256SUMS"))) jars ($(du -sh "$lib" | cut -f1)) in $((SECONDS - start))s"
fi

# The Java 17 runtime and the entrypoint's tools, as Debian packages.
runtime=$cache/cassandra/runtime
if [ ! -f "$runtime/SHA256SUMS" ]; then
  work=$scratch/runtime log=$cache/logs/cassandra-runtime-apt.log start=$SECONDS
  mkdir -p "$work/debs"
  : >"$work/status"
  # What apt would install on a system with nothing installed (an empty dpkg status), recommends left out.
  resolve() {
    apt-get -s -o "Dir::State::status=$work/status" -o APT::Install-Recommends=false \
      install openjdk-17-jre-headless bash coreutils sed iproute2 >"$log" 2>&1
  }
  resolve || { as_root apt-get update >>"$log" 2>&1 && resolve; } ||
    fail "apt cannot resolve openjdk-17-jre-headless: $(log_reason "$log") (full log: $log)"
  mapfile -t packages < <(awk '$1 == "Inst" { sub(/^\(/, "", $3); print $2 "=" $3 }' "$log")
  [ "${#packages[@]}" -gt 0 ] || fail "apt resolved no packages for openjdk-17-jre-headless (log: $log)"
  (cd "$work/debs" && apt-get download "${packages[@]}") >>"$log" 2>&1 ||
    fail "apt-get download of the Java runtime failed: $(log_reason "$log") (full log: $log)"
  (cd "$work/debs" && sha256sum -- *.deb >SHA256SUMS)
  rm -rf "$runtime" && mv "$work/debs" "$runtime"
  say "downloaded ${#packages[@]} Debian packages ($(du -sh "$runtime" | cut -f1)) in $((SECONDS - start))s"
fi

java_home=/usr/lib/jvm/java-17-openjdk-amd64
changes=(
  "ENV PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  "ENV JAVA_HOME=$java_home"
  'ENV CASSANDRA_HOME=/opt/cassandra'
  'ENV CASSANDRA_CONF=/etc/cassandra'
  'USER cassandra'
  'WORKDIR /var/lib/cassandra'
  'VOLUME /var/lib/cassandra'
  'ENTRYPOINT ["docker-entrypoint.sh"]'
  'CMD ["cassandra", "-f"]'
  'EXPOSE 7000 7001 7199 9042'
)
files=("$here/cassandra.yaml" "$here/jvm17-server.options" "$here/logback.xml" "$here/docker-entrypoint.sh" "$here/build.sh")
inputs=$({
  sha256sum "$lib/SHA256SUMS" "$runtime/SHA256SUMS" "${files[@]}"
  printf '%s\n' "${changes[@]}"
} | input_hash)

if [ "$(image_inputs "$tag")" != "$inputs" ]; then
  start=$SECONDS
  say "building image $tag (cassandra-all $version, Debian's OpenJDK 17, entrypoint)"
  rootfs=$scratch/rootfs
  mkdir -p "$rootfs"
  for deb in "$runtime"/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
  rm -rf "$rootfs"/usr/share/{doc,man,info,locale}
  # What mawk's maintainer script would do (update-alternatives): the entrypoint calls `awk`.
  ln -s mawk "$rootfs/usr/bin/awk"
  mkdir -p "$rootfs"/{opt/cassandra/lib,etc/cassandra,var/lib/cassandra,usr/local/bin,tmp}
  chmod 1777 "$rootfs/tmp"
  cp "$lib"/*.jar "$rootfs/opt/cassandra/lib/"
  cp "$here/cassandra.yaml" "$here/jvm17-server.options" "$here/logback.xml" "$rootfs/etc/cassandra/"
  cp "$here/docker-entrypoint.sh" "$rootfs/usr/local/bin/"
  # Cassandra runs as `cassandra` (999, as in the official image), owning its data and its config
  # (the entrypoint writes the addresses into cassandra.yaml).
  printf 'root:x:0:0:root:/root:/bin/bash\ncassandra:x:999:999::/var/lib/cassandra:/bin/bash\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\ncassandra:x:999:\n' >"$rootfs/etc/group"
  chown -R 999:999 "$rootfs/etc/cassandra" "$rootfs/var/lib/cassandra"
  # Owners kept as they are (not busybox's all-root): cassandra's files stay its own.
  tar -C "$rootfs" --numeric-owner -c . |
    import_image "$tag" "$inputs" "cortex-ring: Cassandra $version (cassandra-all from Maven Central) on Debian's OpenJDK 17" "${changes[@]}"
  say "built image $tag in $((SECONDS - start))s"
fi
echo "$tag"
