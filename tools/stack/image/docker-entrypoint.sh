#!/bin/sh
# Entrypoint of the locally built Consul image. Like the official hashicorp/consul image's, it turns
# CONSUL_BIND_INTERFACE / CONSUL_CLIENT_INTERFACE into -bind / -client with that interface's IPv4:
# Consul in a container sees several addresses and refuses to guess which one the cluster should use.
set -eu

# First IPv4 address of an interface, or a one-line error naming it.
ipv4_of() {
  address=$(ip -o -4 addr show dev "$1" 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; exit }')
  [ -n "$address" ] || { echo "docker-entrypoint: no IPv4 address on interface '$1' (from $2)" >&2; exit 1; }
  echo "$address"
}

# `docker run image -server …` means `consul agent -server …`.
case "${1:-}" in -*) set -- agent "$@" ;; esac

if [ "${1:-}" = agent ]; then
  shift
  bind='' client=''
  [ -z "${CONSUL_BIND_INTERFACE:-}" ] || bind=-bind=$(ipv4_of "$CONSUL_BIND_INTERFACE" CONSUL_BIND_INTERFACE)
  [ -z "${CONSUL_CLIENT_INTERFACE:-}" ] || client=-client=$(ipv4_of "$CONSUL_CLIENT_INTERFACE" CONSUL_CLIENT_INTERFACE)
  # After the command's own flags, so the variables win over the default CMD's `-client 0.0.0.0`
  # (the official image puts them first, where that default silently overrides CONSUL_CLIENT_INTERFACE).
  # shellcheck disable=SC2086 # empty flags must vanish
  exec consul agent -data-dir=/consul/data -config-dir=/consul/config "$@" $bind $client
fi

# Any other Consul subcommand (members, kv, version, …) runs as such; anything else (sh) as given.
if [ $# -gt 0 ] && consul "$1" -h >/dev/null 2>&1; then exec consul "$@"; fi
exec "$@"
