#!/usr/bin/env bash
# Provisions the real stack on a machine without internet (Debian apt, npm and the Go module proxy
# only) and writes its environment to $CORTEX_RING_CACHE/stack/env (tools/dev and with-env.sh source it):
#   Docker Engine (Debian's docker.io, started when its socket does not answer), static Consul and Cortex
#   built from the Go module proxy, local Consul, Cassandra and Cortex images tagged as infra/ pins them
#   (Cassandra's jars from Maven Central, its Java runtime from Debian), terraform-provider-docker built
#   into a filesystem mirror, and a Terraform CLI (terraform on PATH, or OpenTofu built from source).
# Idempotent and cached per version: a warm run takes seconds. Any failure is one line on stderr.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Each step prints its result on stdout and, when it fails, its own one-line reason on stderr.
trap - ERR

mkdir -p "$cache/stack"
exec 8>"$cache/stack/up.lock"
flock 8

docker_host=$(bash "$stack_dir/docker.sh")
export DOCKER_HOST=$docker_host
consul=$(bash "$stack_dir/consul.sh")
image=$(bash "$stack_dir/image/build.sh")
cassandra_image=$(bash "$stack_dir/cassandra/build.sh")
cortex_image=$(bash "$stack_dir/image/cortex.sh")
mirror=$(bash "$stack_dir/provider/build.sh")
terraform=$(bash "$stack_dir/terraform.sh")

# Providers come from the mirror only: nothing reaches a registry, and a missing provider is an error.
cli_config=$cache/stack/terraform.rc
cat >"$cli_config.tmp" <<EOF
# Written by tools/stack/up.sh. Providers come from the local mirror only (no registry access).
provider_installation {
  filesystem_mirror {
    path = "$mirror"
  }
}
EOF
mv -f "$cli_config.tmp" "$cli_config"

env_file=$cache/stack/env
# shellcheck disable=SC2016 # quotes in a here-document are literal text: the values expand, as the file needs
cat >"$env_file.tmp" <<EOF
# Written by tools/stack/up.sh; sourced by tools/dev and tools/stack/with-env.sh.
# Defaults only: what the user already exported (another DOCKER_HOST, their own Terraform) wins.
export CORTEX_RING_CACHE=\${CORTEX_RING_CACHE:-'$cache'}
export DOCKER_HOST=\${DOCKER_HOST:-'$docker_host'}
# Always ours: the provider installs from the local mirror only (a machine may already point this elsewhere).
export TF_CLI_CONFIG_FILE='$cli_config'
export TERRAFORM_BINARY=\${TERRAFORM_BINARY:-'$terraform'}
export CONSUL_BIN=\${CONSUL_BIN:-'$consul'}
export CHECKPOINT_DISABLE=1
# infra/'s provider talks to the same daemon as everything else.
export TF_VAR_docker_host=\${TF_VAR_docker_host:-\$DOCKER_HOST}
${CORTEX_RING_TERRAFORM:+# The CLI choice made with CORTEX_RING_TERRAFORM sticks for later runs through tools/dev.
export CORTEX_RING_TERRAFORM='$CORTEX_RING_TERRAFORM'}
EOF
mv -f "$env_file.tmp" "$env_file"
say "stack ready: $image, $cassandra_image and $cortex_image on $docker_host, $(basename "$terraform") with the docker provider mirror (env: $env_file)"
