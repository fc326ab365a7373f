#!/bin/bash
# Entrypoint of the locally built Cassandra image (tools/stack/cassandra/build.sh). It reads the official
# cassandra image's variables, so infra/ configures this image and the official one the same way:
#   CASSANDRA_LISTEN_ADDRESS         default `auto`: the IPv4 of eth0, the container's first network
#   CASSANDRA_BROADCAST_ADDRESS      default: the listen address
#   CASSANDRA_RPC_ADDRESS            default 0.0.0.0 (CQL on every interface, port 9042)
#   CASSANDRA_BROADCAST_RPC_ADDRESS  default: the broadcast address
#   CASSANDRA_SEEDS                  default: the broadcast address (a cluster of one)
#   CASSANDRA_CLUSTER_NAME, CASSANDRA_NUM_TOKENS
#   MAX_HEAP_SIZE                    default max(min(RAM/2, 1024M), min(RAM/4, 8G)), as cassandra-env.sh
#   JVM_EXTRA_OPTS                   more JVM options, space-separated
# `cassandra -f` (the default command) runs Cassandra in the foreground; flags alone (`-Dx=y`) are
# appended to it; anything else (bash, java -version) runs as given.
set -euo pipefail

conf=${CASSANDRA_CONF:-/etc/cassandra}
home=${CASSANDRA_HOME:-/opt/cassandra}

# First IPv4 address of an interface, or a one-line error naming it.
ipv4_of() {
  local address
  address=$(ip -o -4 addr show dev "$1" 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; exit }')
  [ -n "$address" ] || { echo "docker-entrypoint: no IPv4 address on interface '$1' (for $2)" >&2; exit 1; }
  echo "$address"
}

# The heap cassandra-env.sh would choose from the machine's memory.
default_heap() {
  local mb half quarter
  mb=$(($(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo) / 1024))
  half=$((mb / 2 > 1024 ? 1024 : mb / 2))
  quarter=$((mb / 4 > 8192 ? 8192 : mb / 4))
  echo "$((half > quarter ? half : quarter))M"
}

# Sets a top-level key of cassandra.yaml, commented out or not (as the official image's entrypoint does).
set_yaml() { sed -i -E "s|^(# )?$1:.*|$1: $2|" "$conf/cassandra.yaml"; }

case "${1:-}" in -*) set -- cassandra -f "$@" ;; esac
[ "${1:-}" = cassandra ] || exec "$@"
shift
# This image always runs in the foreground (-f); -R (run as root) means nothing here.
jvm_args=()
for arg in "$@"; do case $arg in -f | -R) ;; *) jvm_args+=("$arg") ;; esac; done

listen=${CASSANDRA_LISTEN_ADDRESS:-auto}
[ "$listen" != auto ] || listen=$(ipv4_of eth0 CASSANDRA_LISTEN_ADDRESS=auto)
broadcast=${CASSANDRA_BROADCAST_ADDRESS:-$listen}
set_yaml listen_address "$listen"
set_yaml broadcast_address "$broadcast"
set_yaml rpc_address "${CASSANDRA_RPC_ADDRESS:-0.0.0.0}"
set_yaml broadcast_rpc_address "${CASSANDRA_BROADCAST_RPC_ADDRESS:-$broadcast}"
sed -i -E "s|(- seeds:).*|\1 \"${CASSANDRA_SEEDS:-$broadcast}\"|" "$conf/cassandra.yaml"
[ -z "${CASSANDRA_CLUSTER_NAME:-}" ] || set_yaml cluster_name "'${CASSANDRA_CLUSTER_NAME//\'/\'\'}'"
[ -z "${CASSANDRA_NUM_TOKENS:-}" ] || set_yaml num_tokens "$CASSANDRA_NUM_TOKENS"

heap=${MAX_HEAP_SIZE:-$(default_heap)}
# Options and JVM_EXTRA_OPTS split on spaces, as bin/cassandra splits them (`--add-opens x` is two words).
# shellcheck disable=SC2207,SC2206
options=($(awk '/^-/' "$conf/jvm17-server.options") ${JVM_EXTRA_OPTS:-})
jamm=("$home"/lib/jamm-*.jar)

exec java "${options[@]}" "-Xms$heap" "-Xmx$heap" "-javaagent:${jamm[0]}" \
  "-Dcassandra.config=file://$conf/cassandra.yaml" -Dcassandra-foreground=yes \
  -Dcassandra.storagedir=/var/lib/cassandra "-Dlogback.configurationFile=$conf/logback.xml" \
  "${jvm_args[@]}" -cp "$conf:$home/lib/*" org.apache.cassandra.service.CassandraDaemon
