#!/usr/bin/env bash
# Makes a Docker Engine answer on DOCKER_HOST (default unix:///var/run/docker.sock): installs Debian's
# docker.io when dockerd is absent, starts dockerd in the background when the socket does not answer
# (log: $CORTEX_RING_CACHE/stack/dockerd.log), and waits until `docker info` works. Prints DOCKER_HOST.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

host=${DOCKER_HOST:-unix:///var/run/docker.sock}
log=$cache/stack/dockerd.log
answers() { command -v docker >/dev/null && DOCKER_HOST=$host timeout 10 docker info >/dev/null 2>&1; }

if answers; then echo "$host"; exit 0; fi
if command -v docker >/dev/null && [[ $(DOCKER_HOST=$host timeout 10 docker info 2>&1) == *"permission denied"* ]]; then
  fail "permission denied on $host: run as root or join the docker group (then log in again)"
fi

case $host in
  unix://*) socket=${host#unix://} ;;
  *) fail "the Docker Engine at DOCKER_HOST=$host does not answer (docker info); start it there, or unset DOCKER_HOST to use a local one" ;;
esac

if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  say "installing Debian's docker.io (dockerd is not installed)"
  apt_install "$cache/stack/apt.log" docker.io ||
    fail "apt-get install docker.io failed (needs root or passwordless sudo): $(apt_reason "$cache/stack/apt.log")"
fi

# Another up.sh may be starting it right now: one starts, the others wait for the socket.
mkdir -p "$cache/stack"
exec 9>"$cache/stack/dockerd.lock"
flock 9
if ! answers; then
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -S "$socket" ] && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    say "dockerd is running but $socket does not answer yet; waiting"
  else
    say "starting dockerd in the background (log: $log)"
    # setsid: the daemon must outlive this script, pnpm and turbo (their process groups end with them).
    # 8>&- 9>&-: it must not inherit up.sh's and this script's lock files, or it holds them for ever.
    as_root setsid -f dockerd --host "$host" >>"$log" 2>&1 </dev/null 8>&- 9>&- ||
      fail "could not start dockerd (needs root or passwordless sudo)"
  fi
  for _ in $(seq 60); do answers && break; sleep 1; done
  answers || fail "dockerd did not answer on $host within 60s: $(grep -m1 -E 'level=(fatal|error)|failed to start' "$log" || tail -n1 "$log")"
fi
echo "$host"
