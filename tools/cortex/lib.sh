# Shared by the tools/cortex scripts (sourced): tools/stack/lib.sh (cache, one-line failures, locks, Go builds,
# memo) plus the Cortex version this harness pins.
# shellcheck shell=bash
cortex_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../stack/lib.sh
. "$cortex_dir/../stack/lib.sh"

# The Cortex version tools/cortex/go.mod requires, e.g. 1.21.1.
cortex_version() { awk '$1 == "github.com/cortexproject/cortex" { sub(/^v/, "", $2); print $2; exit }' "$cortex_dir/go.mod"; }
version=$(cortex_version)
[ -n "$version" ] || fail "no github.com/cortexproject/cortex requirement in tools/cortex/go.mod"
