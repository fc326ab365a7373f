#!/usr/bin/env bash
# Runs a command with the offline stack's environment (TF_CLI_CONFIG_FILE, DOCKER_HOST, CONSUL_BIN, …)
# when tools/stack/up.sh has provisioned it on this machine; a no-op wrapper elsewhere.
set -euo pipefail
envfile=${CORTEX_RING_CACHE:-$HOME/.cache/cortex-ring}/stack/env
# shellcheck disable=SC1090
[ -f "$envfile" ] && . "$envfile"
exec "$@"
