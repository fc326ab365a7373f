#!/bin/sh
# The Consul servers' entrypoint wrapper, uploaded by ring.tf into every server container (the official
# hashicorp/consul image and the locally built one alike: both have sh, wget, timeout and the consul CLI).
#
#   consul-acl.sh agent …   creates the ACL policies and tokens described in /consul/acl in the background,
#                           then runs the image's own entrypoint with the same arguments;
#   consul-acl.sh ready     the healthcheck: exit 0 once this server sees a leader and this start has applied
#                           the ACL files.
#
# For each /consul/acl/<name>.hcl: the policy <name> with those rules (created, or updated to the file), and
# a token whose SecretID is /consul/acl/<name>.secret holding it; a token of that name with another secret is
# deleted (a secret replaced in Terraform rotates its token). It runs on every start, once a leader has
# created the management token (acl.tokens.initial_management = management.secret), so a new or restarted
# server converges by itself; servers racing each other are fine. No secret reaches the log.
set -eu

acl_dir=/consul/acl
applied=/tmp/acl-applied
http=127.0.0.1:8500

# Policy <name> with the rules in <file>, created or brought up to date.
acl_policy() {
  if consul acl policy read -name "$1" >/dev/null 2>&1; then
    consul acl policy update -name "$1" -rules "@$2" >/dev/null
  else
    consul acl policy create -name "$1" -description "cortex-ring: $1" -rules "@$2" >/dev/null
  fi
}

# The token whose SecretID is in <name>.secret, holding policy <name>; older tokens of that name are deleted.
# Called as a loop condition, where `set -e` does not apply: every failure returns explicitly.
acl_token() {
  secret=$(cat "$acl_dir/$1.secret") || return 1
  if ! CONSUL_HTTP_TOKEN_FILE=$acl_dir/$1.secret consul acl token read -self >/dev/null 2>&1; then
    consul acl token create -secret "$secret" -policy-name "$1" -description "cortex-ring: $1" >/dev/null || return 1
  fi
  consul acl token list | awk -v description="cortex-ring: $1" -v secret="$secret" '
    $1 == "AccessorID:" { id = $2 } $1 == "SecretID:" { sid = $2 }
    /^Description:/ { sub(/^Description: */, ""); if ($0 == description && sid != secret) print id }' |
    while read -r stale; do consul acl token delete -id "$stale" >/dev/null && echo "consul-acl: deleted the superseded ACL token for $1"; done
}

acl_apply() {
  export CONSUL_HTTP_ADDR=$http CONSUL_HTTP_TOKEN_FILE=$acl_dir/management.secret
  # The management token works once a leader has been elected and has created it from the config.
  until consul acl token read -self >/dev/null 2>&1; do sleep 1; done
  names=''
  for rules in "$acl_dir"/*.hcl; do
    [ -f "$rules" ] || continue
    name=$(basename "$rules" .hcl)
    until acl_policy "$name" "$rules" && acl_token "$name"; do sleep 2; done
    names="$names $name"
  done
  touch "$applied"
  echo "consul-acl: ACL policies and tokens applied:$names"
}

case "${1:-}" in
  ready)
    # busybox's `wget -T` crashes in Debian's 1.35: `timeout` bounds the request instead.
    leader=$(timeout 4 wget -q -O - "http://$http/v1/status/leader" 2>/dev/null || true)
    case $leader in '' | '""') echo "no Consul leader seen from this server"; exit 1 ;; esac
    [ -f "$applied" ] || { echo "ACL policies and tokens not applied yet"; exit 1; }
    echo "leader $leader"
    ;;
  *)
    # A restarted container keeps /tmp: it is not ready until this start has applied the ACLs again.
    rm -f "$applied"
    acl_apply &
    exec docker-entrypoint.sh "$@"
    ;;
esac
